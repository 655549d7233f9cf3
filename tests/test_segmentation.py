"""Ink threshold from the image itself, and strokes grouped into characters (no model)."""

import io

import numpy as np
import pytest
from PIL import Image

from lab.core.errors import EmptyImageError
from lab.core.ink import MASK_LEVEL, ink_map
from lab.core.segmentation import Segmentation, segment
from pen import (E_IN_FOUR_STROKES, FIVE_WITH_LONG_BAR, FIVE_WITH_SEPARATE_BAR,
                 FOUR_IN_TWO_STROKES, I_WITH_SIDE_TICK,
                 H_IN_THREE_STROKES, SEVEN, SIX, TWO, ZERO, on_grey_paper, pen_drawing,
                 side_by_side)


def jpeg(page, quality=60):
    buffer = io.BytesIO()
    Image.fromarray(np.clip(page, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())), dtype=np.float32)


def overlap(found, drawn):
    """Intersection over union of two masks."""
    return (found & drawn).sum() / (found | drawn).sum()


# --- ink threshold ------------------------------------------------------------------------------

@pytest.mark.parametrize("contrast, noise", [(15, 2), (20, 3), (30, 5)])
def test_faint_writing_on_unevenly_lit_grey_paper_is_found(contrast, noise):
    drawn = pen_drawing(SEVEN, size=(300, 400))
    for page in (on_grey_paper(drawn, contrast, noise=noise),
                 jpeg(on_grey_paper(drawn, contrast, noise=noise))):
        found = ink_map(page) > MASK_LEVEL
        assert overlap(found, drawn > 128) > 0.7


def test_pencil_on_grey_paper_without_falloff_is_found():
    drawn = pen_drawing(TWO, size=(200, 200))
    page = on_grey_paper(drawn, contrast=12, noise=1.5, falloff=0)
    assert overlap(ink_map(page) > MASK_LEVEL, drawn > 128) > 0.7


@pytest.mark.parametrize("noise", [1, 3, 8])
@pytest.mark.parametrize("falloff", [0, 40])
def test_blank_grey_page_is_empty(noise, falloff):
    blank = np.zeros((400, 300), dtype=np.uint8)
    for page in (on_grey_paper(blank, 0, noise=noise, falloff=falloff),
                 jpeg(on_grey_paper(blank, 0, noise=noise, falloff=falloff))):
        with pytest.raises(EmptyImageError, match="empty"):
            ink_map(page)


def test_blank_page_with_a_linear_light_gradient_is_empty():
    y, x = np.mgrid[0:300, 0:300]
    rng = np.random.default_rng(1)
    for noise in (0.0, 2.0):
        with pytest.raises(EmptyImageError):
            ink_map(110 + 0.3 * x + 0.1 * y + rng.normal(0, noise, x.shape))


def test_a_dark_speck_does_not_drown_faint_writing():
    drawn = pen_drawing(SEVEN, size=(300, 300))
    page = on_grey_paper(drawn, contrast=25, noise=2, falloff=0)
    page[10:14, 10:14] = 0  # a blot far darker than the pencil
    found = ink_map(page) > MASK_LEVEL
    assert overlap(found, drawn > 128) > 0.7


def test_bold_character_covering_most_of_the_image_is_found():
    bold = pen_drawing(ZERO, width=70)
    assert (bold > 128).mean() > 0.5  # more ink than paper: the border tells the paper
    for page in (bold, on_grey_paper(bold, contrast=40, noise=3, falloff=0)):
        assert overlap(ink_map(page) > MASK_LEVEL, bold > 128) > 0.95


def test_clean_drawing_keeps_full_strength():
    drawn = pen_drawing(ZERO)
    ink = ink_map(drawn)
    assert ink.max() == pytest.approx(255, abs=1) and ink[drawn == 0].max() == 0
    assert np.abs(ink_map(255 - drawn) - ink).max() < 1


# --- grouping strokes into characters -----------------------------------------------------------

def test_five_with_a_separate_bar_is_one_part():
    assert len(Segmentation(pen_drawing(FIVE_WITH_SEPARATE_BAR))) == 1


@pytest.mark.parametrize("strokes", [FOUR_IN_TWO_STROKES, H_IN_THREE_STROKES, E_IN_FOUR_STROKES],
                         ids=["four", "H", "E"])
def test_pen_lifted_halves_are_close_and_offered_as_one(strokes):
    layout = Segmentation(pen_drawing(strokes))
    assert len(layout) == 2  # geometry alone cannot tell "4" from "41": the model decides
    assert layout.closeness(0) > 0.3
    assert (0, 2) in layout.runs()
    assert layout.image(0, 2).shape == (28, 28)


def test_dot_of_i_stays_with_its_stem():
    dotted = pen_drawing([[(100, 80), (100, 175)]], dots=[(100, 45, 9)])
    layout = Segmentation(dotted)
    assert len(layout) == 1
    assert layout.box(0, 1)[1] <= 45 - 8  # the box reaches up to the dot


@pytest.mark.parametrize("strokes, size", [(I_WITH_SIDE_TICK, (200, 200)),
                                           (FIVE_WITH_LONG_BAR, (230, 200))], ids=["i", "5"])
def test_stroke_written_above_a_part_beside_its_column_is_offered_with_it(strokes, size):
    layout = Segmentation(pen_drawing(strokes, size=size))
    assert len(layout) == 2  # their columns barely overlap, and their ink is far apart
    assert layout.closeness(0) == 1.0
    assert (0, 2) in layout.runs()  # the 5 with its long bar too, though wider than tall


def test_number_written_with_gaps_is_clearly_apart():
    number = side_by_side([pen_drawing(d) for d in (TWO, ZERO, TWO, SIX)], gap=30)
    layout = Segmentation(number)
    assert len(layout) == 4
    assert layout.runs() == [(i, i + 1) for i in range(4)]  # nothing for the model to decide
    boxes = segment(number)
    assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)


def test_wide_merges_are_not_offered():
    zero = pen_drawing(ZERO)[:, 44:158]  # ink nearly to the edges
    layout = Segmentation(side_by_side([zero, zero], gap=0))
    assert len(layout) == 2 and layout.closeness(0) > 0
    assert (0, 2) not in layout.runs()  # two zeros together are far wider than tall


def test_empty_image_has_no_parts():
    assert segment(np.zeros((60, 60))) == []
    with pytest.raises(EmptyImageError):
        Segmentation(np.full((60, 60), 255.0))
