"""train(): reporting, pause/resume/stop, NaN, learning-rate changes, seeds, augmentation."""

import math
import threading
import time

import keras
import numpy as np
import pytest

from lab.core.errors import TrainingError
from lab.core.training import Reporter, StopReason, TrainingConfig, TrainingControl, train

BATCH_KEYS = {"epoch", "step", "global_step", "loss", "accuracy", "samples_per_second",
              "elapsed", "eta", "learning_rate"}
EPOCH_KEYS = {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "elapsed", "eta",
              "samples_per_second", "learning_rate", "global_step"}


class Recorder(Reporter):
    """Records every call; `on_batch` / `on_epoch` hooks let a test act mid-run."""

    def __init__(self, on_batch=None, on_epoch=None):
        self.info, self.batches, self.epochs, self.messages, self.result = None, [], [], [], None
        self.on_batch, self.on_epoch = on_batch, on_epoch

    def started(self, info):
        self.info = info

    def batch(self, report):
        self.batches.append(report)
        if self.on_batch:
            self.on_batch(report)

    def epoch(self, report):
        self.epochs.append(report)
        if self.on_epoch:
            self.on_epoch(report)

    def finished(self, result):
        self.result = result

    def message(self, text):
        self.messages.append(text)


def _config(**overrides):
    values = {"architecture": "mlp", "epochs": 1, "batch_size": 50, "seed": 0,
              "report_every": 1}
    return TrainingConfig(**{**values, **overrides})


def _val_accuracy(model, dataset):
    x = dataset.validation.images.astype("float32")[..., None]
    predicted = np.argmax(keras.ops.convert_to_numpy(model(x, training=False)), axis=1)
    return float(np.mean(predicted == dataset.validation.labels))


def test_reports_batches_and_epochs(tiny_dataset):
    recorder = Recorder()
    result = train(tiny_dataset, _config(epochs=2, report_every=2), recorder)
    assert recorder.info["steps_per_epoch"] == 8 and recorder.info["train_samples"] == 400
    assert recorder.info["parameters"] == result.model.count_params()
    assert recorder.info["config"]["optimizer"] == "adam"
    assert [b["step"] for b in recorder.batches] == [0, 2, 4, 6, 7] * 2
    assert all(BATCH_KEYS <= set(b) for b in recorder.batches)
    assert [e["epoch"] for e in recorder.epochs] == [0, 1]
    assert all(EPOCH_KEYS <= set(e) for e in recorder.epochs)
    assert recorder.epochs[-1]["eta"] == pytest.approx(0)
    assert recorder.result is result and result.stop_reason == "completed"
    assert len(result.history["val_accuracy"]) == 2 and result.wall_time > 0
    assert result.history["val_accuracy"][-1] > 0.5   # the glyph classes are easy
    assert result.config.learning_rate == 1e-3


def test_pause_blocks_progress_then_resume_continues(tiny_dataset):
    control = TrainingControl()
    paused = threading.Event()
    recorder = Recorder(on_batch=lambda report: report["global_step"] == 2 and control.pause())
    recorder.message = lambda text: text == "paused" and paused.set()
    worker = threading.Thread(target=train, args=(tiny_dataset, _config(epochs=2), recorder,
                                                  control))
    worker.start()
    try:
        assert paused.wait(60), "training never paused"
        count = len(recorder.batches)
        time.sleep(0.5)
        assert len(recorder.batches) == count and worker.is_alive()
    finally:
        control.resume()
        worker.join(60)
    assert not worker.is_alive()
    assert len(recorder.batches) == 16


def test_stop_ends_early_and_keeps_best_weights(tiny_dataset):
    control = TrainingControl()
    recorder = Recorder(on_batch=lambda report: report["global_step"] == 19 and control.stop())
    result = train(tiny_dataset, _config(epochs=5, batch_size=20), recorder, control)
    assert result.stop_reason is StopReason.STOPPED and result.stop_reason == "stopped by user"
    assert recorder.batches[-1]["global_step"] == 19   # ended after the current batch
    assert len(result.history["loss"]) == 1
    assert "stopped by user" in recorder.messages
    assert _val_accuracy(result.model, tiny_dataset) == pytest.approx(result.best_val_accuracy)


