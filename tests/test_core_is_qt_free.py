"""lab.core must never pull in Qt: importing all of it in a fresh interpreter proves it."""

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import lab.core
names = [m.name for m in pkgutil.iter_modules(lab.core.__path__, "lab.core.")]
for name in names:
    importlib.import_module(name)
print(len(names), sorted(m for m in ("PyQt5", "pyqtgraph") if m in sys.modules))
"""


def test_every_core_module_imports_without_qt():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    count, qt_modules = done.stdout.split(" ", 1)
    assert int(count) >= 10
    assert qt_modules.strip() == "[]"


def test_start_up_modules_do_not_import_tensorflow():
    """The window must appear before TensorFlow loads: these modules stay TF-free."""
    probe = ("import sys, lab.core.datasets, lab.core.idx, lab.core.preprocess, lab.gui.app; "
             "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
