"""A bug in a slot or a worker thread is shown, logged with its traceback, and survived."""

import subprocess
import sys
import textwrap
import threading

import pytest
from PyQt5.QtCore import QSettings
from PyQt5.QtWidgets import QApplication, QPushButton

from lab.core.errors import LabError
from lab.gui.crash_guard import CrashGuard
from lab.gui.main_window import MainWindow
from lab.gui.session import LabSession

pytestmark = pytest.mark.qt_no_exception_capture  # the guard under test is the hook


@pytest.fixture
def guard(tmp_path):
    guard = CrashGuard(log_path=tmp_path / "crash.log").install(native_crashes=False)
    yield guard
    guard.uninstall()
    if guard.dialog is not None:
        guard.dialog.close()


@pytest.fixture
def window(qtbot, tmp_path):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat))
    session.quiet = True
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    return window


def broken_slot():
    raise ZeroDivisionError("a bug in a slot")


def test_a_slot_that_raises_is_shown_logged_and_survived(qtbot, guard, window):
    button = QPushButton("Break", window)
    button.clicked.connect(broken_slot)
    button.show()
    button.click()
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible())
    assert window.isVisible()
    assert "ZeroDivisionError: a bug in a slot" in guard.last_message
    log = guard.log_path.read_text()
    assert "Traceback (most recent call last)" in log and "in broken_slot" in log
    assert "ZeroDivisionError: a bug in a slot" in guard.dialog.detailedText()
    # the window still works afterwards
    window.tabs.setCurrentIndex(2)
    assert window.tabs.currentIndex() == 2


def test_an_exception_in_a_worker_thread_is_shown_and_logged(qtbot, guard, window):
    def work():
        raise KeyError("lost in a thread")

    thread = threading.Thread(target=work, name="lab-test-worker")
    thread.start()
    thread.join(10)
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible())
    assert window.isVisible()
    assert "KeyError" in guard.last_message
    log = guard.log_path.read_text()
    assert "thread lab-test-worker" in log and "in work" in log


def test_lab_errors_keep_their_plain_message(qtbot, guard):
    def fail():
        raise LabError("the file is truncated: download it again")

    button = QPushButton("Load")
    qtbot.addWidget(button)
    button.clicked.connect(fail)
    button.click()
    qtbot.waitUntil(lambda: guard.dialog is not None)
    assert guard.last_message == "the file is truncated: download it again"


def test_copy_details_and_no_pile_of_boxes(qtbot, guard):
    button = QPushButton("Break")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.click()
    qtbot.waitUntil(lambda: guard.dialog is not None)
    first = guard.dialog
    button.click()
    button.click()
    qtbot.waitUntil(lambda: "2 more error(s)" in first.informativeText())
    assert guard.dialog is first
    copy = next(b for b in first.buttons() if b.text() == "Copy details")
    copy.click()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    assert first.isVisible()  # copying does not close the box
    first.close()
    qtbot.waitUntil(lambda: guard.dialog is None)
    assert guard.log_path.read_text().count("ZeroDivisionError: a bug in a slot") >= 3


def test_a_native_crash_leaves_its_stack_in_the_crash_log(tmp_path):
    log = tmp_path / "crash.log"
    script = textwrap.dedent(f"""
        import faulthandler, os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PyQt5.QtWidgets import QApplication
        app = QApplication([])
        from lab.gui.crash_guard import CrashGuard
        CrashGuard(log_path=Path({str(log)!r})).install()
        faulthandler._sigsegv()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    text = log.read_text()
    assert "Fatal Python error: Segmentation fault" in text and "line 9" in text
