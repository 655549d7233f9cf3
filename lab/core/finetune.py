"""Teach a model someone's handwriting: fine-tune a copy on their saved drawings.

The drawings (the layout of ``lab.core.drawings``) are read as the pad reads them: each whole
drawing goes through ``preprocess.to_mnist`` with the model's style to train on, and a
held-out drawing is scored with ``Predictor.read``, exactly as ``evaluate --drawings``
scores it. Part of every class is held out (stratified, seeded) before anything is trained.
The kept drawings are repeated many times per epoch and each copy is distorted differently
by the dataset's augmentation (``lab.core.augmentation``); they are mixed with a replay
sample of the dataset's training split so the model does not forget the rest.

Classes without drawings are allowed (the replay covers them); a class with some drawings
needs at least ``min_per_class``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from lab.core.datasets import Split
from lab.core.drawings import expected_text, list_drawings
from lab.core.errors import ImageError, LabError, TrainingError
from lab.core.preprocess import load_image, to_mnist

SUFFIX = " + my handwriting"


@dataclass(frozen=True)
class FinetuneSettings:
    """How much to train. The defaults fit a few dozen drawings per class on a laptop CPU."""

    epochs: int = 4
    copies: int = 40            # augmented copies of each kept drawing per epoch
    replay: int = 4000          # images of the dataset's training split mixed in per epoch
    holdout: float = 0.25       # share of each class's drawings kept out to measure
    min_per_class: int = 8
    learning_rate: float = 2e-4
    batch_size: int = 64
    validation: int = 1000      # images of the validation split watched while training
    seed: int = 0

    def checked(self):
        for name in ("epochs", "copies", "min_per_class", "batch_size"):
            if int(getattr(self, name)) < 1:
                raise TrainingError(f"{name} must be at least 1, got {getattr(self, name)!r}")
        if self.replay < 0 or self.validation < 0:
            raise TrainingError("replay and validation sizes cannot be negative")
        if not 0 < self.holdout < 1:
            raise TrainingError(f"holdout must be a share between 0 and 1 (such as 0.25), "
                                f"got {self.holdout!r}")
        if self.min_per_class < 2:
            raise TrainingError("min_per_class must be at least 2: one drawing to learn from "
                                "and one to measure")
        return self


@dataclass
class Drawing:
    """One labelled drawing: the gray image as drawn and its 28×28 form to train on."""

    path: Path
    label: str          # folder name
    expected: str       # the class it should read as
    gray: np.ndarray
    image28: np.ndarray


@dataclass
class FinetuneReport:
    """Before/after accuracy on the held-out drawings (per class) and the test split."""

    model_name: str
    drawings_folder: str
    trained_per_class: dict = field(default_factory=dict)     # class → drawings learned from
    heldout_per_class: dict = field(default_factory=dict)     # class → {"n","before","after"}
    test_before: float | None = None
    test_after: float | None = None
    test_n: int = 0
    skipped: list = field(default_factory=list)
    stop_reason: str = "completed"

    def heldout_accuracy(self, when):
        """Overall accuracy on the held-out drawings, ``when`` "before" or "after"."""
        n = sum(row["n"] for row in self.heldout_per_class.values())
        return sum(row[when] for row in self.heldout_per_class.values()) / n if n else 0.0

    def rows(self):
        """Table rows for people: (what, n, before, after) with accuracies 0..1."""
        rows = [(f"drawings of {name}", row["n"], row["before"] / row["n"],
                 row["after"] / row["n"])
                for name, row in sorted(self.heldout_per_class.items()) if row["n"]]
        n = sum(row["n"] for row in self.heldout_per_class.values())
        rows.append(("held-out drawings", n, self.heldout_accuracy("before"),
                     self.heldout_accuracy("after")))
        if self.test_before is not None:
            rows.append(("test split", self.test_n, self.test_before, self.test_after))
        return rows

    def table(self):
        """The rows as aligned text lines."""
        lines = [f"{'':<20} {'n':>6} {'before':>8} {'after':>8}"]
        for what, n, before, after in self.rows():
            digits = 2 if what == "test split" else 1   # its change is a tenth of a point
            lines.append(f"{what:<20} {n:>6,} {before:>8.{digits}%} {after:>8.{digits}%}")
        return lines

    def to_dict(self):
        return {**asdict(self), "heldout_before": self.heldout_accuracy("before"),
                "heldout_after": self.heldout_accuracy("after")}


@dataclass
class FineTuned:
    """The tuned model (a SavedModel not yet on disk) and its report."""

    saved: object
    report: FinetuneReport

    @property
    def name(self):
        return self.saved.metadata["name"]

    def save(self, folder):
        """Write the tuned model as a model folder (atomically); the folder."""
        from lab.core.storage import save_model

        return save_model(folder, self.saved.model, self.saved.metadata)


def model_name(saved):
    """What a person calls a saved model: its given name, else its folder's, else its kind."""
    name = saved.metadata.get("name")
    if not name and saved.path is not None:
        name = Path(saved.path).name
    return name or saved.title


