"""train(): Keras fit plus callbacks (lab.core.callbacks) that report progress, obey
pause/stop/lr changes, schedule the learning rate and keep the best weights.

The reporter and control objects know nothing about Qt: the GUI worker, the CLI and the tests
pass their own Reporter subclass and set TrainingControl events from any thread. A run folder
(lab.core.runs) resumes a run by passing its checkpoint back as `resume_from`.
"""

import contextlib
import math
import threading
from dataclasses import asdict, dataclass, field, replace

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras
import numpy as np

from lab.core.architectures import LR_SCHEDULES, OPTIMIZERS, build_model, get_architecture
from lab.core.augmentation import POLICIES, augmentation, default_policy
from lab.core.callbacks import (DivergenceGuard, EpochCommit, KeepBest, LearningRateSchedule,
                                ObeyControl, ProgressReport, StopReason, TrainingState)
from lab.core.errors import LabError, TrainingError
from lab.core.precision import MIXED, is_mixed, native_bfloat16, with_dtype_policy
from lab.core.reporter import Reporter  # noqa: F401 - part of this module's API


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
    reports_per_epoch: int | None = None  # else about this many batch reports an epoch
    max_train_samples: int | None = None
    lr_schedule: str | None = None   # "constant" | "one-cycle" (fast's default)
    # Also train on the validation split: for the final model once a recipe has been chosen
    # on validation. Nothing is held out then, so the last healthy epoch is kept.
    include_validation: bool = False
    augmentation: str | None = None   # one of augmentation.POLICIES; None: the dataset's own
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
        positive_int("reports_per_epoch", self.reports_per_epoch, allow_none=True)
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


@dataclass
class TrainingResult:
    """The trained model (the kept epoch's weights restored) and what happened.

    best_epoch is the kept epoch: the latest within one standard error of the best
    validation accuracy (see KeepBest.worth_keeping); best_val_accuracy is its own.
    stop_reason is a StopReason (a str enum: it compares equal to "completed" etc.);
    stop_detail says more when there is more to say (where the loss diverged).
    """

    model: object
    history: dict = field(default_factory=dict)
    stop_reason: StopReason = StopReason.COMPLETED
    best_epoch: int = -1
    best_val_accuracy: float = float("nan")
    wall_time: float = 0.0
    config: TrainingConfig | None = None
    members: tuple = ()   # an ensemble's members (lab.core.ensemble): seed, kept epoch, …
    stop_detail: str = ""

    @property
    def stop_message(self):
        """What to tell a person: the detail if there is one, else the reason."""
        return self.stop_detail or str(self.stop_reason)


def build_for_training(config, num_classes, bfloat16=True):
    """A new model for ``config`` as train() trains it: computing in bfloat16 where the
    architecture asks for it and the CPU has it (lab.core.precision); train() hands the
    trained model back in float32."""
    model = build_model(config.architecture, num_classes, dropout=config.dropout)
    if bfloat16 and get_architecture(config.architecture).bfloat16 and native_bfloat16():
        model = with_dtype_policy(model, MIXED)
    return model


