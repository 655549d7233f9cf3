"""TrainTab: pick a model and hyperparameters, train live, compare and save runs."""

from pathlib import Path

import pyqtgraph as pg
from PyQt5.QtCore import Qt, QTimer, pyqtSignal
from PyQt5.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QPlainTextEdit, QScrollArea,
                             QSplitter, QTabWidget, QVBoxLayout, QWidget)

from lab.core.errors import LabError
from lab.gui.tabs.base import LabTab
from lab.gui.tabs.train.augmentation_preview import AugmentationPreview
from lab.gui.tabs.train.runs_panel import RunsPanel
from lab.gui.tabs.train.controls import TrainControls
from lab.gui.tabs.train.form import TrainForm
from lab.gui.tabs.train.run_record import RunRecord
from lab.gui.tabs.train.plots import TrainingPlots
from lab.gui.tabs.train.histograms_page import HistogramsPage
from lab.gui.tabs.train.worker import TrainingWorker

MAX_POINTS_PER_EPOCH = 40


class TrainTab(LabTab):
    """The Train tab. One TrainingWorker on one QThread at a time; every run is kept
    as a RunRecord for the runs table, overlays and CSV export."""

    title = "Train"

    run_finished = pyqtSignal(object)   # RunRecord, once its result has arrived
    test_evaluated = pyqtSignal(object)  # RunRecord, once its test accuracy is known

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.records = []
        self.worker = None
        self._run = None            # RunRecord of the live run
        self._closing = False
        self._build_ui()
        self._update_buttons()
        session.runs_dir_changed.connect(lambda _folder: self.runs_panel.refresh())

    # -- UI -------------------------------------------------------------------------
    def _build_ui(self):
        self.form = TrainForm()
        self.controls = TrainControls()
        model_box = QGroupBox(self.tr("Model"))
        QVBoxLayout(model_box).addWidget(self.form)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(model_box)
        left_layout.addWidget(self.controls)
        left_layout.addStretch(1)
        # Scrolls rather than forcing the window taller than a 768-pixel laptop screen.
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        left_scroll.setFixedWidth(380)

        self.plots = TrainingPlots()
        self.runs_panel = RunsPanel(self.session, self.records)
        self.runs_table = self.runs_panel.table
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        bottom = QTabWidget()
        bottom.setMinimumHeight(230)
        bottom.addTab(self.runs_panel, self.tr("Runs"))
        bottom.addTab(self.log, self.tr("Log"))
        right = QSplitter(Qt.Vertical)
        self.histograms = HistogramsPage()
        pages = QTabWidget()
        pages.addTab(self.plots, self.tr("Curves"))
        pages.addTab(self.histograms, self.tr("Histograms"))
        right.addWidget(pages)
        right.addWidget(bottom)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(left_scroll)
        layout.addWidget(right, 1)

        self.form.architectures_loaded.connect(self._architectures_loaded)
        self.form.architectures_failed.connect(self._architectures_failed)
        self.form.preview_requested.connect(
            lambda: AugmentationPreview.open_for(self.form, self.session, self._set_status))
        controls = self.controls
        controls.start_button.clicked.connect(self.start_training)
        controls.pause_button.clicked.connect(self.toggle_pause)
        controls.stop_button.clicked.connect(self.stop_training)
        controls.apply_lr_button.clicked.connect(self.apply_learning_rate)
        controls.save_button.clicked.connect(self.save_work)
        controls.csv_button.clicked.connect(self.export_csv_dialog)
        self.runs_panel.overlays_changed.connect(
            lambda records: self.plots.set_overlays([r.overlay() for r in records]))
        self.runs_panel.resume_requested.connect(self.resume_run)
        self.runs_table.selection_changed.connect(
            lambda _id: self.histograms.show_run(self.runs_panel.selected()))
        self.histograms.error.connect(self.session.error)

    def showEvent(self, event):
        super().showEvent(event)
        # TensorFlow loads only once the tab is on screen (and the window painted), off the
        # GUI thread; so does the list of runs on disk (earlier sessions' and the CLI's).
        self.session.after_first_paint(lambda: QTimer.singleShot(0, self.ensure_architectures))
        if not self.runs_panel.listed_once:
            self.session.after_first_paint(lambda: QTimer.singleShot(0, self._list_runs_once))

    def _list_runs_once(self):
        if not self.runs_panel.listed_once:
            self.runs_panel.refresh()

    def ensure_architectures(self):
        """Start loading the architecture list in the background (once)."""
        if not self._closing:
            self.form.load_architectures()

    def _architectures_loaded(self):
        self._set_status(self.tr("Ready.") if self.session.dataset is not None else
                         self.tr("Load a dataset in the Dataset tab, then press Start."))
        self._update_buttons()

    def _architectures_failed(self, text):
        self._set_status(self.tr("Cannot load the model list: {0}").format(text))
        self.session.error(text)

    def _set_status(self, text):
        self.controls.status_label.setText(text)
        self.session.status.emit(text)

    def _update_buttons(self):
        running = self.worker is not None
        self.controls.set_state(
            can_start=self.form.loaded and not self._closing, running=running,
            stopping=running and self.worker.control.stopped,
            paused=running and self.worker.control.paused,
            can_save=self._latest_finished() is not None,
            can_export=any(r.epochs for r in self.records))
        self.runs_panel.update_buttons(busy=running)
        self.form.setEnabled(not running)

    # -- run control ----------------------------------------------------------------------
    def start_training(self):
        """Start a run on the session's dataset; ignored while one is running."""
        if self.worker is not None or self._closing or not self.form.loaded:
            return
        dataset = self.session.dataset
        if dataset is None:
            self._set_status(self.tr("No dataset loaded: load MNIST or notMNIST in the Dataset "
                                     "tab, then press Start."))
            return
        from lab.core.training import TrainingConfig

        values = self.form.values()
        config = TrainingConfig(reports_per_epoch=MAX_POINTS_PER_EPOCH, **values)
        record = RunRecord(run_id=len(self.records) + 1, dataset=dataset.name,
                           architecture=values["architecture"], config=dict(values),
                           color=pg.intColor(len(self.records), hues=8).getRgb()[:3],
                           data=dataset)  # the run keeps its dataset if the session switches
        self.records.append(record)
        self._run = record
        self.plots.reset(values["epochs"])
        self.controls.progress.begin(values["epochs"], 1)  # steps come with `started`
        self.controls.test_label.setText(self.tr("Test accuracy: –"))
        self.controls.live_lr.setValue(values["learning_rate"])
        self.runs_panel.add_live(record)
        self._start_worker(TrainingWorker(dataset, config, owner=self,
                                          runs_dir=self.session.runs_dir))
        self._log(f"run #{record.run_id}: {record.architecture} on {dataset.title} "
                  f"({record.hyperparameter_text()})")
        self._set_status(self.tr("Training {0}…").format(record.label))
        self._update_buttons()

    def resume_run(self, record):
        """Continue an interrupted run from its last checkpoint (its dataset loads first)."""
        if self.worker is not None or self._closing:
            return
        dataset = self.session.datasets.dataset(record.dataset)
        if self.session.dataset is not None and self.session.dataset.name == record.dataset:
            dataset = self.session.dataset
        if dataset is None:
            self._set_status(self.tr("Loading {0} to resume {1}…").format(record.dataset,
                                                                          record.label))
            task = self.session.datasets.load(record.dataset, self.session.data_dir, owner=self)
            task.done.connect(lambda result: self.resume_run(record))
            task.failed.connect(self.session.error)
            return
        epochs = record.load_epochs()  # one line an epoch: the batch lines stay on disk
        record.summary, record.data, record.epochs = None, dataset, epochs
        record.status = "resuming"
        self._run = record
        total = int(record.config.get("epochs") or len(epochs) or 1)
        self.plots.reset(total)
        for row in epochs:
            self.plots.add_epoch(row["epoch"] + 1, row.get("val_loss"), row.get("val_accuracy"))
        self.controls.progress.begin(total, 1)
        self.runs_table.update_run(record)
        self._start_worker(TrainingWorker(dataset, None, owner=self, resume=record.folder))
        self._log(f"resuming {record.label} after epoch {len(epochs)}")
        self._set_status(self.tr("Resuming {0}…").format(record.label))
        self._update_buttons()

    def _start_worker(self, worker):
        self.worker = worker
        self.worker.started.connect(self._on_started)
        self.worker.batch.connect(self._on_batch)
        self.worker.epoch.connect(self._on_epoch)
        self.worker.histograms.connect(self.histograms.show_live)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.message.connect(self._log)
        self.worker.start_thread().finished.connect(self._on_thread_finished)

    def toggle_pause(self):
        if self.worker is None:
            return
        control = self.worker.control
        if control.paused:
            control.resume()
            self._run.status = "running"
            self._set_status(self.tr("Training {0}…").format(self._run.label))
        else:
            control.pause()
            self._run.status = "paused"
            self._set_status(self.tr("Paused: press Resume to continue."))
        self.runs_table.update_run(self._run)
        self._update_buttons()

    def stop_training(self):
        if self.worker is None:
            return
        self.worker.control.stop()
        self.worker.control.resume()  # a paused run must wake up to see the stop
        self._set_status(self.tr("Stopping at the end of the current batch…"))
        self._update_buttons()

    def apply_learning_rate(self):
        if self.worker is not None:
            lr = self.controls.live_lr.value()
            if lr <= 0:
                self._set_status(self.tr("The learning rate must be greater than 0."))
                return
            self.worker.set_learning_rate(lr)
            self._log(f"learning rate → {lr:g} (from the next batch)")

    # -- worker slots (GUI thread; cheap: append, label text) -----------------------------------
    def _on_started(self, info):
        if self._closing or self._run is None:
            return
        self._run.folder = info.get("run_folder") or self._run.folder
        self._run.steps_per_epoch = max(1, int(info.get("steps_per_epoch") or 1))
        self._run.config = dict(info.get("config") or self._run.config)
        self.controls.progress.begin(info.get("epochs") or self._run.config.get("epochs", 1),
                            self._run.steps_per_epoch)
        self._run.status = "running"
        self.runs_table.update_run(self._run)
        params = info.get("parameters")
        self._log(f"{info.get('train_samples', '?')} training images, "
                  f"{self._run.steps_per_epoch} steps per epoch"
                  + (f", {params:,} parameters" if params else ""))

    def _on_batch(self, report):
        if self._closing or self._run is None:
            return
        x = report["global_step"] / self._run.steps_per_epoch
        self.plots.add_batch(x, report["loss"], report["accuracy"])
        self.controls.progress.update_batch(report)

    def _on_epoch(self, report):
        if self._closing or self._run is None:
            return
        report.pop("weights", None)
        model = report.pop("inference_model", None)
        record = self._run
        record.epochs.append(report)
        self.plots.add_epoch(report["epoch"] + 1, report["val_loss"], report["val_accuracy"])
        record.loss_x, record.loss_smooth = self.plots.smoothed_loss()
        self.controls.progress.update_epoch(report)
        self.runs_table.update_run(record)
        self._log(RunRecord.epoch_line(report))
        if model is not None:  # the epoch's inference copy, for Inspect and Draw
            from lab.core.storage import SavedModel

            self.session.set_model(SavedModel(model=model, metadata=record.live_metadata()))
        self._update_buttons()

    def _on_finished(self, outcome):
        """The run controller trained, evaluated the kept weights on the test split and saved
        the model in the run folder: show it, and hand that model to the other tabs."""
        if self._closing or self._run is None:
            return
        record, result = self._run, outcome.result
        record.outcome, record.result, record.folder = outcome, result, outcome.folder.path
        record.status, record.wall_time = result.stop_message, float(result.wall_time)
        record.evaluation, record.test_accuracy = outcome.test, float(outcome.test.accuracy)
        self.controls.progress.finish(record.status == "completed")
        self._log(f"run {record.label} {record.status}: best val_acc "
                  f"{result.best_val_accuracy:.2%} at epoch {result.best_epoch + 1}, test "
                  f"accuracy {record.test_accuracy:.2%}, {result.wall_time:.1f} s; saved in "
                  f"{outcome.model_dir}")
        self.runs_table.update_run(record)
        self.controls.test_label.setText(self.tr("Test accuracy ({0}): {1}").format(
                                         record.label, f"{record.test_accuracy:.2%}"))
        self._set_status(self.tr("{0}: test accuracy {1}").format(record.label,
                                                                  f"{record.test_accuracy:.2%}"))
        from lab.core.storage import SavedModel

        self.session.set_model(SavedModel(model=result.inference_model, path=outcome.model_dir,
                                          metadata=outcome.model_metadata))
        self.run_finished.emit(record)
        self.test_evaluated.emit(record)
        self._update_buttons()

    def _on_failed(self, text):
        if self._run is not None:
            self._run.status = "failed"
            self.runs_table.update_run(self._run)
        self._log(f"training failed: {text}")
        if not self._closing:
            self._set_status(self.tr("Training failed: {0}").format(text))
            self.session.error(text)

    def _on_thread_finished(self):
        self.worker = None  # the thread has ended; dropping the last reference is safe
        self._run = None
        if not self._closing:
            self._update_buttons()
            if not self.controls.status_label.text().startswith(
                    self.tr("Training failed: {0}").format("").strip()):
                self._set_status(self.tr("Done."))

    def _log(self, text):
        self.log.appendPlainText(str(text))

    # -- after a run ------------------------------------------------------------------------
    def _latest_finished(self):
        return next((r for r in reversed(self.records) if r.finished), None)

    def _latest_finished_or_error(self):
        record = self._latest_finished()
        if record is None:
            raise LabError(self.tr("Nothing to save yet: train a model in the Train tab first."))
        return record

    def has_unsaved_work(self):
        """Nothing to lose: every run is saved in its run folder as it trains, and a run
        stopped by closing the window keeps its model there too."""
        return False

    def save_model_to(self, folder):
        """Save a copy of the latest finished run's model in ``folder``; returns its path."""
        from lab.core.storage import save_model

        record = self._latest_finished_or_error()
        path = Path(save_model(Path(folder), record.result.model, record.outcome.model_metadata))
        record.saved_path = path
        self._log(f"saved {record.label} to {path}")
        self._set_status(self.tr("Saved {0} to {1}").format(record.label, path))
        return path

    def save_work(self):
        """Ask for a folder and save the latest finished run there (File ▸ Save model…)."""
        record = self._latest_finished_or_error()
        default = Path("models") / f"{record.dataset}-{record.architecture}-run{record.run_id}"
        folder = QFileDialog.getSaveFileName(self, self.tr("Save model folder"), str(default))[0]
        if not folder:
            return None
        try:
            return self.save_model_to(folder)
        except Exception as exc:  # noqa: BLE001 - ModelError text or an OS error, shown to the user
            self.session.error(str(exc))
            return None

    def export_png(self, path):
        """File ▸ Export plot…: both plots as one PNG, or the histograms when shown."""
        return (self.histograms if self.histograms.isVisible() else self.plots).export_png(path)

    def export_csv(self, path):
        """Per-epoch metrics of every run as CSV."""
        return RunRecord.write_csv(path, self.records)

    def export_csv_dialog(self):
        path = QFileDialog.getSaveFileName(self, self.tr("Export run metrics"), "runs.csv",
                                           self.tr("CSV files (*.csv)"))[0]
        if path:
            try:
                self.export_csv(path)
                self._set_status(self.tr("Run metrics written to {0}").format(path))
            except LabError as exc:
                self.session.error(str(exc))

    def shutdown(self, timeout_ms=30000):
        """Window close: stop the run, quit its thread and wait (never terminate)."""
        self._closing = True
        ok = self.worker.shutdown(timeout_ms) if self.worker is not None else True
        return self.form.shutdown(timeout_ms) and ok
