"""The Keras callbacks of one training run, one job each, sharing a TrainingState.

LearningRateSchedule sets the optimizer's rate before each batch; DivergenceGuard stops on a
non-finite loss; ProgressReport times the run and tells the Reporter; KeepBest remembers the
weights to keep; ObeyControl applies stop, pause and learning-rate requests; EpochCommit hands
each finished epoch to a checkpoint writer. train() puts them in that order: Keras calls each
hook in list order, so a batch is counted, checked, reported and only then paused.
"""

import enum
import math
import time
from dataclasses import dataclass, field

from lab.core.tensorflow_setup import import_tensorflow

import_tensorflow()
import keras
import numpy as np

WARMUP_FRACTION = 0.2   # one-cycle: linear warm-up over the first 20% of steps, cosine after
FINAL_LR_FRACTION = 0.02


class StopReason(enum.StrEnum):
    """Why fit ended; TrainingResult.stop_detail says more (e.g. where the loss diverged)."""

    COMPLETED = "completed"
    STOPPED = "stopped by user"
    DIVERGED = "loss diverged"


class Stopwatch:
    """Active training time: stopped while paused and while the test split is evaluated."""

    def __init__(self, elapsed=0.0):
        self._elapsed, self._since = float(elapsed), None

    def start(self):
        if self._since is None:
            self._since = time.perf_counter()

    def stop(self):
        if self._since is not None:
            self._elapsed += time.perf_counter() - self._since
            self._since = None

    @property
    def elapsed(self):
        running = 0.0 if self._since is None else time.perf_counter() - self._since
        return self._elapsed + running


@dataclass
class TrainingState:
    """Where a run stands; a checkpoint stores all of it (best_weights as arrays)."""

    base_lr: float
    epochs_done: int = 0
    global_step: int = 0
    lr: float | None = None
    stop_reason: StopReason = StopReason.COMPLETED
    stop_detail: str = ""
    history: dict = field(default_factory=dict)
    best_epoch: int = -1
    best_accuracy: float = float("nan")
    top_accuracy: float = -math.inf   # the highest validation accuracy so far
    best_weights: list | None = None
    clock: Stopwatch = field(default_factory=Stopwatch)

    @property
    def healthy(self):
        return self.stop_reason is not StopReason.DIVERGED

    def to_json(self):
        """Everything but the arrays, as plain JSON values (NaN and inf become None)."""
        def plain(value):
            return None if isinstance(value, float) and not math.isfinite(value) else value
        return {"base_lr": self.base_lr, "epochs_done": self.epochs_done,
                "global_step": self.global_step, "lr": self.lr,
                "stop_reason": str(self.stop_reason), "stop_detail": self.stop_detail,
                "history": {k: [plain(v) for v in values] for k, values in self.history.items()},
                "best_epoch": self.best_epoch, "best_accuracy": plain(self.best_accuracy),
                "top_accuracy": plain(self.top_accuracy), "train_time": self.clock.elapsed}

    @classmethod
    def from_json(cls, data, best_weights=None):
        def number(value, missing):
            return missing if value is None else float(value)
        return cls(base_lr=float(data["base_lr"]), epochs_done=int(data["epochs_done"]),
                   global_step=int(data["global_step"]), lr=data.get("lr"),
                   history={k: [number(v, math.nan) for v in values]
                            for k, values in data["history"].items()},
                   best_epoch=int(data["best_epoch"]),
                   best_accuracy=number(data["best_accuracy"], math.nan),
                   top_accuracy=number(data["top_accuracy"], -math.inf),
                   best_weights=best_weights, clock=Stopwatch(data["train_time"]))


