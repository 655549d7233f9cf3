"""RunRecord: what the Train tab remembers about one training run."""

from dataclasses import dataclass, field
from pathlib import Path

CSV_COLUMNS = (
    "run", "dataset", "architecture", "optimizer", "learning_rate", "batch_size", "dropout",
    "augment", "augmentation", "handwriting", "seed", "max_train_samples", "epoch", "loss",
    "accuracy", "val_loss", "val_accuracy", "epoch_learning_rate", "elapsed_s", "status",
    "test_accuracy",
)
CONFIG_KEYS = ("optimizer", "learning_rate", "batch_size", "dropout", "augment",
               "augmentation", "handwriting", "seed", "max_train_samples")


@dataclass
class RunRecord:
    """Per-run metrics: epoch rows, the smoothed loss curve, status and results."""

    run_id: int
    dataset: str
    architecture: str
    config: dict
    color: tuple = (0, 0, 0)
    status: str = "starting"
    steps_per_epoch: int = 1
    epochs: list = field(default_factory=list)      # reporter epoch dicts, no weights
    loss_x: list = field(default_factory=list)
    loss_smooth: list = field(default_factory=list)
    test_accuracy: float | None = None
    wall_time: float | None = None
    result: object = None                          # TrainingResult once finished
    evaluation: object = None                      # test-set Evaluation
    data: object = None                            # the Dataset it trained on
    saved_path: Path | None = None
    folder: Path | None = None                     # its run folder on disk
    outcome: object = None                         # RunOutcome once finished in this window
    summary: object = None                         # RunSummary when listed from disk
    title: str = ""
    created: str = ""
    curves_loaded: bool = False                    # disk runs: epochs/loss read from the folder

    @classmethod
    def from_summary(cls, summary, color):
        """A run found on disk (this window's earlier runs, other windows', the CLI's)."""
        from lab.core.run_folder import RUN_FILE, RunFolder

        info = RunFolder(summary.path).read_json(RUN_FILE) or {}
        status = summary.state_text
        return cls(run_id=summary.id, dataset=summary.dataset or "?",
                   architecture=summary.architecture or "?", config=dict(info.get("config") or {}),
                   color=color, status=status, test_accuracy=summary.test_accuracy,
                   wall_time=summary.wall_time, folder=Path(summary.path), summary=summary,
                   title=summary.title, created=summary.created or "")

    @property
    def label(self):
        return f"{self.short_name} {self.architecture}"

    @property
    def model_dir(self):
        """The run's saved model folder, when it has one."""
        if self.outcome is not None:
            return Path(self.outcome.model_dir)
        return self.summary.model_dir if self.summary is not None else None

    @property
    def resumable(self):
        return self.summary is not None and self.summary.resumable

    def load_epochs(self):
        """Disk runs: the epoch rows of the run folder (one short line an epoch)."""
        from lab.core.run_folder import RunFolder

        return [{**row, "epoch": int(row.get("epoch", i))}
                for i, row in enumerate(RunFolder(self.folder).epochs())]

    def load_curves(self):
        """Disk runs: epoch rows and the smoothed batch-loss curve from the run folder.

        Off the GUI thread (a long run has tens of thousands of batch rows)."""
        from lab.core.run_folder import RunFolder

        epochs = self.load_epochs()
        batches = RunFolder(self.folder).batches()
        steps = max(1.0, _steps_per_epoch(batches, len(epochs)))
        x = [row["global_step"] / steps for row in batches if "global_step" in row]
        loss = [row["loss"] for row in batches if "global_step" in row]
        return epochs, x, _ema(loss)

    @property
    def best_val_accuracy(self):
        values = [e.get("val_accuracy") for e in self.epochs if e.get("val_accuracy") is not None]
        if not values and self.summary is not None:
            return self.summary.best_val_accuracy  # a disk run whose curves are not read yet
        return max(values) if values else None

    @property
    def short_name(self):
        """The runs table's first cell: #n for this window's runs, else its name or date."""
        if isinstance(self.run_id, int):  # started in this window
            return f"#{self.run_id}"
        return self.title or self.created[5:16].replace("T", " ") or str(self.run_id)

    @property
    def finished(self):
        return self.result is not None

    def live_metadata(self):
        """Metadata of the model in training (what Inspect and Draw show for it)."""
        return {"dataset": self.dataset, "class_names": list(self.data.class_names),
                "architecture": self.architecture, "hyperparameters": dict(self.config),
                "epochs_trained": len(self.epochs), "run": self.run_id}

    @staticmethod
    def epoch_line(report):
        """The log line of one epoch report."""
        return (f"epoch {report['epoch'] + 1}: loss {report['loss']:.4f} "
                f"acc {report['accuracy']:.2%} · val_loss {report['val_loss']:.4f} "
                f"val_acc {report['val_accuracy']:.2%} · lr {report['learning_rate']:.6g} "
                f"· {report['elapsed']:.1f} s")

    def hyperparameter_text(self):
        c = self.config
        parts = [f"{c.get('optimizer')} lr={c.get('learning_rate'):g}" if c.get("learning_rate")
                 else str(c.get("optimizer")),
                 f"bs={c.get('batch_size')}", f"ep={c.get('epochs')}"]
        if c.get("dropout") is not None:
            parts.append(f"drop={c['dropout']:g}")
        if c.get("augment"):
            parts.append(f"aug={c['augmentation']}" if c.get("augmentation") else "aug")
        if c.get("handwriting"):
            parts.append(f"hw={c['handwriting']}")
        if c.get("max_train_samples"):
            parts.append(f"n={c['max_train_samples']}")
        return " ".join(parts)

    def overlay(self):
        """The dict TrainingPlots.set_overlays expects."""
        return {
            "id": self.run_id, "label": self.label, "color": self.color,
            "epochs": int(self.config.get("epochs") or len(self.epochs) or 1),
            "loss_x": list(self.loss_x), "loss": list(self.loss_smooth),
            "val_x": [e["epoch"] + 1 for e in self.epochs],
            "val_accuracy": [e.get("val_accuracy") for e in self.epochs],
        }

    def csv_rows(self):
        base = {"run": self.run_id, "dataset": self.dataset, "architecture": self.architecture,
                "status": self.status, "test_accuracy": self.test_accuracy}
        base.update({k: self.config.get(k) for k in CONFIG_KEYS})
        for e in self.epochs:
            yield {**base, "epoch": e["epoch"] + 1, "loss": e.get("loss"),
                   "accuracy": e.get("accuracy"), "val_loss": e.get("val_loss"),
                   "val_accuracy": e.get("val_accuracy"),
                   "epoch_learning_rate": e.get("learning_rate"), "elapsed_s": e.get("elapsed")}

    @staticmethod
    def write_csv(path, records):
        """Per-epoch rows of every run, written atomically."""
        from lab.gui.widgets.export import save_csv

        rows = [list(CSV_COLUMNS)] + [[row.get(column) for column in CSV_COLUMNS]
                                      for record in records for row in record.csv_rows()]
        save_csv(path, rows)
        return Path(path)


def _steps_per_epoch(batches, epochs):
    """Steps per epoch from the batch rows (the last global step over the epochs done)."""
    steps = [row.get("steps_per_epoch") for row in batches if row.get("steps_per_epoch")]
    if steps:
        return steps[-1]
    last = max((row.get("global_step", 0) for row in batches), default=0)
    return last / max(epochs, 1)


def _ema(values, alpha=0.1):
    """Exponentially smoothed values (as the live curve is drawn)."""
    out, level = [], None
    for value in values:
        level = value if level is None else level + alpha * (value - level)
        out.append(level)
    return out
