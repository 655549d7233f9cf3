"""The Draw tab's model chooser: shipped models, loaded/trained ones, the session's model."""

from pathlib import Path

from PyQt5.QtCore import pyqtSignal
from PyQt5.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from lab.core.shipped_models import shipped_models_dir
from lab.gui.model_registry import SESSION_KEY, ModelRegistry


def shipped_model_dirs(models_dir=None):
    """Model folders (with a metadata.json) among the shipped models, sorted by name."""
    root = Path(models_dir) if models_dir else shipped_models_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "metadata.json").is_file())


class DrawModelChooser(QWidget):
    """Lists the session's models (plus the shipped folders) and asks the session's model
    registry for the chosen one's predictor; ``predictor_changed(predictor, saved)`` fires
    once it is ready to use."""

    predictor_changed = pyqtSignal(object, object)
    failed = pyqtSignal(str)

    def __init__(self, session, models_dir=None, parent=None):
        super().__init__(parent)
        self._session = session
        self._registry = session.models
        self._models_dir = models_dir
        self._entries = []        # [(name, source, key)]
        self._active_key = None
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(22)
        self.combo.setToolTip(self.tr("Model used on the pad: shipped, loaded (File ▸ Load "
                                      "model) or just trained"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Model:")))
        layout.addWidget(self.combo, 1)
        self.combo.activated.connect(self._on_activated)
        session.models_changed.connect(self.refresh)
        session.model_changed.connect(self._on_session_model)
        self._registry.predictor_ready.connect(self._on_ready)
        self._registry.failed.connect(self.failed)
        self.refresh()

    @property
    def current(self):
        """(predictor, saved) of the model in use, or (None, None)."""
        return self._registry.predictor(self._active_key) or (None, None)

    @property
    def busy(self):
        return self._registry.busy

    def names(self):
        return [name for name, _source, _key in self._entries]

    def refresh(self):
        """Rebuild the list, keeping the current choice."""
        entries, seen = [], set()
        for folder in shipped_model_dirs(self._models_dir):
            entries.append((self.tr("{0} (shipped)").format(folder.name), folder))
        entries += self._session.available_models
        if self._session.model is not None:
            entries.append((self.tr("current model"), self._session.model))
        self._entries = []
        for name, source in entries:
            key = ModelRegistry.key(source)
            if key not in seen:
                seen.add(key)
                self._entries.append((name, source, key))
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems([name for name, _s, _k in self._entries] or [self.tr("no model yet")])
        self.combo.setEnabled(bool(self._entries))
        keys = [key for _n, _s, key in self._entries]
        if self._active_key in keys:
            self.combo.setCurrentIndex(keys.index(self._active_key))
        self.combo.blockSignals(False)
        self._registry.forget_except(keys)

    def activate_default(self):
        """Use the session's model, else the first listed one (when nothing is chosen yet)."""
        if self._active_key is not None or not self._entries:
            return
        self.select(self._session.model if self._session.model is not None
                    else self._entries[0][1])

    def select(self, source, fresh=False):
        """Use ``source`` (SavedModel or model folder), listing it if needed."""
        key = ModelRegistry.key(source)
        keys = [k for _n, _s, k in self._entries]
        if key not in keys:
            name = Path(source).name if isinstance(source, (str, Path)) else "model"
            self._entries.append((name, source, key))
            self.combo.addItem(name)
            self.combo.setEnabled(True)
            keys.append(key)
        self.combo.setCurrentIndex(keys.index(key))
        self._active_key = key
        self._registry.request(source, fresh=fresh)

    def _on_activated(self, index):
        if 0 <= index < len(self._entries):
            self.select(self._entries[index][1])

    def _on_session_model(self, saved):
        self.refresh()
        if saved is None:
            return
        if ModelRegistry.key(saved) != SESSION_KEY:
            self.select(saved, fresh=True)  # the same folder may carry new weights
            return
        self._active_key = SESSION_KEY
        self.combo.setCurrentIndex([k for _n, _s, k in self._entries].index(SESSION_KEY))
        self._registry.update_live(saved)

    def _on_ready(self, key, predictor, saved):
        if key == self._active_key:
            self.predictor_changed.emit(predictor, saved)

    def shutdown(self):
        self._registry.shutdown()