class LearningRateSchedule(keras.callbacks.Callback):
    """Constant, or one-cycle (warm-up then cosine) scaled by the current peak rate."""

    def __init__(self, config, state, steps_per_epoch):
        super().__init__()
        self.one_cycle = config.lr_schedule == "one-cycle"
        self.state = state
        self.total_steps = steps_per_epoch * config.epochs

    def factor(self, step):
        if not self.one_cycle:
            return 1.0
        warm = max(1, int(self.total_steps * WARMUP_FRACTION))
        if step < warm:
            return 0.1 + 0.9 * step / warm
        progress = min(1.0, (step - warm) / max(1, self.total_steps - warm))
        cosine = 0.5 * (1 + math.cos(math.pi * progress))
        return FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * cosine

    def set_peak(self, lr):
        """A new peak rate, applied at once (the schedule keeps its shape)."""
        self.state.base_lr = lr
        self.apply()

    def apply(self):
        lr = self.state.base_lr * self.factor(self.state.global_step)
        if lr != self.state.lr:
            self.model.optimizer.learning_rate = lr
            self.state.lr = lr

    def on_train_batch_begin(self, batch, logs=None):
        self.apply()

    def on_train_batch_end(self, batch, logs=None):
        self.state.global_step += 1


class DivergenceGuard(keras.callbacks.Callback):
    """Stops the run when the loss becomes NaN or infinite; the kept weights stay."""

    def __init__(self, state, reporter):
        super().__init__()
        self.state, self.reporter = state, reporter
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        loss = float((logs or {}).get("loss", 0.0))
        if math.isfinite(loss) or not self.state.healthy:
            return
        kind = "NaN" if math.isnan(loss) else "infinite"
        self.state.stop_reason = StopReason.DIVERGED
        self.state.stop_detail = (f"loss became {kind} at epoch {self._epoch + 1}, batch "
                                  f"{batch + 1}: lower the learning rate")
        self.reporter.message(f"stopped: {self.state.stop_detail}; the best weights are kept")
        self.model.stop_training = True


