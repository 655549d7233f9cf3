"""Hardening rows in the window: bad saves and runaway training end in a message, not a crash."""

import json
import os
import stat

import pytest
from PyQt5.QtCore import QSettings, Qt

from lab.gui.session import LabSession
from lab.gui.tabs.train import train_tab as train_tab_module
from lab.gui.tabs.train.train_tab import TrainTab


@pytest.fixture
def tab(qtbot, tmp_path, tiny_dataset):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat))
    session.quiet = True
    session.set_runs_dir(tmp_path / "runs")
    session.set_dataset(tiny_dataset)
    widget = TrainTab(session)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.form.loaded, timeout=120000)
    widget.form.set_architecture("mlp")
    widget.form.batch_size.setValue(16)
    widget.form.seed.setValue(0)
    widget.form.max_samples.setValue(0)
    yield widget
    assert widget.shutdown(30000)


def _run(qtbot, tab, epochs, **form):
    tab.form.epochs.setValue(epochs)
    if "optimizer" in form:
        tab.form.optimizer.setCurrentText(form["optimizer"])
    if "learning_rate" in form:
        tab.form.learning_rate.setValue(form["learning_rate"])
    with qtbot.waitSignal(tab.run_finished, timeout=120000):
        qtbot.mouseClick(tab.controls.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30000)
    return tab.records[-1]


def test_gui_save_into_read_only_folder_shows_error_and_keeps_previous(
        qtbot, tab, tmp_path, monkeypatch):
    _run(qtbot, tab, epochs=1)
    parent = tmp_path / "shelf"
    previous = tab.save_model_to(parent / "model")
    before = (previous / "metadata.json").read_text()
    _run(qtbot, tab, epochs=1)
    os.chmod(parent, stat.S_IRUSR | stat.S_IXUSR)
    try:
        monkeypatch.setattr(train_tab_module.QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(parent / "model"), ""))
        assert tab.save_work() is None
    finally:
        os.chmod(parent, stat.S_IRWXU)
    assert "cannot save" in tab.session.last_error
    assert "intact" in tab.session.last_error
    assert (previous / "metadata.json").read_text() == before
    json.loads(before)  # still a whole file
    assert (tab.records[-1].model_dir / "model.keras").is_file()  # still in its run folder


@pytest.mark.filterwarnings("error::RuntimeWarning")  # no NaN reaches the plots
def test_gui_runaway_learning_rate_stops_with_reason_and_keeps_weights(qtbot, tab):
    record = _run(qtbot, tab, epochs=3, optimizer="sgd", learning_rate=5.0)
    assert "loss became" in record.status and "lower the learning rate" in record.status
    assert record.result.model is not None
    assert tab.controls.start_button.isEnabled()  # the window carries on
