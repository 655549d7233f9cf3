"""train(): Keras fit plus one callback that reports progress and obeys pause/stop/lr changes.

The reporter and control objects know nothing about Qt: the GUI worker, the CLI and the tests
pass their own Reporter subclass and set TrainingControl events from any thread.
"""

import math
import threading
import time
from dataclasses import asdict, dataclass, field, replace

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras
import numpy as np

from lab.core.architectures import LR_SCHEDULES, OPTIMIZERS, build_model, get_architecture
from lab.core.augmentation import POLICIES, augmentation, default_policy
from lab.core.errors import LabError, TrainingError

WARMUP_FRACTION = 0.2   # one-cycle: linear warm-up over the first 20% of steps, cosine after
FINAL_LR_FRACTION = 0.02


@dataclass
class TrainingConfig:
    """What to train and how; None fields take the architecture's default (see resolved())."""

    architecture: str = "fast"
    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    optimizer: str | None = None
    dropout: float | None = None
    augment: bool | None = None
    seed: int | None = None
    report_every: int = 20
    max_train_samples: int | None = None
    lr_schedule: str | None = None   # "constant" | "one-cycle" (fast's default)
    # Also train on the validation split: for the final model once a recipe has been chosen
    # on validation. Nothing is held out then, so the last healthy epoch is kept.
    include_validation: bool = False
    augmentation: str | None = None   # "move" | "glyph"; None: the dataset's own policy
    # Handwriting-like images per class mixed into the training split only (0: none);
    # see lab.core.handwriting_data.
    handwriting: int = 0

    def resolved(self):
        """A validated copy with every None default filled in from the architecture."""
        try:
            arch = get_architecture(self.architecture)
        except LabError as exc:
            raise TrainingError(str(exc)) from None
        filled = {k: arch.defaults.get(k) if getattr(self, k) is None else getattr(self, k)
                  for k in ("epochs", "batch_size", "learning_rate", "optimizer", "dropout",
                            "augment", "lr_schedule")}
        config = replace(self, **filled)
        config._validate()
        return config

    def to_dict(self):
        return asdict(self)

    def augmentation_policy(self, dataset_name):
        """The distortions a training batch of `dataset_name` gets: None without augment,
        else the named policy or the dataset's own."""
        if not self.augment:
            return None
        return self.augmentation or default_policy(dataset_name)

    def _validate(self):
        def positive_int(name, value, allow_none=False):
            if value is None and allow_none:
                return
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise TrainingError(f"{name} must be a whole number ≥ 1, got {value!r}")
        positive_int("epochs", self.epochs)
        positive_int("batch size", self.batch_size)
        positive_int("report_every", self.report_every)
        positive_int("max_train_samples", self.max_train_samples, allow_none=True)
        if isinstance(self.handwriting, bool) \
                or not isinstance(self.handwriting, (int, np.integer)) or self.handwriting < 0:
            raise TrainingError(f"handwriting must be a whole number ≥ 0 (images per class), "
                                f"got {self.handwriting!r}")
        _check_learning_rate(self.learning_rate)
        if self.optimizer not in OPTIMIZERS:
            raise TrainingError(f"unknown optimizer {self.optimizer!r}: choose one of "
                                f"{', '.join(OPTIMIZERS)}")
        if self.lr_schedule not in LR_SCHEDULES:
            raise TrainingError(f"unknown learning-rate schedule {self.lr_schedule!r}: "
                                f"choose one of {', '.join(LR_SCHEDULES)}")
        if self.augmentation is not None and self.augmentation not in POLICIES:
            raise TrainingError(f"unknown augmentation {self.augmentation!r}: choose one of "
                                f"{', '.join(POLICIES)}")
        if self.dropout is not None and not 0 <= self.dropout < 1:
            raise TrainingError(f"dropout must be in [0, 1), got {self.dropout!r}")


def _check_learning_rate(lr):
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr < math.inf:
        raise TrainingError(f"learning rate must be a number > 0, got {lr!r}")


