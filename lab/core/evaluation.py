"""Evaluate a model on labelled images: accuracy, loss, confusion matrix, per-class metrics, errors.

Predictions are made in batches with ``model(x, training=False)`` (``predict()`` is slower
for small batches and sets up a whole data pipeline); all metrics are computed with NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.core.errors import DatasetError, ModelError

EPSILON = 1e-7  # probability clip for the loss, as Keras does


@dataclass
class Evaluation:
    """Everything measured on one labelled set; arrays are indexed like the images."""

    accuracy: float
    loss: float
    n: int
    class_names: tuple
    confusion: np.ndarray      # (K, K) int64, rows = true class, columns = predicted class
    per_class: list            # [{"class", "precision", "recall", "f1", "support"}]
    predictions: np.ndarray    # (N,) int64
    probabilities: np.ndarray  # (N, K) float32
    labels: np.ndarray         # (N,) int64

    @classmethod
    def from_probabilities(cls, probabilities, labels, class_names) -> "Evaluation":
        """Build an Evaluation from model outputs (N, K) and true labels (N,)."""
        probabilities = np.asarray(probabilities, dtype=np.float32)
        labels = np.asarray(labels).astype(np.int64).reshape(-1)
        class_names = tuple(class_names)
        k = len(class_names)
        if probabilities.ndim != 2 or probabilities.shape[1] != k:
            raise ModelError(f"the model gives {probabilities.shape[-1]} outputs per image but "
                             f"the data has {k} classes: pick a model trained on this dataset")
        if probabilities.shape[0] != labels.shape[0]:
            raise DatasetError(f"{probabilities.shape[0]} predictions for {labels.shape[0]} "
                               f"labels: images and labels must have the same length")
        _check_labels(labels, k)
        n = int(labels.shape[0])
        predictions = probabilities.argmax(axis=1).astype(np.int64)
        picked = np.clip(probabilities[np.arange(n), labels], EPSILON, 1.0)
        confusion = confusion_matrix(labels, predictions, k)
        return cls(
            accuracy=float(np.mean(predictions == labels)) if n else 0.0,
            loss=float(-np.mean(np.log(picked))) if n else 0.0,
            n=n, class_names=class_names, confusion=confusion,
            per_class=per_class_metrics(confusion, class_names),
            predictions=predictions, probabilities=probabilities, labels=labels,
        )

    def mistakes(self, limit=None) -> list[dict]:
        """Misclassified images, most-confident-wrong first.

        Each: {"index", "true", "predicted" (class indices), "confidence" (of the wrong
        prediction), "true_name", "predicted_name"}.
        """
        wrong = np.flatnonzero(self.predictions != self.labels)
        confidence = self.probabilities[wrong, self.predictions[wrong]]
        order = wrong[np.argsort(-confidence, kind="stable")]
        if limit is not None:
            order = order[:max(0, int(limit))]
        return [self._describe(int(i)) for i in order]

    def examples(self, true_class, predicted_class) -> np.ndarray:
        """Indices of the images in one confusion cell (classes as index or name).

        Most confident first, so a grid of examples starts with the clearest cases.
        """
        true_index, predicted_index = self._index(true_class), self._index(predicted_class)
        cell = np.flatnonzero((self.labels == true_index) & (self.predictions == predicted_index))
        confidence = self.probabilities[cell, predicted_index]
        return cell[np.argsort(-confidence, kind="stable")]

    def to_json(self) -> dict:
        """Plain JSON-ready summary (no per-image arrays)."""
        return {
            "accuracy": float(self.accuracy),
            "loss": float(self.loss),
            "n": int(self.n),
            "confusion": self.confusion.astype(int).tolist(),
            "per_class": [dict(row) for row in self.per_class],
            "class_names": [str(name) for name in self.class_names],
        }

    def _describe(self, index):
        true, predicted = int(self.labels[index]), int(self.predictions[index])
        return {"index": index, "true": true, "predicted": predicted,
                "confidence": float(self.probabilities[index, predicted]),
                "true_name": str(self.class_names[true]),
                "predicted_name": str(self.class_names[predicted])}

    def _index(self, cls):
        """Class index from an index or a class name."""
        if isinstance(cls, str):
            if cls not in self.class_names:
                raise DatasetError(f"unknown class {cls!r}: choose one of "
                                   f"{', '.join(map(str, self.class_names))}")
            return self.class_names.index(cls)
        index = int(cls)
        if not 0 <= index < len(self.class_names):
            raise DatasetError(f"class index {index} is out of range "
                               f"0..{len(self.class_names) - 1}")
        return index

    def example_entries(self, indices):
        """Gallery entries for images ``indices``: index, "true → predicted", confidence."""
        entries = []
        for i in indices:
            i = int(i)
            true, pred = int(self.labels[i]), int(self.predictions[i])
            confidence = float(self.probabilities[i, pred])
            entries.append({"index": i, "alert": true != pred,
                            "caption": [f"{self.class_names[true]} → {self.class_names[pred]}",
                                        f"{confidence:.0%}"]})
        return entries


def confusion_matrix(labels, predictions, num_classes) -> np.ndarray:
    """(K, K) int64 counts: rows = true class, columns = predicted class."""
    labels = np.asarray(labels).astype(np.int64).reshape(-1)
    predictions = np.asarray(predictions).astype(np.int64).reshape(-1)
    if labels.shape != predictions.shape:
        raise DatasetError(f"{labels.size} labels but {predictions.size} predictions: "
                           f"they must have the same length")
    _check_labels(labels, num_classes)
    _check_labels(predictions, num_classes, what="prediction")
    flat = labels * num_classes + predictions
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(
        num_classes, num_classes).astype(np.int64)


def per_class_metrics(confusion, class_names) -> list[dict]:
    """Precision, recall, F1 and support per class; 0.0 where a ratio is undefined."""
    confusion = np.asarray(confusion, dtype=np.float64)
    hits = np.diag(confusion)
    support = confusion.sum(axis=1)
    predicted = confusion.sum(axis=0)
    precision = _ratio(hits, predicted)
    recall = _ratio(hits, support)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return [{"class": str(name), "precision": float(p), "recall": float(r), "f1": float(f),
             "support": int(s)}
            for name, p, r, f, s in zip(class_names, precision, recall, f1, support)]


def evaluate(model, images_uint8, labels, class_names, batch_size=500,
             progress=None) -> Evaluation:
    """Run ``model`` on all images in batches and measure it.

    images: (N, 28, 28) uint8 (or (N, 28, 28, 1)); labels: (N,) ints.
    progress: optional callable(fraction, message).
    """
    images = np.asarray(images_uint8)
    labels = np.asarray(labels)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[1:] != (28, 28, 1):
        raise DatasetError(f"expected images of shape (N, 28, 28), got {images.shape}")
    n = images.shape[0]
    if n == 0:
        raise DatasetError("there are no images to evaluate: load a dataset with a test split")
    if labels.shape[0] != n:
        raise DatasetError(f"{n} images but {labels.shape[0]} labels: they must match")
    batch_size = max(1, int(batch_size))
    outputs = []
    for start in range(0, n, batch_size):
        batch = images[start:start + batch_size].astype(np.float32)
        outputs.append(_call(model, batch))
        done = min(n, start + batch_size)
        if progress is not None:
            progress(done / n, f"evaluated {done:,} of {n:,} images")
    return Evaluation.from_probabilities(np.concatenate(outputs), labels, class_names)


def _call(model, batch):
    """One forward pass in inference mode → float32 numpy array."""
    try:
        output = model(batch, training=False)
    except (ValueError, TypeError) as exc:
        raise ModelError(f"the model cannot take 28×28 images ({exc}): "
                         f"load a model trained for this lab") from None
    return np.asarray(output, dtype=np.float32)


def _ratio(numerator, denominator):
    """numerator / denominator with 0.0 where the denominator is 0 (no warnings)."""
    out = np.zeros_like(numerator, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _check_labels(values, num_classes, what="label"):
    """Every value must be a class index."""
    if values.size and (values.min() < 0 or values.max() >= num_classes):
        raise DatasetError(f"a {what} is outside 0..{num_classes - 1} "
                           f"(found {int(values.min())}..{int(values.max())}): "
                           f"the labels do not belong to these {num_classes} classes")


def evaluate_test_split(model, class_names, dataset, dataset_name=None, data_dir=None,
                        progress=None):
    """(Dataset, Evaluation) of ``model`` on the test split; the dataset is loaded by name when
    ``dataset`` is None (progress 0–30% loading, 30–100% evaluating)."""
    from lab.core.datasets import load_dataset

    progress = progress or (lambda fraction, message: None)
    if dataset is None:
        dataset = load_dataset(dataset_name, data_dir,
                               progress=lambda f, m: progress(0.3 * f, f"loading data: {m}"))
    test = dataset.test
    evaluation = evaluate(model, test.images, test.labels, class_names,
                          progress=lambda f, m: progress(0.3 + 0.7 * f, "evaluating"))
    return dataset, evaluation
