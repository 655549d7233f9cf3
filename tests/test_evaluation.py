"""Evaluation metrics against hand counts and direct computations; a tiny keras model run."""

import json

import numpy as np
import pytest

from lab.core.errors import DatasetError, ModelError
from lab.core.evaluation import Evaluation, confusion_matrix, evaluate, per_class_metrics

NAMES = ("a", "b", "c")
LABELS = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
PROBS = np.array([
    [0.9, 0.05, 0.05],   # 0 → 0
    [0.2, 0.7, 0.1],     # 0 → 1 (wrong, 0.7)
    [0.6, 0.3, 0.1],     # 0 → 0
    [0.1, 0.8, 0.1],     # 1 → 1
    [0.05, 0.05, 0.9],   # 1 → 2 (wrong, 0.9)
    [0.1, 0.1, 0.8],     # 2 → 2
    [0.4, 0.35, 0.25],   # 2 → 0 (wrong, 0.4)
    [0.0, 0.0, 1.0],     # 2 → 2
    [0.2, 0.2, 0.6],     # 2 → 2
], dtype=np.float32)


@pytest.fixture
def fixture_eval():
    return Evaluation.from_probabilities(PROBS, LABELS, NAMES)


def test_confusion_matches_hand_count(fixture_eval):
    expected = np.array([[2, 1, 0],
                         [0, 1, 1],
                         [1, 0, 3]])
    assert fixture_eval.confusion.dtype == np.int64
    np.testing.assert_array_equal(fixture_eval.confusion, expected)
    assert fixture_eval.confusion.sum() == fixture_eval.n == 9
    np.testing.assert_array_equal(confusion_matrix(LABELS, PROBS.argmax(1), 3), expected)


def test_accuracy_and_loss(fixture_eval):
    assert fixture_eval.accuracy == pytest.approx(6 / 9)
    picked = np.clip(PROBS[np.arange(9), LABELS], 1e-7, 1)
    assert fixture_eval.loss == pytest.approx(-np.log(picked).mean(), rel=1e-6)
    assert np.isfinite(Evaluation.from_probabilities([[0.0, 1.0]], [0], ("x", "y")).loss)


def test_per_class_metrics_match_direct_computation(fixture_eval):
    rng = np.random.default_rng(0)
    labels, predictions = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    rows = per_class_metrics(confusion_matrix(labels, predictions, 4), list("wxyz"))
    for k, row in enumerate(rows):
        tp = np.sum((labels == k) & (predictions == k))
        precision = tp / np.sum(predictions == k)
        recall = tp / np.sum(labels == k)
        assert row["class"] == "wxyz"[k]
        assert row["support"] == np.sum(labels == k)
        assert row["precision"] == pytest.approx(precision)
        assert row["recall"] == pytest.approx(recall)
        assert row["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert fixture_eval.per_class[0] == pytest.approx(
        {"class": "a", "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "support": 3})


def test_undefined_metrics_are_zero_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rows = per_class_metrics(confusion_matrix([0, 0], [0, 0], 3), NAMES)
    assert rows[1] == {"class": "b", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_mistakes_most_confident_first(fixture_eval):
    mistakes = fixture_eval.mistakes()
    assert [m["index"] for m in mistakes] == [4, 1, 6]
    assert mistakes[0] == pytest.approx({"index": 4, "true": 1, "predicted": 2, "confidence": 0.9,
                                         "true_name": "b", "predicted_name": "c"})
    assert [m["index"] for m in fixture_eval.mistakes(limit=2)] == [4, 1]


def test_examples_of_a_confusion_cell(fixture_eval):
    np.testing.assert_array_equal(fixture_eval.examples(2, 2), [7, 5, 8])  # most confident first
    np.testing.assert_array_equal(fixture_eval.examples("a", "b"), [1])
    assert fixture_eval.examples(1, 0).size == 0
    with pytest.raises(DatasetError):
        fixture_eval.examples("q", 0)


def test_to_json(fixture_eval):
    data = json.loads(json.dumps(fixture_eval.to_json()))
    assert set(data) == {"accuracy", "loss", "n", "confusion", "per_class", "class_names"}
    assert data["confusion"] == fixture_eval.confusion.tolist() and data["n"] == 9
    assert data["class_names"] == list(NAMES) and len(data["per_class"]) == 3


def test_bad_inputs_are_lab_errors():
    with pytest.raises(ModelError, match="outputs"):
        Evaluation.from_probabilities(PROBS[:, :2], LABELS, NAMES)
    with pytest.raises(DatasetError, match="outside"):
        confusion_matrix([0, 5], [0, 1], 3)
    with pytest.raises(DatasetError, match="no images"):
        evaluate(None, np.zeros((0, 28, 28), np.uint8), [], NAMES)


def test_evaluate_tiny_keras_model_in_batches(tiny_dataset):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.predict = None  # evaluation must call the model directly, never predict()
    split = tiny_dataset.test
    calls = []
    result = evaluate(model, split.images, split.labels, tiny_dataset.class_names, batch_size=32,
                      progress=lambda fraction, message: calls.append((fraction, message)))
    assert [round(f, 2) for f, _ in calls] == [0.32, 0.64, 0.96, 1.0]
    assert "100" in calls[-1][1]
    expected = np.asarray(model(split.images[..., None].astype(np.float32), training=False))
    np.testing.assert_allclose(result.probabilities, expected, atol=1e-5)
    assert result.accuracy == pytest.approx(np.mean(expected.argmax(1) == split.labels))
    keras_loss = keras.losses.SparseCategoricalCrossentropy()(split.labels, expected)
    assert result.loss == pytest.approx(float(keras_loss), rel=1e-4)
    assert result.n == 100 and result.confusion.sum() == 100
