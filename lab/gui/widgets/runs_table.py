"""RunsTable: every run of the session, tick a row to overlay its curves."""

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtGui import QColor
from PyQt5.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

COLUMNS = ("run", "architecture", "hyperparameters", "best val acc", "test acc", "wall time",
           "status")


class RunsTable(QTableWidget):
    """One row per RunRecord; the first cell is checkable (overlay in the plots)."""

    overlays_changed = pyqtSignal(list)  # ticked run ids

    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self._rows = {}  # run id -> row
        self.itemChanged.connect(self._item_changed)

    def update_run(self, record):
        """Add or refresh the row of a run."""
        self.blockSignals(True)
        try:
            row = self._rows.get(record.run_id)
            if row is None:
                row = self.rowCount()
                self.insertRow(row)
                self._rows[record.run_id] = row
                tick = QTableWidgetItem(f"#{record.run_id}")
                tick.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
                tick.setCheckState(Qt.Unchecked)
                tick.setData(Qt.DecorationRole, QColor(*record.color))
                tick.setData(Qt.UserRole, record.run_id)
                self.setItem(row, 0, tick)
            best = record.best_val_accuracy
            values = (record.architecture, record.hyperparameter_text(),
                      "" if best is None else f"{best:.2%}",
                      "" if record.test_accuracy is None else f"{record.test_accuracy:.2%}",
                      "" if record.wall_time is None else f"{record.wall_time:.1f} s",
                      record.status)
            for column, text in enumerate(values, start=1):
                item = self.item(row, column)
                if item is None:
                    self.setItem(row, column, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        finally:
            self.blockSignals(False)

    def set_checked(self, run_id, checked=True):
        row = self._rows[run_id]
        self.item(row, 0).setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def checked_ids(self):
        ids = []
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.checkState() == Qt.Checked:
                ids.append(item.data(Qt.UserRole))
        return ids

    def _item_changed(self, item):
        if item.column() == 0:
            self.overlays_changed.emit(self.checked_ids())
