"""The run controller without Qt: a run folder for every run (config, environment, metrics,
checkpoint, TensorBoard, status, model); start, stop, pause/resume, learning-rate change,
save and a failed run, driven with a tiny model and a recording Reporter."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from lab.core.checkpoint import Checkpoint
from lab.core.errors import TrainingError
from lab.core.run_folder import RunFolder, RunStatus, default_runs_dir, process_alive
from lab.core.run_summary import RunSummary, list_runs
from lab.core.runs import RunController
from lab.core.storage import load_model
from lab.core.training import StopReason, TrainingConfig

from test_training import Recorder


def _config(**overrides):
    values = {"architecture": "softmax", "epochs": 3, "batch_size": 50, "seed": 0,
              "report_every": 2, "optimizer": "adam", "learning_rate": 1e-2}
    return TrainingConfig(**{**values, **overrides})


def scalars(folder):
    """{tag: {step: value}} from every TensorBoard event file under folder."""
    found = {}
    for path in sorted(Path(folder).glob("events.out.tfevents.*")):
        for record in tf.data.TFRecordDataset(str(path)):
            event = tf.compat.v1.Event.FromString(record.numpy())
            for value in event.summary.value:
                number = float(tf.make_ndarray(value.tensor))
                found.setdefault(value.tag, {})[event.step] = number
    return found


@pytest.fixture(scope="module")
def finished(tiny_dataset, tmp_path_factory):
    recorder = Recorder()
    controller = RunController(tiny_dataset, _config(seed=None), tmp_path_factory.mktemp("runs"),
                               recorder)
    return controller, controller.run(), recorder


def test_a_run_records_config_environment_metrics_checkpoint_and_model(finished, tiny_dataset):
    controller, outcome, recorder = finished
    folder = outcome.folder
    assert outcome.status is RunStatus.FINISHED and outcome.result.stop_reason == "completed"
    info = json.loads(folder.file("run.json").read_text())
    seed = info["config"]["seed"]
    assert isinstance(seed, int) and info["environment"]["seed"] == seed   # a seed is chosen
    assert info["config"]["optimizer"] == "adam" and info["config"]["epochs"] == 3
    assert info["command"].startswith("python -m lab train --dataset mnist --model softmax")
    assert f"--seed {seed}" in info["command"]
    assert {"lab", "tensorflow", "keras", "python"} <= set(info["environment"])
    epochs = folder.epochs()
    assert [row["epoch"] for row in epochs] == [0, 1, 2] == [e["epoch"] for e in recorder.epochs]
    assert [row["val_accuracy"] for row in epochs] == outcome.result.history["val_accuracy"]
    assert [row["global_step"] for row in folder.batches()] == \
        [b["global_step"] for b in recorder.batches]
    state = Checkpoint.load(folder.file("checkpoint.npz")).state
    assert (state.epochs_done, state.global_step) == (3, 24)
    assert state.best_epoch == outcome.result.best_epoch
    saved = load_model(outcome.model_dir)
    assert saved.metadata["run_id"] == folder.id and saved.metadata["command"] == info["command"]
    images = tiny_dataset.test.images[:20].astype("float32")[..., None]
    np.testing.assert_allclose(np.asarray(saved.model(images)),
                               np.asarray(outcome.result.model(images)), atol=1e-6)
    status = json.loads(folder.file("status.json").read_text())
    assert status["status"] == "finished" and status["test_accuracy"] == outcome.test.accuracy
    [summary] = list_runs(folder.path.parent)
    assert (summary.id, summary.status, summary.epochs_done, summary.epochs_total) == \
        (folder.id, RunStatus.FINISHED, 3, 3)
    assert summary.model_dir == outcome.model_dir and not summary.resumable
    assert any(m.startswith(f"run {folder.id}: recorded in") for m in recorder.messages)


def test_tensorboard_event_files_hold_every_epoch_and_reported_batch(finished):
    _, outcome, recorder = finished
    board = outcome.folder.file("tensorboard")
    train, validation = scalars(board / "train"), scalars(board / "validation")
    assert {"epoch_loss", "epoch_accuracy", "epoch_learning_rate", "batch_loss"} <= set(train)
    assert set(validation) == {"epoch_loss", "epoch_accuracy"}
    assert sorted(train["epoch_loss"]) == sorted(validation["epoch_accuracy"]) == [0, 1, 2]
    assert sorted(train["batch_loss"]) == [b["global_step"] for b in recorder.batches]
    history = outcome.result.history
    assert validation["epoch_accuracy"][2] == pytest.approx(history["val_accuracy"][2])
    assert train["epoch_learning_rate"][0] == pytest.approx(1e-2)


def test_save_writes_a_second_copy_of_the_finished_model(finished, tmp_path):
    controller, outcome, _ = finished
    copy = load_model(controller.save(tmp_path / "copy"))
    assert copy.metadata["run_id"] == outcome.folder.id
    assert copy.metadata["test_metrics"]["accuracy"] == pytest.approx(outcome.test.accuracy)
    with pytest.raises(TrainingError, match="no trained model"):
        RunController(None, _config()).save(tmp_path / "nothing")


def test_stop_mid_run_is_recorded_as_stopped_with_its_model(tiny_dataset, tmp_path):
    recorder = Recorder()
    controller = RunController(tiny_dataset, _config(epochs=5), tmp_path, recorder)
    recorder.on_batch = lambda report: report["global_step"] >= 10 and controller.stop()
    outcome = controller.run()
    assert outcome.status is RunStatus.STOPPED
    assert outcome.result.stop_reason is StopReason.STOPPED
    [summary] = list_runs(tmp_path)
    assert summary.status is RunStatus.STOPPED and summary.epochs_done == 2
    assert summary.model_dir is not None and not summary.resumable


def test_pause_then_resume_and_a_new_learning_rate_mid_run(tiny_dataset, tmp_path):
    paused = threading.Event()
    recorder = Recorder()
    controller = RunController(tiny_dataset, _config(epochs=2, report_every=1), tmp_path,
                               recorder)

    def on_batch(report):
        if report["global_step"] == 2:
            controller.pause()
        if report["global_step"] == 5:
            controller.set_learning_rate(0.0321)
    recorder.on_batch = on_batch
    recorder.message = lambda text: (recorder.messages.append(text),
                                     text == "paused" and paused.set())
    worker = threading.Thread(target=controller.run)
    worker.start()
    try:
        assert paused.wait(60), "the run never paused"
        [summary] = list_runs(tmp_path)
        assert summary.status is RunStatus.RUNNING and worker.is_alive()   # paused ≠ gone
        assert len(recorder.batches) == 2
    finally:
        controller.resume()
        worker.join(60)
    assert controller.outcome.status is RunStatus.FINISHED and "resumed" in recorder.messages
    rates = [row["learning_rate"] for row in controller.folder.batches()]
    assert rates[:5] == [1e-2] * 5 and set(rates[5:]) == {0.0321}
    assert len(rates) == 16


def test_a_failed_run_is_marked_failed_and_the_error_raised(tiny_dataset, tmp_path):
    def broken(report):
        raise RuntimeError("the reporter broke")
    controller = RunController(tiny_dataset, _config(), tmp_path, Recorder(on_epoch=broken))
    with pytest.raises(RuntimeError, match="the reporter broke"):
        controller.run()
    [summary] = list_runs(tmp_path)
    assert summary.status is RunStatus.FAILED
    assert summary.problem == "RuntimeError: the reporter broke"
    assert summary.state_text.startswith("failed: RuntimeError")
    with pytest.raises(TrainingError, match="batch size"):   # a bad config makes no folder
        RunController(tiny_dataset, _config(batch_size=0), tmp_path / "bad").run()
    assert not (tmp_path / "bad").exists()


def test_resuming_continues_from_the_checkpoint_to_the_full_epoch_count(tiny_dataset,
                                                                         tmp_path):
    """A run stopped by a crash: here an exception that skips the failure record (as a
    SIGKILL would), leaving status "running" with a process that has gone."""
    class Crash(BaseException):
        pass

    def crash(report):
        if report["epoch"] == 1:
            raise Crash
    config = _config(epochs=4, lr_schedule="one-cycle", report_every=1)
    runs = tmp_path / "runs"
    controller = RunController(tiny_dataset, config, runs, Recorder(on_epoch=crash))
    with pytest.raises(Crash):
        controller.run()
    folder = controller.folder
    _pretend_the_owner_died(folder)
    [summary] = list_runs(runs)
    # The crash came in epoch 2's reporting, before that epoch was committed.
    assert summary.status is RunStatus.INTERRUPTED and summary.epochs_done == 1
    assert summary.resumable and summary.state_text == "interrupted at epoch 1 of 4"
    recorder = Recorder()
    outcome = RunController.resuming(folder, tiny_dataset, recorder).run()
    assert outcome.status is RunStatus.FINISHED
    assert [e["epoch"] for e in recorder.epochs] == [1, 2, 3]
    assert [row["epoch"] for row in folder.epochs()] == [0, 1, 2, 3]
    assert len(outcome.result.history["loss"]) == 4
    assert [row["global_step"] for row in folder.batches()] == list(range(1, 33))
    assert int(outcome.result.model.optimizer.iterations) == 32   # Adam's state went on
    assert sorted(scalars(folder.file("tensorboard") / "train")["epoch_loss"]) == [0, 1, 2, 3]
    with pytest.raises(TrainingError, match="only an interrupted run"):
        RunController.resuming(folder, tiny_dataset)
    # The one-cycle schedule went on from where it was: the same rate at every step as a
    # run that was never interrupted.
    reference = RunController(tiny_dataset, config, tmp_path / "reference").run().folder
    assert [row["learning_rate"] for row in folder.batches()] == \
        pytest.approx([row["learning_rate"] for row in reference.batches()])


def _pretend_the_owner_died(folder):
    """status.json as a killed process leaves it: still "running", its process gone."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    status = json.loads(folder.file("status.json").read_text())
    status.update(status="running", pid=int(gone.stdout), process_start=None)
    status.pop("error", None)
    folder.write_json("status.json", status)


