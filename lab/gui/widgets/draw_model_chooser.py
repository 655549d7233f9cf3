"""The Draw tab's model chooser: shipped models, loaded/trained ones, the session's model."""

from pathlib import Path

from PyQt5.QtCore import pyqtSignal
from PyQt5.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

import lab
from lab.gui.tasks import BackgroundTask


def shipped_model_dirs(models_dir=None):
    """Model folders (with a metadata.json) under <project>/models, sorted by name."""
    root = Path(models_dir) if models_dir else Path(lab.__file__).resolve().parent.parent / "models"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "metadata.json").is_file())


def _build_predictor(source):
    """SavedModel or model folder → (Predictor, SavedModel); runs on a worker thread."""
    from lab.core.prediction import Predictor
    from lab.core.storage import load_model

    saved = load_model(source) if isinstance(source, (str, Path)) else source
    return Predictor(saved.model, saved.class_names), saved


class DrawModelChooser(QWidget):
    """Lists models and builds a Predictor for the chosen one in the background.

    ``predictor_changed(predictor, saved)`` fires once the choice is ready to use.
    """

    predictor_changed = pyqtSignal(object, object)
    failed = pyqtSignal(str)

    def __init__(self, session, models_dir=None, parent=None):
        super().__init__(parent)
        self._session = session
        self._models_dir = models_dir
        self._entries = []        # [(name, source, key)]
        self._cache = {}          # key → (predictor, saved)
        self._tasks = []
        self._active_key = None
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(22)
        self.combo.setToolTip("Model used on the pad: shipped, loaded (File ▸ Load model) "
                              "or just trained")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Model:"))
        layout.addWidget(self.combo, 1)
        self.combo.activated.connect(self._on_activated)
        session.models_changed.connect(self.refresh)
        session.model_changed.connect(self._on_session_model)
        self.refresh()

    @property
    def current(self):
        """(predictor, saved) of the model in use, or (None, None)."""
        return self._cache.get(self._active_key, (None, None))

    @property
    def busy(self):
        return any(task.running for task in self._tasks)

    def names(self):
        return [name for name, _source, _key in self._entries]

    def refresh(self):
        """Rebuild the list, keeping the current choice."""
        entries, seen = [], set()
        for folder in shipped_model_dirs(self._models_dir):
            entries.append((f"{folder.name} (shipped)", folder))
        for name, source in self._session.available_models:
            entries.append((name, source))
        if self._session.model is not None:
            entries.append(("current model", self._session.model))
        self._entries = []
        for name, source in entries:
            key = self._key(source)
            if key not in seen:
                seen.add(key)
                self._entries.append((name, source, key))
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems([name for name, _s, _k in self._entries] or ["no model yet"])
        self.combo.setEnabled(bool(self._entries))
        keys = [key for _n, _s, key in self._entries]
        if self._active_key in keys:
            self.combo.setCurrentIndex(keys.index(self._active_key))
        self.combo.blockSignals(False)

    def activate_default(self):
        """Use the session's model, else the first listed one (when nothing is chosen yet)."""
        if self._active_key is not None or not self._entries:
            return
        self.select(self._session.model if self._session.model is not None
                    else self._entries[0][1])

    def select(self, source):
        """Use ``source`` (SavedModel or model folder), listing it if needed."""
        key = self._key(source)
        keys = [k for _n, _s, k in self._entries]
        if key not in keys:
            name = Path(source).name if isinstance(source, (str, Path)) else "model"
            self._entries.append((name, source, key))
            self.combo.addItem(name)
            self.combo.setEnabled(True)
            keys.append(key)
        self.combo.setCurrentIndex(keys.index(key))
        self._activate(key, source)

    def _on_activated(self, index):
        if 0 <= index < len(self._entries):
            _name, source, key = self._entries[index]
            self._activate(key, source)

    def _on_session_model(self, saved):
        self.refresh()
        if saved is not None:
            self._cache.pop(self._key(saved), None)  # same object may carry new weights
            self.select(saved)

    def _activate(self, key, source):
        self._active_key = key
        if key in self._cache:
            self.predictor_changed.emit(*self._cache[key])
            return
        task = BackgroundTask(_build_predictor, source, parent=self)
        task.done.connect(lambda result, k=key: self._on_built(k, result))
        task.failed.connect(self.failed)
        task.finished.connect(lambda t=task: self._tasks.remove(t))
        self._tasks.append(task)
        task.start()

    def _on_built(self, key, result):
        self._cache[key] = result
        if key == self._active_key:
            self.predictor_changed.emit(*result)

    def shutdown(self):
        for task in list(self._tasks):
            task.wait(5000)

    @staticmethod
    def _key(source):
        if isinstance(source, (str, Path)):
            return str(Path(source).resolve())
        path = getattr(source, "path", None)
        return str(Path(path).resolve()) if path else f"object-{id(source)}"
