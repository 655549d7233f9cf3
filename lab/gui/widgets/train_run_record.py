"""RunRecord: what the Train tab remembers about one training run."""

import csv
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CSV_COLUMNS = (
    "run", "dataset", "architecture", "optimizer", "learning_rate", "batch_size", "dropout",
    "augment", "seed", "max_train_samples", "epoch", "loss", "accuracy", "val_loss",
    "val_accuracy", "epoch_learning_rate", "elapsed_s", "status", "test_accuracy",
)
CONFIG_KEYS = ("optimizer", "learning_rate", "batch_size", "dropout", "augment", "seed",
               "max_train_samples")


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

    @property
    def label(self):
        return f"#{self.run_id} {self.architecture}"

    @property
    def best_val_accuracy(self):
        values = [e.get("val_accuracy") for e in self.epochs if e.get("val_accuracy") is not None]
        return max(values) if values else None

    @property
    def finished(self):
        return self.result is not None

    def hyperparameter_text(self):
        c = self.config
        parts = [f"{c.get('optimizer')} lr={c.get('learning_rate'):g}" if c.get("learning_rate")
                 else str(c.get("optimizer")),
                 f"bs={c.get('batch_size')}", f"ep={c.get('epochs')}"]
        if c.get("dropout") is not None:
            parts.append(f"drop={c['dropout']:g}")
        if c.get("augment"):
            parts.append("aug")
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
        path = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=".runs-", suffix=".csv", dir=path.parent)
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
                writer.writeheader()
                for record in records:
                    writer.writerows(record.csv_rows())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return path
