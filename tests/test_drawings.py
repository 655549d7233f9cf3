"""Saving labelled drawings and scoring a predictor on a folder of them."""

from datetime import datetime

import numpy as np
import pytest
from PIL import Image

from lab.core.drawings import (DrawingScore, canvas_image, drawings_dir, list_drawings,
                               save_drawing, score_folder, user_dir)
from lab.core.errors import ImageError, LabError


class FakePredictor:
    """Reads each lit 30-px column band as a character (its index); enough for bookkeeping."""

    class_names = ("0", "1", "2")

    def read(self, gray):
        lit = [i for i in range(3) if gray[:, i * 30:(i + 1) * 30].max() > 0]
        text = "".join(self.class_names[i] for i in lit)
        return {"text": text, "single": len(lit) == 1, "confidence": 0.9,
                "characters": [{"label": c, "confidence": 0.9} for c in text]}


class FakeLetters(FakePredictor):
    class_names = ("A", "B", "C")


def band(column, width=90):
    image = np.zeros((60, width), dtype=np.uint8)
    image[10:50, column * 30 + 10: column * 30 + 20] = 255
    return image


def test_default_folder_follows_lab_user_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("LAB_USER_DIR", str(tmp_path / "u"))
    assert user_dir() == tmp_path / "u"
    assert drawings_dir("mnist") == tmp_path / "u" / "drawings" / "mnist"
    path = save_drawing(band(1), "1", "mnist", now=datetime(2024, 5, 6, 7, 8, 9))
    assert path.parent == tmp_path / "u" / "drawings" / "mnist" / "1"
    assert path.name.startswith("20240506-070809")
    again = save_drawing(band(1), "1", "mnist", now=datetime(2024, 5, 6, 7, 8, 9))
    assert again != path and again.exists()
    assert not list(path.parent.glob("*.tmp"))
    assert np.array_equal(np.asarray(Image.open(path)), band(1))


def test_save_rejects_bad_labels_and_images(tmp_path):
    with pytest.raises(LabError, match="label"):
        save_drawing(band(0), "../x", folder=tmp_path)
    with pytest.raises(LabError, match="label"):
        save_drawing(band(0), "", folder=tmp_path)
    with pytest.raises(ImageError, match="2-D"):
        save_drawing(np.zeros((3, 4, 5)), "1", folder=tmp_path)


def test_score_round_trip(tmp_path):
    for label, column in (("0", 0), ("0", 0), ("1", 1), ("2", 2), ("2", 1)):
        save_drawing(band(column), label, folder=tmp_path)
    save_drawing(np.maximum(band(0), band(1)), "01", folder=tmp_path)  # a string
    save_drawing(band(0), "X", folder=tmp_path)         # not a class: skipped
    (tmp_path / "1" / "broken.png").write_bytes(b"not a png")
    seen = []
    score = score_folder(FakePredictor(), tmp_path, progress=lambda f, m: seen.append(f))
    assert isinstance(score, DrawingScore)
    assert score.n == 6 and score.correct == 5
    assert score.accuracy == pytest.approx(5 / 6)
    assert score.per_class["0"] == {"n": 2, "correct": 2}
    assert score.per_class["2"] == {"n": 2, "correct": 1}
    assert score.per_class["01"] == {"n": 1, "correct": 1}
    assert len(score.mistakes) == 1 and score.mistakes[0]["predicted"] == "1"
    assert len(score.skipped) == 2
    assert seen[-1] == 1.0
    assert "accuracy 83.3% (5/6)" in score.summary() and "2: 1/2" in score.summary()


def test_lowercase_folders_score_as_the_letters_class(tmp_path):
    for label, column in (("a", 0), ("b", 1), ("b", 2), ("A", 0), ("ab", 0)):
        image = np.maximum(band(0), band(1)) if label == "ab" else band(column)
        save_drawing(image, label, folder=tmp_path)
    score = score_folder(FakeLetters(), tmp_path)
    assert score.n == 5 and score.correct == 4
    assert score.per_class["a"] == {"n": 1, "correct": 1}
    assert score.per_class["b"] == {"n": 2, "correct": 1}
    assert score.per_class["ab"] == {"n": 1, "correct": 1}
    assert score.mistakes[0]["label"] == "b" and score.mistakes[0]["predicted"] == "C"
    digits = score_folder(FakePredictor(), tmp_path)  # a digits model: letters are skipped
    assert digits.n == 0 and len(digits.skipped) == 5


def test_a_character_read_as_two_counts_as_wrong(tmp_path):
    save_drawing(np.maximum(band(1), band(2)), "1", folder=tmp_path)
    score = score_folder(FakePredictor(), tmp_path)
    assert score.n == 1 and score.correct == 0
    assert score.mistakes[0]["predicted"] == "12"


def test_scores_the_synthetic_layout(tmp_path):
    from lab.core.synthetic_drawings import write_folder

    write_folder(tmp_path, n_per_class=1, classes="012", seed=0, system_fonts=False)
    assert len(list_drawings(tmp_path)) == 3
    assert score_folder(FakePredictor(), tmp_path).n == 3


def test_missing_or_empty_folder(tmp_path):
    with pytest.raises(LabError, match="no drawings folder"):
        score_folder(FakePredictor(), tmp_path / "nope")
    with pytest.raises(LabError, match="holds no drawings"):
        score_folder(FakePredictor(), tmp_path)


def test_canvas_image_fits_and_normalises_polarity():
    photo = np.full((600, 300), 230, dtype=np.float32)   # dark ink on light paper, tall
    photo[100:500, 140:160] = 20
    canvas = canvas_image(photo, 280)
    assert canvas.shape == (280, 280) and canvas.dtype == np.uint8
    assert canvas[0, 0] == 0 and canvas[140, 140] == 255
    ys, xs = np.nonzero(canvas > 128)
    assert 20 <= ys.min() and ys.max() <= 260
    dark = canvas_image(255 - photo, 280)
    assert np.abs(dark.astype(int) - canvas.astype(int)).max() <= 1


def test_misread_puts_the_surest_misreading_first():
    score = DrawingScore(folder="f")
    for label, read, confidence in (("1", "7", 0.4), ("2", "2", 0.9), ("3", "8", 0.95),
                                    ("4", "61", 0.6)):
        score.add(label, read, confidence, f"f/{label}/x.png")
    assert [m["predicted"] for m in score.misread()] == ["8", "61", "7"]
    assert [m["predicted"] for m in score.mistakes] == ["7", "8", "61"]  # as read, unchanged
    score.add("1", "7", 0.3, "f/1/y.png")
    score.add("5", "", 0.0, "f/5/z.png")
    assert score.confusions() == ["1→7 ×2", "3→8 ×1", "4→61 ×1", "5→∅ ×1"]
    assert score.confusions(1) == ["1→7 ×2"]