def read_drawings(folder, class_names, style):
    """Every drawing in ``folder`` whose label is one class → ([Drawing], skipped lines)."""
    classes = set(class_names)
    drawings, skipped = [], []
    for path, label in list_drawings(folder):
        expected = expected_text(label, classes)
        where = f"{path.parent.name}/{path.name}"
        if expected is None or len(expected) != 1:
            skipped.append(f"{where}: label {label!r} is not one class of this model")
            continue
        try:
            gray = load_image(path)
            drawings.append(Drawing(path, label, expected, gray, to_mnist(gray, style)))
        except ImageError as exc:
            skipped.append(f"{where}: {exc}")
    return drawings, skipped


def check_counts(drawings, min_per_class):
    """Drawings per class; TrainingError naming every class that has too few."""
    counts = {}
    for drawing in drawings:
        counts[drawing.expected] = counts.get(drawing.expected, 0) + 1
    if not counts:
        raise TrainingError(f"there are no drawings to learn from: save at least "
                            f"{min_per_class} drawings of each character you want it to learn")
    short = {name: n for name, n in sorted(counts.items()) if n < min_per_class}
    if short:
        needs = ", ".join(f"{name}: {n} (draw {min_per_class - n} more)"
                          for name, n in short.items())
        raise TrainingError(f"too few drawings to learn from — each class needs at least "
                            f"{min_per_class}: {needs}")
    return counts


def split_holdout(drawings, share, seed):
    """(kept, held out): ``share`` of each class held out (at least one), chosen by ``seed``."""
    rng = np.random.default_rng(seed)
    kept, held = [], []
    for name in sorted({d.expected for d in drawings}):
        members = [d for d in drawings if d.expected == name]
        order = rng.permutation(len(members))
        n_held = min(len(members) - 1, max(1, round(len(members) * share)))
        held += [members[i] for i in order[:n_held]]
        kept += [members[i] for i in order[n_held:]]
    return kept, held


