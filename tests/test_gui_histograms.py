"""Train tab ▸ Histograms: fills live while a run trains, and from a run folder on disk."""

import csv
from types import SimpleNamespace

import numpy as np
import pytest
from PyQt5.QtCore import Qt
from test_gui_train import session, tab  # noqa: F401 - the Train tab set to 3 epochs of mlp

from lab.core.training_histograms import BINS
from lab.gui.tabs.train.histograms_page import HistogramsPage


def _heatmap(page, kind):
    return page.heatmaps[kind][1].image


def test_histograms_fill_epoch_by_epoch_while_training(qtbot, tab, tmp_path):
    page = tab.histograms
    rows_seen = []
    page_show = page._show
    page._show = lambda histograms, folder: (rows_seen.append(len(histograms)),
                                             page_show(histograms, folder))
    with qtbot.waitSignal(tab.test_evaluated, timeout=120000):
        qtbot.mouseClick(tab.controls.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.worker is None, timeout=10000)
    assert rows_seen == [1, 2, 3]   # one update an epoch, while the run trained
    layers = [page.layer_combo.itemText(i) for i in range(page.layer_combo.count())]
    assert layers == ["dense1", "dense2", "dense3", "probabilities"]
    for kind in ("weights", "activations"):
        assert _heatmap(page, kind).shape == (3, BINS)
    page.layer_combo.setCurrentIndex(3)
    assert page.heatmaps["weights"][0].titleLabel.text.startswith("probabilities")
    assert len(page.norms_plot.listDataItems()) == 4
    assert all(len(item.xData) == 3 for item in page.norms_plot.listDataItems())
    assert "3 epochs recorded" in page.caption.text()

    page.export_csv(tmp_path / "histograms.csv")
    page.export_gradients_csv(tmp_path / "norms.csv")
    page.export_png(tmp_path / "histograms.png")
    with open(tmp_path / "histograms.csv", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["kind", "layer", "member", "epoch", "bin_low", "bin_high", "count"]
    assert len(rows) == 1 + 2 * 4 * 3 * BINS
    with open(tmp_path / "norms.csv", newline="") as stream:
        norms = list(csv.reader(stream))
    assert norms[0] == ["member", "epoch", *layers] and len(norms) == 4
    assert all(float(value) > 0 for row in norms[1:] for value in row[2:])
    assert (tmp_path / "histograms.png").stat().st_size > 5000


def test_a_run_on_disk_shows_its_histograms(qtbot, tiny_dataset, tmp_path):
    from lab.core.runs import RunController
    from lab.core.training import TrainingConfig

    outcome = RunController(tiny_dataset, TrainingConfig(architecture="cnn", epochs=2, seed=0),
                            tmp_path / "runs").run()
    page = HistogramsPage()
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.show_run(SimpleNamespace(folder=outcome.folder.path))
    qtbot.waitUntil(lambda: page.histograms is not None, timeout=10000)
    assert page.layer_combo.count() == 4 and page.layer_combo.currentText() == "conv1"
    weights = _heatmap(page, "weights")
    assert weights.shape == (2, BINS)
    expected = np.log10(1 + page.histograms.counts["weights"][:, 0])
    np.testing.assert_allclose(weights, expected, rtol=1e-5)
    assert len(page.norms_plot.listDataItems()) == 4

    empty = tmp_path / "old-run"
    empty.mkdir()
    page.show_run(SimpleNamespace(folder=empty))
    qtbot.waitUntil(lambda: page.histograms is None, timeout=10000)
    assert "no histograms" in page.caption.text()
    assert not page.csv_button.isEnabled()
