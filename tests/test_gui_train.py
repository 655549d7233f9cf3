"""Train tab: start, live curves, pause/resume, lr change, stop, save, compare, close."""

import csv

import numpy as np
import pytest
from PyQt5.QtCore import QSettings, Qt

from lab.gui.session import LabSession
from lab.gui.tabs.train import train_tab as train_tab_module
from lab.gui.tabs.train.augmentation_preview import AugmentationPreview
from lab.gui.tabs.train.train_tab import TrainTab


@pytest.fixture
def session(tmp_path, tiny_dataset):
    settings = QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)
    lab_session = LabSession(settings=settings)
    lab_session.quiet = True
    lab_session.set_runs_dir(tmp_path / "runs")
    lab_session.set_dataset(tiny_dataset)
    return lab_session


@pytest.fixture
def tab(qtbot, session):
    widget = TrainTab(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.form.loaded, timeout=120000)
    _configure(widget, epochs=3)
    yield widget
    assert widget.shutdown(30000)


def _configure(tab, epochs, architecture="mlp"):
    tab.form.set_architecture(architecture)
    tab.form.epochs.setValue(epochs)
    tab.form.batch_size.setValue(16)
    tab.form.seed.setValue(0)
    tab.form.max_samples.setValue(0)


def _click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.LeftButton)


def _run_to_end(qtbot, tab):
    with qtbot.waitSignal(tab.test_evaluated, timeout=120000):
        _click(qtbot, tab.controls.start_button)
    qtbot.waitUntil(lambda: tab.worker is None, timeout=10000)
    return tab.records[-1]


def test_architecture_list_and_defaults(tab):
    combo = tab.form.arch_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert set(names) == {"softmax", "mlp", "cnn", "lenet", "fast", "vgg"}
    tab.form.set_architecture("softmax")
    assert not tab.form.dropout.isEnabled()
    assert tab.form.optimizer.currentText() == "sgd"
    assert "Softmax" in tab.form.description.text()
    tab.form.set_architecture("cnn")
    assert tab.form.dropout.isEnabled() and tab.form.dropout.value() == pytest.approx(0.5)
    assert tab.form.batch_size.value() == 64


