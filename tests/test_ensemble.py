"""Ensembles: an exact average in one ordinary model that saves, loads, predicts and is
inspected like any other; training members with their own seeds; stop; the CLI flag."""

import json
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest

from lab.core.architectures import build_model
from lab.core.ensemble import average_models, members_of, train_ensemble
from lab.core.errors import TrainingError
from lab.core.training import Reporter, TrainingConfig, TrainingControl

from test_cli import run_cli


@pytest.fixture(scope="module")
def members():
    keras.utils.set_random_seed(3)
    return [build_model("cnn"), build_model("cnn")]


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).uniform(0, 255, (6, 28, 28, 1)).astype("float32")


def test_average_is_exact_and_owns_its_weights(members, images):
    ensemble = average_models(members)
    expected = (np.asarray(members[0](images)) + np.asarray(members[1](images))) / 2
    np.testing.assert_allclose(np.asarray(ensemble(images)), expected, atol=1e-6)
    names = [layer.name for layer in ensemble.layers]
    assert len(names) == len(set(names)) and "m1_conv1" in names and "m2_conv1" in names
    assert ensemble.layers[-1].name == "probabilities"
    before, original = np.asarray(ensemble(images)), members[1].get_weights()
    member_before = np.asarray(members[1](images))
    members[1].set_weights([w + 1 for w in original])   # training a member on changes nothing
    try:
        np.testing.assert_array_equal(np.asarray(ensemble(images)), before)
        assert not np.allclose(np.asarray(members[1](images)), member_before)
    finally:
        members[1].set_weights(original)


def test_ensemble_saves_loads_predicts_and_is_inspected(members, images, tmp_path,
                                                        tiny_dataset):
    from lab.core.inspection import ModelInspector
    from lab.core.prediction import Predictor
    from lab.core.storage import load_model, save_model

    ensemble = average_models(members)
    save_model(tmp_path / "pair", ensemble, {
        "dataset": "mnist", "class_names": list(tiny_dataset.class_names), "architecture": "cnn",
        "ensemble_members": [{"seed": 0}, {"seed": 1}]})
    loaded = load_model(tmp_path / "pair")          # safe mode, no code refused
    assert loaded.title == "cnn ×2" and loaded.members == 2
    np.testing.assert_allclose(np.asarray(loaded.model(images)), np.asarray(ensemble(images)),
                               atol=1e-6)
    probabilities = Predictor(loaded).probabilities(images[:2])
    assert probabilities.shape == (2, 10)
    inspector = ModelInspector(loaded.model)
    assert {"m1_conv1", "m2_conv2"} <= set(inspector.conv_layers())
    maps = dict(inspector.feature_maps(images[0, ..., 0]))
    assert maps["m2_conv1"].shape == (26, 26, 32)
    for method in ("gradient", "occlusion"):
        heat = inspector.saliency(tiny_dataset.test.images[0], method=method)
        assert heat.shape == (28, 28) and 0 <= heat.min() and heat.max() == pytest.approx(1.0)


class Messages(Reporter):
    def __init__(self, on_epoch=None):
        self.messages, self.started_members, self.on_epoch = [], [], on_epoch
        self.result = None

    def started(self, info):
        self.started_members.append(info["member"])

    def epoch(self, report):
        if self.on_epoch:
            self.on_epoch(report)

    def message(self, text):
        self.messages.append(text)

    def finished(self, result):
        self.result = result


def test_members_train_with_their_own_seeds(tiny_dataset):
    reporter = Messages()
    config = TrainingConfig(architecture="mlp", epochs=2, batch_size=50, seed=4)
    result = train_ensemble(tiny_dataset, config, 2, reporter)
    assert [m["seed"] for m in result.members] == [4, 5] and reporter.result is result
    assert reporter.started_members == [1, 2] and "member 2 of 2" in reporter.messages
    assert result.history["member"] == [1, 1, 2, 2] and len(result.history["loss"]) == 4
    predicted = np.argmax(np.asarray(result.model(tiny_dataset.validation.images[..., None]
                                                  .astype("float32"))), axis=1)
    assert result.best_val_accuracy == pytest.approx(
        float(np.mean(predicted == tiny_dataset.validation.labels)))
    first, second = (layer for layer in result.model.layers if layer.name.endswith("dense1"))
    assert not np.allclose(first.get_weights()[0], second.get_weights()[0])  # two seeds


