"""RunsTable: every run (this window's and those found on disk), newest first; tick a row to
overlay its curves."""

from PyQt5.QtCore import QT_TRANSLATE_NOOP, Qt, pyqtSignal
from PyQt5.QtGui import QColor
from PyQt5.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

COLUMNS = (QT_TRANSLATE_NOOP("RunsTable", "run"), QT_TRANSLATE_NOOP("RunsTable", "architecture"),
           QT_TRANSLATE_NOOP("RunsTable", "hyperparameters"),
           QT_TRANSLATE_NOOP("RunsTable", "best val acc"), QT_TRANSLATE_NOOP("RunsTable", "test acc"),
           QT_TRANSLATE_NOOP("RunsTable", "wall time"), QT_TRANSLATE_NOOP("RunsTable", "status"))
# the run statuses core writes (lab.core.run_folder.RunStatus, callbacks.StopReason), so that
# the table shows them translated; any other text (a stop detail) is shown as it is
STATUSES = (QT_TRANSLATE_NOOP("RunsTable", "running"), QT_TRANSLATE_NOOP("RunsTable", "finished"),
            QT_TRANSLATE_NOOP("RunsTable", "stopped"), QT_TRANSLATE_NOOP("RunsTable", "failed"),
            QT_TRANSLATE_NOOP("RunsTable", "interrupted"), QT_TRANSLATE_NOOP("RunsTable", "damaged"),
            QT_TRANSLATE_NOOP("RunsTable", "completed"),
            QT_TRANSLATE_NOOP("RunsTable", "stopped by user"),
            QT_TRANSLATE_NOOP("RunsTable", "loss diverged"),
            QT_TRANSLATE_NOOP("RunsTable", "resuming"))
ORDER_ROLE = Qt.UserRole + 1  # sorts rows: newer runs first


class RunsTable(QTableWidget):
    """One row per RunRecord; the first cell is checkable (overlay in the plots)."""

    overlays_changed = pyqtSignal(list)  # ticked run ids
    selection_changed = pyqtSignal(object)  # the selected run id, or None

    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.itemChanged.connect(self._item_changed)
        self.itemSelectionChanged.connect(
            lambda: self.selection_changed.emit(self.selected_id()))

    def _row_of(self, run_id):
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(Qt.UserRole) == run_id:
                return row
        return None

    def selected_id(self):
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 0).data(Qt.UserRole) if rows else None

    def remove_run(self, run_id):
        row = self._row_of(run_id)
        if row is not None:
            self.removeRow(row)
            self.overlays_changed.emit(self.checked_ids())

    def update_run(self, record, newest_first_key=""):
        """Add or refresh the row of a run; a new row goes above runs created before it."""
        self.blockSignals(True)
        try:
            row = self._row_of(record.run_id)
            if row is None:
                row = self._insertion_row(newest_first_key)
                self.insertRow(row)
                tick = QTableWidgetItem(record.short_name)
                tick.setToolTip(str(record.folder or record.run_id))
                tick.setData(ORDER_ROLE, newest_first_key)
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
                      self.tr(record.status) if record.status in STATUSES else record.status)
            for column, text in enumerate(values, start=1):
                item = self.item(row, column)
                if item is None:
                    self.setItem(row, column, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        finally:
            self.blockSignals(False)

    def _insertion_row(self, key):
        for row in range(self.rowCount()):
            if str(self.item(row, 0).data(ORDER_ROLE) or "") <= key:
                return row
        return self.rowCount()

    def set_title(self, run_id, text):
        row = self._row_of(run_id)
        if row is not None:
            self.item(row, 0).setText(text)

    def set_checked(self, run_id, checked=True):
        row = self._row_of(run_id)
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
