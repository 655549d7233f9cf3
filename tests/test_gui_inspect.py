"""Inspect tab with a tiny trained model: real clicks on the confusion matrix and mistakes."""

import csv
import dataclasses
import threading

import numpy as np
import pytest
from PyQt5.QtCore import QSettings, Qt

from glyphs import make_glyph

TIMEOUT = 120_000


@pytest.fixture
def session(qtbot, tmp_path, tiny_dataset):
    from lab.gui.session import LabSession

    session = LabSession(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    session.quiet = True
    session.set_dataset(tiny_dataset)
    return session


@pytest.fixture(scope="module")
def saved(tiny_model_dir):
    from lab.core.storage import load_model

    return load_model(tiny_model_dir)


def _make_tab(qtbot, session):
    from lab.gui.tabs.inspect.inspect_tab import InspectTab

    tab = InspectTab(session)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    return tab


@pytest.fixture
def tab(qtbot, session, saved):
    tab = _make_tab(qtbot, session)
    tab.show()
    qtbot.waitExposed(tab)
    with qtbot.waitSignal(tab.evaluated, timeout=TIMEOUT):
        session.set_model(saved)
    yield tab
    tab.shutdown()


def _with_wrong_labels(dataset, count=6):
    """The dataset with a few test labels shifted, so the model surely makes mistakes."""
    labels = dataset.test.labels.copy()
    labels[:count] = (labels[:count] + 1) % len(dataset.class_names)
    test = dataclasses.replace(dataset.test, labels=labels)
    return dataclasses.replace(dataset, test=test)


def test_confusion_matrix_shows_counts_summing_to_n(tab, tiny_dataset):
    evaluation = tab.evaluation
    assert evaluation.n == len(tiny_dataset.test) == 100
    matrix = tab.confusion.heatmap.matrix()
    assert matrix.sum() == 100
    np.testing.assert_array_equal(matrix, evaluation.confusion)
    texts = tab.confusion.heatmap.cell_texts()
    assert sum(int(t) for row in texts for t in row) == 100
    assert "accuracy" in tab.result_label.text().lower()


def test_row_normalised_view_shows_percentages(tab):
    tab.confusion.normalise.setChecked(True)
    texts = tab.confusion.heatmap.cell_texts()
    for t, row in enumerate(texts):
        if tab.evaluation.confusion[t].sum():
            assert abs(sum(float(x) for x in row) - 100) < 1
    tab.confusion.normalise.setChecked(False)
    assert tab.confusion.heatmap.cell_texts()[0][0] == str(tab.evaluation.confusion[0, 0])


def _click_cell(qtbot, heatmap, true_class, predicted_class):
    qtbot.mouseClick(heatmap.viewport(), Qt.LeftButton,
                     pos=heatmap.cell_position(true_class, predicted_class))


def test_clicking_a_cell_shows_exactly_its_examples(qtbot, tab):
    evaluation = tab.evaluation
    confusion = evaluation.confusion
    off_diagonal = [(t, p) for t, p in zip(*np.nonzero(confusion)) if t != p]
    cells = [(int(np.argmax(np.diag(confusion))),) * 2] + off_diagonal[:1] + [(0, 9)]
    with qtbot.waitSignal(tab.confusion.heatmap.cell_clicked):
        _click_cell(qtbot, tab.confusion.heatmap, *cells[0])
    for t, p in cells:
        _click_cell(qtbot, tab.confusion.heatmap, t, p)
        shown = tab.confusion.gallery.shown_indices()
        np.testing.assert_array_equal(shown, evaluation.examples(t, p))
        assert len(shown) == confusion[t, p]
        assert f"True {t}, predicted {p}" in tab.confusion.cell_label.text()


def test_clicking_a_mistake_shows_it_in_feature_maps_and_saliency(qtbot, tab, session,
                                                                   tiny_dataset):
    with qtbot.waitSignal(tab.evaluated, timeout=TIMEOUT):
        session.set_dataset(_with_wrong_labels(tiny_dataset))
    evaluation = tab.evaluation
    mistakes = evaluation.mistakes()
    assert len(mistakes) >= 1
    np.testing.assert_array_equal(tab.mistakes.shown_indices(), [m["index"] for m in mistakes])
    tab.pages.setCurrentIndex(1)
    first = mistakes[0]
    with qtbot.waitSignal(tab.input_shown) as blocker:
        qtbot.mouseClick(tab.mistakes.viewport(), Qt.LeftButton,
                         pos=tab.mistakes.item_position(0))
    assert tab.pages.currentWidget() is tab.feature_maps
    sample = blocker.args[0]
    assert sample["title"] == f"test #{first['index']}"
    assert sample["true"] == first["true"]
    assert int(np.argmax(sample["probabilities"])) == first["predicted"]
    caption = tab.feature_maps.caption.text()
    assert f"true {first['true_name']}" in caption
    assert f"predicted {first['predicted_name']}" in caption
    assert tab.feature_maps.mosaic.panels[0]["title"] == "input"
    np.testing.assert_array_equal(tab.feature_maps.mosaic.panels[0]["image"],
                                  session.dataset.test.images[first["index"]])

    with qtbot.waitSignal(tab.input_shown, timeout=TIMEOUT):
        tab.pages.setCurrentWidget(tab.saliency)  # computed off the GUI thread
    assert f"predicted {first['predicted_name']}" in tab.saliency.caption.text()
    assert tab.saliency.heat.shape == (28, 28)
    assert 0 <= tab.saliency.heat.min() and tab.saliency.heat.max() <= 1
    tab.saliency.method_combo.setCurrentIndex(1)
    tab.saliency.class_combo.setCurrentIndex(first["true"] + 1)
    qtbot.waitUntil(lambda: not tab.saliency.busy, timeout=TIMEOUT)
    assert tab.saliency.chosen_class() == first["true"]
    assert f"“{first['true_name']}”" in tab.saliency.mosaic.panels[1]["title"]


def test_per_class_table_and_csv_exports(tab, tmp_path):
    table = tab.table.table
    assert table.rowCount() == 10
    assert "loss" in tab.table.summary.text()
    tab.confusion.export_csv(tmp_path / "confusion.csv")
    rows = list(csv.reader(open(tmp_path / "confusion.csv", encoding="utf-8")))
    assert rows[0][1:] == list("0123456789")
    assert sum(int(x) for row in rows[1:] for x in row[1:]) == 100
    tab.table.export_csv(tmp_path / "per_class.csv")
    rows = list(csv.DictReader(open(tmp_path / "per_class.csv", encoding="utf-8")))
    assert [r["class"] for r in rows] == list("0123456789")
    assert sum(int(r["support"]) for r in rows) == 100


def test_every_view_exports_a_png(tab, tmp_path):
    for index in range(tab.pages.count()):
        tab.pages.setCurrentIndex(index)
        path = tmp_path / f"view{index}.png"
        tab.export_png(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_filters_of_a_dense_model_are_28x28_templates(tab):
    tab.pages.setCurrentWidget(tab.filters)
    assert "templates" in tab.filters.layer_combo.currentText()
    panel = tab.filters.mosaic.panels[0]
    assert panel["image"].shape[0] >= 28 and panel["colormap"] == "CET-D1"


def test_drawing_from_the_draw_tab_goes_to_feature_maps(qtbot, tab):
    with qtbot.waitSignal(tab.input_shown, timeout=TIMEOUT):
        tab.show_input(make_glyph("3"), "drawing")
    assert tab.pages.currentWidget() is tab.feature_maps
    assert tab.feature_maps.caption.text().startswith("drawing · predicted ")
    names = [p["title"].split(" ")[0] for p in tab.feature_maps.mosaic.panels]
    assert names[0] == "input" and names[-1] == "probabilities"


def test_evaluation_waits_until_visible_and_never_runs_twice(qtbot, session, saved,
                                                             monkeypatch):
    import lab.gui.tabs.inspect.inspect_tab as module

    running, peak, calls, lock = [0], [0], [0], threading.Lock()
    real_job = module.evaluate_job

    def counting_job(*args, **kwargs):
        with lock:
            running[0] += 1
            calls[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real_job(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(module, "evaluate_job", counting_job)
    tab = _make_tab(qtbot, session)
    session.set_model(saved)
    assert not tab.evaluating and calls[0] == 0   # hidden: nothing evaluated yet
    with qtbot.waitSignal(tab.evaluated, timeout=TIMEOUT):
        tab.show()
        for _ in range(4):   # epochs arriving while one evaluation runs
            session.set_model(dataclasses.replace(saved))
    qtbot.waitUntil(lambda: not tab.evaluating, timeout=TIMEOUT)
    assert peak[0] == 1
    assert calls[0] <= 2
    tab.shutdown()


def test_loads_the_models_dataset_when_the_session_has_another(qtbot, session, saved,
                                                               tiny_mnist_dir):
    session.set_dataset(None)
    session.data_dir = tiny_mnist_dir
    tab = _make_tab(qtbot, session)
    tab.show()
    with qtbot.waitSignal(tab.evaluated, timeout=TIMEOUT) as blocker:
        session.set_model(saved)
    assert blocker.args[0].n == 100
    assert tab.dataset.name == "mnist" and session.last_error is None
    tab.shutdown()


def test_no_model_clears_the_views(tab, session):
    session.set_model(None)
    assert tab.evaluation is None
    assert "No model" in tab.model_label.text()
    assert tab.mistakes.shown_indices().size == 0


def test_embedding_map_has_a_point_per_test_image_and_clicks_look_inside(qtbot, tab):
    tab.pages.setCurrentWidget(tab.embedding)
    qtbot.waitUntil(lambda: tab.embedding.embedding is not None
                    and tab.embedding.embedding.tsne is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not tab.embedding.busy, timeout=TIMEOUT)
    spots = tab.embedding.shown_points()
    assert len(spots) == len(tab.dataset.test.images) == 100
    tab.embedding.method_combo.setCurrentIndex(1)  # t-SNE
    tab.embedding.class_combo.setCurrentIndex(1 + 3)  # only the 3s
    shown = tab.embedding.shown_points()
    assert 0 < len(shown) < 100 and all(tab.dataset.test.labels[int(s.data())] == 3
                                        for s in shown)
    tab.embedding._hovered(None, [shown[0]], None)
    assert f"test #{int(shown[0].data())}" in tab.embedding.hover_label.text()
    with qtbot.waitSignal(tab.input_shown, timeout=TIMEOUT) as blocker:
        hits_of_3 = tab.embedding.layers[3][0]
        hits_of_3.sigClicked.emit(hits_of_3, [shown[0]], None)
    assert blocker.args[0]["title"] == f"test #{int(shown[0].data())}"
    tab.show_input(make_glyph("3"), "Drawn: 3")  # a drawing lands on the map as a star
    tab.pages.setCurrentWidget(tab.embedding)
    qtbot.waitUntil(lambda: len(tab.embedding.drawing.points()) == 1, timeout=TIMEOUT)


def test_class_images_page_draws_every_class(qtbot, tab):
    tab.pages.setCurrentWidget(tab.class_images)
    qtbot.waitUntil(lambda: tab.class_images.images is not None, timeout=TIMEOUT)
    panels = tab.class_images.mosaic.panels
    assert [p["title"].split(":")[0] for p in panels] == list("0123456789")
    assert all(p["image"].shape == (28, 28) for p in panels)


def test_model_page_shows_the_record_and_every_layer(tab, saved, tmp_path, monkeypatch):
    from PyQt5.QtWidgets import QFileDialog

    page = tab.model_page
    assert page.card is None                      # drawn when first shown
    tab.pages.setCurrentWidget(page)
    rows = page.layer_rows()
    assert [row[0].strip() for row in rows] == [layer.name for layer in saved.model.layers]
    assert sum(int(row[3].replace(",", "")) for row in rows) == saved.model.count_params()
    record = page.record.text()
    assert f"{saved.model.count_params():,} parameters" in record
    epochs = saved.metadata["hyperparameters"]["epochs"]
    assert f"Trained: {epochs} epochs, batch" in record and "Saved " in record
    target = tmp_path / "layers.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.csv_button.click()
    lines = target.read_text().splitlines()
    assert lines[0] == "name,kind,output_shape,parameters,member" and len(lines) == len(rows) + 1
    tab.session.set_model(None)
    assert page.card is None and page.table.rowCount() == 0


def test_model_page_lists_an_ensembles_layers_once(tab, saved):
    from lab.core.ensemble import average_models
    from lab.core.storage import SavedModel

    ensemble = average_models([saved.model, saved.model])
    records = [{"seed": 1, "command": "first"}, {"seed": 2, "command": "second"}]
    tab.session.set_model(SavedModel(ensemble, {**saved.metadata, "ensemble_members": records}))
    tab.pages.setCurrentWidget(tab.model_page)
    rows = tab.model_page.layer_rows()
    assert rows[1][0] == "Each of the 2 members:"
    assert len(rows) == len(saved.model.layers) + 3   # input, heading, the members', average
    assert "2 members of" in tab.model_page.record.text()
    assert "Member 2 (seed 2)" in tab.model_page.record.text()
