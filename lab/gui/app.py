"""Start the Digit Lab window: `python -m lab` → main()."""

import argparse
import os
import sys
import time

from PyQt5.QtCore import QEvent, QObject, QTimer
from PyQt5.QtWidgets import QApplication

from lab.gui.collector import GuiGarbageCollector
from lab.core.errors import LabError
from lab.gui.crash_guard import CrashGuard
from lab.gui.language import LANGUAGES, Language
from lab.gui.main_window import MainWindow, lab_models_dir
from lab.gui.session import LabSession
from lab.gui.theme import THEMES, Theme

BUNDLED_MODEL = "digits"


def process_start_time():
    """When this process started (seconds since the epoch), for time-to-window."""
    try:
        import psutil
        return psutil.Process().create_time()
    except Exception:  # noqa: BLE001 - without psutil, measure from `python -m lab`'s import
        launched = getattr(sys.modules.get("__main__"), "LAUNCHED_AT", time.perf_counter())
        return time.time() - (time.perf_counter() - launched)


class FirstPaint(QObject):
    """Calls ``callback`` once, just after the window's first paint has completed."""

    def __init__(self, window, callback):
        super().__init__(window)
        self.window, self.callback = window, callback
        window.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.window and event.type() == QEvent.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


class StartupProbe(QObject):
    """Prints "window shown after X.XX s" at the window's first paint (env LAB_STARTUP_PROBE)."""

    def __init__(self, window, started, exit_after=False):
        super().__init__(window)
        self.window, self.started, self.exit_after = window, started, exit_after
        window.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.window and event.type() == QEvent.Paint:
            self.window.removeEventFilter(self)
            self.tensorflow_before_paint = "tensorflow" in sys.modules
            QTimer.singleShot(0, self._report)  # after this paint has completed
        return False

    def _report(self):
        elapsed = time.time() - self.started
        tf = "yes" if self.tensorflow_before_paint else "no"
        print(f"window shown after {elapsed:.2f} s (tensorflow imported: {tf})", flush=True)  # at first paint
        if self.exit_after:
            self.window.close()


def load_bundled_models(session, folder=None):
    """List every saved model under models/ and load models/digits in the background."""
    folder = folder or lab_models_dir()
    if not folder.is_dir():
        return None
    for sub in sorted(p for p in folder.iterdir() if (p / "metadata.json").is_file()):
        if sub.name != BUNDLED_MODEL:
            session.add_model(sub.name, sub)  # a Path: loaded when someone picks it
    digits = folder / BUNDLED_MODEL
    if (digits / "metadata.json").is_file():
        return session.load_model(digits, name=BUNDLED_MODEL, make_current=session.model is None)
    return None


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m lab", description="Digit Lab window")
    parser.add_argument("--data-dir", help="folder holding mnist/ and notmnist/")
    parser.add_argument("--lang", choices=tuple(LANGUAGES),
                        help="interface language (default: View ▸ Language, else the system's)")
    parser.add_argument("--theme", choices=THEMES,
                        help="light, dark or the system's (default: View ▸ Theme, else light)")
    return parser.parse_known_args(argv)


def main(argv=None):
    """Open the lab window; returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    if argv and argv[0] == sys.argv[0]:
        argv = argv[1:]  # `python -m lab` passes sys.argv, program name included
    args, qt_args = parse_args(argv)
    # Without this, loading TensorFlow after a window is shown on X11 crashes in the GL glue.
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")
    app = QApplication.instance() or QApplication([sys.argv[0]] + qt_args)
    app.setApplicationName("Digit Lab")
    app.setOrganizationName("digit-lab")
    session = LabSession(data_dir=args.data_dir)
    theme = Theme(session.settings, parent=app)  # reads the system's palette before applying
    language = Language(session.settings, parent=app)
    try:
        theme.apply(theme.choose(args.theme))
        language.apply(language.choose(args.lang))
    except LabError as exc:  # a stored choice this version does not know, or no translation
        print(f"Digit Lab: {exc}; using English and the light theme", file=sys.stderr)
        theme.apply("light")
        language.apply("en")
    CrashGuard(parent=app).install()  # after pyqtgraph's import, which sets a hook of its own
    app.garbage_collector = GuiGarbageCollector()  # held by the app: its timer has no parent
    session.hold_until_painted()  # tabs shown at start-up import TensorFlow after the paint
    window = MainWindow(session, language=language, theme=theme)
    probe = os.environ.get("LAB_STARTUP_PROBE")
    if probe:
        window.startup_probe = StartupProbe(window, process_start_time(), exit_after=probe == "exit")
    # Loading a model imports TensorFlow: only once the window is on screen. The exit probe
    # leaves right after the first paint, with nothing to load (closing would wait for it).
    if probe != "exit":
        FirstPaint(window, lambda: (session.mark_painted(), load_bundled_models(session)))
    window.show()
    code = app.exec_()
    window.close()
    session.settings.sync()
    if "tensorflow" in sys.modules:
        # TensorFlow's and Qt's static destructors clash at interpreter exit ("free(): invalid
        # pointer", SIGABRT) once a QGraphicsView existed; everything is saved, so leave now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
