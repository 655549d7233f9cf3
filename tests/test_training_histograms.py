"""Histograms over training (lab.core.training_histograms), recorded by every run."""

import numpy as np
import pytest

from lab.core.training_histograms import BINS, TrainingHistograms, _edges, _histogram


@pytest.fixture(scope="module")
def cnn_run(tiny_dataset, tmp_path_factory):
    from lab.core.runs import RunController
    from lab.core.training import TrainingConfig

    seen = []
    controller = RunController(tiny_dataset, TrainingConfig(architecture="cnn", epochs=3, seed=0,
                                                            batch_size=64),
                               tmp_path_factory.mktemp("runs"))
    controller.on_histograms = seen.append
    outcome = controller.run()
    return controller, outcome, seen


def test_a_run_records_one_row_per_epoch_and_layer(cnn_run, tiny_dataset):
    controller, outcome, seen = cnn_run
    from lab.core.run_folder import HISTOGRAMS_FILE

    histograms = TrainingHistograms.load(outcome.folder.file(HISTOGRAMS_FILE))
    assert histograms.layers == ["conv1", "conv2", "dense1", "probabilities"]
    assert histograms.epochs.tolist() == [0, 1, 2] and histograms.members.tolist() == [1, 1, 1]
    model = outcome.result.model
    for index, name in enumerate(histograms.layers):
        kernel = model.get_layer(name).kernel
        assert histograms.counts["weights"].shape == (3, 4, BINS)
        assert (histograms.counts["weights"][:, index].sum(axis=1) == np.prod(kernel.shape)).all()
    # activations on the fixed batch: 100 validation images × the layer's output size
    assert histograms.counts["activations"][:, 0].sum(axis=1).tolist() == [100 * 26 * 26 * 32] * 3
    assert histograms.gradient_norms.shape == (3, 4)
    assert np.isfinite(histograms.gradient_norms).all() and (histograms.gradient_norms > 0).all()
    # the weights move between epochs, and the live copies grew one row at a time
    assert not np.array_equal(histograms.counts["weights"][0], histograms.counts["weights"][2])
    assert [len(h) for h in seen] == [1, 2, 3]
    np.testing.assert_array_equal(seen[-1].gradient_norms, histograms.gradient_norms)
    assert 0 < controller.histogram_seconds


def test_csv_rows_name_the_bins_and_hold_the_counts(cnn_run):
    histograms = cnn_run[2][-1]
    rows = histograms.csv_rows(["conv2"])
    assert rows[0] == ["kind", "layer", "member", "epoch", "bin_low", "bin_high", "count"]
    assert len(rows) == 1 + 2 * 3 * BINS   # weights and activations, 3 epochs
    first_epoch = [row[-1] for row in rows[1:] if row[0] == "weights" and row[3] == 1]
    assert first_epoch == histograms.counts["weights"][0, 1].tolist()
    assert rows[1][4] == pytest.approx(histograms.edges["weights"][1, 0])
    assert len(histograms.csv_rows()) == 1 + 2 * 4 * 3 * BINS
    gradients = histograms.gradient_csv_rows()
    assert gradients[0] == ["member", "epoch", "conv1", "conv2", "dense1", "probabilities"]
    assert len(gradients) == 4


def test_an_ensemble_records_each_member_in_turn(tiny_dataset, tmp_path):
    from lab.core.run_folder import HISTOGRAMS_FILE
    from lab.core.runs import RunController
    from lab.core.training import TrainingConfig

    outcome = RunController(tiny_dataset, TrainingConfig(architecture="mlp", epochs=2, seed=0),
                            tmp_path, members=2).run()
    histograms = TrainingHistograms.load(outcome.folder.file(HISTOGRAMS_FILE))
    assert histograms.members.tolist() == [1, 1, 2, 2]
    assert histograms.epochs.tolist() == [0, 1, 0, 1]
    assert histograms.row_labels()[2] == "m2 epoch 1"
    assert histograms.gradient_norms.shape == (4, len(histograms.layers))


def test_first_rows_keep_what_a_resumed_run_had(cnn_run):
    histograms = cnn_run[2][-1]
    kept = histograms.first_rows(2)
    assert len(kept) == 2 and len(histograms) == 3
    np.testing.assert_array_equal(kept.counts["activations"],
                                  histograms.counts["activations"][:2])


def test_edges_stay_at_zero_for_relu_outputs_and_values_beyond_count_at_the_ends():
    relu = _edges(np.array([0.0, 1.0, 2.0]))
    assert relu[0] == 0.0 and relu[-1] == pytest.approx(3.0) and len(relu) == BINS + 1
    signed = _edges(np.array([-1.0, 1.0]))
    assert signed[0] == pytest.approx(-2.0) and signed[-1] == pytest.approx(2.0)
    counts, outside = _histogram(np.array([-10.0, 0.5, 10.0, 10.0]), signed)
    assert counts.sum() == 4 and counts[0] == 1 and counts[-1] == 2
    assert outside == pytest.approx(0.75)


def test_a_missing_or_broken_file_reads_as_none(tmp_path):
    assert TrainingHistograms.load(tmp_path / "histograms.npz") is None
    (tmp_path / "broken.npz").write_bytes(b"not a zip")
    assert TrainingHistograms.load(tmp_path / "broken.npz") is None


def test_a_resumed_run_keeps_the_rows_up_to_its_checkpoint(tiny_dataset, tmp_path):
    from test_runs import _config, _pretend_the_owner_died
    from test_training import Recorder

    from lab.core.run_folder import HISTOGRAMS_FILE
    from lab.core.runs import RunController

    class Crash(BaseException):
        pass

    def crash(report):
        if report["epoch"] == 2:
            raise Crash
    controller = RunController(tiny_dataset, _config(epochs=4), tmp_path, Recorder(on_epoch=crash))
    with pytest.raises(Crash):
        controller.run()
    folder = controller.folder
    # the crash came in epoch 3's report, before its histograms: two rows on disk
    assert len(TrainingHistograms.load(folder.file(HISTOGRAMS_FILE))) == 2
    _pretend_the_owner_died(folder)
    RunController.resuming(folder, tiny_dataset).run()
    histograms = TrainingHistograms.load(folder.file(HISTOGRAMS_FILE))
    assert histograms.epochs.tolist() == [0, 1, 2, 3] and histograms.members.tolist() == [1] * 4
