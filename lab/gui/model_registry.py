"""The models the window knows, and one Predictor per model, built off the GUI thread."""

from pathlib import Path

from PyQt5.QtCore import QObject, pyqtSignal

from lab.gui.tasks import BackgroundTask

SESSION_KEY = "session model"  # the unsaved model in hand (e.g. the one training): one slot


def _build_predictor(source):
    """SavedModel or model folder → (Predictor, SavedModel); runs on a worker thread."""
    from lab.core.prediction import Predictor
    from lab.core.storage import load_model

    loaded = isinstance(source, (str, Path))
    saved = load_model(source) if loaded else source
    # The SavedModel itself, so the pad preprocesses as its dataset's images were made (as
    # predict does); a model handed over in memory may be the one training: predict from a copy.
    return Predictor(saved, compile_single=True, copy=not loaded), saved


def _update_predictor(predictor, saved):
    """Copy a new epoch's weights into the live predictor → (Predictor, SavedModel).

    One predictor for the model in training, instead of one per epoch: each new Predictor
    traces its own tf.function, and kept ones grew memory by megabytes an epoch.
    """
    predictor.set_weights(saved.model.get_weights())
    return predictor, saved


def _same_shapes(model_a, model_b):
    return [tuple(w.shape) for w in model_a.weights] == [tuple(w.shape) for w in model_b.weights]


class ModelRegistry(QObject):
    """Listed models by name (folders load when first used) and their predictors.

    ``predictor_ready(key, predictor, saved)`` follows ``request(source)``; ``failed(text)``
    when a model cannot be loaded. Predictors of models no longer listed are dropped.
    """

    changed = pyqtSignal()
    predictor_ready = pyqtSignal(str, object, object)
    failed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.listed = []           # [(name, source)]: source a Path or a SavedModel
        self._predictors = {}      # key → (Predictor, SavedModel)
        self._building = {}        # key → running BackgroundTask
        self._live_waiting = None  # the newest epoch's SavedModel while an update runs

    @staticmethod
    def key(source):
        """A model's identity: its folder, or SESSION_KEY for the unsaved model in hand."""
        if isinstance(source, (str, Path)):
            return str(Path(source).resolve())
        path = getattr(source, "path", None)
        return str(Path(path).resolve()) if path else SESSION_KEY

    def add(self, name, source):
        """List ``source`` under ``name`` (replacing that name)."""
        self.listed = [(n, s) for n, s in self.listed if n != name] + [(name, source)]
        self.changed.emit()

    def predictor(self, key):
        """(Predictor, SavedModel) for ``key`` if built, else None."""
        return self._predictors.get(key)

    @property
    def busy(self):
        return bool(self._building)

    def request(self, source, fresh=False):
        """Build (or reuse) the predictor for ``source``; predictor_ready follows."""
        key = self.key(source)
        if fresh:
            self._predictors.pop(key, None)
        if key in self._predictors:
            self.predictor_ready.emit(key, *self._predictors[key])
        elif key not in self._building:
            self._start(key, _build_predictor, source)

    def update_live(self, saved):
        """A new epoch of the model in hand: new weights into its predictor, or a new one."""
        live = self._predictors.get(SESSION_KEY)
        if live is None or not _same_shapes(live[0].model, saved.model):
            if SESSION_KEY in self._building:
                self._live_waiting = saved
            else:
                self.request(saved, fresh=True)
            return
        if SESSION_KEY in self._building:
            self._live_waiting = saved  # only the newest epoch matters
            return
        self._start(SESSION_KEY, _update_predictor, live[0], saved)

    def forget_except(self, keys):
        """Drop the predictors of models that are no longer listed (frees their memory)."""
        for key in set(self._predictors) - set(keys):
            del self._predictors[key]

    def shutdown(self, timeout_ms=5000):
        return all(task.wait(timeout_ms) for task in list(self._building.values()))

    def _start(self, key, job, *args):
        task = BackgroundTask(job, *args, parent=self)
        task.done.connect(lambda result: self._built(key, result))
        task.failed.connect(self.failed)
        task.finished.connect(lambda: self._finished(key))
        self._building[key] = task
        task.start()

    def _built(self, key, result):
        self._predictors[key] = result
        self.predictor_ready.emit(key, *result)

    def _finished(self, key):
        self._building.pop(key, None)
        if key == SESSION_KEY and self._live_waiting is not None:
            waiting, self._live_waiting = self._live_waiting, None
            self.update_live(waiting)