class TrainingControl:
    """Stop, pause and learning-rate requests, safe to set from any thread."""

    def __init__(self):
        self.stop_event = threading.Event()
        self.pause_event = threading.Event()
        self._lock = threading.Lock()
        self._learning_rate = None

    def stop(self):
        self.stop_event.set()

    def pause(self):
        self.pause_event.set()

    def resume(self):
        self.pause_event.clear()

    def set_learning_rate(self, lr):
        """Request a new (peak) learning rate; applied before the next batch."""
        _check_learning_rate(lr)
        with self._lock:
            self._learning_rate = float(lr)

    def take_learning_rate(self):
        """The pending learning-rate request (cleared), or None."""
        with self._lock:
            lr, self._learning_rate = self._learning_rate, None
        return lr

    @property
    def paused(self):
        return self.pause_event.is_set()

    @property
    def stopped(self):
        return self.stop_event.is_set()


class Reporter:
    """Receives progress; subclass and override what you need (all methods are no-ops)."""

    def started(self, info):
        pass

    def batch(self, report):
        pass

    def epoch(self, report):
        pass

    def finished(self, result):
        pass

    def message(self, text):
        pass


@dataclass
class TrainingResult:
    """The trained model (the kept epoch's weights restored) and what happened.

    best_epoch is the kept epoch: the latest within one standard error of the best
    validation accuracy (see _LabCallback._worth_keeping); best_val_accuracy is its own.
    """

    model: object
    history: dict = field(default_factory=dict)
    stop_reason: str = "completed"
    best_epoch: int = -1
    best_val_accuracy: float = float("nan")
    wall_time: float = 0.0
    config: TrainingConfig | None = None
    members: tuple = ()   # an ensemble's members (lab.core.ensemble): seed, kept epoch, …


def train(dataset, config, reporter=None, control=None, model=None, test_each_epoch=False):
    """Train on dataset.train, validate on dataset.validation; see the module docstring.

    wall_time counts training and validation only: paused time and the test evaluation of
    test_each_epoch are left out, so time-to-accuracy figures compare fairly.
    """
    config = config.resolved()
    reporter = reporter or Reporter()
    control = control or TrainingControl()
    if config.seed is not None:
        keras.utils.set_random_seed(int(config.seed))
    train_split, validation = dataset.train, dataset.validation
    if config.include_validation:
        train_split, validation = _joined(train_split, validation), _head(validation, 0)
    if config.max_train_samples is not None:
        train_split = _head(train_split, config.max_train_samples)
    if config.handwriting:
        from lab.core.handwriting_data import with_handwriting
        train_split = with_handwriting(train_split, dataset, config.handwriting, config.seed,
                                       reporter)
    if len(train_split) == 0:
        raise TrainingError("the training split is empty: load a dataset with training images")
    if model is None:
        model = build_model(config.architecture, dataset.num_classes, dropout=config.dropout)
    elif model.output_shape[-1] != dataset.num_classes:
        raise TrainingError(f"the model predicts {model.output_shape[-1]} classes but "
                            f"{dataset.title} has {dataset.num_classes}: train a new model")
    model.compile(optimizer=_optimizer(config), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    train_ds = _pipeline(train_split, config, shuffle=True, dataset_name=dataset.name)
    val_ds = _pipeline(validation, config) if len(validation) else None
    steps = math.ceil(len(train_split) / config.batch_size)
    test = dataset.test if test_each_epoch and len(dataset.test) else None
    callback = _LabCallback(config, reporter, control, steps, len(validation), test)
    reporter.started({"architecture": config.architecture, "config": config.to_dict(),
                      "epochs": config.epochs, "steps_per_epoch": steps,
                      "train_samples": len(train_split), "parameters": model.count_params()})
    try:
        model.fit(train_ds, validation_data=val_ds, epochs=config.epochs, verbose=0, shuffle=False,
                  callbacks=[callback])
    except (ValueError, TypeError, MemoryError, tf.errors.OpError) as exc:
        raise TrainingError(f"training failed: {str(exc).splitlines()[0][:300]} — "
                            f"check the batch size and other settings") from exc
    callback.restore_best()
    result = TrainingResult(model, callback.history, callback.stop_reason, callback.best_epoch,
                            callback.best_accuracy, callback.train_time, config)
    reporter.finished(result)
    return result


def _head(split, n):
    return type(split)(split.images[:n], split.labels[:n], split.name)


def _joined(train_split, validation):
    return type(train_split)(np.concatenate([train_split.images, validation.images]),
                             np.concatenate([train_split.labels, validation.labels]),
                             train_split.name)


def _optimizer(config):
    cls = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD,
           "rmsprop": keras.optimizers.RMSprop}[config.optimizer]
    return cls(learning_rate=config.learning_rate)


