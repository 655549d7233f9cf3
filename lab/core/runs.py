"""RunController: one training run from config to saved model, recorded in a run folder.

    config → train (or train_ensemble) → evaluate on the test split → metadata → run folder
    → saved model (<run>/model)

The CLI's `train` and the window's Train tab both drive a run through this class; it knows
nothing about threads or Qt. Stop, pause and learning-rate changes go through its
TrainingControl from any thread; progress goes to the Reporter it was given. The run folder
(lab.core.run_folder) is written as the run goes, so a crash loses at most one epoch and
`RunController.resuming(...)` continues an interrupted run from its last checkpoint.
"""

import datetime
import platform
import secrets
import socket
import time
from dataclasses import asdict, dataclass, field, fields, replace

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()
import keras
import numpy as np

from lab import __version__
from lab.core.checkpoint import Checkpoint
from lab.core.errors import LabError, TrainingError
from lab.core.evaluation import evaluate
from lab.core.run_folder import (BATCHES_FILE, CHECKPOINT_FILE, EPOCHS_FILE, HISTOGRAMS_FILE,
                                 MODEL_DIR, RUN_FILE, RunFolder, RunStatus, default_runs_dir,
                                 safe_name)
from lab.core.run_recorder import RunRecorder
from lab.core.run_summary import RunSummary
from lab.core.storage import build_metadata, save_model
from lab.core.training import Reporter, StopReason, TrainingConfig, TrainingControl, train


@dataclass
class RunMetadata:
    """What run.json holds: everything needed to understand and repeat the run."""

    id: str
    dataset: str
    dataset_title: str
    class_names: list
    config: dict                  # the resolved TrainingConfig, seed included
    command: str                  # the `python -m lab train …` that repeats it
    environment: dict             # lab, Python, TensorFlow, Keras, NumPy versions; host; seed
    created: str
    members: int = 1
    augmentations: list = field(default_factory=list)
    test_each_epoch: bool = False
    title: str = ""
    model_metadata: dict = field(default_factory=dict)   # extra fields for metadata.json

    def to_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def training_config(self):
        """The TrainingConfig recorded; TrainingError if this version cannot read it."""
        known = {f.name for f in fields(TrainingConfig)}
        unknown = sorted(set(self.config) - known)
        if unknown:
            raise TrainingError(f"run {self.id} has settings this version of Digit Lab does "
                                f"not know ({', '.join(unknown)}): resume it with the version "
                                f"that started it")
        return TrainingConfig(**self.config).resolved()


@dataclass
class RunOutcome:
    """A run that ended (finished or stopped): its folder, training result and test scores."""

    folder: RunFolder
    status: RunStatus
    result: object           # TrainingResult
    test: object             # lab.core.evaluation.Evaluation on the test split
    model_metadata: dict     # what <run>/model/metadata.json holds

    @property
    def model_dir(self):
        return self.folder.file(MODEL_DIR)


