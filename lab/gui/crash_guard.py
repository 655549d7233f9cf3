"""A bug never kills the window: every uncaught exception is shown, logged and survived.

``CrashGuard.install()`` replaces ``sys.excepthook`` (exceptions escaping Qt slots and virtual
methods, on any thread) and ``threading.excepthook`` (Python threads), and points
``faulthandler`` at the same crash log, so a native crash leaves its stack there too.
"""

import faulthandler
import os
import sys
import threading
import traceback
from datetime import datetime

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtWidgets import QApplication, QMessageBox, QPushButton

import lab
from lab.core.datasets import user_data_dir
from lab.core.errors import LabError

CRASH_LOG_NAME = "crash.log"


def crash_log_path():
    """Where tracebacks and native crash stacks are appended (the per-user data folder)."""
    return user_data_dir() / CRASH_LOG_NAME


def append_to_crash_log(details, thread_name=None, log_path=None):
    """Append one traceback entry to the crash log; a log that cannot be written is said on
    stderr, never raised (this runs while handling another error)."""
    path = log_path or crash_log_path()
    stamp = datetime.now().isoformat(timespec="seconds")
    thread_name = thread_name or threading.current_thread().name
    entry = (f"--- {stamp}  Digit Lab {lab.__version__}  pid {os.getpid()}  "
             f"thread {thread_name}\n{details}\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(entry)
    except OSError as exc:
        print(f"digit-lab: cannot write the crash log {path}: {exc}", file=sys.stderr)


class CrashGuard(QObject):
    """Shows an uncaught exception to the person, appends its traceback to the crash log.

    ``reported(message, details)`` is emitted for every exception, from whatever thread it
    happened on; Qt queues it to the GUI thread, where the message box is shown. While a box
    is open, further errors are counted in it instead of stacking new boxes.
    """

    reported = pyqtSignal(str, str)

    def __init__(self, log_path=None, parent=None):
        super().__init__(parent if parent is not None else QApplication.instance())
        self.log_path = log_path or crash_log_path()
        self.last_message = None
        self.dialog = None
        self._repeats = 0
        self._previous = None
        self._fault_file = None
        self._lock = threading.Lock()
        self.reported.connect(self._show)

    def install(self, native_crashes=True):
        """Take over the exception hooks and (``native_crashes``) faulthandler; returns self."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        if not native_crashes:
            return self
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._fault_file = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(file=self._fault_file, all_threads=True)
        except OSError as exc:
            print(f"digit-lab: cannot open the crash log {self.log_path}: {exc}", file=sys.stderr)
        return self

    def uninstall(self):
        """Give the hooks back (tests; the window keeps its guard for its whole life)."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def handle(self, kind, value, tb, thread_name=None):
        """The hook itself: log, then tell the person (safe to call from any thread)."""
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        thread_name = thread_name or threading.current_thread().name
        details = "".join(traceback.format_exception(kind, value, tb))
        self._append(thread_name, details)
        if isinstance(value, LabError):
            message = str(value)
        else:
            message = self.tr("Something went wrong ({error}). The window keeps running; the "
                              "details were added to {log}.").format(
                error=f"{kind.__name__}: {value}", log=self.log_path)
        print(details, file=sys.stderr, end="")
        self.reported.emit(message, details)

    def _handle_thread(self, args):
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _append(self, thread_name, details):
        with self._lock:
            append_to_crash_log(details, thread_name, self.log_path)

    def _show(self, message, details):
        """GUI thread: one non-modal box with the message and a Copy details button."""
        self.last_message = message
        if self.dialog is not None:
            self._repeats += 1
            self.dialog.setInformativeText(
                self.tr("{count} more error(s) since; all are in {log}.").format(
                    count=self._repeats, log=self.log_path))
            return
        self._repeats = 0
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Warning, "Digit Lab", message, QMessageBox.Close, parent)
        box.setDetailedText(details)
        copy = QPushButton(self.tr("Copy details"))
        box.addButton(copy, QMessageBox.ActionRole)
        copy.clicked.disconnect()  # an action-role button would close the box
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        box.setModal(False)
        box.finished.connect(self._closed)
        self.dialog = box
        box.show()

    def _closed(self):
        box, self.dialog = self.dialog, None
        if box is not None:
            box.deleteLater()
