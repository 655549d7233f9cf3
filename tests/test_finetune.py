"""Fine-tuning a model on someone's drawings (lab.core.finetune), with a tiny model, and the
issue's "Done when" on the real MNIST and the shipped digits model."""

import json

import numpy as np
import pytest

from conftest import ROOT
from personal_style import write_personal_drawings

from lab.core.errors import LabError, TrainingError
from lab.core.finetune import (FinetuneSettings, finetune, read_drawings, split_holdout)
from lab.core.storage import load_model
from lab.core.training import Reporter, TrainingControl

QUICK = FinetuneSettings(epochs=3, copies=10, replay=200, validation=50, holdout=0.25,
                         min_per_class=8)


class Recorder(Reporter):
    def __init__(self):
        self.messages, self.epochs = [], []

    def message(self, text):
        self.messages.append(text)

    def epoch(self, report):
        self.epochs.append(report)


def test_tiny_finetune_reports_before_and_after_and_saves_a_named_model(
        tmp_path, tiny_model_dir, tiny_dataset):
    drawings = write_personal_drawings(tmp_path / "drawings", per_class=12, seed=3)
    saved = load_model(tiny_model_dir)
    reporter = Recorder()

    tuned = finetune(saved, drawings, tiny_dataset, reporter, settings=QUICK)

    report = tuned.report
    assert report.trained_per_class == {"0": 9, "2": 9}
    assert {name: row["n"] for name, row in report.heldout_per_class.items()} == {"0": 3, "2": 3}
    assert report.heldout_accuracy("after") >= report.heldout_accuracy("before")
    assert report.test_n == len(tiny_dataset.test) and 0 <= report.test_after <= 1
    assert len(reporter.epochs) == 3 and any("held-out" in m for m in reporter.messages)
    lines = report.table()
    assert lines[1].split()[:3] == ["drawings", "of", "0"]
    assert lines[-1].startswith("test split")

    folder = tuned.save(tmp_path / "tuned")
    reloaded = load_model(folder)
    meta = json.loads((folder / "metadata.json").read_text())
    assert meta["name"] == "tiny + my handwriting" == tuned.name
    assert meta["drawings"] == str(drawings)
    assert meta["drawings_per_class"] == {"0": 12, "2": 12}
    assert meta["finetune_report"]["heldout_per_class"]["2"]["n"] == 3
    # Test figures are the tuned model's own, not the original's.
    assert meta["test_metrics"]["accuracy"] == report.test_after
    assert meta["test_metrics"]["n"] == len(tiny_dataset.test)
    assert set(meta["per_class_recall"]) == set(tiny_dataset.class_names)
    assert reloaded.class_names == saved.class_names
    # The original is untouched: fine-tuning trained a copy.
    original = load_model(tiny_model_dir).model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(saved.model.get_weights(), original))


def test_too_few_drawings_names_each_class_and_how_many_more(tmp_path, tiny_model_dir,
                                                             tiny_dataset):
    drawings = write_personal_drawings(tmp_path / "few", per_class=5, seed=1, labels=("0",))
    write_personal_drawings(drawings, per_class=9, seed=2, labels=("2",))
    with pytest.raises(TrainingError, match=r"at least 8: 0: 5 \(draw 3 more\)") as caught:
        finetune(load_model(tiny_model_dir), drawings, tiny_dataset, settings=QUICK)
    assert "2:" not in str(caught.value)


def test_no_drawings_folder_says_what_to_do(tmp_path, tiny_model_dir, tiny_dataset):
    with pytest.raises(LabError, match="save some drawings first"):
        finetune(load_model(tiny_model_dir), tmp_path / "none", tiny_dataset, settings=QUICK)


def test_stop_request_ends_without_a_model(tmp_path, tiny_model_dir, tiny_dataset):
    drawings = write_personal_drawings(tmp_path / "drawings", per_class=8)
    control = TrainingControl()

    class StopAtFirstBatch(Reporter):
        def batch(self, report):
            control.stop()

    with pytest.raises(TrainingError, match="ended early"):
        finetune(load_model(tiny_model_dir), drawings, tiny_dataset, StopAtFirstBatch(),
                 control, settings=QUICK)


def test_holdout_is_stratified_seeded_and_keeps_something_to_learn(tmp_path):
    folder = write_personal_drawings(tmp_path / "d", per_class=10, seed=4)
    drawings, skipped = read_drawings(folder, tuple("0123456789"), "mnist")
    assert len(drawings) == 20 and skipped == []
    kept, held = split_holdout(drawings, 0.3, seed=7)
    assert sorted(d.expected for d in held) == ["0"] * 3 + ["2"] * 3
    assert {d.path for d in kept} | {d.path for d in held} == {d.path for d in drawings}
    again = split_holdout(drawings, 0.3, seed=7)[1]
    assert [d.path for d in again] == [d.path for d in held]
    assert drawings[0].image28.shape == (28, 28)


def test_labels_that_are_not_one_class_are_skipped(tmp_path):
    folder = write_personal_drawings(tmp_path / "d", per_class=2)
    (folder / "0").rename(folder / "X")
    drawings, skipped = read_drawings(folder, tuple("0123456789"), "mnist")
    assert [d.expected for d in drawings] == ["2", "2"]
    assert len(skipped) == 2 and "'X' is not one class" in skipped[0]


def test_settings_are_checked():
    with pytest.raises(TrainingError, match="holdout"):
        FinetuneSettings(holdout=1.0).checked()
    with pytest.raises(TrainingError, match="min_per_class"):
        FinetuneSettings(min_per_class=1).checked()


def test_real_finetune_learns_a_style_the_shipped_model_reads_badly(tmp_path, real_data_dir):
    """The issue's "Done when": 20 drawings per class learned, 20 held out."""
    from lab.core.datasets import load_dataset

    drawings = write_personal_drawings(tmp_path / "mine", per_class=40, seed=0)
    # two of the default four epochs, half the replay: the same outcome in half the time
    settings = FinetuneSettings(holdout=0.5, epochs=2, replay=2000)
    tuned = finetune(load_model(ROOT / "models" / "digits"), drawings,
                     load_dataset("mnist", real_data_dir), settings=settings)
    report = tuned.report
    assert report.trained_per_class == {"0": 20, "2": 20}
    assert report.heldout_accuracy("before") < 0.80
    assert report.heldout_accuracy("after") >= 0.95
    assert abs(report.test_after - report.test_before) <= 0.003
