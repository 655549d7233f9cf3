"""Per-class metrics table (precision, recall, F1, support) with CSV export."""

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtGui import QColor
from PyQt5.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                             QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from lab.gui.widgets.export import ask_and_save_csv, save_csv

COLUMNS = ("class", "precision", "recall", "f1", "support")


class InspectClassTable(QWidget):
    """One row per class, worst recall highlighted; ``export_csv(path)``."""

    error = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = []
        self.summary = QLabel("")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Precision"),
                                              self.tr("Recall"), self.tr("F1"), self.tr("Support")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.csv_button.clicked.connect(self._ask_csv)

    def set_rows(self, per_class, summary=""):
        """``per_class``: [{class, precision, recall, f1, support}] as from evaluation."""
        self.rows = [dict(r) for r in per_class]
        self.summary.setText(self.tr("{0} · lowest recall highlighted").format(summary)
                             if summary else "")
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        worst = min(range(len(self.rows)), key=lambda i: self.rows[i]["recall"], default=None)
        for r, row in enumerate(self.rows):
            for c, key in enumerate(COLUMNS):
                value = row[key]
                item = QTableWidgetItem()
                if key == "class":
                    item.setText(str(value))
                elif key == "support":
                    item.setData(Qt.DisplayRole, int(value))
                else:
                    item.setText(f"{float(value):.4f}")  # fixed width: text order = numeric
                item.setTextAlignment(Qt.AlignCenter)
                if r == worst:
                    item.setBackground(QColor("#fff1a8"))
                    item.setForeground(QColor("#1d2127"))  # dark text on yellow in both themes
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)

    def csv_rows(self):
        return [list(COLUMNS)] + [[row[k] for k in COLUMNS] for row in self.rows]

    def export_csv(self, path):
        save_csv(path, self.csv_rows())

    def _ask_csv(self):
        if not self.rows:
            return
        message = ask_and_save_csv(self, self.tr("Export per-class metrics"), "per_class.csv", self.csv_rows())
        if message:
            self.error.emit(message)
