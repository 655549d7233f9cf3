"""Handwriting training data: every class, lowercase as its class, without fonts, train only."""

import io
import json

import numpy as np
import pytest
from PIL import ImageFont

from lab.cli import CommandLine
from lab.core import handwriting_data
from lab.core.errors import LabError, TrainingError
from lab.core.handwriting_data import HandwritingData, handwriting_fonts, with_handwriting
from lab.core.handwriting_templates import CLASS_OF, LOWERCASE_TEMPLATES
from lab.core.training import Reporter, TrainingConfig, train

DIGITS = list("0123456789")
LETTERS = list("ABCDEFGHIJ")
DEJAVU = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]


@pytest.mark.parametrize("classes, style", [(DIGITS, "mnist"), (LETTERS, "notmnist")])
def test_every_class_preprocessed_like_the_pad(classes, style):
    images, labels = HandwritingData(seed=3).images(3, classes, style)
    assert images.shape == (30, 28, 28) and images.dtype == np.uint8
    assert labels.tolist() == list(range(10)) * 3
    assert all(image.max() == 255 for image in images)          # to_mnist scales ink to 255
    assert all((image > 100).mean() > 0.03 for image in images)
    if style == "mnist":   # MNIST style leaves a border around a 20×20 box
        assert images[:, :2, :].max() < 60 and images[:, :, :2].max() < 60


def test_same_seed_same_images_other_seed_differs():
    first, _ = HandwritingData(seed=7).images(2, DIGITS, "mnist")
    again, _ = HandwritingData(seed=7).images(2, DIGITS, "mnist")
    other, _ = HandwritingData(seed=8).images(2, DIGITS, "mnist")
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_lowercase_letters_are_labelled_as_their_uppercase_class():
    assert {CLASS_OF[c] for c in LOWERCASE_TEMPLATES} == set(LETTERS)
    assert all(CLASS_OF[c] == c.upper() for c in LOWERCASE_TEMPLATES)
    maker = HandwritingData(seed=1, fonts=[], lowercase_fraction=1.0)
    assert [maker.written_form(c) for c in LETTERS] == list("abcdefghij")
    assert [maker.written_form(c) for c in DIGITS] == DIGITS
    images, labels = maker.images(2, LETTERS, "notmnist")
    assert labels.tolist() == list(range(10)) * 2 and images.max() == 255
    # the same written strokes, drawn directly, are a lowercase shape, not the capital's
    assert maker.sample("g").ndim == 2


def test_works_without_handwriting_fonts(monkeypatch):
    assert handwriting_fonts(DEJAVU) == []
    strokes_only = HandwritingData(seed=2, fonts=[])
    assert strokes_only.font_fraction == 0.0
    assert strokes_only.describe()["font_source"] == "none (strokes only)"
    images, _ = strokes_only.images(2, DIGITS, "mnist")
    assert images.shape == (20, 28, 28) and images.max() == 255
    # no handwriting font installed: whatever fonts exist are used, and the record says so
    monkeypatch.setattr(handwriting_data, "_font_files", lambda: list(DEJAVU))
    fallback = HandwritingData(seed=2)
    assert fallback.fonts == DEJAVU
    assert fallback.describe()["font_source"] == "other installed fonts"
    assert fallback.images(1, LETTERS, "notmnist")[0].shape == (10, 28, 28)


def test_unknown_classes_and_styles_are_refused():
    maker = HandwritingData(seed=0, fonts=[])
    with pytest.raises(LabError, match="handwriting"):
        maker.images(1, ["K"], "notmnist")
    with pytest.raises(LabError, match="style"):
        maker.images(1, DIGITS, "emnist")


class _Recorder(Reporter):
    def __init__(self):
        self.info, self.messages = None, []

    def started(self, info):
        self.info = info

    def message(self, text):
        self.messages.append(text)


