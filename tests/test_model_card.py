"""The model card: layers and parameters as Keras counts them, an ensemble's members listed
once, the record of how the model was made, and `info` printing it."""

import json

import keras
import pytest

from lab.core.architectures import build_model
from lab.core.ensemble import average_models
from lab.core.model_card import card_lines, model_card
from lab.core.storage import SavedModel, load_model, save_model

from test_cli import run_cli

TRAINED = {"dataset": "mnist", "dataset_title": "MNIST digits", "class_names": list("0123456789"),
           "architecture": "cnn", "command": "python -m lab train --model cnn --epochs 2",
           "hyperparameters": {"epochs": 2, "batch_size": 64, "optimizer": "adam",
                               "learning_rate": 0.001, "dropout": 0.25, "augmentation": "move",
                               "handwriting": 0, "seed": 3},
           "best_epoch": 2, "best_val_accuracy": 0.9812, "wall_time_s": 95.0,
           "stop_reason": "completed",
           "test_metrics": {"accuracy": 0.9801, "loss": 0.0612, "n": 10000}}


@pytest.fixture(scope="module")
def cnn():
    keras.utils.set_random_seed(3)
    return build_model("cnn")


def test_a_single_network(cnn, tmp_path):
    save_model(tmp_path / "cnn", cnn, TRAINED)
    card = model_card(load_model(tmp_path / "cnn"))
    assert card["parameters"] == cnn.count_params()
    assert sum(layer["parameters"] for layer in card["layers"]) == cnn.count_params()
    assert [layer["name"] for layer in card["layers"]] == [layer.name for layer in cnn.layers]
    assert card["members"] == 1 and not card["layers_per_member"]
    assert 0 < card["trainable"] <= card["parameters"]
    assert card["size_bytes"] == (tmp_path / "cnn" / "model.keras").stat().st_size
    assert card["test"] == {"accuracy": 0.9801, "loss": 0.0612, "n": 10000}
    text = "\n".join(card_lines(card))
    assert text.startswith("cnn on MNIST digits (10 classes: 0 1 2 3 4 5 6 7 8 9)")
    assert "test accuracy 98.01%" in text and "made by: python -m lab train" in text
    assert "trained: 2 epochs, batch 64, adam at 0.001, dropout 0.25, augmentation move, " \
           "seed 3, best epoch 2 (validation 98.12%), 95 s" in text
    assert "handwriting" not in text and "each of" not in text


def test_an_ensemble_lists_its_layers_once_per_member(cnn):
    keras.utils.set_random_seed(4)
    ensemble = average_models([cnn, build_model("cnn")])
    metadata = {**TRAINED, "ensemble_members": [{"seed": 3, "command": "first"},
                                                {"seed": 4, "command": "second"}]}
    card = model_card(SavedModel(ensemble, metadata))          # in hand: no file
    members = [layer for layer in card["layers"] if layer["member"]]
    assert card["layers_per_member"] and card["members"] == 2 and card["size_bytes"] is None
    assert [layer["name"] for layer in members] == [layer.name for layer in cnn.layers]
    assert card["layers"][0]["kind"] == "input" and card["layers"][-1]["kind"] == "average"
    assert 2 * sum(layer["parameters"] for layer in members) == card["parameters"]
    assert card["member_records"] == [{"seed": 3, "command": "first"},
                                      {"seed": 4, "command": "second"}]
    text = "\n".join(card_lines(card))
    assert f"(2 members of {cnn.count_params():,})" in text and "each of the 2 members:" in text
    assert "  member 2: seed 4 · second" in text


def test_an_ensemble_of_different_networks_lists_every_layer(cnn):
    mlp = build_model("mlp")
    card = model_card(SavedModel(average_models([cnn, mlp]), {"class_names": list("0123456789")}))
    assert not card["layers_per_member"] and card["members"] == 2
    assert card["member_parameters"] == [cnn.count_params(), mlp.count_params()]
    assert not any(layer["member"] for layer in card["layers"])
    assert f"(2 members of {cnn.count_params():,} + {mlp.count_params():,})" in \
        "\n".join(card_lines(card))


def test_a_model_without_a_record_still_has_a_card(cnn):
    card = model_card(SavedModel(cnn, {"class_names": list("0123456789")}))
    assert card["test"] is None and card["training"] is None and card["command"] is None
    assert card_lines(card)[0].startswith("model on ? (10 classes")


def test_info_prints_the_card_and_refuses_a_missing_folder(cnn, tmp_path):
    save_model(tmp_path / "cnn", cnn, TRAINED)
    status, out, _ = run_cli("info", tmp_path / "cnn")
    assert status == 0 and out.startswith(f"{tmp_path / 'cnn'}: cnn on MNIST digits")
    assert "\nlayers:\n" in out
    status, out, _ = run_cli("info", tmp_path / "cnn", "--json")
    card = json.loads(out)
    assert status == 0 and card["parameters"] == cnn.count_params()
    status, _, err = run_cli("info", tmp_path / "nothing")
    assert status == 2 and err.startswith("error: ") and err.count("\n") == 1


def test_training_text_reads_as_words():
    from lab.core.model_card import training_text

    assert training_text({"epochs": 1, "wall_time_s": 600.0, "stop_reason": "stopped"}) == \
        "1 epoch, 10 min, ended: stopped"
    assert training_text({"handwriting": 2500, "learning_rate": 0.003}) == \
        "learning rate at 0.003, 2,500 handwriting images per class"
