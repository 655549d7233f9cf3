"""Inspect tab: per-filter images of a conv model, and CSV export of the embedding map and of
the saliency maps (Grad-CAM, integrated gradients) — with tiny trained models."""

import csv

import numpy as np
import pytest
from test_gui_inspect import session, tab  # noqa: F401 - the Inspect tab showing `saved`

from lab.gui.tabs.inspect.saliency import METHODS

TIMEOUT = 120_000
DRAWING_TIMEOUT = 600_000   # 300 gradient-ascent steps: minutes on a busy 2-core machine


@pytest.fixture(scope="module")
def saved(tiny_dataset):
    """A small conv model (the imported tab fixture shows it)."""
    from lab.core.storage import SavedModel, build_metadata
    from lab.core.training import TrainingConfig, train

    result = train(tiny_dataset, TrainingConfig(architecture="cnn", epochs=2, seed=0))
    return SavedModel(model=result.model, metadata=build_metadata(tiny_dataset, result))


def _read(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def test_filter_images_page_draws_the_first_filters_of_the_chosen_layer(qtbot, tab, tmp_path):
    page = tab.filter_images
    page.count_spin.setValue(4)
    tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.images is not None, timeout=DRAWING_TIMEOUT)
    assert [page.layer_combo.itemText(i) for i in range(page.layer_combo.count())] == \
        ["conv1", "conv2"]
    assert page.images.shape == (4, 28, 28)
    assert [p["title"].split(":")[0] for p in page.mosaic.panels] == \
        [f"filter {k}" for k in range(4)]
    assert page.layer_combo.currentText() == "conv2"   # the deepest by default
    page.layer_combo.setCurrentIndex(0)
    page.layer_combo.activated.emit(0)
    qtbot.waitUntil(lambda: page.images is not None and "conv1" in page.caption.text()
                    and not page.busy, timeout=DRAWING_TIMEOUT)
    assert "conv1" in page.caption.text() and page.images.shape == (4, 28, 28)
    tab.export_png(tmp_path / "filters.png")
    assert (tmp_path / "filters.png").stat().st_size > 5000


def test_a_dense_model_has_no_filter_images(qtbot, tab, tiny_model_dir):
    from lab.core.storage import load_model

    tab.session.set_model(load_model(tiny_model_dir))
    tab.pages.setCurrentWidget(tab.filter_images)
    assert not tab.filter_images.busy
    assert "no convolution layer" in tab.filter_images.caption.text()
    assert tab.filter_images.layer_combo.count() == 0


def test_embedding_exports_coordinates_with_labels(qtbot, tab, tmp_path, tiny_dataset):
    page = tab.embedding
    assert not page.csv_button.isEnabled()
    tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.embedding is not None and page.embedding.tsne is not None,
                    timeout=TIMEOUT)
    assert page.csv_button.isEnabled()
    page.export_csv(tmp_path / "embedding.csv")
    rows = _read(tmp_path / "embedding.csv")
    assert rows[0] == ["index", "true", "predicted", "pca_x", "pca_y", "tsne_x", "tsne_y"]
    assert len(rows) == 1 + len(tiny_dataset.test)
    assert [row[1] for row in rows[1:]] == [tiny_dataset.class_names[k]
                                            for k in tiny_dataset.test.labels]
    np.testing.assert_allclose(np.array([row[3:5] for row in rows[1:]], float),
                               page.embedding.pca, rtol=1e-5)
    np.testing.assert_allclose(np.array([row[5:7] for row in rows[1:]], float),
                               page.embedding.tsne, rtol=1e-5)


@pytest.mark.parametrize("method", ["gradcam", "integrated"])
def test_saliency_map_exports_its_28_by_28_values(qtbot, tab, tmp_path, method):
    page = tab.saliency
    tab.show_test_image(4)
    tab.pages.setCurrentWidget(page)
    page.method_combo.setCurrentIndex([key for _label, key in METHODS].index(method))
    qtbot.waitUntil(lambda: page.heat is not None and not page.busy
                    and page.method == method, timeout=TIMEOUT)
    assert page.csv_button.isEnabled()
    page.export_csv(tmp_path / "map.csv")
    rows = _read(tmp_path / "map.csv")
    assert rows[0] == ["row", *map(str, range(28))] and len(rows) == 29
    values = np.array([row[1:] for row in rows[1:]], float)
    np.testing.assert_allclose(values, page.heat, rtol=1e-6)