def _pipeline(split, config, shuffle=False, dataset_name="mnist"):
    """tf.data: uint8 images → float32 (N,28,28,1) 0..255, augmented when training."""
    ds = tf.data.Dataset.from_tensor_slices((split.images, split.labels.astype("int64")))
    if shuffle:
        ds = ds.shuffle(len(split), seed=config.seed, reshuffle_each_iteration=True)
    ds = ds.batch(config.batch_size).map(
        lambda x, y: (tf.cast(x, tf.float32)[..., None], y),
        num_parallel_calls=tf.data.AUTOTUNE)
    policy = config.augmentation_policy(dataset_name) if shuffle else None
    if policy:
        augment = augmentation(policy, config.seed)
        ds = ds.map(lambda x, y: (augment(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


class _LabCallback(keras.callbacks.Callback):
    """Reports, obeys the control, schedules the learning rate, keeps the best weights."""

    def __init__(self, config, reporter, control, steps, validation_size, test_split):
        super().__init__()
        self.config, self.reporter, self.control = config, reporter, control
        self.steps, self.validation_size, self.test = steps, validation_size, test_split
        self.total_steps = steps * config.epochs
        self.base_lr = config.learning_rate
        self.lr = None
        self.global_step = 0
        self.history = {}
        self.stop_reason = "completed"
        self.best_epoch, self.best_accuracy, self.best_weights = -1, float("nan"), None
        self.top_accuracy = -math.inf   # the highest validation accuracy so far
        self.train_time = 0.0   # active training + validation time, pauses and tests excluded
        self._t0 = None
        self._epoch = 0

    def _elapsed(self):
        return self.train_time + (time.perf_counter() - self._t0)

    def _factor(self, step):
        if self.config.lr_schedule != "one-cycle":
            return 1.0
        warm = max(1, int(self.total_steps * WARMUP_FRACTION))
        if step < warm:
            return 0.1 + 0.9 * step / warm
        progress = min(1.0, (step - warm) / max(1, self.total_steps - warm))
        cosine = 0.5 * (1 + math.cos(math.pi * progress))
        return FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * cosine

    def on_train_begin(self, logs=None):
        self.best_weights = self.model.get_weights()   # fallback if the first epoch fails
        self._t0 = time.perf_counter()

    def on_train_batch_begin(self, batch, logs=None):
        requested = self.control.take_learning_rate()
        if requested is not None:
            self.base_lr = requested
            self.reporter.message(f"learning rate set to {requested:g}")
        lr = self.base_lr * self._factor(self.global_step)
        if lr != self.lr:
            self.model.optimizer.learning_rate = lr
            self.lr = lr

    def on_train_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.global_step += 1
        loss = float(logs.get("loss", 0.0))
        if not math.isfinite(loss):
            kind = "NaN" if math.isnan(loss) else "infinite"
            self.stop_reason = (f"loss became {kind} at epoch {self._epoch + 1}, batch "
                                f"{batch + 1}: lower the learning rate")
            self.reporter.message(f"stopped: {self.stop_reason}; the best weights are kept")
            self.model.stop_training = True
            return
        if batch % self.config.report_every == 0 or batch == self.steps - 1:
            elapsed = self._elapsed()
            rate = self.global_step / max(elapsed, 1e-9)
            accuracy = float(logs.get("accuracy", float("nan")))
            self.reporter.batch({
                "epoch": self._epoch, "step": batch, "global_step": self.global_step,
                **self._since_last_report(batch, loss, accuracy),
                "samples_per_second": rate * self.config.batch_size, "elapsed": elapsed,
                "eta": (self.total_steps - self.global_step) / max(rate, 1e-9),
                "learning_rate": self.lr})
        self._obey_control()

    def _since_last_report(self, batch, loss, accuracy):
        """Keras logs running means over the epoch; the plots want the batches since the
        last report, so recover their mean from the running sums."""
        sums = ((batch + 1) * loss, (batch + 1) * accuracy)
        count = batch + 1 - self._reported[0]
        window = [(now - before) / count for now, before in zip(sums, self._reported[1:])]
        self._reported = (batch + 1, *sums)
        return {"loss": window[0], "accuracy": window[1],
                "running_loss": loss, "running_accuracy": accuracy}

    def _obey_control(self):
        if self.control.paused and not self.control.stopped:
            self.train_time += time.perf_counter() - self._t0
            self.reporter.message("paused")
            while self.control.paused and not self.control.stopped:
                self.control.stop_event.wait(0.05)
            if not self.control.stopped:
                self.reporter.message("resumed")
            self._t0 = time.perf_counter()
        if self.control.stopped and not self.model.stop_training:
            self.stop_reason = "stopped by user"
            self.reporter.message("stopped by user")
            self.model.stop_training = True

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._reported = (0, 0.0, 0.0)  # batches, loss sum and accuracy sum at the last report

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        now = time.perf_counter()
        self.train_time += now - self._t0
        report = {"epoch": epoch, "global_step": self.global_step, "learning_rate": self.lr,
                  "elapsed": self.train_time, "train_time": self.train_time,
                  "samples_per_second": self.global_step * self.config.batch_size
                  / max(self.train_time, 1e-9),
                  "eta": self.train_time / max(self.global_step, 1)
                  * (self.total_steps - self.global_step)}
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            report[key] = float(logs.get(key, float("nan")))
        healthy = self.stop_reason == "completed" or self.stop_reason == "stopped by user"
        if self.test is not None:
            report["test_accuracy"] = self._test_accuracy() if healthy else float("nan")
        if healthy and self._worth_keeping(report["val_accuracy"]):
            self.best_epoch, self.best_accuracy = epoch, report["val_accuracy"]
            self.best_weights = self.model.get_weights()
        for key, value in report.items():
            if key not in ("epoch", "eta", "elapsed"):
                self.history.setdefault(key, []).append(value)
        self.reporter.epoch(report)
        self._t0 = time.perf_counter()   # the test evaluation is not training time

    def _worth_keeping(self, accuracy):
        """The one-standard-error rule: keep the latest epoch whose validation accuracy is
        within one standard error of the best. Smaller differences are the noise of the
        validation sample, and later epochs have trained longer at a lower learning rate.
        Without a validation split, the latest healthy epoch is kept."""
        if math.isnan(accuracy):
            return True
        self.top_accuracy = max(self.top_accuracy, accuracy)
        top = self.top_accuracy
        return accuracy >= top - math.sqrt(top * (1 - top) / max(1, self.validation_size))

    def _test_accuracy(self):
        correct = 0
        for start in range(0, len(self.test), 1000):
            x = self.test.images[start:start + 1000].astype("float32")[..., None]
            probabilities = self.model(x, training=False)
            predicted = np.argmax(keras.ops.convert_to_numpy(probabilities), axis=1)
            correct += int(np.sum(predicted == self.test.labels[start:start + 1000]))
        return correct / len(self.test)

    def restore_best(self):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)
