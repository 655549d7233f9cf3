"""Garbage collection only on the GUI thread, between events, never inside a paint.

A collection that starts inside a paint (or on a worker thread) can free a widget or a QThread
Qt is still using: a native crash. pyqtgraph's GarbageCollector disables automatic collection
and collects from a GUI timer instead. Its pauses are kept short: the timer runs every 50 ms
so the young generations stay small while a training thread allocates (at 0.5 s a collection
took 50-190 ms, the benchmark's GUI stall), and the survivors of each full collection are
frozen (TensorFlow's ~300,000 long-lived objects first), so the next full collection walks
only what is new.
"""

import gc
import sys

from pyqtgraph.util.garbage_collector import GarbageCollector

INTERVAL_S = 0.05


class GuiGarbageCollector(GarbageCollector):
    """Collects on a GUI timer; what survives a full collection is frozen."""

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
