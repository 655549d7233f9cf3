"""Live prediction off the GUI thread: one request in flight, the newest drawing wins."""

from time import perf_counter

from PyQt5.QtCore import QObject, QThread, pyqtSignal, pyqtSlot


def predict_drawing(predictor, gray, several=False):
    """Predict one drawing → {"kind": "empty"|"single"|"text", "result", "images", "ms"}.

    ``several`` forces reading a string; otherwise it is read as a string anyway when
    segmentation finds more than one character.
    """
    from lab.core.errors import EmptyImageError
    from lab.core.preprocess import segment, split_characters

    start = perf_counter()
    try:
        if several or len(segment(gray)) > 1:
            result = predictor.read_text(gray)
            chars = result.get("characters") or []
            if not chars:
                raise EmptyImageError("no characters found")
            images = [c["image28"] for c in chars if c.get("image28") is not None]
            if len(images) != len(chars):
                images = [image for _box, image in split_characters(gray)]
            kind = "text"
        else:
            result = predictor.predict_image(gray)
            images, kind = [result["image28"]], "single"
    except EmptyImageError:
        result, images, kind = None, [], "empty"
    return {"kind": kind, "result": result, "images": images,
            "ms": (perf_counter() - start) * 1000.0}


class _Runner(QObject):
    """Lives on the worker thread."""

    done = pyqtSignal(int, object)
    failed = pyqtSignal(int, str)

    @pyqtSlot(int, object, object, bool)
    def run(self, seq, predictor, gray, several):
        from lab.core.errors import LabError

        try:
            self.done.emit(seq, predict_drawing(predictor, gray, several))
        except LabError as exc:
            self.failed.emit(seq, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown as text, the pad keeps working
            self.failed.emit(seq, f"unexpected error: {type(exc).__name__}: {exc}")


class DrawWorker(QObject):
    """Owns the prediction thread. ``submit`` returns False while a request is in flight."""

    done = pyqtSignal(int, object)
    failed = pyqtSignal(int, str)
    _request = pyqtSignal(int, object, object, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._busy = False
        self._thread = QThread()
        self._thread.setObjectName("draw-prediction")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._request.connect(self._runner.run)
        self._runner.done.connect(self._on_done)
        self._runner.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def busy(self):
        return self._busy

    def submit(self, seq, predictor, gray, several=False):
        if self._busy or not self._thread.isRunning():
            return False
        self._busy = True
        self._request.emit(seq, predictor, gray, bool(several))
        return True

    def _on_done(self, seq, outcome):
        self._busy = False
        self.done.emit(seq, outcome)

    def _on_failed(self, seq, text):
        self._busy = False
        self.failed.emit(seq, text)

    def shutdown(self):
        """Stop the thread (waits for the prediction in progress, a few ms)."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
