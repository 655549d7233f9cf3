"""TrainProgress: progress bar, epoch/step, samples/s, elapsed, ETA, current lr."""

from PyQt5.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget


def format_seconds(seconds):
    """12.3 → '0:12', 3725 → '1:02:05'; None → '–'."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainProgress(QWidget):
    """Shows where the run is; ``update_batch`` is cheap enough for every report."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFormat("%p%")
        self.position = QLabel("–")
        self.speed = QLabel("–")
        self.elapsed = QLabel("–")
        self.eta = QLabel("–")
        self.lr = QLabel("–")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 0, 0, 1, 2)
        pairs = ((self.tr("Position:"), self.position), (self.tr("Speed:"), self.speed),
                 (self.tr("Elapsed:"), self.elapsed), (self.tr("ETA:"), self.eta),
                 (self.tr("Learning rate:"), self.lr))
        for row, (title, label) in enumerate(pairs, start=1):
            layout.addWidget(QLabel(title), row, 0)
            layout.addWidget(label, row, 1)
        layout.setColumnStretch(1, 1)
        self._epochs = 1
        self._steps = 1

    def begin(self, epochs, steps_per_epoch):
        self._epochs = max(1, int(epochs))
        self._steps = max(1, int(steps_per_epoch))
        self.bar.setValue(0)
        self.position.setText(self.tr("epoch {0}/{1}").format(1, self._epochs))
        for label in (self.speed, self.elapsed, self.eta, self.lr):
            label.setText("–")

    @property
    def fraction(self):
        return self.bar.value() / 1000.0

    def update_batch(self, report):
        total = self._epochs * self._steps
        step = int(report.get("global_step", 0))
        self.bar.setValue(int(1000 * min(1.0, step / total)))
        self.position.setText(self.tr("epoch {0}/{1}").format(int(report.get("epoch", 0)) + 1,
                                                               self._epochs) + " · " +
                              self.tr("step {0}/{1}").format(int(report.get("step", 0)) + 1,
                                                             self._steps))
        self._common(report)

    def update_epoch(self, report):
        self.bar.setValue(int(1000 * min(1.0, (int(report["epoch"]) + 1) / self._epochs)))
        self._common(report)

    def _common(self, report):
        sps = report.get("samples_per_second")
        if sps is not None:
            self.speed.setText(self.tr("{0} samples/s").format(f"{sps:,.0f}"))
        self.elapsed.setText(format_seconds(report.get("elapsed")))
        self.eta.setText(format_seconds(report.get("eta")))
        lr = report.get("learning_rate")
        if lr is not None:
            self.lr.setText(f"{lr:.6g}")

    def finish(self, completed):
        if completed:
            self.bar.setValue(1000)
        self.eta.setText("–")
