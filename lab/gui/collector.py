"""Garbage collection only on the GUI thread, between events, never inside a paint.

A collection that starts inside a paint (or on a worker thread) can free a widget or a QThread
Qt is still using: a native crash. pyqtgraph's GarbageCollector disables automatic collection
and collects from a GUI timer instead. Its pauses are kept short: the timer runs every 50 ms
so the young generations stay small while a training thread allocates (at 0.5 s a collection
took 50-190 ms, the benchmark's GUI stall), and the survivors of the first full collection
after TensorFlow's import (its ~300,000 long-lived objects) are frozen, so later full
collections walk only what is new.
"""

import gc
import sys

from pyqtgraph.util.garbage_collector import GarbageCollector

INTERVAL_S = 0.05


class GuiGarbageCollector(GarbageCollector):
    """Collects on a GUI timer; the first full collection once TensorFlow is loaded freezes
    what survives it (its import has long finished by then)."""

    def __init__(self, interval=INTERVAL_S):
        super().__init__(interval=interval)
        self.frozen = False

    def check(self):
        full = gc.get_count()[2] > self.threshold[2]
        super().check()
        if full and gc.get_count()[2] == 0 and not self.frozen and "tensorflow" in sys.modules:
            gc.freeze()  # the collection just made: TensorFlow's objects are what survived
            self.frozen = True

    def stop(self):
        """Back to Python's automatic collection (tests; a window keeps it for its life)."""
        self.timer.stop()
        gc.enable()
