"""`python -m lab predict` with many files: every file is read, failures are reported."""

import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from lab.cli import CommandLine
from pen import SEVEN, TWO, ZERO, pen_drawing, side_by_side

DIGITS_MODEL = str(Path(__file__).resolve().parent.parent / "models" / "digits")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = CommandLine(stdout=out, stderr=err).run(list(argv))
    return status, out.getvalue(), err.getvalue()


def files(tmp_path):
    seven = tmp_path / "seven.png"
    Image.fromarray(255 - pen_drawing(SEVEN)).save(seven)
    number = tmp_path / "twenty.png"
    Image.fromarray(side_by_side([pen_drawing(TWO), pen_drawing(ZERO)], gap=30)).save(number)
    broken = tmp_path / "broken.png"
    broken.write_text("not a picture")
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((64, 64), 255, dtype=np.uint8)).save(blank)
    return [str(p) for p in (seven, broken, number, blank, tmp_path / "missing.png")]


def test_batch_predict_reads_every_file_and_exits_2(tmp_path):
    paths = files(tmp_path)
    status, out, err = run("predict", "--model", DIGITS_MODEL, *paths)
    assert status == 2
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{paths[0]}: 7 (") and "[0:" in lines[0]
    assert lines[1].startswith(f"{paths[2]}: 20 ")
    errors = err.splitlines()
    assert len(errors) == 3
    for line, path in zip(errors, (paths[1], paths[3], paths[4])):
        assert line.startswith(f"error: {path}: ")
    assert "not an image" in errors[0] and "empty" in errors[1] and "does not exist" in errors[2]


def test_batch_predict_json_has_an_entry_per_file(tmp_path):
    paths = files(tmp_path)
    status, out, err = run("predict", "--json", "--model", DIGITS_MODEL, *paths)
    assert status == 2 and err.count("error: ") == 3
    rows = json.loads(out)
    assert [row["path"] for row in rows] == paths
    seven, broken, number, blank, missing = rows
    assert seven["text"] == "7" and len(seven["probabilities"]) == 10
    assert len(seven["characters"]) == 1
    assert number["text"] == "20" and number["probabilities"] is None
    assert [c["label"] for c in number["characters"]] == ["2", "0"]
    for row in (broken, blank, missing):
        assert set(row) == {"path", "error"} and row["error"]


def test_predict_all_good_exits_0(tmp_path):
    paths = files(tmp_path)
    status, out, err = run("predict", "--json", "--model", DIGITS_MODEL, paths[0], paths[2])
    assert status == 0 and err == ""
    assert [row["text"] for row in json.loads(out)] == ["7", "20"]