def test_run_shows_curves_result_and_inference_model(qtbot, tab, session, tmp_path):
    assert not tab.has_unsaved_work()
    record = _run_to_end(qtbot, tab)
    tab.plots.flush()
    assert tab.plots.point_count("loss_ema") > 10
    assert tab.plots.point_count("acc_raw") > 10
    assert tab.plots.point_count("val_acc") == 3
    assert record.status == "completed" and len(record.epochs) == 3
    assert record.test_accuracy is not None and "%" in tab.controls.test_label.text()
    assert tab.controls.progress.fraction == pytest.approx(1.0)
    assert "epoch 3" in tab.log.toPlainText()
    assert session.model is not None and session.model.path == record.model_dir
    assert session.model.model is not record.result.model  # an inference copy
    assert tab.controls.start_button.isEnabled() and not tab.controls.stop_button.isEnabled()
    # nothing to lose: the run and its model are in its run folder already
    assert not tab.has_unsaved_work() and tab.controls.save_button.isEnabled()
    assert record.folder.parent == tmp_path / "runs"
    assert (record.model_dir / "model.keras").is_file()
    assert [row["epoch"] for row in record.outcome.folder.epochs()] == [0, 1, 2]

    folder = tab.save_model_to(tmp_path / "saved")  # File ▸ Save model…: a copy elsewhere
    assert (folder / "model.keras").is_file() and (folder / "metadata.json").is_file()
    assert "--model mlp" in (folder / "metadata.json").read_text()

    png = tab.export_png(tmp_path / "plots.png")
    assert png.stat().st_size > 1000
    tab.export_csv(tmp_path / "runs.csv")
    with open(tmp_path / "runs.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["epoch"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["architecture"] == "mlp"

    # a second run is listed too; ticking the first overlays its curves
    _configure(tab, epochs=1, architecture="softmax")
    second = _run_to_end(qtbot, tab)
    assert second.run_id == 2 and tab.runs_table.rowCount() == 2
    tab.runs_table.set_checked(1)
    assert tab.plots.overlay_ids == [1]
    tab.runs_table.set_checked(1, False)
    assert tab.plots.overlay_ids == []


def test_the_form_trains_with_the_chosen_distortions_and_handwriting(qtbot, tab):
    """Every augmentation policy of the core is offered, plus none and the dataset's own;
    the chosen one and the handwriting images reach the run and its reproducing command."""
    from lab.core.augmentation import POLICIES

    form = tab.form
    offered = [form.augmentation.itemData(i) for i in range(form.augmentation.count())]
    assert offered == ["none", "dataset", *POLICIES]
    form.set_architecture("vgg")   # trained with augmentation: the dataset's own by default
    assert form.values()["augment"] is True and form.values()["augmentation"] is None
    form.set_architecture("mlp")
    assert form.values()["augment"] is False
    _configure(tab, epochs=1)
    form.augmentation.setCurrentIndex(form.augmentation.findData("elastic"))
    form.handwriting.setValue(20)
    record = _run_to_end(qtbot, tab)
    config = record.result.config
    assert (config.augment, config.augmentation, config.handwriting) == (True, "elastic", 20)
    assert len(record.data.train) == 400   # the handwriting joined the training split only
    assert "aug=elastic hw=20" in record.hyperparameter_text()
    command = record.outcome.folder.read_json("run.json")["command"]
    assert "--augmentation elastic" in command and "--handwriting 20" in command
    assert "handwriting: 200 images" in tab.log.toPlainText()


def test_preview_shows_training_images_as_the_chosen_distortions_bend_them(qtbot, tab):
    """Preview distortions…: one image of each class as stored and as three batches distort
    it, the handwriting images too when asked for; none chosen or no dataset: a message."""
    form = tab.form
    form.augmentation.setCurrentIndex(form.augmentation.findData("none"))
    assert not form.preview_button.isEnabled()
    form.augmentation.setCurrentIndex(form.augmentation.findData("elastic"))
    form.handwriting.setValue(10)
    assert form.preview_button.isEnabled()
    form.preview_button.click()
    dialog = form.preview_dialog
    assert isinstance(dialog, AugmentationPreview) and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.groups) == 2, timeout=60000)
    (first, originals, draws), (second, written, written_draws) = dialog.groups
    assert (first, second) == ("training images", "handwriting images")
    assert originals.shape == written.shape == (10, 28, 28)
    assert draws.shape == written_draws.shape == (3, 10, 28, 28) and draws.dtype == np.uint8
    assert sorted(tab.session.dataset.train.labels[
        [int(np.flatnonzero((tab.session.dataset.train.images == image).all((1, 2)))[0])
         for image in originals]]) == list(range(10))       # one of each class
    assert all(not np.array_equal(draw, originals) for draw in draws)
    assert not np.array_equal(draws[0], draws[1])              # each draw distorted anew
    assert "elastic" in dialog.windowTitle()
    shown = dialog.groups
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled(), timeout=10000)
    dialog.again_button.click()
    qtbot.waitUntil(lambda: dialog.groups is not shown, timeout=60000)
    assert not np.array_equal(dialog.groups[0][2], shown[0][2])
    form.augmentation.setCurrentIndex(form.augmentation.findData("glyph"))
    form.preview_button.click()                                # replaces the open preview
    assert not dialog.isVisible()
    latest = form.preview_dialog
    assert latest is not dialog and latest.isVisible() and "glyph" in latest.windowTitle()
    qtbot.waitUntil(lambda: len(latest.groups) == 2, timeout=60000)
    latest.close()

    tab.session.set_dataset(None)
    form.preview_button.click()
    assert "No dataset loaded" in tab.controls.status_label.text()


