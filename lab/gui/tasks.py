"""Run a plain function off the GUI thread and report back through Qt signals."""

import sys
import traceback

from PyQt5.QtCore import QCoreApplication, QObject, QThread, pyqtSignal, pyqtSlot

from lab.core.errors import LabError
from lab.gui.crash_guard import append_to_crash_log


class TaskCancelled(Exception):
    """Raised inside the function at its next progress call after cancel()."""


QUIT_WAIT_MS = 15000  # at application quit, how long a cancelled task may take to return


class _Runner(QThread):
    """The thread that calls the task's function once; a child of its task."""

    def __init__(self, task):
        super().__init__(task)
        self._task = task

    def run(self):
        self._task._run()


class BackgroundTask(QObject):
    """Call ``fn(*args, **kwargs)`` on a QThread.

    Signals arrive on the thread that owns the task (normally the GUI thread):
    ``progress(fraction, message)``, then exactly one of ``done(result)`` / ``failed(text)``,
    then ``finished()``; after cancel() only ``finished()`` (not even a progress report the
    thread sent just before). A LabError's message is passed as is; any other exception becomes
    "unexpected error: …". With ``progress_kwarg="progress"`` the function receives a
    ``progress(fraction, message)`` callable under that keyword; it also raises TaskCancelled
    after cancel(), which is how a long core call is interrupted cleanly; ``on_cancel`` (called
    on cancel) is for functions that listen to something else, e.g. a training stop event.

    Qt owns the lifetime: while it runs, the task (and its thread, a child) belongs to the
    application; a task whose owner is destroyed is cancelled, and at application quit every
    running task is cancelled and waited for, so no running QThread is ever destroyed.
    """

    progress = pyqtSignal(float, str)
    _reported = pyqtSignal(float, str)  # from the worker thread, queued to the owner's
    done = pyqtSignal(object)
    failed = pyqtSignal(str)
    finished = pyqtSignal()

    def __init__(self, fn, *args, progress_kwarg=None, on_cancel=None, parent=None, **kwargs):
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, dict(kwargs)
        self._progress_kwarg = progress_kwarg
        self._on_cancel = on_cancel
        self._cancelled = False
        self._last_percent = None
        self._thread = None
        self._outcome = None
        self._delivered = False
        self._reported.connect(self._forward_progress)

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
        app = QCoreApplication.instance()
        self.setParent(app)
        app.aboutToQuit.connect(self._quit)
        self._thread = _Runner(self)
        self._thread.finished.connect(self._deliver)
        self._thread.start()
        return self

    @property
    def running(self):
        """True from start() until the outcome is delivered on the owner's thread: the function
        may already have returned, but its done/failed has not been emitted yet."""
        return self._thread is not None and not self._delivered

    @property
    def cancelled(self):
        return self._cancelled

    @property
    def finished_running(self):
        """True once the function has returned and the thread has ended."""
        return self._thread is not None and self._thread.isFinished()

    def cancel(self):
        """Ask the function to stop at its next progress call; no done/failed is emitted."""
        self._cancelled = True
        if self._on_cancel is not None:
            self._on_cancel()

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
            self._reported.emit(float(fraction), str(message))

    @pyqtSlot(float, str)
    def _forward_progress(self, fraction, message):
        """On the owner's thread: a report still queued when cancel() was called would
        overwrite what the view says about the cancel ("Cancelled: …" → "loading data …")."""
        if not self._cancelled:
            self.progress.emit(fraction, message)

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
            append_to_crash_log(traceback.format_exc())  # a bug: keep its traceback
            self._outcome = ("failed", self.tr("unexpected error: {0}").format(
                f"{type(exc).__name__}: {exc}"))

    def _deliver(self):
        """Runs on the owner's thread once the worker thread has finished."""
        self._delivered = True
        kind, value = self._outcome or ("failed", self.tr("unexpected error: the task did not run"))
        if not self._cancelled:
            if kind == "done":
                self.done.emit(value)
            elif kind == "failed":
                self.failed.emit(value)
        self.finished.emit()
        self._thread.wait()   # `finished` comes just before the thread has quite ended
        QCoreApplication.instance().aboutToQuit.disconnect(self._quit)
        self.setParent(None)  # released: Python's references alone decide from here

    def _quit(self):
        """Application quit: stop the function and wait for its thread to end."""
        if self.running:
            self.cancel()
            if not self.wait(QUIT_WAIT_MS):
                print(f"digit-lab: a background task ({getattr(self._fn, '__name__', 'task')}) "
                      f"did not stop within {QUIT_WAIT_MS // 1000} s of quitting",
                      file=sys.stderr)


class LatestOnly(QObject):
    """One BackgroundTask at a time for a view; a request made meanwhile replaces any waiting
    one, so a view that is asked quickly (a class picked, then another) computes only the last.

    ``submit(fn, *args, on_done=callable, on_cancel=None)``; failures are emitted as
    ``failed(text)``.
    """

    failed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._task = None
        self._waiting = None

    @property
    def busy(self):
        return self._task is not None or self._waiting is not None

    def submit(self, fn, *args, on_done, on_cancel=None):
        self._waiting = (fn, args, on_done, on_cancel)
        if self._task is None:
            self._next()

    def cancel(self):
        """Drop a waiting request and stop delivering the running one (e.g. the view cleared)."""
        self._waiting = None
        if self._task is not None:
            self._task.cancel()

    def wait(self, msecs=None):
        return self._task.wait(msecs) if self._task is not None else True

    def _next(self):
        fn, args, on_done, on_cancel = self._waiting
        self._waiting = None
        task = BackgroundTask(fn, *args, on_cancel=on_cancel, parent=self)
        task.done.connect(on_done)
        task.failed.connect(self.failed)
        task.finished.connect(self._finished)
        self._task = task.start()

    def _finished(self):
        self._task = None
        if self._waiting is not None:
            self._next()
