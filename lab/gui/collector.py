"""Garbage collection only on the GUI thread, between events, never inside a paint.

A collection that starts inside a paint (or on a worker thread) can free a widget or a QThread
Qt is still using: a native crash. pyqtgraph's GarbageCollector disables automatic collection
and collects from a GUI timer instead. On top of it, once TensorFlow is loaded, the survivors
of one full collection (TensorFlow's ~300,000 long-lived objects) are frozen, so later full
collections skip them and stay short enough not to stall the window.
"""

import gc
import sys

from pyqtgraph.util.garbage_collector import GarbageCollector

INTERVAL_S = 0.5


class GuiGarbageCollector(GarbageCollector):
    """Collects on a GUI timer; freezes TensorFlow's objects once after it has been imported."""

    def __init__(self, interval=INTERVAL_S):
        super().__init__(interval=interval)
        self.frozen = False

    def check(self):
        super().check()
        if not self.frozen and "tensorflow" in sys.modules:
            self.freeze()

    def freeze(self):
        """A full collection, then the survivors move to the permanent generation."""
        gc.collect()
        gc.freeze()
        self.frozen = True

    def stop(self):
        """Back to Python's automatic collection (tests; a window keeps it for its life)."""
        self.timer.stop()
        gc.enable()
