"""RunsPanel: the runs table with what a person does to a run on disk.

Lists every run folder (this window's, earlier sessions', the command line's) newest first,
opens a finished run's model in Inspect and Draw, renames, deletes (after asking), and asks
the Train tab to resume an interrupted run. A damaged folder is listed as damaged.
"""

from datetime import datetime

import pyqtgraph as pg
from PyQt5.QtCore import pyqtSignal
from PyQt5.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMessageBox,
                             QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from lab.core.errors import LabError
from lab.gui.tabs.train.run_record import RunRecord
from lab.gui.tabs.train.runs_table import RunsTable
from lab.gui.tasks import BackgroundTask, LatestOnly


def _list_runs(folder):
    from lab.core.run_summary import list_runs

    return list_runs(folder)


def _curves(record):
    return record, record.load_curves()


class RunsPanel(QWidget):
    """The runs table and its buttons; ``records`` is shared with the Train tab."""

    resume_requested = pyqtSignal(object)   # RunRecord of an interrupted run
    overlays_changed = pyqtSignal(list)     # records whose curves are ticked and loaded

    def __init__(self, session, records, parent=None):
        super().__init__(parent)
        self.session, self.records = session, records
        self.table = RunsTable()
        self.folder_label = QLabel()
        self.folder_label.setProperty("role", "hint")
        # a long path must not widen the window: it is cut, the tooltip has all of it
        self.folder_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.buttons = {}
        bar = QHBoxLayout()
        for key, text, slot in (("open", self.tr("Open model"), self.open_model),
                                ("resume", self.tr("Resume"), self.request_resume),
                                ("rename", self.tr("Rename…"), self.rename),
                                ("delete", self.tr("Delete…"), self.delete),
                                ("folder", self.tr("Runs folder…"), self.choose_folder)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addWidget(self.folder_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self._listing = None
        self.listed_once = False
        self._curves = LatestOnly(self)
        self._curves.failed.connect(self.session.error)
        self._busy = False
        self.table.selection_changed.connect(lambda _id: self.update_buttons())
        self.table.overlays_changed.connect(self._ticked)
        self.update_buttons()

    # -- listing ------------------------------------------------------------------------------
    def refresh(self):
        """List the runs folder again (in the background)."""
        folder = self.session.runs_dir
        self.listed_once = True
        self.folder_label.setText(self.tr("Runs folder: {0}").format(folder))
        self.folder_label.setToolTip(str(folder))
        self._listing = BackgroundTask(_list_runs, folder, parent=self)
        self._listing.done.connect(self._listed)
        self._listing.failed.connect(self.session.error)
        self._listing.start()

    def _listed(self, summaries):
        self._listing = None
        live = {record.folder for record in self.records if record.summary is None}
        for record in [r for r in self.records if r.summary is not None]:
            self.records.remove(record)
            self.table.remove_run(record.run_id)
        for index, summary in enumerate(summaries):
            if summary.path in live:
                continue  # a run of this window: its live record says more
            color = pg.intColor(len(self.records) + index, hues=9).getRgb()[:3]
            record = RunRecord.from_summary(summary, color)
            self.records.append(record)
            self.table.update_run(record, record.created)
        self.update_buttons()

    def add_live(self, record):
        """A run started in this window: on top of the list."""
        record.created = datetime.now().astimezone().isoformat(timespec="seconds")
        self.table.update_run(record, record.created)

    def selected(self):
        run_id = self.table.selected_id()
        return next((r for r in self.records if r.run_id == run_id), None)

    # -- actions ------------------------------------------------------------------------------
    def open_model(self):
        """Load the selected run's model: Inspect and Draw follow the session's model."""
        record = self.selected()
        if record is None or record.model_dir is None or not record.model_dir.is_dir():
            self.session.error(self.tr("This run has no saved model yet: pick a finished or "
                                       "stopped run."))
            return
        self.session.load_model(record.model_dir, name=f"run {record.title or record.run_id}")

    def request_resume(self):
        record = self.selected()
        if record is not None and record.resumable:
            self.resume_requested.emit(record)

    def rename(self):
        record = self.selected()
        if record is None or record.folder is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename run"), self.tr("Name:"),
                                         text=record.title)
        if not ok:
            return
        from lab.core.run_folder import RunFolder

        try:
            RunFolder(record.folder).set_title(title)
        except LabError as exc:
            self.session.error(str(exc))
            return
        record.title = title.strip()
        self.table.set_title(record.run_id, record.short_name)

    def delete(self):
        record = self.selected()
        if record is None or record.folder is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete run"),
            self.tr("Delete the run {run} and its folder {folder}, with its model and curves? "
                    "This cannot be undone.").format(run=record.title or record.run_id,
                                                     folder=record.folder),
            QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        if answer != QMessageBox.Yes:
            return
        from lab.core.run_folder import RunFolder

        try:
            RunFolder(record.folder).delete()
        except LabError as exc:
            self.session.error(str(exc))
            return
        self.records.remove(record)
        self.table.remove_run(record.run_id)
        self.session.status.emit(self.tr("Deleted run {0}").format(record.title or record.run_id))

    def choose_folder(self):
        folder = QFileDialog.getExistingDirectory(self, self.tr("Runs folder"),
                                                  str(self.session.runs_dir))
        if folder:
            self.session.set_runs_dir(folder)
            self.refresh()

    # -- curves -------------------------------------------------------------------------------
    def _ticked(self, run_ids):
        records = [r for r in self.records if r.run_id in run_ids]
        missing = [r for r in records if r.summary is not None and not r.curves_loaded]
        if missing:  # a disk run's curves are read once, off the GUI thread
            self._curves.submit(_curves, missing[0], on_done=self._curves_loaded)
            return
        self.overlays_changed.emit(records)

    def _curves_loaded(self, result):
        record, (epochs, loss_x, loss) = result
        record.epochs, record.loss_x, record.loss_smooth = epochs, loss_x, loss
        record.curves_loaded = True
        self._ticked(self.table.checked_ids())

    def update_buttons(self, busy=None):
        """Enable what fits the selected run (``busy``: a run is training in this window)."""
        self._busy = self._busy if busy is None else busy
        record = self.selected()
        on_disk = record is not None and record.folder is not None
        self.buttons["open"].setEnabled(record is not None and record.model_dir is not None)
        self.buttons["resume"].setEnabled(record is not None and record.resumable
                                          and not self._busy)
        self.buttons["rename"].setEnabled(on_disk)
        self.buttons["delete"].setEnabled(on_disk and record.summary is not None)
