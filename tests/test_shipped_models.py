"""The models in models/ load safely, know their classes, and read generated glyphs."""

from pathlib import Path

import pytest

from glyphs import make_glyph
from lab.core.prediction import Predictor
from lab.core.storage import load_model

MODELS = Path(__file__).resolve().parent.parent / "models"
SHIPPED = {"digits": ("mnist", tuple("0123456789")), "letters": ("notmnist", tuple("ABCDEFGHIJ"))}


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_model_loads_with_its_classes_and_small_folder(name):
    saved = load_model(MODELS / name)
    dataset, classes = SHIPPED[name]
    assert saved.dataset == dataset
    assert tuple(saved.class_names) == classes
    command = saved.metadata["command"]
    assert command.startswith(("python -m lab train", "python -m lab combine"))
    if command.startswith("python -m lab combine"):  # each member says how it was trained
        members = saved.metadata["ensemble_members"]
        assert len(members) == saved.members >= 2
        assert all(m["command"].startswith("python -m lab train") for m in members)
    # weights only (no optimizer state, no history arrays): under 2 MiB per vgg member
    size = sum(f.stat().st_size for f in (MODELS / name).iterdir())
    assert size <= saved.members * 2 * 1024 * 1024


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_model_reads_generated_glyphs(name):
    predictor = Predictor.from_folder(MODELS / name)
    classes = SHIPPED[name][1]
    correct = 0
    for label in classes:
        for invert, font_size, stroke in ((False, 60, 0), (True, 80, 2)):
            glyph = make_glyph(label, size=120, font_size=font_size, invert=invert, stroke=stroke)
            correct += predictor.predict_image(glyph.astype("float32"))["label"] == label
    assert correct >= 0.8 * 2 * len(classes), f"{correct} of {2 * len(classes)} read correctly"


def test_shipped_digits_read_a_number():
    import numpy as np

    predictor = Predictor.from_folder(MODELS / "digits")
    line = np.hstack([make_glyph(d, size=100, font_size=70, stroke=1) for d in "2026"])
    assert predictor.read_text(line.astype("float32"))["text"] == "2026"


def test_predict_json_reads_the_example_images():
    """`python -m lab predict --json` with the default (shipped digits) model."""
    import json
    import subprocess
    import sys

    examples = MODELS.parent / "resources" / "examples"
    done = subprocess.run(
        [sys.executable, "-m", "lab", "predict", "--json",
         str(examples / "seven-28x28-black-on-white.png"), str(examples / "number-2026.png")],
        capture_output=True, text=True, timeout=300, cwd=MODELS.parent)
    assert done.returncode == 0, done.stderr
    seven, number = json.loads(done.stdout)
    assert seven["label"] == "7" and seven["confidence"] > 0.5
    assert len(seven["probabilities"]) == 10
    assert number["text"] == "2026" and len(number["characters"]) == 4
