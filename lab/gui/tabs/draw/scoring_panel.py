"""The Draw tab's scoring: the pad's model on my drawings or on any folder of labelled
drawings, read in the background exactly as ``evaluate --drawings`` reads them, and the
drawings it misread (MisreadDialog)."""

from pathlib import Path

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (QFileDialog, QGridLayout, QLabel, QMenu, QPushButton, QToolButton,
                             QWidget)

from lab.gui.tasks import BackgroundTask
from lab.gui.tabs.draw.misread_dialog import MisreadDialog

LAST_FOLDER = "drawings/scored_folder"


class ScoringPanel(QWidget):
    """Score button (my drawings; its menu: a folder…), Misread…, the result line.

    ``context()`` gives (predictor, dataset name, model name) at the moment of scoring;
    ``open_requested`` (path, label) asks the tab to read a misread drawing on the pad,
    ``add_requested`` to copy misread drawings into my drawings.
    """

    open_requested = pyqtSignal(str, str)
    add_requested = pyqtSignal(list)
    failed = pyqtSignal(str)
    status = pyqtSignal(str)

    def __init__(self, context, settings=None, parent=None):
        super().__init__(parent)
        self.context, self.settings = context, settings   # settings: the last folder scored
        self.task = self.score = self.misread = None
        self.title = ""     # what was scored, by which model: "pen_digits · digits (shipped)"
        self._model_name = ""
        self.score_button = QToolButton(text=self.tr("Score model on my drawings"))
        self.score_button.setPopupMode(QToolButton.MenuButtonPopup)
        menu = QMenu(self.score_button)
        menu.addAction(self.tr("Score a folder…"), self.score_folder_dialog)
        self.score_button.setMenu(menu)
        self.score_button.clicked.connect(lambda: self.score_folder())
        self.misread_button = QPushButton(self.tr("Misread…"), enabled=False, toolTip=self.tr(
            "The drawings the last scoring misread; click one to read it on the pad"))
        self.misread_button.clicked.connect(self.show_misread)
        self.text = QLabel(wordWrap=True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.score_button, 0, 0)
        grid.addWidget(self.misread_button, 0, 1)
        grid.addWidget(self.text, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def score_folder_dialog(self):
        from lab.core.drawings import drawings_dir

        start = self.settings.value(LAST_FOLDER, "") if self.settings is not None else ""
        if not start or not Path(start).is_dir():
            start = str(drawings_dir(self.context()[1]))
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of labelled drawings"),
                                                  start)
        if folder:
            if self.settings is not None:
                self.settings.setValue(LAST_FOLDER, folder)
            self.score_folder(folder)

    def score_folder(self, folder=None):
        """Score the pad's model on ``folder`` (default: my drawings) in the background."""
        from lab.core.drawings import drawings_dir, score_folder

        predictor, dataset, model_name = self.context()
        if predictor is None:
            self.failed.emit(self.tr("Choose a model first."))
            return None
        if self.task is not None and self.task.running:
            return self.task
        self._model_name = model_name
        folder = folder or drawings_dir(dataset)
        self.text.setText(self.tr("Scoring {0} …").format(folder))
        task = BackgroundTask(score_folder, predictor, folder, progress_kwarg="progress",
                              parent=self)
        task.progress.connect(lambda f, m: self.text.setText(m))
        task.done.connect(self._show_score)
        task.failed.connect(self._score_failed)
        self.task = task.start()
        return task

    def show_misread(self):
        """The misread drawings of the last scoring, in a window of their own (None before
        any scoring)."""
        if self.score is None:
            return None
        if self.misread is None:
            self.misread = MisreadDialog(self)
            self.misread.open_requested.connect(self.open_requested)
            self.misread.add_requested.connect(self.add_requested)
            self.misread.failed.connect(self.failed)
        self.misread.set_score(self.score, self.title)
        self.misread.show()
        self.misread.raise_()
        return self.misread

    def wait(self, timeout_ms):
        return self.task.wait(timeout_ms) if self.task is not None else True

    def _show_score(self, score):
        self.score = score
        self.title = Path(score.folder).name + (f" · {self._model_name}" if self._model_name
                                                else "")
        self.text.setText(f"{self.title}: {score.summary()}")
        self.status.emit(self.tr("Drawings: {0}").format(score.summary()))
        self.misread_button.setText(self.tr("Misread ({0})…").format(len(score.mistakes)))
        self.misread_button.setEnabled(True)
        if self.misread is not None:
            self.misread.set_score(score, self.title)

    def _score_failed(self, text):
        self.text.setText("")
        self.failed.emit(text)
