"""Event-loop stall meter: a fast heartbeat timer that records the longest gap."""

import time

from PyQt5.QtCore import QObject, Qt, QTimer


class StallMeter(QObject):
    """Measures how long the GUI event loop stays blocked.

    A precise QTimer ticks every ``interval_ms``; a tick that arrives late means the
    event loop was busy. ``max_stall_ms`` is the worst lateness (gap minus interval),
    ``max_gap_ms`` the raw longest gap between two ticks.
    """

    def __init__(self, interval_ms=10, parent=None):
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = None
        self.max_gap_ms = 0.0
        self.ticks = 0
        self.gaps_over = {}  # threshold ms -> count of ticks later than that
        self.long_gaps = []
        self._started = None

    def start(self):
        """Reset the figures and start the heartbeat."""
        self.max_gap_ms = 0.0
        self.ticks = 0
        self.gaps_over = {25: 0, 50: 0, 100: 0}
        self.long_gaps = []  # (seconds since start, gap ms) of gaps over 50 ms of lateness
        self._last = self._started = time.perf_counter()
        self._timer.start()

    def stop(self):
        """Stop the heartbeat; the figures stay readable."""
        self._timer.stop()
        self._last = None

    @property
    def running(self):
        return self._timer.isActive()

    @property
    def max_stall_ms(self):
        return max(0.0, self.max_gap_ms - self.interval_ms)

    def _tick(self):
        now = time.perf_counter()
        if self._last is not None:
            gap = (now - self._last) * 1000.0
            self.max_gap_ms = max(self.max_gap_ms, gap)
            for threshold in self.gaps_over:
                if gap - self.interval_ms > threshold:
                    self.gaps_over[threshold] += 1
            if gap - self.interval_ms > 50 and len(self.long_gaps) < 1000:
                self.long_gaps.append((round(self._last - self._started, 2), round(gap, 1)))
        self._last = now
        self.ticks += 1
