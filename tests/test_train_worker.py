"""TrainingWorker: a RunController in a BackgroundTask — signals with snapshots, stop/pause via
events, clean thread shutdown, every run in its run folder."""

import numpy as np
import pytest

from lab.gui.tabs.train.worker import TrainingWorker


def _config(**overrides):
    from lab.core.training import TrainingConfig

    values = dict(architecture="mlp", epochs=2, batch_size=16, seed=0, report_every=2)
    values.update(overrides)
    return TrainingConfig(**values)


@pytest.fixture
def runs(tmp_path):
    return tmp_path / "runs"


class Recorder:
    """Collects every signal of a worker."""

    def __init__(self, worker):
        self.started, self.batches, self.epochs, self.messages = [], [], [], []
        self.results, self.failures = [], []
        worker.started.connect(self.started.append)
        worker.batch.connect(self.batches.append)
        worker.epoch.connect(self.epochs.append)
        worker.message.connect(self.messages.append)
        worker.finished.connect(self.results.append)
        worker.failed.connect(self.failures.append)


def _run(qtbot, worker, timeout=60000):
    recorder = Recorder(worker)
    with qtbot.waitSignal(worker.done, timeout=timeout):
        thread = worker.start_thread()
    assert thread.wait(10000)
    return recorder


def test_worker_emits_snapshots_and_finishes(qtbot, tiny_dataset, runs):
    worker = TrainingWorker(tiny_dataset, _config(), runs_dir=runs)
    rec = _run(qtbot, worker)
    assert not rec.failures
    assert rec.started[0]["steps_per_epoch"] == 25
    assert len(rec.batches) >= 20
    assert all(isinstance(b["loss"], float) for b in rec.batches)
    assert [e["epoch"] for e in rec.epochs] == [0, 1]
    weights = rec.epochs[-1]["weights"]
    assert weights and all(isinstance(w, np.ndarray) for w in weights)
    assert len(rec.results) == 1 and rec.results[0].result.stop_reason == "completed"
    assert rec.started[0]["run_folder"].parent == runs  # recorded like a command-line run
    assert [row["epoch"] for row in rec.results[0].folder.epochs()] == [0, 1]
    assert (rec.results[0].model_dir / "model.keras").is_file()
    # the epoch weights are copies: later training does not change the first epoch's
    assert not all(np.array_equal(a, b) for a, b in zip(rec.epochs[0]["weights"], weights))
    copies = [e["inference_model"] for e in rec.epochs] + [rec.results[0].result.inference_model]
    assert len({id(m) for m in copies}) == 3  # the newest copy the GUI got is never written to
    assert all(np.array_equal(a, b) for a, b in zip(copies[1].get_weights(), weights))
    assert copies[0].output_shape == (None, 10)


def test_worker_stops_on_request(qtbot, tiny_dataset, runs):
    worker = TrainingWorker(tiny_dataset, _config(epochs=50), runs_dir=runs)
    recorder = Recorder(worker)
    worker.batch.connect(lambda _: worker.stop())
    with qtbot.waitSignal(worker.done, timeout=60000):
        worker.start_thread()
    assert worker.task.wait(10000)
    assert recorder.results[0].result.stop_reason == "stopped by user"
    assert len(recorder.epochs) <= 2


def test_worker_pause_blocks_progress_until_resume(qtbot, tiny_dataset, runs):
    worker = TrainingWorker(tiny_dataset, _config(epochs=20), runs_dir=runs)
    recorder = Recorder(worker)
    worker.batch.connect(lambda _: worker.pause() if len(recorder.batches) == 3 else None)
    worker.start_thread()
    qtbot.waitUntil(lambda: worker.control.paused and "paused" in recorder.messages,
                    timeout=60000)
    count = len(recorder.batches)
    qtbot.wait(600)
    assert len(recorder.batches) == count
    worker.set_learning_rate(0.0123)
    worker.resume()
    qtbot.waitUntil(lambda: len(recorder.batches) > count + 2, timeout=30000)
    assert recorder.batches[-1]["learning_rate"] == pytest.approx(0.0123)
    assert worker.shutdown(30000)
    assert worker.task.finished_running


def test_worker_reports_failure_as_text(qtbot, tiny_dataset, runs):
    worker = TrainingWorker(tiny_dataset, _config(architecture="nope"), runs_dir=runs)
    rec = _run(qtbot, worker)
    assert rec.failures and "nope" in rec.failures[0]
    assert not rec.results


def test_shutdown_without_start_is_harmless(tiny_dataset, runs):
    assert TrainingWorker(tiny_dataset, _config(), runs_dir=runs).shutdown(100)


def test_destroying_the_owner_stops_the_run_and_nothing_is_delivered(qtbot, tiny_dataset, runs):
    from PyQt5.QtWidgets import QWidget

    owner = QWidget()
    worker = TrainingWorker(tiny_dataset, _config(epochs=200), owner=owner, runs_dir=runs)
    recorder = Recorder(worker)
    task = worker.start_thread()
    qtbot.waitUntil(lambda: len(recorder.batches) > 2, timeout=60000)
    owner.deleteLater()
    qtbot.waitUntil(lambda: task.finished_running, timeout=30000)
    assert worker.control.stopped
    assert not recorder.results and not recorder.failures


def test_epochs_take_turns_between_two_inference_copies(qtbot, tiny_dataset, runs):
    worker = TrainingWorker(tiny_dataset, _config(epochs=4), runs_dir=runs)
    rec = _run(qtbot, worker)
    models = [e["inference_model"] for e in rec.epochs]
    assert [id(m) for m in models[:2]] == [id(m) for m in models[2:]]  # no model per epoch
    assert all(a is not b for a, b in zip(models, models[1:]))
    assert rec.results[0].result.inference_model not in models  # the final copy stays as it is