def test_mixing_adds_to_the_train_split_only(tiny_dataset):
    before = (len(tiny_dataset.train), len(tiny_dataset.validation), len(tiny_dataset.test))
    mixed = with_handwriting(tiny_dataset.train, tiny_dataset, 2, seed=0)
    assert len(mixed) == before[0] + 20
    assert np.array_equal(mixed.images[:before[0]], tiny_dataset.train.images)
    assert mixed.labels[before[0]:].tolist() == list(range(10)) * 2
    recorder = _Recorder()
    result = train(tiny_dataset, TrainingConfig(architecture="softmax", epochs=1, seed=0,
                                                handwriting=2), reporter=recorder)
    assert recorder.info["train_samples"] == before[0] + 20
    assert any("handwriting: 20 images" in m for m in recorder.messages)
    assert result.config.handwriting == 2
    assert (len(tiny_dataset.train), len(tiny_dataset.validation),
            len(tiny_dataset.test)) == before
    with pytest.raises(TrainingError, match="handwriting"):
        TrainingConfig(architecture="softmax", handwriting=-1).resolved()


def _run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = CommandLine(stdout=out, stderr=err).run([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


def test_cli_records_handwriting_and_init_from(tiny_mnist_dir, tmp_path):
    base, tuned = tmp_path / "base", tmp_path / "tuned"
    status, _, err = _run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                              "--epochs", "1", "--seed", "0", "--handwriting", "3",
                              "--out", base)
    assert status == 0, err
    assert "on 570 images" in err   # 540 train + 3 × 10 handwriting; validation stays 60
    metadata = json.loads((base / "metadata.json").read_text())
    assert metadata["command"].endswith("--handwriting 3")
    assert metadata["hyperparameters"]["handwriting"] == 3
    assert metadata["handwriting_data"]["per_class"] == 3
    assert "font_source" in metadata["handwriting_data"]
    status, _, err = _run_cli("--data-dir", tiny_mnist_dir, "train", "--epochs", "1",
                              "--lr", "0.001", "--init-from", base, "--out", tuned)
    assert status == 0, err
    tuned_meta = json.loads((tuned / "metadata.json").read_text())
    assert tuned_meta["architecture"] == "softmax"
    assert tuned_meta["command"].endswith(f"--init-from {base}")
    assert tuned_meta["init_from"]["command"] == metadata["command"]
    status, _, err = _run_cli("--data-dir", tiny_mnist_dir, "train", "--init-from", base,
                              "--ensemble", "2")
    assert status == 2 and err.startswith("error: --init-from")


def test_every_stroke_shape_draws_a_readable_character(monkeypatch):
    """Each written variant of each character, alone, becomes a preprocessed image with ink:
    a mistyped template (a stroke of one point, a shape off its box) fails here by name."""
    from lab.core.preprocess import to_mnist

    maker = HandwritingData(seed=4, fonts=[])
    for char, variants in handwriting_data.TEMPLATES.items():
        for index, variant in enumerate(variants):
            monkeypatch.setitem(handwriting_data.TEMPLATES, char, [variant])
            assert all(len(stroke) >= 2 for stroke in variant), (char, index)
            image = to_mnist(maker.sample(char), "mnist")
            assert image.max() == 255 and (image > 100).mean() > 0.03, (char, index)


def _ink_box(image):
    rows, cols = np.flatnonzero((image > 64).any(axis=1)), np.flatnonzero((image > 64).any(axis=0))
    return rows[0], rows[-1], cols[0], cols[-1]


def test_written_widths_vary_and_lean_narrow():
    maker = HandwritingData(seed=4, fonts=[])
    ratios = []
    for _ in range(40):
        top, bottom, left, right = _ink_box(maker.sample("H"))
        ratios.append((right - left + 1) / (bottom - top + 1))
    # the H template is drawn in a square; people write it narrower, some much narrower
    # (the widths of 2026-12-02, 0.65-1.35 × the height, gave a median of 0.79 here)
    assert np.median(ratios) < 0.75 and min(ratios) < 0.45 and max(ratios) > 0.95


def test_typeset_glyphs_are_squeezed_and_slanted_without_being_cut_off(tmp_path):
    bundled = tmp_path / "bundled.ttf"   # Pillow's own font: present on every machine
    bundled.write_bytes(ImageFont.load_default(size=40).font_bytes)
    maker = HandwritingData(seed=5, fonts=[bundled], font_fraction=1.0)
    for char in "AHIMW04g":
        for _ in range(6):
            image = maker._typeset(char)
            assert image is not None, char
            top, bottom, left, right = _ink_box(image)
            height, width = image.shape
            assert top > 0 and left > 0 and bottom < height - 1 and right < width - 1, char