def test_stop_after_epochs_restores_the_best_epoch(tiny_dataset):
    control = TrainingControl()
    recorder = Recorder(on_epoch=lambda report: report["epoch"] == 2 and control.stop())
    result = train(tiny_dataset, _config(epochs=6), recorder, control)
    assert 3 <= len(result.history["val_accuracy"]) < 6
    accuracies = result.history["val_accuracy"]
    top = max(accuracies)
    standard_error = math.sqrt(top * (1 - top) / len(tiny_dataset.validation))
    kept = max(i for i, value in enumerate(accuracies) if value >= top - standard_error)
    assert result.best_epoch == kept   # the latest epoch within one standard error of the best
    assert _val_accuracy(result.model, tiny_dataset) == pytest.approx(result.best_val_accuracy)


def test_keeps_the_latest_epoch_within_one_standard_error_of_the_best():
    """Validation accuracies on 5,000 images: 99.60% then 99.58% are one image apart, well
    inside the standard error (0.09%), so the later epoch is kept; 99.30% is not."""
    from lab.core.callbacks import KeepBest, TrainingState

    keep_best = KeepBest(TrainingState(base_lr=1e-3), 5000)
    kept = [keep_best.worth_keeping(a) for a in (0.9900, 0.9960, 0.9958, 0.9930, 0.9952)]
    assert kept == [True, True, True, False, True]
    assert KeepBest(TrainingState(base_lr=1e-3), 0).worth_keeping(float("nan"))  # keep latest


def test_nan_loss_stops_and_keeps_best_weights(tiny_dataset):
    control = TrainingControl()
    recorder = Recorder(on_epoch=lambda report: control.set_learning_rate(1e6))
    config = _config(epochs=5, batch_size=20, optimizer="sgd", learning_rate=0.1)
    result = train(tiny_dataset, config, recorder, control)
    assert result.stop_reason is StopReason.DIVERGED and result.stop_reason == "loss diverged"
    assert "NaN" in result.stop_detail or "infinite" in result.stop_detail
    assert "lower the learning rate" in result.stop_message
    assert any(m.startswith("stopped: loss became") for m in recorder.messages)
    assert len(result.history["loss"]) < 5 and result.best_epoch == 0
    assert all(np.all(np.isfinite(w)) for w in result.model.get_weights())
    assert _val_accuracy(result.model, tiny_dataset) == pytest.approx(result.best_val_accuracy)


def test_learning_rate_change_applied_at_next_batch(tiny_dataset):
    control = TrainingControl()
    recorder = Recorder(
        on_batch=lambda report: report["global_step"] == 3 and control.set_learning_rate(0.0123))
    result = train(tiny_dataset, _config(), recorder, control)
    rates = [b["learning_rate"] for b in recorder.batches]
    assert rates[:3] == [1e-3] * 3 and rates[3:] == [0.0123] * (len(rates) - 3)
    assert float(result.model.optimizer.learning_rate) == pytest.approx(0.0123)
    assert "learning rate set to 0.0123" in recorder.messages
    with pytest.raises(TrainingError):
        control.set_learning_rate(-1)


def test_one_cycle_schedule_is_scaled_by_a_new_learning_rate(tiny_dataset):
    control = TrainingControl()
    recorder = Recorder(
        on_batch=lambda report: report["global_step"] == 4 and control.set_learning_rate(0.04))
    config = _config(architecture="fast", epochs=2, learning_rate=0.004)
    train(tiny_dataset, config, recorder, control)
    rates = [b["learning_rate"] for b in recorder.batches]
    assert rates[0] < rates[2] <= 0.004           # warm-up
    assert 0.004 < max(rates[4:]) <= 0.04          # the new peak scales the schedule
    assert rates[-1] < max(rates) / 10             # and it still decays at the end


