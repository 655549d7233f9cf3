"""Model folders: round trip, atomic saves, and refusing bad or unsafe files."""

import errno
import json
import os
import stat
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from lab.core import storage
from lab.core.architectures import build_model
from lab.core.errors import ModelError
from lab.core.storage import SavedModel, build_metadata, check_fits, load_model, save_model
from lab.core.training import TrainingConfig, TrainingResult

DIGITS = list("0123456789")


def _save(folder, model=None, **metadata):
    model = model or build_model("softmax")
    return save_model(folder, model, {"dataset": "mnist", "class_names": DIGITS,
                                      "architecture": "softmax", **metadata})


def _leftovers(parent, name):
    return [p.name for p in parent.iterdir() if p.name.startswith(f".{name}.")]


def test_round_trip_keeps_predictions_and_metadata(tiny_model_dir, tiny_dataset):
    saved = load_model(tiny_model_dir)
    assert isinstance(saved, SavedModel) and saved.path == tiny_model_dir
    assert saved.class_names == tuple(DIGITS) and saved.dataset == "mnist"
    assert saved.architecture == "mlp"
    meta = saved.metadata
    for key in ("dataset", "class_names", "architecture", "hyperparameters", "history",
                "test_metrics", "per_class_recall", "wall_time_s", "command", "created",
                "lab_version", "saved_at"):
        assert key in meta
    assert meta["hyperparameters"]["epochs"] == 2 and len(meta["history"]["loss"]) == 2
    x = tiny_dataset.test.images[:8].astype("float32")[..., None]
    again = load_model(tiny_model_dir).model
    np.testing.assert_allclose(saved.model(x, training=False), again(x, training=False),
                               atol=1e-6)
    check_fits(saved, tiny_dataset)


def test_save_overwrites_and_keeps_no_temporary_folders(tmp_path):
    model = build_model("softmax")
    _save(tmp_path / "m", model, note="first")
    _save(tmp_path / "m", model, note="second")
    assert load_model(tmp_path / "m").metadata["note"] == "second"
    assert _leftovers(tmp_path, "m") == []
    assert sorted(os.listdir(tmp_path / "m")) == ["metadata.json", "model.keras"]


def test_saved_weights_match_and_file_is_small(tmp_path):
    model = build_model("fast")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    _save(tmp_path / "fast", model)
    loaded = load_model(tmp_path / "fast").model
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    size = sum(f.stat().st_size for f in (tmp_path / "fast").iterdir())
    assert size < 5_000_000


def test_save_read_only_folder_keeps_previous(tmp_path):
    parent = tmp_path / "models"
    _save(parent / "m", note="old")
    os.chmod(parent / "m", stat.S_IRUSR | stat.S_IXUSR)
    os.chmod(parent, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ModelError, match="read-only.*previous model is intact"):
            _save(parent / "m", note="new")
    finally:
        os.chmod(parent, stat.S_IRWXU)
        os.chmod(parent / "m", stat.S_IRWXU)
    assert load_model(parent / "m").metadata["note"] == "old"
    assert _leftovers(parent, "m") == []


def test_save_failure_midway_keeps_previous(tmp_path, monkeypatch):
    _save(tmp_path / "m", note="old")

    def disk_full(path, data):
        path.write_text("{\"trunc")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write_json", disk_full)
    with pytest.raises(ModelError, match="disk is full; the previous model is intact"):
        _save(tmp_path / "m", note="new")
    monkeypatch.undo()
    assert load_model(tmp_path / "m").metadata["note"] == "old"
    assert _leftovers(tmp_path, "m") == []