def train(dataset, config, reporter=None, control=None, model=None, test_each_epoch=False,
          resume_from=None, on_epoch_end=None, strategy=None):
    """Train on dataset.train, validate on dataset.validation; see the module docstring.

    wall_time counts training and validation only: paused time and the test evaluation of
    test_each_epoch are left out, so time-to-accuracy figures compare fairly.
    resume_from (a lab.core.checkpoint.Checkpoint) continues a run after its last saved
    epoch; on_epoch_end(model, state) is called after every epoch once the kept weights are
    decided (a run folder writes its checkpoint there). strategy: a tf.distribute strategy
    (lab.core.distribution) to build and train a new model under; the batch size is global.
    """
    config = config.resolved()
    reporter = reporter or Reporter()
    control = control or TrainingControl()
    if config.seed is not None:
        # A resumed run draws new shuffles and distortions, not the first epochs' again.
        epochs_done = resume_from.state.epochs_done if resume_from is not None else 0
        keras.utils.set_random_seed(int(config.seed) + epochs_done)
    train_split, validation = dataset.train, dataset.validation
    if config.include_validation:
        train_split, validation = _joined(train_split, validation), _head(validation, 0)
    if config.max_train_samples is not None:
        train_split = _sample(train_split, config.max_train_samples)
    if config.handwriting:
        from lab.core.handwriting_data import with_handwriting
        train_split = with_handwriting(train_split, dataset, config.handwriting, config.seed,
                                       reporter)
    if len(train_split) == 0:
        raise TrainingError("the training split is empty: load a dataset with training images")
    if model is not None and strategy is not None:
        raise TrainingError("a distributed run builds its own model: leave out the model "
                            "to start from (--init-from, --resume)")
    if model is not None and model.output_shape[-1] != dataset.num_classes:
        raise TrainingError(f"the model predicts {model.output_shape[-1]} classes but "
                            f"{dataset.title} has {dataset.num_classes}: train a new model")
    with strategy.scope() if strategy else contextlib.nullcontext():
        if model is None:
            model = build_for_training(config, dataset.num_classes,
                                       bfloat16=strategy is None)
        model.compile(optimizer=_optimizer(config), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    state = TrainingState(base_lr=config.learning_rate)
    if resume_from is not None:
        state = resume_from.restore(model)
    train_ds = _pipeline(train_split, config, shuffle=True, dataset_name=dataset.name)
    val_ds = _pipeline(validation, config) if len(validation) else None
    steps = math.ceil(len(train_split) / config.batch_size)
    test = dataset.test if test_each_epoch and len(dataset.test) else None
    schedule = LearningRateSchedule(config, state, steps)
    keep_best = KeepBest(state, len(validation))
    callbacks = [schedule, DivergenceGuard(state, reporter),
                 ProgressReport(config, state, reporter, steps, test), keep_best,
                 ObeyControl(control, state, reporter, schedule)]
    if on_epoch_end is not None:
        callbacks.append(EpochCommit(state, on_epoch_end))
    reporter.started({"architecture": config.architecture, "config": config.to_dict(),
                      "epochs": config.epochs, "steps_per_epoch": steps,
                      "train_samples": len(train_split), "parameters": model.count_params(),
                      "initial_epoch": state.epochs_done})
    try:
        model.fit(train_ds, validation_data=val_ds, epochs=config.epochs, verbose=0,
                  shuffle=False, callbacks=callbacks, initial_epoch=state.epochs_done)
    except (ValueError, TypeError, MemoryError, tf.errors.OpError) as exc:
        raise TrainingError(f"training failed: {str(exc).splitlines()[0][:300]} — "
                            f"check the batch size and other settings") from exc
    keep_best.restore()
    if is_mixed(model):
        model = with_dtype_policy(model, "float32")  # saved and used for inference as float32
    result = TrainingResult(model, state.history, state.stop_reason, state.best_epoch,
                            state.best_accuracy, state.clock.elapsed, config,
                            stop_detail=state.stop_detail)
    reporter.finished(result)
    return result


def _head(split, n):
    return type(split)(split.images[:n], split.labels[:n], split.name)


def _sample(split, n):
    """``n`` images drawn at random, the same ones for every run (a fixed draw), in the
    split's order: a split sorted by class (notMNIST's) gives every class, not the first few."""
    if n >= len(split):
        return split
    chosen = np.sort(np.random.default_rng(0).choice(len(split), size=n, replace=False))
    return type(split)(split.images[chosen], split.labels[chosen], split.name)


def _joined(train_split, validation):
    return type(train_split)(np.concatenate([train_split.images, validation.images]),
                             np.concatenate([train_split.labels, validation.labels]),
                             train_split.name)


def _optimizer(config):
    cls = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD,
           "rmsprop": keras.optimizers.RMSprop}[config.optimizer]
    arch = get_architecture(config.architecture)
    options = arch.optimizer_options if config.optimizer == arch.defaults["optimizer"] else {}
    return cls(learning_rate=config.learning_rate, **options)


def _pipeline(split, config, shuffle=False, dataset_name="mnist"):
    """tf.data over the split held in memory as uint8 (N,28,28,1): each epoch shuffles the
    indices and gathers whole batches (no per-image elements). The model's Rescaling layer
    casts and scales inside the compiled step; augmentation works on float32 0..255."""
    images = tf.constant(split.images[..., None])
    labels = tf.constant(split.labels.astype("int64"))
    ds = tf.data.Dataset.range(len(split))
    if shuffle:
        ds = ds.shuffle(len(split), seed=config.seed, reshuffle_each_iteration=True)
    ds = ds.batch(config.batch_size).map(
        lambda index: (tf.gather(images, index), tf.gather(labels, index)),
        num_parallel_calls=tf.data.AUTOTUNE)
    policy = config.augmentation_policy(dataset_name) if shuffle else None
    if policy:
        augment = augmentation(policy, config.seed)
        ds = ds.map(lambda x, y: (augment(tf.cast(x, tf.float32)), y),
                    num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
