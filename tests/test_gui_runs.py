"""Runs on disk in the window: listed at start-up (command-line runs too) with their curves,
damaged folders marked, models opened, renamed, deleted, and a run whose window was killed
resumed by a new window."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PyQt5.QtCore import QSettings
from PyQt5.QtWidgets import QInputDialog, QMessageBox

from lab.core.run_folder import RunFolder
from lab.core.run_summary import RunSummary
from lab.gui.session import LabSession
from lab.gui.tabs.train.train_tab import TrainTab

from test_cli import run_cli
from test_runs import _pretend_the_owner_died

ROOT = Path(__file__).resolve().parent.parent
STATUS = 6  # the runs table's status column


@pytest.fixture(scope="module")
def cli_runs(tiny_mnist_dir, tmp_path_factory):
    """Two finished command-line runs (softmax, 2 epochs each)."""
    folder = tmp_path_factory.mktemp("cli-runs")
    for seed in (1, 2):
        status, _out, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                                    "--epochs", "2", "--seed", seed, "--runs-dir", folder)
        assert status == 0, err
    return folder


def _open_tab(qtbot, tmp_path, runs_dir, data_dir=None):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat),
                         data_dir=data_dir)
    session.quiet = True
    session.set_runs_dir(runs_dir)
    tab = TrainTab(session)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    return tab


def _rows(tab):
    table = tab.runs_table
    return {table.item(row, 0).data(256): table.item(row, STATUS).text()
            for row in range(table.rowCount())}


def _select(tab, run_id):
    table = tab.runs_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == run_id)
    table.selectRow(row)


def test_command_line_runs_are_listed_with_curves_and_damaged_ones_marked(
        qtbot, tmp_path, cli_runs):
    runs_dir = tmp_path / "runs"
    shutil.copytree(cli_runs, runs_dir)
    damaged, good = sorted(runs_dir.iterdir())
    _pretend_the_owner_died(RunFolder(damaged))
    text = (damaged / "epochs.jsonl").read_text()
    (damaged / "epochs.jsonl").write_text(text[:len(text) - 30])
    tab = _open_tab(qtbot, tmp_path, runs_dir)
    qtbot.waitUntil(lambda: len(_rows(tab)) == 2, timeout=30000)
    rows = _rows(tab)
    assert rows[good.name] == "finished"
    assert rows[damaged.name].startswith("damaged: epochs.jsonl is truncated")
    assert "Runs folder: " in tab.runs_panel.folder_label.text()

    tab.runs_table.set_checked(good.name)  # its curves come from the run folder
    qtbot.waitUntil(lambda: tab.plots.overlay_ids == [good.name], timeout=30000)
    record = next(r for r in tab.records if r.run_id == good.name)
    assert [e["epoch"] for e in record.epochs] == [0, 1] and len(record.loss_smooth) > 2

    _select(tab, good.name)
    with qtbot.waitSignal(tab.session.model_changed, timeout=30000):
        tab.runs_panel.buttons["open"].click()
    assert Path(tab.session.model.path) == good / "model"
    _select(tab, damaged.name)
    assert not tab.runs_panel.buttons["resume"].isEnabled()


def test_rename_and_delete_after_asking(qtbot, tmp_path, cli_runs, monkeypatch):
    runs_dir = tmp_path / "runs"
    shutil.copytree(cli_runs, runs_dir)
    first, second = sorted(runs_dir.iterdir())
    tab = _open_tab(qtbot, tmp_path, runs_dir)
    qtbot.waitUntil(lambda: len(_rows(tab)) == 2, timeout=30000)
    _select(tab, first.name)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("baseline", True)))
    tab.runs_panel.buttons["rename"].click()
    assert tab.runs_table.item(tab.runs_table.currentRow(), 0).text() == "baseline"
    assert RunSummary.read(RunFolder(first)).title == "baseline"

    _select(tab, second.name)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Cancel))
    tab.runs_panel.buttons["delete"].click()
    assert second.is_dir() and len(_rows(tab)) == 2
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    tab.runs_panel.buttons["delete"].click()
    assert not second.exists() and list(_rows(tab)) == [first.name]


WINDOW = textwrap.dedent("""
    import sys
    from PyQt5.QtCore import QSettings, QTimer
    from PyQt5.QtWidgets import QApplication
    app = QApplication([])
    from lab.core.datasets import load_dataset
    from lab.gui.session import LabSession
    from lab.gui.tabs.train.train_tab import TrainTab
    data_dir, runs_dir, settings = sys.argv[1:4]
    session = LabSession(settings=QSettings(settings, QSettings.IniFormat))
    session.quiet = True
    session.set_runs_dir(runs_dir)
    session.set_dataset(load_dataset("mnist", data_dir))
    tab = TrainTab(session)
    tab.show()
    def start():
        if not tab.form.loaded:
            QTimer.singleShot(50, start)
            return
        tab.form.set_architecture("cnn")
        tab.form.epochs.setValue(4)
        tab.form.batch_size.setValue(10)
        tab.form.seed.setValue(3)
        tab.form.max_samples.setValue(0)
        tab.controls.start_button.click()
    QTimer.singleShot(0, start)
    app.exec_()
""")


def test_a_window_killed_mid_run_is_resumed_by_a_new_window(qtbot, tmp_path, tiny_mnist_dir):
    runs_dir = tmp_path / "runs"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="3")
    child = subprocess.Popen([sys.executable, "-c", WINDOW, str(tiny_mnist_dir), str(runs_dir),
                              str(tmp_path / "child.ini")], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while child.poll() is None and time.monotonic() < deadline:
            lines = list(runs_dir.glob("*/epochs.jsonl"))
            if lines and lines[0].read_text().count("\n") >= 2:
                break
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        stderr = child.communicate()[1]
    assert child.returncode == -signal.SIGKILL, stderr[-2000:]

    tab = _open_tab(qtbot, tmp_path, runs_dir, data_dir=tiny_mnist_dir)
    qtbot.waitUntil(lambda: len(_rows(tab)) == 1, timeout=30000)
    [(run_id, status)] = _rows(tab).items()
    assert status.startswith("interrupted at epoch ") and status.endswith(" of 4")
    _select(tab, run_id)
    assert tab.runs_panel.buttons["resume"].isEnabled()
    qtbot.waitUntil(lambda: tab.form.loaded, timeout=120000)
    with qtbot.waitSignal(tab.run_finished, timeout=240000):
        tab.runs_panel.buttons["resume"].click()
    record = tab.records[0]
    assert record.status == "completed"
    assert [row["epoch"] for row in RunFolder(record.folder).epochs()] == [0, 1, 2, 3]
    assert len(record.result.history["loss"]) == 4
    from lab.core.storage import load_model

    saved = load_model(record.model_dir)
    assert len(saved.metadata["history"]["loss"]) == 4
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "evaluate", record.model_dir)
    assert status == 0 and "accuracy" in out, err
