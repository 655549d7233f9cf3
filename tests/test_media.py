"""Paper copies of drawings (lab.core.media) and scoring a folder as paper."""

from pathlib import Path

import numpy as np
import pytest

from lab.core.errors import EmptyImageError
from lab.core.media import MEDIA, PaperCopy
from lab.core.synthetic_drawings import generate

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture(scope="module")
def drawing():
    """A drawing as the pad makes them: white ink on black, a few hundred pixels a side."""
    images, _ = generate(1, classes="digits", seed=3, font_fraction=0.0)
    return images[4].astype(np.float32)


@pytest.mark.parametrize("medium", MEDIA)
def test_a_paper_copy_is_dark_ink_on_grey_noisy_paper(drawing, medium):
    copy = PaperCopy(medium, seed=1)(drawing)
    assert copy.dtype == np.float32 and copy.ndim == 2
    height, width = drawing.shape
    assert 1.5 * height - 1 <= copy.shape[0] <= 3 * height + 1  # enlarged as by a scanner
    assert copy.shape[1] / width == pytest.approx(copy.shape[0] / height, rel=0.02)
    ink = np.asarray(drawing > 128)
    ink_share = ink.mean()
    paper = float(np.median(copy))  # most of the page is paper
    assert 170 < paper < 245
    assert float(np.percentile(copy, 100 * ink_share / 4)) < paper - 25  # dark strokes
    corner = copy[:20, :20]
    assert corner.std() > 1.0  # noise and JPEG, not a flat page


def test_pencil_is_fainter_than_a_scan(drawing):
    def contrast(image):
        return float(np.median(image) - np.percentile(image, 1))

    scans = [contrast(PaperCopy("scan", seed=s)(drawing)) for s in range(4)]
    pencils = [contrast(PaperCopy("pencil", seed=s)(drawing)) for s in range(4)]
    assert max(pencils) < 80 and np.mean(pencils) < np.mean(scans)


def test_same_seed_same_copies_and_each_image_its_own(drawing):
    first, second = PaperCopy("photo", seed=5), PaperCopy("photo", seed=5)
    a, b = first(drawing), second(drawing)
    np.testing.assert_array_equal(a, b)
    again = first(drawing)  # the next image gets its own paper, ink and scale
    assert again.shape != a.shape or not np.array_equal(again, a)


def test_unknown_medium_and_blank_page():
    with pytest.raises(ValueError, match="scan, pencil, photo, marker"):
        PaperCopy("papyrus")
    with pytest.raises(EmptyImageError):
        PaperCopy("scan")(np.full((100, 100), 255, np.float32))


def test_the_shipped_digits_read_their_drawings_on_paper(tmp_path):
    from lab.core.drawings import score_folder
    from lab.core.prediction import Predictor
    from lab.core.synthetic_drawings import write_folder

    write_folder(tmp_path, n_per_class=2, classes="digits", seed=7, font_fraction=0.0)
    predictor = Predictor.from_folder(MODELS / "digits")
    for medium in MEDIA:
        score = score_folder(predictor, tmp_path, medium=medium)
        assert score.n == 20 and score.correct >= 18, (medium, score.summary())