def test_same_seed_same_weights(tiny_dataset):
    first = train(tiny_dataset, _config(seed=7)).model.get_weights()
    second = train(tiny_dataset, _config(seed=7)).model.get_weights()
    other = train(tiny_dataset, _config(seed=8)).model.get_weights()
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(first, second))
    assert not all(np.allclose(a, b) for a, b in zip(first, other))


@pytest.mark.parametrize("policy", [None, "elastic"])
def test_augmentation_runs_and_is_not_saved_in_the_model(tiny_dataset, policy):
    result = train(tiny_dataset, _config(architecture="cnn", augment=True, batch_size=100,
                                         augmentation=policy))
    assert result.stop_reason == "completed" and result.config.augment is True
    assert np.isfinite(result.history["loss"]).all()
    assert not any("random" in layer.name.lower() for layer in result.model.layers)


def _frame(top, left, bottom, right, value=255.0):
    image = np.zeros((28, 28), np.float32)
    image[top:bottom, left:right] = value
    return image


def _ink_box(image, level=32.0):
    rows, cols = np.flatnonzero((image > level).any(1)), np.flatnonzero((image > level).any(0))
    return rows[0], cols[0], rows[-1], cols[-1]


def test_refit_stretches_each_ink_box_over_the_frame_and_keeps_blank_images():
    from lab.core.augmentation import refit_to_ink

    small = _frame(10, 12, 16, 20)                    # a 6×8 block in the middle
    corner = _frame(0, 0, 9, 5)                       # a block in the top-left corner
    full, blank = _frame(0, 0, 28, 28), np.zeros((28, 28), np.float32)
    batch = np.stack([small, corner, full, blank])[..., None]
    out = keras.ops.convert_to_numpy(refit_to_ink(batch))[..., 0]
    for image in out[:3]:
        assert _ink_box(image) == (0, 0, 27, 27)
        assert image.mean() > 200                     # a solid block stays solid
    np.testing.assert_allclose(out[2], full, atol=1e-3)
    assert out[3].max() == 0                          # nothing to stretch: stays blank


def test_glyph_augmentation_keeps_glyphs_filling_the_frame_move_moves_inside_it():
    """notMNIST glyphs fill the frame: distorted letters must still fill it (none cut off);
    MNIST digits are moved and zoomed inside the frame. Each dataset gets its own policy."""
    from lab.core.augmentation import augmentation, default_policy

    assert (default_policy("notmnist"), default_policy("mnist"), default_policy("x")) == \
        ("glyph", "move", "move")
    letters = np.stack([_frame(0, 0, 28, 4), _frame(0, 0, 4, 28), _frame(0, 0, 28, 28)] * 4)
    for policy in ("glyph", "elastic-glyph"):   # bent or not, a glyph fills the frame
        distorted = keras.ops.convert_to_numpy(augmentation(policy, seed=0)(letters[..., None]))
        assert all(_ink_box(image) == (0, 0, 27, 27) for image in distorted[..., 0])
    digits = np.stack([_frame(4, 10, 24, 18)] * 32)
    moved = keras.ops.convert_to_numpy(augmentation("move", seed=0)(digits[..., None]))[..., 0]
    boxes = {_ink_box(image) for image in moved}
    assert len(boxes) > 1 and (0, 0, 27, 27) not in boxes


