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


SESSION_KEY = "session model"  # the unsaved model in hand (e.g. the one training): one slot


def _build_predictor(source):
    """SavedModel or model folder → (Predictor, SavedModel); runs on a worker thread."""
    from lab.core.prediction import Predictor
    from lab.core.storage import load_model

    saved = load_model(source) if isinstance(source, (str, Path)) else source
    return Predictor(saved.model, saved.class_names), saved


def _update_predictor(predictor, saved):
    """Copy a new epoch's weights into the live predictor → (Predictor, SavedModel).

    One predictor for the model in training, instead of one per epoch: each new Predictor
    traces its own tf.function, and kept ones grew memory by megabytes an epoch.
    """
    predictor.set_weights(saved.model.get_weights())
    return predictor, saved


def _same_shapes(model_a, model_b):
    return [tuple(w.shape) for w in model_a.weights] == [tuple(w.shape) for w in model_b.weights]


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
        self._live_update = None  # (task, next SavedModel waiting or None)
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
        for key in set(self._cache) - set(keys):  # models no longer listed free their memory
            del self._cache[key]

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
        if saved is None:
            return
        key = self._key(saved)
        live = self._cache.get(key) if key == SESSION_KEY else None
        if live is None or not _same_shapes(live[0].model, saved.model):
            self._cache.pop(key, None)  # same object may carry new weights
            self.select(saved)
            return
        self._active_key = key
        self.combo.setCurrentIndex([k for _n, _s, k in self._entries].index(key))
        if self._live_update is not None:
            self._live_update = (self._live_update[0], saved)  # only the newest epoch matters
            return
        self._start_live_update(live[0], saved)

    def _start_live_update(self, predictor, saved):
        task = BackgroundTask(_update_predictor, predictor, saved, parent=self)
        task.done.connect(lambda result: self._on_built(SESSION_KEY, result))
        task.failed.connect(self.failed)
        task.finished.connect(lambda: self._live_update_finished(predictor))
        self._live_update = (task, None)
        self._tasks.append(task)
        task.finished.connect(lambda t=task: self._tasks.remove(t))
        task.start()

    def _live_update_finished(self, predictor):
        _task, waiting = self._live_update
        self._live_update = None
        if waiting is not None and self._key(waiting) == SESSION_KEY:
            self._start_live_update(predictor, waiting)

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
        return str(Path(path).resolve()) if path else SESSION_KEY