class ProgressReport(keras.callbacks.Callback):
    """Times the run, keeps the history and sends batch and epoch reports to the Reporter."""

    def __init__(self, config, state, reporter, steps_per_epoch, test_split=None):
        super().__init__()
        self.config, self.state, self.reporter = config, state, reporter
        self.steps, self.test = steps_per_epoch, test_split
        self.total_steps = steps_per_epoch * config.epochs
        self._epoch = 0
        self._reported = (0, 0.0, 0.0)

    def on_train_begin(self, logs=None):
        self.state.clock.start()

    def on_train_end(self, logs=None):
        self.state.clock.stop()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._reported = (0, 0.0, 0.0)  # batches, loss sum and accuracy sum at the last report
        self.state.clock.start()

    def _report_every(self):
        wanted = self.config.reports_per_epoch
        return max(1, self.steps // wanted) if wanted else self.config.report_every

    def on_train_batch_end(self, batch, logs=None):
        if not self.state.healthy:
            return
        if batch % self._report_every() and batch != self.steps - 1:
            return
        logs = logs or {}
        state = self.state
        elapsed = state.clock.elapsed
        rate = state.global_step / max(elapsed, 1e-9)
        loss = float(logs.get("loss", 0.0))
        accuracy = float(logs.get("accuracy", float("nan")))
        self.reporter.batch({
            "epoch": self._epoch, "step": batch, "global_step": state.global_step,
            **self._since_last_report(batch, loss, accuracy),
            "samples_per_second": rate * self.config.batch_size, "elapsed": elapsed,
            "eta": (self.total_steps - state.global_step) / max(rate, 1e-9),
            "learning_rate": state.lr})

    def _since_last_report(self, batch, loss, accuracy):
        """Keras logs running means over the epoch; the plots want the batches since the
        last report, so recover their mean from the running sums."""
        sums = ((batch + 1) * loss, (batch + 1) * accuracy)
        count = batch + 1 - self._reported[0]
        window = [(now - before) / count for now, before in zip(sums, self._reported[1:])]
        self._reported = (batch + 1, *sums)
        return {"loss": window[0], "accuracy": window[1],
                "running_loss": loss, "running_accuracy": accuracy}

    def on_epoch_end(self, epoch, logs=None):
        state = self.state
        state.clock.stop()   # the test evaluation and the reporting are not training time
        logs = logs or {}
        train_time = state.clock.elapsed
        report = {"epoch": epoch, "global_step": state.global_step, "learning_rate": state.lr,
                  "elapsed": train_time, "train_time": train_time,
                  "samples_per_second": state.global_step * self.config.batch_size
                  / max(train_time, 1e-9),
                  "eta": train_time / max(state.global_step, 1)
                  * (self.total_steps - state.global_step)}
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            report[key] = float(logs.get(key, float("nan")))
        if self.test is not None:
            report["test_accuracy"] = self._test_accuracy() if state.healthy else float("nan")
        for key, value in report.items():
            if key not in ("epoch", "eta", "elapsed"):
                state.history.setdefault(key, []).append(value)
        state.epochs_done = epoch + 1
        self.reporter.epoch(report)

    def _test_accuracy(self):
        correct = 0
        for start in range(0, len(self.test), 1000):
            x = self.test.images[start:start + 1000].astype("float32")[..., None]
            probabilities = self.model(x, training=False)
            predicted = np.argmax(keras.ops.convert_to_numpy(probabilities), axis=1)
            correct += int(np.sum(predicted == self.test.labels[start:start + 1000]))
        return correct / len(self.test)


class KeepBest(keras.callbacks.Callback):
    """Remembers the weights of the epoch to keep (see worth_keeping)."""

    def __init__(self, state, validation_size):
        super().__init__()
        self.state, self.validation_size = state, validation_size

    def on_train_begin(self, logs=None):
        if self.state.best_weights is None:
            self.state.best_weights = self.model.get_weights()   # if the first epoch fails

    def on_epoch_end(self, epoch, logs=None):
        accuracy = float((logs or {}).get("val_accuracy", float("nan")))
        if self.state.healthy and self.worth_keeping(accuracy):
            self.state.best_epoch, self.state.best_accuracy = epoch, accuracy
            self.state.best_weights = self.model.get_weights()

    def worth_keeping(self, accuracy):
        """The one-standard-error rule: keep the latest epoch whose validation accuracy is
        within one standard error of the best. Smaller differences are the noise of the
        validation sample, and later epochs have trained longer at a lower learning rate.
        Without a validation split, the latest healthy epoch is kept."""
        if math.isnan(accuracy):
            return True
        self.state.top_accuracy = max(self.state.top_accuracy, accuracy)
        top = self.state.top_accuracy
        return accuracy >= top - math.sqrt(top * (1 - top) / max(1, self.validation_size))

    def restore(self):
        if self.state.best_weights is not None:
            self.model.set_weights(self.state.best_weights)


class ObeyControl(keras.callbacks.Callback):
    """Applies the TrainingControl's requests: a new learning rate, pause, stop."""

    def __init__(self, control, state, reporter, schedule):
        super().__init__()
        self.control, self.state, self.reporter = control, state, reporter
        self.schedule = schedule

    def on_train_batch_begin(self, batch, logs=None):
        requested = self.control.take_learning_rate()
        if requested is not None:
            self.schedule.set_peak(requested)
            self.reporter.message(f"learning rate set to {requested:g}")

    def on_train_batch_end(self, batch, logs=None):
        if not self.state.healthy:
            return
        control = self.control
        if control.paused and not control.stopped:
            self.state.clock.stop()
            self.reporter.message("paused")
            while control.paused and not control.stopped:
                control.stop_event.wait(0.05)
            if not control.stopped:
                self.reporter.message("resumed")
            self.state.clock.start()
        if control.stopped and not self.model.stop_training:
            self.state.stop_reason = StopReason.STOPPED
            self.reporter.message("stopped by user")
            self.model.stop_training = True


class EpochCommit(keras.callbacks.Callback):
    """Calls commit(model, state) after each epoch, once the kept weights are decided."""

    def __init__(self, state, commit):
        super().__init__()
        self.state, self.commit = state, commit

    def on_epoch_end(self, epoch, logs=None):
        self.commit(self.model, self.state)
