"""Training progress in a terminal: one live progress bar per epoch, then a summary line."""

import math

from lab.core.reporter import Reporter

BAR_WIDTH = 28


def format_duration(seconds):
    seconds = max(0, int(round(seconds or 0)))
    return f"{seconds // 60}:{seconds % 60:02d}"


class TerminalReporter(Reporter):
    """Draws the bar in place on a terminal; prints only epoch summaries to a file or pipe."""

    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.epochs = 0
        self.steps = 0

    def started(self, info):
        self.epochs = info["epochs"]
        self.steps = info["steps_per_epoch"]
        self._line(f"training {info['architecture']} ({info['parameters']:,} parameters) on "
                   f"{info['train_samples']:,} images, {self.epochs} epoch(s)")

    def batch(self, report):
        if not self.live:
            return
        done = (report["step"] + 1) / max(1, self.steps)
        filled = int(BAR_WIDTH * done)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(
            f"\repoch {report['epoch'] + 1}/{self.epochs} [{bar}] {report['step'] + 1}/{self.steps}"
            f"  loss {report['loss']:.4f}  acc {report['accuracy']:.2%}"
            f"  {report['samples_per_second']:,.0f} img/s  ETA {format_duration(report['eta'])} ")
        self.stream.flush()

    def epoch(self, report):
        if self.live:
            self.stream.write("\r\033[K")
        test = f" | test acc {report['test_accuracy']:.2%}" if "test_accuracy" in report else ""
        validation = ("no validation" if math.isnan(report["val_accuracy"]) else
                      f"val loss {report['val_loss']:.4f} acc {report['val_accuracy']:.2%}")
        self._line(f"epoch {report['epoch'] + 1}/{self.epochs}: loss {report['loss']:.4f} "
                   f"acc {report['accuracy']:.2%} | {validation}{test} | "
                   f"{format_duration(report['elapsed'])} elapsed, "
                   f"{report['samples_per_second']:,.0f} img/s")

    def message(self, text):
        if self.live:
            self.stream.write("\r\033[K")
        self._line(text)

    def _line(self, text):
        self.stream.write(text + "\n")
        self.stream.flush()
