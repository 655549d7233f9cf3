"""Live prediction off the GUI thread: one request in flight, the newest drawing wins."""

from time import perf_counter

from PyQt5.QtCore import QObject, pyqtSignal

from lab.gui.tasks import BackgroundTask


def predict_drawing(predictor, gray, several=False):
    """Predict one drawing → {"kind": "empty"|"single"|"text", "result", "images", "ms"}.

    The drawing is read by ``Predictor.read``, exactly as ``python -m lab predict`` reads a
    file. ``several`` shows the reading as a string (with boxes) even when it is one
    character.
    """
    from lab.core.errors import EmptyImageError

    start = perf_counter()
    try:
        result = predictor.read(gray)
        images = [c["image28"] for c in result["characters"]]
        kind = "text" if several or not result["single"] else "single"
    except EmptyImageError:
        result, images, kind = None, [], "empty"
    return {"kind": kind, "result": result, "images": images,
            "ms": (perf_counter() - start) * 1000.0}


class DrawWorker(QObject):
    """Predicts one drawing at a time in a BackgroundTask; ``submit`` returns False while a
    request is in flight (the caller keeps the newest drawing and submits it afterwards)."""

    done = pyqtSignal(int, object)
    failed = pyqtSignal(int, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._task = None

    @property
    def busy(self):
        return self._task is not None

    def submit(self, seq, predictor, gray, several=False):
        if self._task is not None:
            return False
        task = BackgroundTask(predict_drawing, predictor, gray, bool(several), parent=self)
        task.done.connect(lambda outcome, seq=seq: self.done.emit(seq, outcome))
        task.failed.connect(lambda text, seq=seq: self.failed.emit(seq, text))
        task.finished.connect(self._on_finished)
        self._task = task.start()
        return True

    def _on_finished(self):
        self._task = None

    def shutdown(self):
        """Wait for the prediction in progress (a few ms); nothing is delivered after this."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            task.wait()