def test_save_failure_during_swap_puts_previous_back(tmp_path, monkeypatch):
    _save(tmp_path / "m", note="old")
    real_replace, calls = os.replace, []

    def failing_second_replace(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", failing_second_replace)
    with pytest.raises(ModelError, match="intact"):
        _save(tmp_path / "m", note="new")
    monkeypatch.undo()
    assert load_model(tmp_path / "m").metadata["note"] == "old"


def test_load_missing_metadata(tmp_path):
    _save(tmp_path / "m")
    (tmp_path / "m" / "metadata.json").unlink()
    with pytest.raises(ModelError, match="no metadata.json"):
        load_model(tmp_path / "m")
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nowhere")


def test_load_corrupt_model_file(tmp_path):
    _save(tmp_path / "m")
    model_file = tmp_path / "m" / "model.keras"
    data = model_file.read_bytes()
    model_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="corrupt"):
        load_model(tmp_path / "m")
    model_file.write_bytes(b"not a zip file at all")
    with pytest.raises(ModelError, match="corrupt"):
        load_model(tmp_path / "m")
    (tmp_path / "m" / "metadata.json").write_text("{broken")
    with pytest.raises(ModelError, match="damaged"):
        load_model(tmp_path / "m")


def test_load_lambda_layer_refused(tmp_path, monkeypatch):
    marker = tmp_path / "lambda-ran"
    monkeypatch.setenv("LAB_TEST_LAMBDA_MARKER", str(marker))
    inputs = keras.Input((28, 28, 1))
    hidden = keras.layers.Lambda(
        lambda t: (open(os.environ["LAB_TEST_LAMBDA_MARKER"], "w").close(), t)[1])(inputs)
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(hidden))
    folder = tmp_path / "evil"
    folder.mkdir()
    keras.Model(inputs, outputs).save(folder / "model.keras")
    (folder / "metadata.json").write_text(json.dumps({"dataset": "mnist",
                                                      "class_names": DIGITS}))
    marker.unlink()   # building the model ran the lambda once; loading must not
    with pytest.raises(ModelError, match="refused.*Lambda"):
        load_model(folder)
    assert not marker.exists()


def test_load_wrong_input_shape_or_class_count(tmp_path):
    wrong_input = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Flatten(),
                                    keras.layers.Dense(10, activation="softmax")])
    _save(tmp_path / "shape", wrong_input)
    with pytest.raises(ModelError, match="input"):
        load_model(tmp_path / "shape")
    _save(tmp_path / "count", build_model("softmax", 10))
    meta_path = tmp_path / "count" / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "class_names": ["A", "B", "C"]}))
    with pytest.raises(ModelError, match="predicts 10 classes but its metadata names 3"):
        load_model(tmp_path / "count")


def test_check_fits_refuses_other_classes(tmp_path, tiny_dataset):
    letters = SimpleNamespace(name="notmnist", title="notMNIST letters",
                              class_names=tuple("ABCDEFGHIJ"))
    saved = SavedModel(build_model("softmax"), {"dataset": "mnist", "class_names": DIGITS})
    check_fits(saved, tiny_dataset)
    with pytest.raises(ModelError, match="trained on mnist.*notMNIST letters"):
        check_fits(saved, letters)


def test_build_metadata_with_evaluation(tiny_dataset):
    config = TrainingConfig(architecture="cnn").resolved()
    result = TrainingResult(model=None, history={"loss": [0.5, float("nan")]}, config=config,
                            best_epoch=0, best_val_accuracy=0.9, wall_time=1.5)
    evaluation = SimpleNamespace(accuracy=0.98, loss=0.07, n=100, per_class=[
        {"class": "0", "recall": 1.0}, {"class": "1", "recall": 0.5}])
    meta = build_metadata(tiny_dataset, result, evaluation, command=["lab", "train"])
    assert meta["architecture"] == "cnn" and meta["hyperparameters"]["batch_size"] == 64
    assert meta["test_metrics"] == {"accuracy": 0.98, "loss": 0.07, "n": 100}
    assert meta["per_class_recall"] == {"0": 1.0, "1": 0.5}
    assert meta["command"] == "lab train" and meta["wall_time_s"] == 1.5
    assert meta["class_names"] == DIGITS and meta["dataset"] == "mnist"
