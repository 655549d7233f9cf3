"""Runs on disk from the command line: `train` killed with SIGKILL and resumed, `runs`
listing (text and JSON), damaged folders listed as damaged while the others load."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lab.core.run_folder import RunFolder, RunStatus
from lab.core.run_summary import list_runs
from lab.core.storage import load_model

from test_cli import run_cli
from test_runs import _pretend_the_owner_died, scalars

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ("train", "--model", "cnn", "--epochs", "4", "--batch-size", "10", "--seed", "3")


def _epoch_lines(runs_dir):
    files = list(Path(runs_dir).glob("*/epochs.jsonl"))
    return files[0].read_text().count("\n") if files else 0


def test_killed_run_is_interrupted_and_resumes_to_the_full_epoch_count(tiny_mnist_dir,
                                                                        tmp_path):
    runs_dir = tmp_path / "runs"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    child = subprocess.Popen([sys.executable, "-m", "lab", "--data-dir", str(tiny_mnist_dir),
                              *TRAIN, "--runs-dir", str(runs_dir)], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while _epoch_lines(runs_dir) < 2 and child.poll() is None:
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        stderr = child.communicate()[1]
    assert child.returncode == -signal.SIGKILL, stderr[-2000:]
    [summary] = list_runs(runs_dir)
    # Killed once the second epoch line appeared; the third epoch takes far longer than
    # the poll above, so at most one more epoch can have been committed meanwhile.
    assert summary.status is RunStatus.INTERRUPTED and summary.resumable
    assert summary.epochs_done in (2, 3) and summary.epochs_total == 4
    done = summary.epochs_done
    assert summary.state_text == f"interrupted at epoch {done} of 4"

    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "runs", "--runs-dir", runs_dir)
    assert status == 0 and "interrupted (resumable)" in out and f"{done}/4" in out

    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--resume", summary.id,
                               "--runs-dir", runs_dir)
    assert status == 0, err
    assert f"resuming run {summary.id} after epoch" in err
    assert "epoch 4/4" in err and "epoch 1/4" not in err and "epoch 2/4" not in err
    assert f"run: {summary.path}" in out and "trained 4 epoch(s)" in out
    folder = RunFolder(summary.path)
    assert [row["epoch"] for row in folder.epochs()] == [0, 1, 2, 3]
    assert sorted(scalars(folder.file("tensorboard") / "train")["epoch_loss"]) == [0, 1, 2, 3]
    [after] = list_runs(runs_dir)
    assert after.status is RunStatus.FINISHED and after.epochs_done == 4
    saved = load_model(after.model_dir)
    assert len(saved.metadata["history"]["loss"]) == 4
    assert saved.metadata["command"].startswith("python -m lab train --dataset mnist --model cnn")
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "evaluate", after.model_dir)
    assert status == 0 and "accuracy" in out, err


@pytest.fixture(scope="module")
def runs_dir(tiny_mnist_dir, tmp_path_factory):
    """Three finished CLI runs (softmax, 1 epoch each)."""
    folder = tmp_path_factory.mktemp("runs")
    for seed in (1, 2, 3):
        status, out, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                                   "--epochs", "2", "--seed", seed, "--runs-dir", folder)
        assert status == 0, err
    return folder


def test_runs_lists_newest_first_as_text_and_json(runs_dir):
    status, out, err = run_cli("runs", "--runs-dir", runs_dir)
    assert status == 0, err
    header, *lines = out.splitlines()
    assert header.split()[:4] == ["id", "dataset", "model", "status"]
    assert len(lines) == 3 and all("finished" in line and "2/2" in line for line in lines)
    status, out, err = run_cli("runs", "--runs-dir", runs_dir, "--json")
    rows = json.loads(out)
    assert [row["id"] for row in rows] == [line.split()[0] for line in lines]
    assert [row["created"] for row in rows] == sorted((r["created"] for r in rows), reverse=True)
    assert {"id", "dataset", "architecture", "status", "best_val_accuracy", "test_accuracy",
            "epochs_done", "epochs_total", "wall_time", "created"} <= set(rows[0])
    seeds = [json.loads((Path(row["path"]) / "run.json").read_text())["config"]["seed"]
             for row in rows]
    assert sorted(seeds) == [1, 2, 3]
    status, out, _ = run_cli("runs", "--runs-dir", runs_dir.parent / "none")
    assert status == 0 and out.startswith("no runs in")


def test_damaged_folders_are_listed_as_damaged_and_the_rest_load(runs_dir, tmp_path,
                                                                tiny_mnist_dir):
    folder = tmp_path / "runs"
    shutil.copytree(runs_dir, folder)
    truncated, no_checkpoint, good = sorted(folder.iterdir())
    for run in (truncated, no_checkpoint):
        _pretend_the_owner_died(RunFolder(run))
    text = (truncated / "epochs.jsonl").read_text()
    (truncated / "epochs.jsonl").write_text(text[:len(text) - 40])
    (no_checkpoint / "checkpoint.npz").unlink()
    (folder / "junk").mkdir()
    summaries = {s.id: s for s in list_runs(folder)}
    assert summaries[good.name].status is RunStatus.FINISHED
    assert summaries[truncated.name].status is RunStatus.DAMAGED
    assert "epochs.jsonl is truncated" in summaries[truncated.name].problem
    assert summaries[no_checkpoint.name].status is RunStatus.DAMAGED
    assert "checkpoint.npz is missing" in summaries[no_checkpoint.name].problem
    assert summaries["junk"].status is RunStatus.DAMAGED
    assert "run.json is missing" in summaries["junk"].problem
    status, out, err = run_cli("runs", "--runs-dir", folder)
    assert status == 0 and out.count("damaged") == 3 and "finished" in out
    assert f"{truncated.name}: epochs.jsonl is truncated" in out   # the reasons follow
    status, out, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--resume",
                               no_checkpoint, "--runs-dir", folder)
    assert status == 2 and err.startswith("error: run ") and "is damaged" in err
    assert "checkpoint.npz is missing" in err and "Traceback" not in err


def test_resume_refuses_other_settings_unknown_and_finished_runs(runs_dir, tiny_mnist_dir):
    finished = sorted(runs_dir.iterdir())[0].name
    status, _, err = run_cli("train", "--resume", finished, "--epochs", "9",
                             "--runs-dir", runs_dir)
    assert status == 2 and "leave out --epochs" in err
    status, _, err = run_cli("train", "--resume", "nope", "--runs-dir", runs_dir)
    assert status == 2 and "no run 'nope'" in err and "python -m lab runs" in err
    status, _, err = run_cli("--data-dir", tiny_mnist_dir, "train", "--resume", finished,
                             "--runs-dir", runs_dir)
    assert status == 2 and "is finished: only an interrupted run can be resumed" in err
