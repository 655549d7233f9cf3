"""File ▸ Export model…: asks for a format and a path, exports in the background, reports the
check (or the error) through the session."""

import pytest
from PyQt5.QtWidgets import QFileDialog, QInputDialog

from lab.core.storage import load_model


@pytest.fixture
def window(make_window):
    return make_window()


def answer_dialogs(monkeypatch, export_format, path):
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (export_format, True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_export_model_writes_and_checks_in_the_background(qtbot, window, tiny_model_dir,
                                                          tmp_path, monkeypatch):
    window.session.set_model(load_model(tiny_model_dir))
    target = tmp_path / "tiny.tflite"
    answer_dialogs(monkeypatch, "tflite", target)
    assert "Export model…" in [a.text() for a in window.file_menu.actions()]
    window.menu_actions["export_model"].trigger()
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=120000)
    check = window.last_export
    assert check.passed and check.path == target and target.stat().st_size > 0
    assert check.images == 100  # the data folder's test split
    assert window.session.last_error is None
    assert "same probabilities" in window.statusBar().currentMessage()


def test_export_without_a_model_says_so(window, monkeypatch, tmp_path):
    answer_dialogs(monkeypatch, "onnx", tmp_path / "m.onnx")
    window.menu_actions["export_model"].trigger()
    assert "no model to export" in window.session.last_error


def test_export_failure_reaches_the_session(qtbot, window, tiny_model_dir, tmp_path,
                                            monkeypatch):
    window.session.set_model(load_model(tiny_model_dir))
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    answer_dialogs(monkeypatch, "savedmodel", taken)
    window.menu_actions["export_model"].trigger()
    qtbot.waitUntil(lambda: window.session.last_error is not None, timeout=60000)
    assert "is not a folder" in window.session.last_error
    assert window.last_export is None