class RunController:
    """Runs one training run (blocking: call run() on the thread that should train)."""

    def __init__(self, dataset, config, runs_dir=None, reporter=None, control=None, *,
                 members=1, augmentations=(), command=None, test_each_epoch=False,
                 model=None, extra_metadata=None, strategy=None):
        """model: start from this Keras model (fine-tuning) instead of a new one;
        extra_metadata: more fields for the saved model's metadata.json; strategy: a
        tf.distribute strategy to train under (lab.core.distribution; one model only)."""
        self.dataset, self.config = dataset, config
        self.runs_dir = runs_dir if runs_dir is not None else default_runs_dir()
        self.reporter = reporter or Reporter()
        self.control = control or TrainingControl()
        self.members, self.augmentations = members, tuple(augmentations)
        self.command, self.test_each_epoch, self.model = command, test_each_epoch, model
        self.strategy = strategy
        if strategy is not None and members != 1:
            raise TrainingError("an ensemble trains its members one after the other: leave "
                                "out --ensemble to train under a distribution strategy")
        self.extra_metadata = dict(extra_metadata or {})
        self.folder = None
        self.outcome = None
        self._prepared = None
        self.recording_seconds = 0.0   # time spent writing the run folder
        self.histogram_seconds = 0.0   # time spent measuring the histograms over training
        self.on_histograms = None      # called with a copy of the histograms after each epoch
        self._resuming = None          # the RunMetadata of a run being resumed

    # -- control, from any thread -----------------------------------------------------------

    def stop(self):
        self.control.stop()
        self.control.resume()   # a paused run must wake up to see the stop

    def pause(self):
        self.control.pause()

    def resume(self):
        self.control.resume()

    def set_learning_rate(self, lr):
        self.control.set_learning_rate(lr)

    # -- running ----------------------------------------------------------------------------

    @classmethod
    def resuming(cls, folder, dataset, reporter=None, control=None, model=None):
        """A controller whose run() continues the interrupted run in `folder` (a RunFolder);
        model: an uncompiled model of the run's architecture to load the checkpoint into."""
        summary = RunSummary.read(folder)
        if summary.status is RunStatus.DAMAGED:
            raise TrainingError(f"run {folder.id} is damaged ({summary.problem}): it cannot "
                                f"be resumed; start it again")
        if summary.status is RunStatus.RUNNING:
            raise TrainingError(f"run {folder.id} is still training in another process: "
                                f"stop it there, or wait for it")
        if summary.status is not RunStatus.INTERRUPTED:
            raise TrainingError(f"run {folder.id} is {summary.status}: only an interrupted "
                                f"run can be resumed")
        metadata = RunMetadata.from_json(folder.read_json(RUN_FILE))
        if metadata.members != 1:
            raise TrainingError(f"run {folder.id} is an ensemble: an ensemble cannot be "
                                f"resumed; start it again")
        if metadata.dataset != dataset.name:
            raise TrainingError(f"run {folder.id} trained on {metadata.dataset}, not "
                                f"{dataset.name}: load {metadata.dataset}")
        controller = cls(dataset, metadata.training_config(), folder.path.parent, reporter,
                         control, command=metadata.command,
                         test_each_epoch=metadata.test_each_epoch,
                         model=model or _fine_tuned_skeleton(metadata),
                         extra_metadata=metadata.model_metadata)
        controller.folder, controller._resuming = folder, metadata
        return controller

    def run(self):
        """Train, evaluate and save; returns a RunOutcome. A run that fails is marked failed
        in its folder and the error is raised again."""
        if self._resuming is None:
            config = self.prepared_config()
            self.folder = self._create_folder(config)
        else:
            config = self._resuming.training_config()
        checkpoint = self._rewind() if self._resuming is not None else None
        recorder = RunRecorder(self.folder, self.reporter, checkpoints=self.members == 1)
        try:
            result = self._train(config, recorder, checkpoint)
            self.outcome = self._finish(result)
        except BaseException as exc:
            self.folder.mark(RunStatus.FAILED, ended=_now(), error=_describe(exc))
            raise
        finally:
            recorder.close()
            self.recording_seconds += recorder.seconds
        return self.outcome

    def save(self, folder):
        """Save the finished run's model to another model folder as well; the folder."""
        if self.outcome is None:
            raise TrainingError("there is no trained model to save yet: run the training first")
        return save_model(folder, self.outcome.result.model, self.outcome.model_metadata)

    def prepared_config(self):
        """The resolved config the run will use, its seed drawn once if none was given (a
        recorded seed makes the run repeatable; seed a model built beforehand with it)."""
        if self._prepared is None:
            config = self.config.resolved()
            if config.seed is None:
                config = replace(config, seed=secrets.randbelow(2**31))
            self._prepared = config
        return self._prepared

    def _create_folder(self, config):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = RunFolder.create(self.runs_dir, safe_name(
            f"{self.dataset.name}-{config.architecture}-{stamp}"))
        metadata = RunMetadata(
            id=folder.id, dataset=self.dataset.name, dataset_title=self.dataset.title,
            class_names=list(self.dataset.class_names), config=config.to_dict(),
            command=self.command or reproducing_command(self.dataset.name, config, self.members,
                                                        self.augmentations),
            environment=environment(config.seed), created=_now(), members=self.members,
            augmentations=list(self.augmentations), test_each_epoch=self.test_each_epoch,
            model_metadata=self.extra_metadata)
        folder.write_json(RUN_FILE, metadata.to_json())
        folder.mark(RunStatus.RUNNING, started=_now(), epochs_total=config.epochs)
        self.reporter.message(f"run {folder.id}: recorded in {folder.path}")
        return folder

    def _rewind(self):
        """Drop what the crash left after the last checkpoint; the checkpoint (or None when
        the run died in its first epoch: it starts again)."""
        path = self.folder.file(CHECKPOINT_FILE)
        checkpoint = Checkpoint.load(path) if path.is_file() else None
        epochs = checkpoint.state.epochs_done if checkpoint else 0
        steps = checkpoint.state.global_step if checkpoint else 0
        self.folder.keep_rows(EPOCHS_FILE, lambda row: row.get("epoch", epochs) < epochs)
        self.folder.keep_rows(BATCHES_FILE, lambda row: row.get("global_step", steps + 1) <= steps)
        written = len(self.folder.epochs())
        if checkpoint and written < epochs:   # died between the checkpoint and the epoch line
            history = checkpoint.state.history
            self.folder.append_rows(EPOCHS_FILE, [
                {"epoch": epoch, **{key: values[epoch] for key, values in history.items()
                                    if epoch < len(values)}}
                for epoch in range(written, epochs)])
        self.folder.mark(RunStatus.RUNNING, resumed=_now(), error=None)
        self.reporter.message(f"resuming run {self.folder.id} after epoch {epochs}")
        return checkpoint

    def _train(self, config, recorder, checkpoint):
        probe = self._histogram_probe(checkpoint)

        def epoch_end(model, state):
            self._record_histograms(probe, model, state)
            if self.members == 1:
                recorder.commit(model, state)   # last: the epoch line comes after the rest

        if self.members == 1:
            return train(self.dataset, config, recorder, self.control, model=self.model,
                         test_each_epoch=self.test_each_epoch, resume_from=checkpoint,
                         on_epoch_end=epoch_end, strategy=self.strategy)
        from lab.core.ensemble import train_ensemble

        return train_ensemble(self.dataset, config, self.members, recorder, self.control,
                              self.augmentations, on_epoch_end=epoch_end)

    def _histogram_probe(self, checkpoint):
        """The probe of the histograms over training; a resumed run keeps its rows up to
        the checkpoint."""
        from lab.core.training_histograms import HistogramProbe, TrainingHistograms, fixed_batch

        recorded = (TrainingHistograms.load(self.folder.file(HISTOGRAMS_FILE))
                    if checkpoint is not None else None)
        if recorded is not None:
            recorded = recorded.first_rows(
                int(np.sum(recorded.epochs < checkpoint.state.epochs_done)))
        return HistogramProbe(*fixed_batch(self.dataset), recorded)

    def _record_histograms(self, probe, model, state):
        if probe.histograms is False:
            return   # this model cannot be measured; said once
        try:
            histograms = probe.measure(model, state.epochs_done - 1)
        except LabError as exc:
            probe.histograms = False
            self.reporter.message(f"no histograms over training: {exc}")
            return
        began = time.perf_counter()
        histograms.save(self.folder.file(HISTOGRAMS_FILE))
        self.histogram_seconds = probe.seconds + time.perf_counter() - began
        if self.on_histograms is not None:
            self.on_histograms(histograms.copy())

    def _finish(self, result):
        dataset = self.dataset
        test = evaluate(result.model, dataset.test.images, dataset.test.labels,
                        dataset.class_names)
        metadata = {**build_metadata(dataset, result, test, command=self._command()),
                    **self.extra_metadata, "run_id": self.folder.id,
                    "stop_detail": result.stop_detail}
        save_model(self.folder.file(MODEL_DIR), result.model, metadata)
        status = (RunStatus.FINISHED if result.stop_reason is StopReason.COMPLETED
                  else RunStatus.STOPPED)
        self.folder.mark(status, ended=_now(), stop_reason=result.stop_reason,
                         stop_detail=result.stop_detail, best_epoch=result.best_epoch,
                         best_val_accuracy=result.best_val_accuracy,
                         test_accuracy=test.accuracy, test_loss=test.loss,
                         wall_time=result.wall_time)
        return RunOutcome(self.folder, status, result, test, metadata)

    def _command(self):
        return (self.folder.read_json(RUN_FILE) or {}).get("command") or self.command


