"""Predictor: probabilities, one character, a line of characters, loading a folder."""

import numpy as np
import pytest

from glyphs import make_glyph
from lab.core.errors import EmptyImageError, ImageError, ModelError

DIGITS = tuple("0123456789")


@pytest.fixture(scope="module")
def glyph_model():
    """A tiny model trained (a few seconds) on preprocessed rendered glyphs of 0..9."""
    import keras

    from lab.core.preprocess import to_mnist

    keras.utils.set_random_seed(0)
    images, labels = [], []
    for label, char in enumerate(DIGITS):
        for font_size in (30, 36, 42):
            for stroke in (0, 1):
                images.append(to_mnist(make_glyph(char, size=56, font_size=font_size,
                                                  stroke=stroke)))
                labels.append(label)
    x, y = np.asarray(images)[..., None], np.asarray(labels)
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=40, batch_size=20, verbose=0)
    return model


@pytest.fixture(scope="module")
def predictor(glyph_model):
    from lab.core.prediction import Predictor

    return Predictor(glyph_model, DIGITS)


def test_probabilities_shape_and_sum(predictor):
    batch = np.zeros((3, 28, 28), dtype=np.float32)
    probabilities = predictor.probabilities(batch)
    assert probabilities.shape == (3, 10) and probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert predictor.probabilities(np.zeros((28, 28))).shape == (1, 10)
    assert predictor.probabilities(np.zeros((0, 28, 28))).shape == (0, 10)
    with pytest.raises(ImageError, match="28×28"):
        predictor.probabilities(np.zeros((2, 32, 32)))


def test_predict_image_any_polarity_and_size(predictor):
    for char in "0137":
        for image in (make_glyph(char, size=56, invert=True), make_glyph(char, size=200)):
            result = predictor.predict_image(image)
            assert result["label"] == char
            assert result["confidence"] == max(result["probabilities"].values())
            assert set(result["probabilities"]) == set(DIGITS)
            assert result["image28"].shape == (28, 28)


def test_predict_image_empty(predictor):
    with pytest.raises(EmptyImageError, match="draw or load"):
        predictor.predict_image(np.full((280, 280), 255, dtype=np.uint8))


def test_read_text_one_batched_call(predictor, monkeypatch):
    line = np.concatenate([np.zeros((56, 12), np.uint8)] + [
        np.concatenate([make_glyph(c, size=56), np.zeros((56, 12), np.uint8)], axis=1)
        for c in "2026"], axis=1)
    calls = []
    original = predictor.probabilities
    monkeypatch.setattr(predictor, "probabilities",
                        lambda images: calls.append(len(images)) or original(images))
    result = predictor.read_text(255 - line)
    assert calls == [4]
    assert result["text"] == "2026"
    boxes = [c["box"] for c in result["characters"]]
    assert boxes == sorted(boxes) and len(boxes) == 4
    assert all(0 < c["confidence"] <= 1 for c in result["characters"])


def test_predictor_uses_its_own_copy(glyph_model):
    from lab.core.prediction import Predictor

    predictor = Predictor(glyph_model, DIGITS)
    image = make_glyph("3", size=56)
    before = predictor.predict_image(image)["probabilities"]
    assert predictor.model is not glyph_model
    weights = glyph_model.get_weights()
    glyph_model.set_weights([np.zeros_like(w) for w in weights])  # "training" changes the original
    try:
        assert predictor.predict_image(image)["probabilities"] == pytest.approx(before)
    finally:
        glyph_model.set_weights(weights)
    predictor.set_weights([np.zeros_like(w) for w in weights])
    assert predictor.predict_image(image)["confidence"] == pytest.approx(0.1)


def test_class_name_count_must_match(glyph_model):
    from lab.core.prediction import Predictor

    with pytest.raises(ModelError, match="10 outputs"):
        Predictor(glyph_model, ("a", "b"))
    assert Predictor(glyph_model, copy=False).class_names == DIGITS


def test_saved_model_object_is_accepted(glyph_model):
    from types import SimpleNamespace

    from lab.core.prediction import Predictor

    saved = SimpleNamespace(model=glyph_model, metadata={"dataset": "mnist"},
                            class_names=DIGITS, path=None)
    predictor = Predictor(saved)
    assert predictor.class_names == DIGITS and predictor.metadata == {"dataset": "mnist"}
    assert predictor.predict_image(make_glyph("1", size=56))["label"] == "1"


def test_from_folder(tiny_model_dir):
    from lab.core.prediction import Predictor

    predictor = Predictor.from_folder(tiny_model_dir)
    assert predictor.class_names == DIGITS
    result = predictor.predict_image(make_glyph("5", size=56))
    assert result["label"] in DIGITS and 0 < result["confidence"] <= 1


def test_pad_path_reads_as_the_plain_path(glyph_model):
    """The pad's fast call (onnxruntime for a loaded model, one image or a line of them)
    gives the plain call's probabilities; a model in hand keeps the XLA call, which
    follows new weights."""
    from types import SimpleNamespace

    from lab.core.prediction import Predictor

    saved = SimpleNamespace(model=glyph_model, metadata={"dataset": "mnist"},
                            class_names=DIGITS, path=None)
    plain, pad = Predictor(saved), Predictor(saved, compile_single=True)
    assert pad.runtime == "onnxruntime"
    assert plain.runtime == "TensorFlow"
    line = np.concatenate([make_glyph(c, size=56) for c in "2026"], axis=1)
    for image in (make_glyph("7", size=56), line):
        expected, got = plain.read(image), pad.read(image)
        assert got["text"] == expected["text"]
        for mine, theirs in zip(got["characters"], expected["characters"]):
            assert list(mine["probabilities"].values()) == pytest.approx(
                list(theirs["probabilities"].values()), abs=1e-5)
    batch = np.random.default_rng(0).uniform(0, 255, (40, 28, 28)).astype(np.float32)
    np.testing.assert_allclose(pad.probabilities(batch), plain.probabilities(batch), atol=1e-5)

    weights = glyph_model.get_weights()  # the SavedModel's model itself, not a copy
    pad.set_weights([np.zeros_like(w) for w in weights])  # the snapshot is now stale
    try:
        assert pad.runtime == "XLA"
        assert pad.predict_image(make_glyph("3", size=56))["confidence"] == pytest.approx(0.1)
    finally:
        glyph_model.set_weights(weights)
    live = Predictor(saved, compile_single=True, copy=True)  # perhaps still training
    assert live.runtime == "XLA"


def test_pad_path_without_onnxruntime_still_reads(glyph_model, monkeypatch):
    import sys
    from types import SimpleNamespace

    from lab.core.prediction import Predictor

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime raises
    saved = SimpleNamespace(model=glyph_model, metadata={}, class_names=DIGITS, path=None)
    predictor = Predictor(saved, compile_single=True)
    assert predictor.runtime == "XLA"
    assert predictor.predict_image(make_glyph("1", size=56))["label"] == "1"
