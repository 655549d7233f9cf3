"""Shared state of one lab window: data folder, dataset, model, settings, errors."""

import os
from pathlib import Path

from PyQt5.QtCore import QCoreApplication, QObject, QSettings, pyqtSignal

from lab.gui.dataset_store import DatasetStore
from lab.gui.model_registry import ModelRegistry


class LabSession(QObject):
    """What the tabs share, and the only channel between them: tabs read the attributes, call
    the methods and subscribe to the signals; none finds another tab's widgets.

    ``settings`` defaults to QSettings("digit-lab", "Digit Lab"); tests pass one backed by a
    tmp .ini file. Errors are emitted as ``error_raised``; the main window shows them unless
    ``quiet`` (tests read ``last_error`` instead).
    """

    dataset_changed = pyqtSignal(object)    # Dataset | None
    model_changed = pyqtSignal(object)      # SavedModel | None
    models_changed = pyqtSignal()           # available_models changed
    data_dir_changed = pyqtSignal(object)   # Path | None
    runs_dir_changed = pyqtSignal(object)   # Path
    status = pyqtSignal(str)                # transient status-bar text
    error_raised = pyqtSignal(str)          # every error(text), also when quiet
    inspect_requested = pyqtSignal(object, str)  # (28×28 image, caption): look inside it

    def __init__(self, settings=None, data_dir=None, parent=None):
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings("digit-lab", "Digit Lab")
        self.quiet = False
        self.last_error = None
        self.dataset = None
        self.model = None
        self.models = ModelRegistry(self)  # listed models and their predictors
        self.datasets = DatasetStore(self)  # loaded datasets, shared by the tabs
        self.models.changed.connect(self.models_changed)
        self.data_dir = self._initial_data_dir(data_dir)
        self.runs_dir = self._initial_runs_dir()
        self._until_painted = None  # [callbacks] while the app waits for its first paint

    def hold_until_painted(self):
        """The application's start-up: slow work asked for by after_first_paint waits until
        mark_painted(), so TensorFlow's import never delays the window's first paint."""
        self._until_painted = []

    def mark_painted(self):
        waiting, self._until_painted = self._until_painted or [], None
        for callback in waiting:
            callback()

    def after_first_paint(self, callback):
        """Call ``callback`` now, or once the window has been painted (at start-up)."""
        if self._until_painted is None:
            callback()
        else:
            self._until_painted.append(callback)

    def _initial_data_dir(self, explicit):
        """--data-dir, then LAB_DATA_DIR, then the folder picked last time, then the user folder."""
        for candidate in (explicit, os.environ.get("LAB_DATA_DIR"),
                          self.settings.value("data/folder", None)):
            if candidate:
                return Path(candidate).expanduser()
        try:
            from lab.core.datasets import resolve_data_dir
            return Path(resolve_data_dir())
        except Exception:  # noqa: BLE001 - no data folder yet is a normal state, shown by the tab
            return None

    def _initial_runs_dir(self):
        """The folder chosen in the window last time, else the per-user runs folder."""
        chosen = self.settings.value("runs/folder", None)
        if chosen:
            return Path(chosen).expanduser()
        from lab.core.run_folder import default_runs_dir

        return default_runs_dir()

    def set_runs_dir(self, folder):
        """Record runs in (and list them from) ``folder``; remembered in the settings."""
        self.runs_dir = Path(folder).expanduser()
        self.settings.setValue("runs/folder", str(self.runs_dir))
        self.runs_dir_changed.emit(self.runs_dir)
        self.status.emit(self.tr("Runs folder: {0}").format(self.runs_dir))

    def set_data_dir(self, folder):
        """Use another data folder (remembered in the settings)."""
        self.data_dir = Path(folder).expanduser() if folder else None
        self.datasets.clear()
        self.settings.setValue("data/folder", str(self.data_dir) if self.data_dir else "")
        self.data_dir_changed.emit(self.data_dir)
        self.status.emit(self.tr("Data folder: {0}").format(self.data_dir))

    def set_dataset(self, dataset):
        """Make ``dataset`` the one every tab uses (Train tab trains on it)."""
        if dataset is self.dataset:
            return
        self.dataset = dataset
        self.dataset_changed.emit(dataset)

    def set_model(self, saved):
        """Make ``saved`` (lab.core.storage.SavedModel or None) the current inference model."""
        if saved is self.model:
            return
        self.model = saved
        self.model_changed.emit(saved)

    @property
    def available_models(self):
        """[(name, SavedModel or Path)] listed by add_model, oldest first."""
        return list(self.models.listed)

    def add_model(self, name, saved):
        """List a model (SavedModel, or a Path loaded on demand) under ``name``; replaces same name."""
        self.models.add(name, saved)

    def load_model(self, folder, name=None, make_current=True):
        """Load a saved model folder in the background (keras is imported there, not here).

        Adds it to ``available_models`` and, with ``make_current``, makes it the session's
        model; failures go to error(). Returns the running BackgroundTask.
        """
        from lab.gui.tasks import BackgroundTask

        folder = Path(folder)

        def load(path):
            from lab.core.storage import load_model
            return load_model(path)

        def loaded(saved):
            self.add_model(name or folder.name, saved)
            if make_current:
                self.set_model(saved)
            self.status.emit(self.tr("Loaded model {0}").format(folder))

        task = BackgroundTask(load, folder, parent=self)
        task.done.connect(loaded)
        task.failed.connect(self.error)
        return task.start()

    def error(self, text):
        """Tell the person what went wrong (the window shows it); never raises."""
        self.last_error = str(text)
        self.status.emit(self.last_error.splitlines()[0] if self.last_error else "")
        self.error_raised.emit(self.last_error)

    def request_inspect(self, image28, caption):
        """Ask for ``image28`` to be shown in Inspect's feature maps and saliency."""
        self.inspect_requested.emit(image28, str(caption))

    @staticmethod
    def describe_dataset(dataset):
        """Status-bar words for a dataset."""
        if dataset is None:
            return QCoreApplication.translate("LabSession", "No dataset")
        text = QCoreApplication.translate("LabSession", "{title}: {train} train · {test} test")
        return text.format(
            title=QCoreApplication.translate("Datasets", dataset.title),
            train=f"{len(dataset.train):,}", test=f"{len(dataset.test):,}")

    @staticmethod
    def model_place(saved):
        """Where a model lives, in a word: its folder's name ("unsaved" when none)."""
        folder = Path(saved.path) if getattr(saved, "path", None) else None
        if folder is None:
            return QCoreApplication.translate("LabSession", "unsaved")
        return folder.parent.name if folder.name == "model" else folder.name  # <run>/model

    @staticmethod
    def describe_model(saved):
        """Status-bar words for a SavedModel."""
        if saved is None:
            return QCoreApplication.translate("LabSession", "No model")
        meta = getattr(saved, "metadata", None) or {}
        name = getattr(saved, "title", None) or meta.get("architecture") or "model"
        accuracy = (meta.get("test_metrics") or {}).get("accuracy")
        where = LabSession.model_place(saved)
        acc = QCoreApplication.translate("LabSession", " · test {0}").format(
            f"{accuracy:.1%}") if isinstance(accuracy, (int, float)) else ""
        return QCoreApplication.translate("LabSession", "Model: {name} ({where}){accuracy}").format(
            name=name, where=where, accuracy=acc)