def test_members_take_the_augmentations_in_turn(tiny_dataset):
    config = TrainingConfig(architecture="softmax", epochs=1, batch_size=100, seed=0)
    result = train_ensemble(tiny_dataset, config, 3, augmentations=("move", "glyph"))
    assert [m["augmentation"] for m in result.members] == ["move", "glyph", "move"]
    plain = train_ensemble(tiny_dataset, config, 2)
    assert [m["augmentation"] for m in plain.members] == [None, None]   # softmax: no augment


def test_stop_ends_the_member_in_training_and_trains_no_more(tiny_dataset):
    control = TrainingControl()
    reporter = Messages(on_epoch=lambda report: control.stop())
    config = TrainingConfig(architecture="mlp", epochs=3, batch_size=50, seed=0)
    result = train_ensemble(tiny_dataset, config, 3, reporter, control)
    assert len(result.members) == 1 and result.stop_reason == "stopped by user"
    assert result.model.output_shape == (None, 10)


@pytest.mark.parametrize("count", [0, 6, 2.5, True])
def test_member_count_is_checked(tiny_dataset, count):
    with pytest.raises(TrainingError, match="1 to 5 members"):
        train_ensemble(tiny_dataset, TrainingConfig(architecture="softmax", epochs=1), count)


def test_cli_trains_and_records_an_ensemble(tiny_mnist_dir, tmp_path):
    out = tmp_path / "pair"
    status, stdout, stderr = run_cli("--data-dir", tiny_mnist_dir, "train", "--model", "softmax",
                                     "--epochs", "1", "--ensemble", "2", "--seed", "0",
                                     "--augmentation", "move,glyph", "--out", out)
    assert status == 0, stderr
    assert "trained 2 × 1 epoch(s)" in stdout and "ensemble of 2: validation accuracy" in stdout
    assert "member 2 of 2" in stderr
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"].endswith("--ensemble 2 --augmentation move,glyph")
    members = metadata["ensemble_members"]
    assert [(m["seed"], m["augmentation"]) for m in members] == [(0, "move"), (1, "glyph")]


@pytest.mark.parametrize("words, says", [
    (["--augmentation", "move,glyph"], "add --ensemble N"),
    (["--augmentation", "warp"], "unknown augmentation 'warp'"),
    (["--augmentation", "glyph", "--no-augment"], "contradict"),
])
def test_cli_refuses_augmentations_that_make_no_sense(tiny_mnist_dir, words, says):
    status, _, stderr = run_cli("--data-dir", tiny_mnist_dir, "train", "--epochs", "1", *words)
    assert status == 2 and says in stderr and stderr.count("\n") == 1


def test_members_of_an_ensemble_are_its_members(members, images):
    assert members_of(members[0]) == [members[0]]
    split = members_of(average_models(members))
    assert len(split) == 2
    assert [layer.name for layer in split[1].layers] == [layer.name for layer in members[1].layers]
    for original, copy in zip(members, split):
        np.testing.assert_allclose(np.asarray(copy(images)), np.asarray(original(images)),
                                   atol=1e-6)