def test_elastic_warp_bends_strokes_smoothly_by_a_pixel_or_two():
    """Simard's elastic distortion: no field leaves an image as it was; each image gets its
    own field; strokes move by about a pixel or two, so the shape stays (a bar stays a bar
    in its place), and the warp never adds ink beyond the paper's 0..255."""
    import tensorflow as tf
    from lab.core.augmentation import augmentation, elastic_warp

    tf.random.set_seed(0)
    bars = np.stack([_frame(4, 12, 24, 16)] * 16)[..., None]
    np.testing.assert_allclose(elastic_warp(tf.constant(bars), alpha=0.0).numpy(), bars)
    warped = elastic_warp(tf.constant(bars)).numpy()[..., 0]
    assert warped.min() >= 0.0 and warped.max() <= 255.0 + 1e-3
    assert all(np.abs(image - bars[0, ..., 0]).max() > 50 for image in warped)  # all bent
    assert len({image.tobytes() for image in warped}) == 16                     # own fields
    ink = warped > 128
    assert ink[:, 8:20, 12:16].any(axis=2).mean() > 0.8      # the bar's middle is still there
    assert ink[:, :, 8:20].sum() / ink.sum() > 0.97          # bent by ≤ 4 px almost everywhere
    assert abs(warped.sum() / bars.sum() - 1) < 0.25         # about as much ink as before
    elastic = augmentation("elastic", seed=0)(tf.constant(bars)).numpy()
    assert elastic.shape == bars.shape and not np.allclose(elastic, bars)


def test_include_validation_trains_on_both_and_keeps_the_last_epoch(tiny_dataset):
    recorder = Recorder()
    result = train(tiny_dataset, _config(epochs=3, include_validation=True), recorder)
    train_size = len(tiny_dataset.train) + len(tiny_dataset.validation)
    assert recorder.info["train_samples"] == train_size
    assert all(math.isnan(value) for value in result.history["val_accuracy"])
    assert result.best_epoch == 2 and result.config.include_validation is True
    assert len(tiny_dataset.test) == 100   # the test split is never touched


def test_slice_and_test_accuracy_each_epoch(tiny_dataset):
    recorder = Recorder()
    result = train(tiny_dataset, _config(epochs=2, max_train_samples=100), recorder,
                   test_each_epoch=True)
    assert recorder.info["train_samples"] == 100 and recorder.info["steps_per_epoch"] == 2
    assert all(0 <= e["test_accuracy"] <= 1 for e in recorder.epochs)
    assert len(result.history["test_accuracy"]) == 2
    assert result.history["train_time"][1] >= result.history["train_time"][0] > 0
    assert result.wall_time == pytest.approx(result.history["train_time"][-1])


@pytest.mark.parametrize("overrides, words", [
    ({"batch_size": 0}, "batch size"), ({"epochs": 0}, "epochs"),
    ({"learning_rate": -0.1}, "learning rate"), ({"optimizer": "adamw"}, "adam, sgd"),
    ({"architecture": "resnet"}, "softmax, mlp"), ({"dropout": 1.0}, "dropout"),
    ({"lr_schedule": "step"}, "one-cycle"), ({"max_train_samples": 0}, "max_train_samples"),
    ({"augmentation": "warp"}, "move, glyph, elastic, elastic-glyph"),
])
def test_bad_config_raises_readable_training_error(tiny_dataset, overrides, words):
    with pytest.raises(TrainingError, match=words):
        train(tiny_dataset, _config(**overrides))


def test_resolved_fills_architecture_defaults():
    config = TrainingConfig(architecture="lenet").resolved()
    assert (config.optimizer, config.learning_rate, config.batch_size) == ("adam", 1e-4, 50)
    assert config.dropout == 0.5 and config.augment is False and not math.isnan(config.epochs)
    assert TrainingConfig(architecture="cnn", batch_size=32).resolved().batch_size == 32


def test_reports_per_epoch_spreads_batch_reports_over_the_epoch(tiny_dataset):
    from lab.core.training import Reporter, TrainingConfig, train

    batches = []

    class Recorder(Reporter):
        def batch(self, report):
            batches.append(report)

    # 400 images at batch 16: 25 steps an epoch; about 5 reports → every 5th step
    train(tiny_dataset, TrainingConfig(architecture="softmax", epochs=1, batch_size=16,
                                       seed=0, reports_per_epoch=5), reporter=Recorder())
    assert [b["step"] for b in batches] == [0, 5, 10, 15, 20, 24]