def test_pause_resume_learning_rate_and_stop(qtbot, tab):
    _configure(tab, epochs=40)
    assert tab.controls.live_lr.text() == "–" and not tab.controls.live_lr.isEnabled()
    _click(qtbot, tab.controls.start_button)
    qtbot.waitUntil(lambda: tab.plots.point_count("loss_ema") > 3, timeout=60000)
    assert not tab.controls.start_button.isEnabled() and not tab.form.isEnabled()
    assert tab.controls.live_lr.value() == pytest.approx(tab.form.values()["learning_rate"])
    tab.controls.live_lr.setValue(0)   # "–": refused with a message, the run goes on
    _click(qtbot, tab.controls.apply_lr_button)
    assert "greater than 0" in tab.controls.status_label.text()

    _click(qtbot, tab.controls.pause_button)
    assert tab.controls.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: "paused" in tab.log.toPlainText(), timeout=10000)
    qtbot.wait(150)  # reports already queued arrive
    before = tab.controls.progress.bar.value()
    qtbot.wait(800)
    assert tab.controls.progress.bar.value() == before

    tab.controls.live_lr.setValue(0.0042)
    _click(qtbot, tab.controls.apply_lr_button)
    _click(qtbot, tab.controls.pause_button)
    assert tab.controls.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: tab.controls.progress.bar.value() > before, timeout=30000)
    qtbot.waitUntil(lambda: tab.controls.progress.lr.text() == "0.0042", timeout=30000)

    with qtbot.waitSignal(tab.run_finished, timeout=30000):
        _click(qtbot, tab.controls.stop_button)
    qtbot.waitUntil(lambda: tab.worker is None, timeout=10000)
    record = tab.records[-1]
    assert record.status == "stopped by user"
    assert "stopped by user" in tab.runs_table.item(0, 6).text()
    qtbot.waitUntil(lambda: record.test_accuracy is not None, timeout=60000)


def test_start_twice_makes_one_worker(qtbot, tab, monkeypatch):
    made = []

    class CountingWorker(train_tab_module.TrainingWorker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(train_tab_module, "TrainingWorker", CountingWorker)
    _configure(tab, epochs=40)
    _click(qtbot, tab.controls.start_button)
    qtbot.mouseClick(tab.controls.start_button, Qt.LeftButton)
    tab.start_training()  # even a direct call while running is ignored
    assert len(made) == 1 and len(tab.records) == 1
    with qtbot.waitSignal(tab.run_finished, timeout=60000):
        _click(qtbot, tab.controls.stop_button)


def test_start_without_dataset_says_so(qtbot, tab, session):
    session.set_dataset(None)
    _click(qtbot, tab.controls.start_button)
    assert tab.worker is None and not tab.records
    assert "No dataset" in tab.controls.status_label.text()


def test_dataset_switch_during_run_keeps_the_run_dataset(qtbot, tab, session, tiny_dataset):
    _configure(tab, epochs=2)
    with qtbot.waitSignal(tab.test_evaluated, timeout=120000):
        _click(qtbot, tab.controls.start_button)
        qtbot.waitUntil(lambda: tab.plots.point_count("loss_raw") > 0, timeout=60000)
        session.set_dataset(None)
    assert tab.records[-1].status == "completed"
    assert tab.records[-1].data is tiny_dataset


def test_close_during_run_stops_cleanly(qtbot, tab):
    _configure(tab, epochs=200)
    _click(qtbot, tab.controls.start_button)
    qtbot.waitUntil(lambda: tab.plots.point_count("loss_raw") > 0, timeout=60000)
    task = tab.worker.task
    assert tab.shutdown(120000)  # stops at the next batch, then keeps the model in its run folder
    assert task.finished_running
    assert len(tab.records[-1].epochs) < 200
    tab.close()
    qtbot.wait(100)  # queued signals of the stopped run arrive without error
