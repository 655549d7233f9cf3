"""The drawings a model misread when the Draw tab scored a folder: a gallery, the surest
misreading first; clicking one reads it on the pad, *Add to my drawings* copies the selected
ones with their true labels (for Learn my handwriting), *Export CSV…* lists them all."""

from pathlib import Path

from PyQt5.QtCore import QSize, Qt, pyqtSignal
from PyQt5.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QListView,
                             QListWidget, QListWidgetItem, QPushButton, QVBoxLayout)

from lab.gui.tabs.draw.drawings_gallery import thumbnail_icon
from lab.gui.widgets.export import ask_and_save_csv

THUMBNAIL = 72
SHOWN = 300        # thumbnails read on the GUI thread; the CSV lists every misread drawing
PATH_ROLE = Qt.UserRole


class MisreadDialog(QDialog):
    """Shows a DrawingScore's mistakes; ``open_requested(path, label)`` when one is clicked,
    ``add_requested([(path, label), …])`` for *Add to my drawings*."""

    open_requested = pyqtSignal(str, str)
    add_requested = pyqtSignal(list)
    failed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Misread drawings"))
        self.resize(760, 560)
        self.score = None
        self.heading = QLabel(wordWrap=True)
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListView.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.thumbnails.setGridSize(QSize(THUMBNAIL + 40, THUMBNAIL + 44))
        self.thumbnails.setResizeMode(QListView.Adjust)
        self.thumbnails.setMovement(QListView.Static)
        self.thumbnails.setWordWrap(True)
        self.thumbnails.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.thumbnails.itemClicked.connect(self._on_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.hide)
        export = QPushButton(self.tr("Export CSV…"))
        export.setToolTip(self.tr("Every misread drawing: file, label, what was read, "
                                  "confidence"))
        export.clicked.connect(self.export_csv)
        buttons.addButton(export, QDialogButtonBox.ActionRole)
        self.add_button = QPushButton(self.tr("Add to my drawings"), enabled=False)
        self.add_button.setToolTip(self.tr("Copy the selected drawings, with their true labels, "
                                           "into my drawings: Learn my handwriting learns them"))
        self.add_button.clicked.connect(self.add_selected)
        buttons.addButton(self.add_button, QDialogButtonBox.ActionRole)
        self.thumbnails.itemSelectionChanged.connect(
            lambda: self.add_button.setEnabled(bool(self.thumbnails.selectedItems())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.thumbnails, 1)
        layout.addWidget(buttons)

    def set_score(self, score, title=None):
        """Show the mistakes of ``score`` (a lab.core.drawings.DrawingScore); ``title`` names
        what was scored (default: the folder's name)."""
        self.score = score
        misread = score.misread()
        folder = title or Path(score.folder).name
        if not misread:
            text = self.tr("{folder}: every one of the {n} drawings was read right.")
        elif len(misread) > SHOWN:
            text = self.tr("{folder}: {count} of {n} drawings misread; the {shown} surest "
                           "misreadings are shown (Export CSV lists all). Click one to read "
                           "it on the pad.")
        else:
            text = self.tr("{folder}: {count} of {n} drawings misread, the surest misreading "
                           "first. Click one to read it on the pad.")
        text = text.format(folder=folder, count=f"{len(misread):,}", n=f"{score.n:,}",
                           shown=SHOWN)
        if misread:
            text += "\n" + self.tr("Most common: {0}").format(", ".join(score.confusions()))
        self.heading.setText(text)
        self.thumbnails.clear()
        for mistake in misread[:SHOWN]:
            read = mistake["predicted"] or "∅"
            item = QListWidgetItem(thumbnail_icon(mistake["path"], THUMBNAIL),
                                   f"{mistake['label']} → {read}\n{mistake['confidence']:.0%}")
            item.setData(PATH_ROLE, (mistake["path"], mistake["label"]))
            item.setToolTip(mistake["path"])
            self.thumbnails.addItem(item)

    def shown_count(self):
        return self.thumbnails.count()

    def caption(self, row):
        return self.thumbnails.item(row).text()

    def click(self, row):
        """Act as a click on thumbnail ``row`` (tests)."""
        self._on_clicked(self.thumbnails.item(row))

    def select_rows(self, rows):
        for row in range(self.thumbnails.count()):
            self.thumbnails.item(row).setSelected(row in rows)

    def add_selected(self):
        """Ask for the selected drawings to be copied into my drawings."""
        chosen = [item.data(PATH_ROLE) for item in self.thumbnails.selectedItems()]
        if chosen:
            self.add_requested.emit(chosen)

    def export_csv(self):
        if self.score is None:
            return
        rows = [["file", "label", "read", "confidence"]] + [
            [m["path"], m["label"], m["predicted"], f"{m['confidence']:.4f}"]
            for m in self.score.misread()]
        problem = ask_and_save_csv(self, self.tr("Export misread drawings"),
                                   f"misread-{Path(self.score.folder).name}.csv", rows)
        if problem:
            self.failed.emit(problem)

    def _on_clicked(self, item):
        path, label = item.data(PATH_ROLE)
        self.open_requested.emit(path, label)

