"""A person's saved drawings as files (lab.core.drawing_collection): counts, delete, relabel."""

import numpy as np
import pytest

from lab.core.drawing_collection import DrawingCollection
from lab.core.drawings import save_drawing
from lab.core.errors import LabError

INK = np.pad(np.full((20, 4), 255, np.uint8), 10)


def test_counts_delete_and_relabel_move_files(tmp_path):
    collection = DrawingCollection("mnist", tmp_path)
    assert collection.counts() == {} and collection.labels() == []
    one = [save_drawing(INK, "1", folder=tmp_path) for _ in range(2)]
    seven = save_drawing(INK, "7", folder=tmp_path)
    assert collection.counts() == {"1": 2, "7": 1}
    assert collection.paths("1") == sorted(one)

    moved = collection.relabel(one[0], "7")
    assert moved.parent.name == "7" and moved.exists() and not one[0].exists()
    assert collection.counts() == {"1": 1, "7": 2}
    assert collection.relabel(moved, "7") == moved

    collection.delete(seven)
    collection.delete(one[1])
    assert collection.counts() == {"7": 1} and not (tmp_path / "1").exists()


def test_relabel_keeps_both_when_names_clash(tmp_path):
    collection = DrawingCollection("mnist", tmp_path)
    first = save_drawing(INK, "1", folder=tmp_path)
    (tmp_path / "7").mkdir()
    (tmp_path / "7" / first.name).write_bytes(first.read_bytes())
    moved = collection.relabel(first, "7")
    assert moved.name != first.name and collection.counts() == {"7": 2}


def test_refuses_bad_labels_and_files_outside(tmp_path):
    collection = DrawingCollection("mnist", tmp_path / "mine")
    path = save_drawing(INK, "1", folder=tmp_path / "mine")
    with pytest.raises(LabError, match="pick a class name"):
        collection.relabel(path, "../x")
    elsewhere = save_drawing(INK, "1", folder=tmp_path / "other")
    with pytest.raises(LabError, match="is not one of the drawings"):
        collection.delete(elsewhere)
    assert elsewhere.exists()


def test_digits_and_letters_live_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_USER_DIR", str(tmp_path))
    digits, letters = DrawingCollection("mnist"), DrawingCollection("notmnist")
    assert digits.folder == tmp_path / "drawings" / "mnist"
    assert letters.folder == tmp_path / "drawings" / "notmnist"
