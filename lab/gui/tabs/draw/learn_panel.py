"""The Draw tab's *Learn my handwriting*: fine-tune a copy of the pad's model on the saved
drawings in the background (lab.core.finetune), show the before/after table, put the tuned
model on the pad and save it as a new model folder."""

from datetime import datetime

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, pyqtSignal
from PyQt5.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                             QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                             QVBoxLayout, QWidget)

from lab.gui.tasks import BackgroundTask

TABLE_HEADERS = ("", "n", QT_TRANSLATE_NOOP("LearnPanel", "before"),
                 QT_TRANSLATE_NOOP("LearnPanel", "after"))


def learn_handwriting(saved, folder, dataset, data_dir, out_root, settings, control, progress):
    """Runs on the task's thread: load the data if needed, fine-tune, save → FineTuned."""
    from lab.core.datasets import load_dataset
    from lab.core.finetune import finetune

    if dataset is None:
        dataset = load_dataset(saved.dataset, data_dir,
                               progress=lambda f, m: progress(
                                   0.05 * f, QCoreApplication.translate(
                                       "LearnPanel", "loading data: {0}").format(m)))
    tuned = finetune(saved, folder, dataset, _TaskReporter(progress), control, settings)
    progress(0.99, QCoreApplication.translate("LearnPanel", "saving the tuned model"))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = "-".join("".join(c if c.isalnum() else " " for c in tuned.name).split())
    tuned.saved.path = tuned.save(out_root / f"{slug}-{stamp}")
    return tuned


class _TaskReporter:
    """Training reports → the task's progress (5–95% while training)."""

    def __init__(self, progress):
        self.progress, self.total, self.fraction = progress, 1, 0.05

    def started(self, info):
        self.total = max(1, info["epochs"] * info["steps_per_epoch"])

    def batch(self, report):
        self.fraction = 0.05 + 0.9 * min(1.0, (report["global_step"] + 1) / self.total)
        self.progress(self.fraction, QCoreApplication.translate(
            "LearnPanel", "learning: epoch {0}").format(report["epoch"] + 1))

    def epoch(self, report):
        pass

    def finished(self, result):
        pass

    def message(self, text):
        self.progress(self.fraction, text)


class LearnPanel(QWidget):
    """Button, progress, cancel and the before/after table; ``tuned(FineTuned)`` when done."""

    tuned = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.task, self.control, self.result = None, None, None
        self.learn_button = QPushButton(self.tr("Learn my handwriting"))
        self.learn_button.setToolTip(self.tr("Fine-tune a copy of the pad's model on your drawings "
                                             "(part of each class is held out to measure it)"))
        self.cancel_button = QPushButton(self.tr("Cancel"), enabled=False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(maximum=100, textVisible=True)
        self.progress.hide()
        self.status = QLabel(wordWrap=True)
        self.table = QTableWidget(0, len(TABLE_HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(text) for text in TABLE_HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.hide()
        row = QHBoxLayout()
        row.addWidget(self.learn_button, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    @property
    def running(self):
        return self.task is not None and self.task.running

    def start(self, saved, folder, settings=None, out_root=None):
        """Fine-tune ``saved`` on the drawings in ``folder``; the BackgroundTask (or None)."""
        from lab.core.drawings import user_dir
        from lab.core.training import TrainingControl

        if saved is None:
            self.failed.emit(self.tr("Choose a model first: Learn my handwriting tunes a copy of "
                                     "it."))
            return None
        if self.running:
            return self.task
        stored = self.session.datasets.dataset(saved.dataset)
        self.control = TrainingControl()
        self.task = BackgroundTask(
            learn_handwriting, saved, folder, stored, self.session.data_dir,
            out_root or user_dir() / "models", settings, self.control,
            progress_kwarg="progress", on_cancel=self.control.stop, parent=self)
        self.task.progress.connect(self._on_progress)
        self.task.done.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.task.finished.connect(self._on_finished)
        self.learn_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("Learning from {0} …").format(folder))
        return self.task.start()

    def cancel(self):
        if self.running:
            self.task.cancel()
            self.status.setText(self.tr("Cancelled: the model on the pad is unchanged."))

    def show_report(self, report):
        """Fill the before/after table from a lab.core.finetune.FinetuneReport."""
        rows = report.rows()
        self.table.setRowCount(len(rows))
        for index, (what, n, before, after) in enumerate(rows):
            digits = 2 if what == "test split" else 0
            for column, text in enumerate((self._row_title(what), f"{n:,}", f"{before:.{digits}%}",
                                           f"{after:.{digits}%}")):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + 2 * self.table.frameWidth()
                                  + sum(self.table.rowHeight(r) for r in range(len(rows))))
        self.table.show()

    def _row_title(self, what):
        """A FinetuneReport row's English title in the window's language."""
        if what.startswith("drawings of "):
            return self.tr("drawings of {0}").format(what[len("drawings of "):])
        return {"held-out drawings": self.tr("held-out drawings"),
                "test split": self.tr("test split")}.get(what, what)

    def shutdown(self, timeout_ms=10000):
        if self.running:
            self.task.cancel()
            return self.task.wait(timeout_ms)
        return True

    def _on_progress(self, fraction, message):
        self.progress.setValue(int(fraction * 100))
        self.status.setText(message)

    def _on_done(self, tuned):
        self.result = tuned
        self.show_report(tuned.report)
        self.status.setText(self.tr("“{name}” is on the pad; saved in {path}").format(
            name=tuned.name, path=tuned.saved.path))
        self.session.add_model(tuned.name, tuned.saved)
        self.session.set_model(tuned.saved)
        self.tuned.emit(tuned)

    def _on_failed(self, text):
        self.status.setText(text)
        self.failed.emit(text)

    def _on_finished(self):
        self.learn_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()