def finetune(saved_model, drawings_folder, dataset, reporter=None, control=None,
             settings=None):
    """Fine-tune a copy of ``saved_model`` (a SavedModel) on the drawings → FineTuned.

    ``dataset`` is the model's own (its training split gives the replay sample, its test
    split the before/after test accuracy). ``reporter``/``control``: as for
    ``lab.core.training.train``; a stop request ends it with a TrainingError (nothing is
    returned to save).
    """
    from lab.core.prediction import Predictor
    from lab.core.storage import SavedModel, check_fits
    from lab.core.training import Reporter, TrainingConfig, train

    settings = (settings or FinetuneSettings()).checked()
    reporter = reporter or Reporter()
    check_fits(saved_model, dataset)
    before = Predictor(saved_model)
    reporter.message(f"reading the drawings in {drawings_folder}")
    drawings, skipped = read_drawings(drawings_folder, dataset.class_names, before.style)
    check_counts(drawings, settings.min_per_class)
    kept, held = split_holdout(drawings, settings.holdout, settings.seed)
    index_of = {name: i for i, name in enumerate(dataset.class_names)}

    report = FinetuneReport(model_name(saved_model), str(drawings_folder), skipped=skipped)
    for drawing in kept:
        report.trained_per_class[drawing.expected] = \
            report.trained_per_class.get(drawing.expected, 0) + 1
    reporter.message(f"measuring the model on {len(held)} held-out drawings")
    _score(before, held, report, "before")
    reporter.message(f"measuring the model on the test split ({len(dataset.test):,} images)")
    report.test_n = len(dataset.test)
    if len(dataset.test):
        report.test_before = _test_evaluation(saved_model.model, dataset).accuracy

    mixed = _training_split(kept, index_of, dataset.train, settings)
    validation = Split(dataset.validation.images[:settings.validation],
                       dataset.validation.labels[:settings.validation], "validation")
    tuning_data = replace(dataset, train=mixed, validation=validation)
    config = TrainingConfig(
        architecture=saved_model.architecture or "fast", epochs=settings.epochs,
        batch_size=settings.batch_size, learning_rate=settings.learning_rate,
        optimizer="adam", augment=True, seed=settings.seed, lr_schedule="constant",
        reports_per_epoch=20)
    result = train(tuning_data, config, reporter, control, model=_copy(saved_model.model))
    report.stop_reason = str(result.stop_reason)
    if result.stop_reason != "completed":
        raise TrainingError(f"fine-tuning ended early ({result.stop_message}): "
                            f"nothing was kept; start it again")

    name = report.model_name + SUFFIX
    metadata = {**saved_model.metadata, "name": name,
                "finetuned_from": str(saved_model.path) if saved_model.path else
                report.model_name,
                "drawings": str(drawings_folder),
                "drawings_per_class": check_counts(drawings, 1),
                "finetune_settings": asdict(settings),
                "command": None, "test_metrics": None, "per_class_recall": None}
    tuned = SavedModel(result.model, metadata, None)
    after = Predictor(tuned)
    reporter.message("measuring the tuned model")
    _score(after, held, report, "after")
    if len(dataset.test):
        evaluation = _test_evaluation(result.model, dataset)
        report.test_after = evaluation.accuracy
        metadata["test_metrics"] = {"accuracy": evaluation.accuracy, "loss": evaluation.loss,
                                    "n": evaluation.n}
        metadata["per_class_recall"] = {str(row["class"]): float(row["recall"])
                                        for row in evaluation.per_class}
    metadata["finetune_report"] = report.to_dict()
    return FineTuned(tuned, report)


def _score(predictor, held, report, when):
    """Count the held-out drawings ``predictor`` reads right (as ``evaluate --drawings``)."""
    for drawing in held:
        row = report.heldout_per_class.setdefault(drawing.expected,
                                                  {"n": 0, "before": 0, "after": 0})
        if when == "before":
            row["n"] += 1
        try:
            text = predictor.read(drawing.gray)["text"]
        except ImageError:
            continue
        row[when] += int(text == drawing.expected)


def _test_evaluation(model, dataset):
    from lab.core.evaluation import evaluate

    test = dataset.test
    return evaluate(model, test.images, test.labels, dataset.class_names)


def _training_split(kept, index_of, train_split, settings):
    """The kept drawings ``copies`` times each plus a seeded replay sample, shuffled."""
    rng = np.random.default_rng(settings.seed)
    own = np.stack([np.round(d.image28).astype(np.uint8) for d in kept])
    own_labels = np.array([index_of[d.expected] for d in kept], dtype=np.int64)
    replay = rng.choice(len(train_split), size=min(settings.replay, len(train_split)),
                        replace=False)
    images = np.concatenate([np.repeat(own, settings.copies, axis=0),
                             train_split.images[replay]])
    labels = np.concatenate([np.repeat(own_labels, settings.copies),
                             train_split.labels[replay].astype(np.int64)])
    order = rng.permutation(len(labels))
    return Split(images[order], labels[order], "train")


def _copy(model):
    """A separate trainable copy: the original keeps serving the pad while this trains."""
    import keras

    try:
        clone = keras.models.clone_model(model)
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise LabError(f"this model cannot be copied for fine-tuning ({exc}): "
                       f"train it again with Digit Lab") from None
    clone.set_weights(model.get_weights())
    return clone
