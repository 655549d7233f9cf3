"""Run a plain function off the GUI thread and report back through Qt signals."""

from PyQt5.QtCore import QCoreApplication, QObject, QThread, pyqtSignal

from lab.core.errors import LabError


class TaskCancelled(Exception):
    """Raised inside the function at its next progress call after cancel()."""


class _Runner(QThread):
    """The thread that calls the task's function once."""

    def __init__(self, task):
        super().__init__()
        self._task = task

    def run(self):
        self._task._run()


class BackgroundTask(QObject):
    """Call ``fn(*args, **kwargs)`` on a QThread.

    Signals arrive on the thread that owns the task (normally the GUI thread):
    ``progress(fraction, message)``, then exactly one of ``done(result)`` / ``failed(text)``,
    then ``finished()``. A LabError's message is passed as is; any other exception becomes
    "unexpected error: …". With ``progress_kwarg="progress"`` the function receives a
    ``progress(fraction, message)`` callable under that keyword; it also raises TaskCancelled
    after cancel(), which is how a long core call is interrupted cleanly.
    """

    progress = pyqtSignal(float, str)
    done = pyqtSignal(object)
    failed = pyqtSignal(str)
    finished = pyqtSignal()

    def __init__(self, fn, *args, progress_kwarg=None, parent=None, **kwargs):
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, dict(kwargs)
        self._progress_kwarg = progress_kwarg
        self._cancelled = False
        self._last_percent = None
        self._thread = None
        self._outcome = None

    def start(self):
        """Start the thread; returns self so `BackgroundTask(...).start()` reads naturally."""
        if self._thread is not None:
            raise RuntimeError("a BackgroundTask runs only once")
        owner = self.parent()
        if owner is not None:
            # Deleting a running task with its owner would leave the thread signalling a dead
            # object (a crash). Detach instead, and deliver nothing once the owner is gone.
            owner.destroyed.connect(self.cancel)
        # The application holds the task (and so its thread) until it has delivered: a caller
        # may drop its reference, and a reference cycle would not do, since Python's garbage
        # collector frees unreachable cycles, and Qt aborts when a running QThread is destroyed.
        self.setParent(QCoreApplication.instance())
        self._thread = _Runner(self)
        self._thread.finished.connect(self._deliver)
        self._thread.start()
        return self

    @property
    def running(self):
        return self._thread is not None and self._outcome is None

    @property
    def cancelled(self):
        return self._cancelled

    def cancel(self):
        """Ask the function to stop at its next progress call; no done/failed is emitted."""
        self._cancelled = True

    def wait(self, msecs=None):
        """Block until the thread ended (True) or msecs passed (False)."""
        if self._thread is None:
            return True
        return self._thread.wait() if msecs is None else self._thread.wait(int(msecs))

    def report(self, fraction, message=""):
        """Thread-safe progress: emits only when the whole percent changes or the text does."""
        if self._cancelled:
            raise TaskCancelled()
        key = (int(float(fraction) * 100), message)
        if key != self._last_percent:
            self._last_percent = key
            self.progress.emit(float(fraction), str(message))

    def _run(self):
        kwargs = dict(self._kwargs)
        if self._progress_kwarg:
            kwargs[self._progress_kwarg] = self.report
        try:
            self._outcome = ("done", self._fn(*self._args, **kwargs))
        except TaskCancelled:
            self._outcome = ("cancelled", None)
        except LabError as exc:
            self._outcome = ("failed", str(exc))
        except Exception as exc:  # noqa: BLE001 - a person sees the text, never a traceback
            self._outcome = ("failed", f"unexpected error: {type(exc).__name__}: {exc}")

    def _deliver(self):
        """Runs on the owner's thread once the worker thread has finished."""
        kind, value = self._outcome or ("failed", "unexpected error: the task did not run")
        if not self._cancelled:
            if kind == "done":
                self.done.emit(value)
            elif kind == "failed":
                self.failed.emit(value)
        self.finished.emit()
        self._thread.wait()   # `finished` comes just before the thread has quite ended
        self.setParent(None)  # released: Python's references alone decide from here