def test_cli_combines_a_model_and_an_ensemble_into_three(tiny_mnist_dir, tmp_path, images):
    from lab.core.storage import load_model

    words = ["--data-dir", tiny_mnist_dir, "train", "--model", "softmax", "--epochs", "1"]
    assert run_cli(*words, "--seed", "0", "--out", tmp_path / "one")[0] == 0
    assert run_cli(*words, "--seed", "1", "--ensemble", "2", "--out", tmp_path / "two")[0] == 0
    status, stdout, stderr = run_cli("--data-dir", tiny_mnist_dir, "combine", tmp_path / "one",
                                     tmp_path / "two", "--out", tmp_path / "three")
    assert status == 0, stderr
    assert "3 models averaged: test accuracy" in stdout and "(100 images of" in stdout
    one, two, three = (load_model(tmp_path / name) for name in ("one", "two", "three"))
    expected = (np.asarray(one.model(images)) + 2 * np.asarray(two.model(images))) / 3
    np.testing.assert_allclose(np.asarray(three.model(images)), expected, atol=1e-5)
    assert three.members == 3 and three.title == "softmax ×3"
    records = three.metadata["ensemble_members"]
    assert [(r["seed"], Path(r["from"]).name) for r in records] == [
        (0, "one"), (1, "two"), (2, "two")]
    assert three.metadata["command"].startswith("python -m lab combine ")
    assert 0 <= three.metadata["test_metrics"]["accuracy"] <= 1
    status, _, stderr = run_cli("--data-dir", tiny_mnist_dir, "combine", tmp_path / "two",
                                tmp_path / "two", tmp_path / "two", "--out", tmp_path / "six")
    assert status == 2 and "6 models in all" in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "six").exists()


def test_cli_combines_chosen_members_and_keeps_where_each_came_from(tiny_mnist_dir, tmp_path,
                                                                   images):
    from lab.core.ensemble import members_of
    from lab.core.storage import load_model

    words = ["--data-dir", tiny_mnist_dir, "train", "--model", "softmax", "--epochs", "1"]
    assert run_cli(*words, "--seed", "0", "--out", tmp_path / "one")[0] == 0
    assert run_cli(*words, "--seed", "4", "--ensemble", "2", "--out", tmp_path / "two")[0] == 0
    combine = ["--data-dir", tiny_mnist_dir, "combine"]
    assert run_cli(*combine, tmp_path / "one", tmp_path / "two", "--out",
                   tmp_path / "three")[0] == 0
    status, stdout, stderr = run_cli(*combine, f"{tmp_path / 'three'}#3,1", "--out",
                                     tmp_path / "two-of-three")
    assert status == 0, stderr
    assert [r["seed"] for r in load_model(tmp_path / "two-of-three").metadata[
        "ensemble_members"]] == [5, 0]
    status, _, stderr = run_cli(*combine, f"{tmp_path / 'three'}#2", "--out", tmp_path / "lone")
    assert status == 2 and "at least two models" in stderr and not (tmp_path / "lone").exists()
    status, stdout, stderr = run_cli(*combine, f"{tmp_path / 'three'}#3", tmp_path / "one",
                                     "--out", tmp_path / "picked")
    assert status == 0, stderr
    assert "2 models averaged" in stdout and "three#3: softmax, test accuracy" in stdout
    three, one, picked = (load_model(tmp_path / name) for name in ("three", "one", "picked"))
    expected = (np.asarray(members_of(three.model)[2](images)) + np.asarray(one.model(images))) / 2
    np.testing.assert_allclose(np.asarray(picked.model(images)), expected, atol=1e-5)
    records = picked.metadata["ensemble_members"]
    assert [(r["seed"], Path(r["from"]).name) for r in records] == [(5, "two"), (0, "one")]
    assert records[0]["command"].startswith("python -m lab train") and "--ensemble 2" in \
        records[0]["command"]
    assert picked.metadata["combined_from"][0]["members"] == [3]
    shutil.copytree(tmp_path / "one", tmp_path / "one#2")  # a folder whose name has a # is a folder
    status, stdout, stderr = run_cli(*combine, tmp_path / "one#2", tmp_path / "one", "--out",
                                     tmp_path / "twice")
    assert status == 0 and "2 models averaged" in stdout, stderr
    for wrong in ("#4", "#0", "#1,1"):
        status, _, stderr = run_cli(*combine, f"{tmp_path / 'three'}{wrong}", tmp_path / "one",
                                    "--out", tmp_path / "bad")
        assert status == 2 and "3 member(s), numbered 1 to 3" in stderr
        assert stderr.count("\n") == 1 and not (tmp_path / "bad").exists()
