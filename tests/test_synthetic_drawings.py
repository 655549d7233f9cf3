"""The generated drawn test set: deterministic, varied, labelled, written in the drawings layout."""

import numpy as np
import pytest
from PIL import Image

from lab.core.errors import LabError
from lab.core.synthetic_drawings import DIGITS, LETTERS, generate, write_folder


def test_same_seed_same_images_other_seed_differs():
    first, labels1 = generate(2, "digits", seed=5)
    second, labels2 = generate(2, "digits", seed=5)
    third, _ = generate(2, "digits", seed=6)
    assert labels1 == labels2
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    assert not all(a.shape == c.shape and np.array_equal(a, c) for a, c in zip(first, third))


def test_labels_sizes_and_polarity_vary():
    images, labels = generate(6, "digits", seed=1)
    assert labels == list(DIGITS) * 6
    assert all(im.dtype == np.uint8 and im.ndim == 2 for im in images)
    sides = [s for im in images for s in im.shape]
    assert min(sides) >= 100 and max(sides) <= 400
    assert len({im.shape for im in images}) > 20
    light_paper = [np.median(im) > 127 for im in images]
    assert 0.2 < np.mean(light_paper) < 0.8
    # every image has ink: a clear contrast between paper and the strongest ink
    assert all(int(im.max()) - int(im.min()) > 100 for im in images)


def test_characters_are_off_centre_sometimes():
    images, _ = generate(3, "digits", seed=2, font_fraction=0.0)
    offsets = []
    for im in images:
        ink = np.abs(im.astype(float) - np.median(im)) > 60
        ys, xs = np.nonzero(ink)
        offsets.append(abs(xs.mean() / im.shape[1] - 0.5))
    assert max(offsets) > 0.1


def test_letters_and_explicit_classes():
    images, labels = generate(1, "letters", seed=0)
    assert labels == list(LETTERS)
    _, labels = generate(2, "17", seed=0, system_fonts=False)
    assert labels == ["1", "7", "1", "7"]
    with pytest.raises(LabError, match="no stroke template"):
        generate(1, "xyz")


def test_preprocessed_like_the_pad(tmp_path):
    from lab.core.preprocess import to_mnist

    images, _ = generate(1, "digits", seed=3)
    for image in images:
        small = to_mnist(image.astype(np.float32))
        assert small.shape == (28, 28) and small.max() > 100


def test_write_folder_layout(tmp_path):
    folder = write_folder(tmp_path / "set", n_per_class=2, classes="0123", seed=4,
                          system_fonts=False)
    files = sorted(folder.rglob("*.png"))
    assert len(files) == 8
    assert {f.parent.name for f in files} == set("0123")
    assert not list(folder.rglob("*.tmp"))
    with Image.open(files[0]) as image:
        assert image.mode == "L"
