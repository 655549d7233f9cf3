"""Predictor.read with the shipped models on drawings the tests make: characters drawn with
the pen lifted stay one character, numbers and words still split, faint pencil is read."""

from pathlib import Path

import numpy as np
import pytest

from glyphs import make_glyph
from lab.core.errors import EmptyImageError
from pen import (E_IN_FOUR_STROKES, FIVE_WITH_LONG_BAR, FIVE_WITH_SEPARATE_BAR,
                 FOUR_IN_TWO_STROKES, I_WITH_SIDE_TICK,
                 H_IN_THREE_STROKES, SEVEN, SIX, TWO, ZERO, on_grey_paper, pen_drawing,
                 side_by_side)

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture(scope="module")
def digits():
    from lab.core.prediction import Predictor

    return Predictor.from_folder(MODELS / "digits")


@pytest.fixture(scope="module")
def letters():
    from lab.core.prediction import Predictor

    return Predictor.from_folder(MODELS / "letters")


@pytest.mark.parametrize("strokes, expected", [(FIVE_WITH_SEPARATE_BAR, "5"),
                                               (FOUR_IN_TWO_STROKES, "4")], ids=["5", "4"])
def test_digit_drawn_with_the_pen_lifted_is_one_character(digits, strokes, expected):
    for drawing in (pen_drawing(strokes), 255 - pen_drawing(strokes, width=8)):
        reading = digits.read(drawing)
        assert reading["text"] == expected and reading["single"]
        assert reading["label"] == expected and len(reading["characters"]) == 1
        assert reading["image28"].shape == (28, 28)
        assert reading["probabilities"][expected] == reading["confidence"]


@pytest.mark.parametrize("strokes, expected", [(H_IN_THREE_STROKES, "H"),
                                               (E_IN_FOUR_STROKES, "E")], ids=["H", "E"])
def test_letter_of_separate_strokes_is_one_character(letters, strokes, expected):
    for drawing in (pen_drawing(strokes), 255 - pen_drawing(strokes, width=8)):
        reading = letters.read(drawing)
        assert reading["text"] == expected and reading["single"]


def test_dotted_i_is_one_character(letters):
    dotted = pen_drawing([[(100, 80), (100, 175)]], dots=[(100, 45, 9)])
    reading = letters.read(dotted)
    assert reading["single"] and len(reading["text"]) == 1
    x0, y0, x1, y1 = reading["characters"][0]["box"]
    assert y0 <= 45 - 8 and y1 >= 175  # the dot is part of the character


def test_dot_written_as_a_tick_beside_the_stem_stays_with_it(letters, digits):
    reading = letters.read(pen_drawing(I_WITH_SIDE_TICK))
    assert reading["single"] and reading["text"] == "I"
    assert reading["characters"][0]["box"][1] < 40  # the tick is part of the character
    assert digits.read(pen_drawing(FIVE_WITH_LONG_BAR, size=(230, 200)))["text"] == "5"


def test_number_drawn_with_a_pen_still_splits(digits):
    number = side_by_side([pen_drawing(d) for d in (TWO, ZERO, TWO, SIX)], gap=30)
    reading = digits.read(number)
    assert reading["text"] == "2026" and not reading["single"]
    assert reading["probabilities"] is None and reading["image28"] is None
    lefts = [c["box"][0] for c in reading["characters"]]
    assert lefts == sorted(lefts)
    assert reading["confidence"] == min(c["confidence"] for c in reading["characters"])


def test_typed_number_and_word_still_split(digits, letters):
    number = np.hstack([make_glyph(d, size=100, font_size=70, stroke=1) for d in "2026"])
    assert digits.read(number.astype(np.float32))["text"] == "2026"
    word = np.hstack([make_glyph(c, size=100, font_size=70, stroke=1) for c in "ABC"])
    assert letters.read(255 - word.astype(np.float32))["text"] == "ABC"


def test_number_with_a_two_stroke_digit_splits_between_digits_only(digits):
    number = side_by_side([pen_drawing(FOUR_IN_TWO_STROKES), pen_drawing(TWO)], gap=30)
    assert digits.read(number)["text"] == "42"


def test_faint_pencil_on_grey_paper_is_read(digits):
    page = on_grey_paper(pen_drawing(SEVEN, size=(300, 400)), contrast=18, noise=3)
    assert digits.read(page)["text"] == "7"


def test_blank_page_is_refused(digits):
    blank = on_grey_paper(np.zeros((400, 300), dtype=np.uint8), contrast=0, noise=4)
    with pytest.raises(EmptyImageError, match="empty"):
        digits.read(blank)


def test_draw_tab_reads_what_predict_reads(digits):
    from lab.gui.tabs.draw.worker import predict_drawing

    for strokes, kind in ((FOUR_IN_TWO_STROKES, "single"), (SEVEN, "single")):
        drawing = pen_drawing(strokes)
        outcome = predict_drawing(digits, drawing)
        reading = digits.read(drawing)
        assert outcome["kind"] == kind
        assert outcome["result"]["text"] == reading["text"]
        assert np.array_equal(outcome["images"][0], reading["image28"])
    number = side_by_side([pen_drawing(d) for d in (TWO, ZERO)], gap=30)
    outcome = predict_drawing(digits, number)
    assert outcome["kind"] == "text" and outcome["result"]["text"] == "20"
    assert len(outcome["images"]) == 2
    assert predict_drawing(digits, np.zeros((280, 280)))["kind"] == "empty"
    several = predict_drawing(digits, pen_drawing(SEVEN), several=True)
    assert several["kind"] == "text" and len(several["result"]["characters"]) == 1