def environment(seed):
    """The versions and machine a run used."""
    return {"lab": __version__, "python": platform.python_version(),
            "tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__,
            "platform": platform.platform(), "host": socket.gethostname(), "seed": seed}


def reproducing_command(dataset_name, config, members=1, augmentations=()):
    """`python -m lab train …` with every setting spelled out (config is resolved)."""
    import shlex

    words = ["python", "-m", "lab", "train", "--dataset", dataset_name,
             "--model", config.architecture, "--epochs", config.epochs,
             "--batch-size", config.batch_size, "--lr", config.learning_rate,
             "--optimizer", config.optimizer, "--seed", config.seed]
    if config.dropout is not None:
        words += ["--dropout", config.dropout]
    words.append("--augment" if config.augment else "--no-augment")
    if config.max_train_samples is not None:
        words += ["--max-train-samples", config.max_train_samples]
    names = list(augmentations) or ([config.augmentation] if config.augmentation else [])
    if names:
        words += ["--augmentation", ",".join(names)]
    if config.include_validation:
        words.append("--include-validation")
    if getattr(config, "handwriting", 0):
        words += ["--handwriting", config.handwriting]
    if members != 1:
        words += ["--ensemble", members]
    return shlex.join(str(word) for word in words)


def _fine_tuned_skeleton(metadata):
    """A fine-tuned run's model is shaped like the model it started from (an ensemble is
    not what build_model makes): load that again; the checkpoint then sets the weights."""
    source = (metadata.model_metadata.get("init_from") or {}).get("path")
    if not source:
        return None
    from lab.core.storage import load_model

    return load_model(source).model


def _now():
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _describe(exc):
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (Ctrl+C)"
    text = " ".join(str(exc).split())
    return text if isinstance(exc, LabError) or not text else \
        f"{type(exc).__name__}: {text}"