def test_liveness_of_the_owning_process():
    import os
    import socket

    from lab.core.run_folder import _process_start

    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "process_start": _process_start(os.getpid())}
    assert process_alive(me)
    assert process_alive({**me, "host": "another-machine"})   # cannot tell: assume alive
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    assert not process_alive({**me, "pid": int(gone.stdout), "process_start": None})
    if me["process_start"] is not None:   # a reused process id has another start time
        assert not process_alive({**me, "process_start": me["process_start"] - 1})


def test_default_runs_folder_is_in_the_per_user_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("LAB_USER_DIR", str(tmp_path))
    assert default_runs_dir() == tmp_path / "runs"
    assert list_runs(tmp_path / "runs") == []


def test_rename_and_delete(finished, tmp_path):
    import shutil

    _, outcome, _ = finished
    copy = RunFolder(shutil.copytree(outcome.folder.path, tmp_path / outcome.folder.id))
    copy.set_title("first try")
    summary = RunSummary.read(copy)
    assert summary.title == "first try" and summary.id == outcome.folder.id
    copy.delete()
    assert not copy.path.exists() and outcome.folder.path.exists()


def test_an_ensemble_run_records_each_member_and_is_not_resumable(tiny_dataset, tmp_path):
    controller = RunController(tiny_dataset, _config(epochs=1), tmp_path, members=2)
    outcome = controller.run()
    folder = outcome.folder
    assert outcome.status is RunStatus.FINISHED and len(outcome.result.members) == 2
    assert [(row["member"], row["epoch"]) for row in folder.epochs()] == [(1, 0), (2, 0)]
    assert "--ensemble 2" in json.loads(folder.file("run.json").read_text())["command"]
    for member in (1, 2):
        board = scalars(folder.file("tensorboard") / f"member-{member}" / "validation")
        assert sorted(board["epoch_accuracy"]) == [0]
    [summary] = list_runs(tmp_path)
    assert (summary.members, summary.epochs_done, summary.epochs_total) == (2, 2, 2)
    _pretend_the_owner_died(folder)
    assert list_runs(tmp_path)[0].status is RunStatus.INTERRUPTED   # no checkpoint: not damaged
    with pytest.raises(TrainingError, match="an ensemble cannot be resumed"):
        RunController.resuming(folder, tiny_dataset)


def test_a_crash_between_checkpoint_and_epoch_line_resumes_with_the_line_rebuilt(tiny_dataset,
                                                                               tmp_path):
    class Crash(BaseException):
        pass

    def crash(report):
        if report["epoch"] == 2:
            raise Crash
    controller = RunController(tiny_dataset, _config(epochs=3), tmp_path, Recorder(on_epoch=crash))
    with pytest.raises(Crash):
        controller.run()
    folder = controller.folder
    _pretend_the_owner_died(folder)
    lines = folder.file("epochs.jsonl").read_text().splitlines(keepends=True)
    folder.file("epochs.jsonl").write_text(lines[0])   # epoch 2's line never made it
    [summary] = list_runs(tmp_path)
    assert summary.status is RunStatus.INTERRUPTED and summary.epochs_done == 1
    RunController.resuming(folder, tiny_dataset).run()
    rows = folder.epochs()
    assert [row["epoch"] for row in rows] == [0, 1, 2]
    assert rows[1]["val_accuracy"] == pytest.approx(json.loads(lines[1])["val_accuracy"])
