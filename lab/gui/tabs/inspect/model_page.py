"""Inspect ▸ Model: what the model in hand is — its record (data, test accuracy, training
settings, the command that made it, an ensemble's members) and its layers with their output
shapes and parameters, as Keras counts them (lab.core.model_card); CSV of the layers."""

from html import escape

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                             QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from lab.gui.widgets.export import ask_and_save_csv

COLUMNS = ("name", "kind", "output_shape", "parameters", "member")


class InspectModelPage(QWidget):
    """``set_saved(saved)`` shows a SavedModel's card; ``clear()`` empties the page."""

    error = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.card = None
        self.record = QLabel(wordWrap=True, textFormat=Qt.RichText)
        self.record.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.record.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Kind"),
                                              self.tr("Output shape"), self.tr("Parameters")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setToolTip(self.tr("The layers: name, kind, output shape, parameters"))
        self.csv_button.clicked.connect(self._ask_csv)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Layers, in the order the image passes them:")), 1)
        bar.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.record)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def set_saved(self, saved):
        from lab.core.model_card import model_card  # imports keras: only once a model exists

        self.card = model_card(saved)
        self.record.setText(self._record_html(self.card))
        self._fill_table(self.card)

    def clear(self):
        self.card = None
        self.record.setText("")
        self.table.setRowCount(0)

    def layer_rows(self):
        """The table as shown: (name, kind, output shape, parameters) per row."""
        return [tuple(self.table.item(r, c).text() if self.table.item(r, c) else ""
                      for c in range(4)) for r in range(self.table.rowCount())]

    def csv_rows(self):
        if self.card is None:
            return []
        return [list(COLUMNS)] + [
            [layer["name"], layer["kind"], "x".join(map(str, layer["output_shape"])),
             layer["parameters"], "yes" if layer["member"] else "no"]
            for layer in self.card["layers"]]

    def _record_html(self, card):
        from lab.core.model_card import member_sizes, training_text

        lines = [self.tr("<b>{title}</b> on {data} — {n} classes: {classes}").format(
            title=escape(card["title"]), data=escape(card["dataset"] or "?"),
            n=len(card["classes"]), classes=escape(" ".join(card["classes"])))]
        size = (self.tr(" · model.keras {0:.1f} MB").format(card["size_bytes"] / 1e6)
                if card["size_bytes"] else "")
        if card["members"] > 1:
            lines.append(self.tr("{total} parameters: {n} members of {each}, averaged; "
                                 "{trainable} trainable{size}").format(
                total=f"{card['parameters']:,}", n=card["members"],
                each=member_sizes(card),
                trainable=f"{card['trainable']:,}", size=size))
        else:
            lines.append(self.tr("{total} parameters, {trainable} trainable{size}").format(
                total=f"{card['parameters']:,}", trainable=f"{card['trainable']:,}", size=size))
        if card["test"]:
            lines.append(self.tr("Test accuracy {accuracy} (loss {loss}, {n} images)").format(
                accuracy=f"{card['test']['accuracy']:.2%}", loss=f"{card['test']['loss']:.4f}",
                n=f"{card['test']['n']:,}"))
        if card["training"]:
            lines.append(self.tr("Trained: {0}").format(escape(training_text(card["training"]))))
        if card["command"]:
            lines.append(self.tr("Made by: {0}").format(f"<code>{escape(card['command'])}</code>"))
        for number, record in enumerate(card["member_records"], 1):
            lines.append(self.tr("Member {number} (seed {seed}): {command}").format(
                number=number, seed=record["seed"],
                command=f"<code>{escape(record['command'] or '?')}</code>"))
        if card["saved_at"]:
            lines.append(self.tr("Saved {0} UTC").format(card["saved_at"][:16].replace("T", " ")))
        return "<br>".join(lines)

    def _fill_table(self, card):
        rows, inside = [], False
        for layer in card["layers"]:
            if layer["member"] and not inside:
                rows.append(self.tr("Each of the {0} members:").format(card["members"]))
            inside = layer["member"]
            rows.append(layer)
        self.table.clearSpans()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            if isinstance(row, str):
                self.table.setSpan(r, 0, 1, 4)
                heading = QTableWidgetItem(row)
                heading.setFlags(Qt.ItemIsEnabled)
                self.table.setItem(r, 0, heading)
                continue
            cells = [("    " if row["member"] else "") + row["name"], row["kind"],
                     " × ".join(map(str, row["output_shape"])) or "–", f"{row['parameters']:,}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment((Qt.AlignRight if c == 3 else Qt.AlignLeft) | Qt.AlignVCenter)
                self.table.setItem(r, c, item)

    def _ask_csv(self):
        if self.card is None:
            return
        message = ask_and_save_csv(self, self.tr("Export the layers"), "layers.csv",
                                   self.csv_rows())
        if message:
            self.error.emit(message)
