"""Draw tab ▸ My drawings: save drawings in one person's style with the pen, look at them in
the gallery (counts, delete, relabel), then Learn my handwriting with a tiny model."""

import json

import numpy as np
import pytest
from PyQt5.QtCore import QEvent, QPoint, QSettings, Qt
from PyQt5.QtGui import QMouseEvent
from PyQt5.QtWidgets import QApplication

from personal_style import STYLE


@pytest.fixture
def tab(qtbot, tmp_path, monkeypatch, tiny_model_dir, tiny_mnist_dir):
    from lab.core.storage import load_model
    from lab.gui.session import LabSession
    from lab.gui.tabs.draw.draw_tab import DrawTab

    monkeypatch.setenv("LAB_USER_DIR", str(tmp_path / "user"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    session = LabSession(settings=settings, data_dir=tiny_mnist_dir)
    session.quiet = True
    session.set_model(load_model(tiny_model_dir))
    (tmp_path / "no-models").mkdir()
    draw_tab = DrawTab(session, models_dir=tmp_path / "no-models")
    qtbot.addWidget(draw_tab)
    draw_tab.resize(1300, 700)
    draw_tab.show()
    qtbot.waitUntil(lambda: draw_tab.predictor is not None, timeout=60000)
    yield draw_tab
    draw_tab.shutdown()


def pen_strokes(qtbot, canvas, label, rng):
    """Write ``label`` in the person's style on the pad with the mouse, jittered like a hand."""
    height, width = rng.uniform(150, 190), rng.uniform(95, 120)
    for stroke in STYLE[label]:
        points = [canvas.image_to_widget(80 + (x + rng.normal(0, 0.03)) * width,
                                         50 + (y + rng.normal(0, 0.03)) * height).toPoint()
                  for x, y in stroke]
        dense = [points[0]]
        for a, b in zip(points[:-1], points[1:]):
            steps = max(1, int(max(abs(b.x() - a.x()), abs(b.y() - a.y())) / 6))
            dense += [QPoint(round(a.x() + (b.x() - a.x()) * i / steps),
                             round(a.y() + (b.y() - a.y()) * i / steps))
                      for i in range(1, steps + 1)]
        qtbot.mousePress(canvas, Qt.LeftButton, pos=dense[0])
        for point in dense[1:]:
            QApplication.sendEvent(canvas, QMouseEvent(QEvent.MouseMove, point, Qt.NoButton,
                                                       Qt.LeftButton, Qt.NoModifier))
        qtbot.mouseRelease(canvas, Qt.LeftButton, pos=dense[-1])


def save_written(qtbot, tab, labels, per_class, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(per_class):
        for label in labels:
            tab.clear()
            pen_strokes(qtbot, tab.canvas, label, rng)
            tab.label_box.setEditText(label)
            assert tab.save_drawing() is not None


def test_gallery_counts_deletes_and_relabels(qtbot, tab):
    save_written(qtbot, tab, ("0", "2"), per_class=2)
    gallery = tab.gallery
    assert gallery.counts() == {"0": 2, "2": 2}
    assert "mnist" == gallery.collection.folder.name
    assert gallery.classes.count() == 10 and gallery.classes.item(0).text() == "0  (2)"
    assert gallery.select_class("2") and len(gallery.shown_paths()) == 2
    first, second = gallery.shown_paths()

    gallery.select_paths([first])
    qtbot.mouseClick(gallery.delete_button, Qt.LeftButton)
    assert not first.exists() and gallery.counts() == {"0": 2, "2": 1}
    assert gallery.classes.item(2).text() == "2  (1)"

    gallery.select_paths([second])
    gallery.relabel_box.setEditText("7")
    qtbot.mouseClick(gallery.relabel_button, Qt.LeftButton)
    assert gallery.counts() == {"0": 2, "7": 1}
    assert (gallery.collection.folder / "7" / second.name).exists()


def test_learn_my_handwriting_through_the_draw_tab(qtbot, tab, tmp_path):
    save_written(qtbot, tab, ("0",), per_class=3)
    qtbot.mouseClick(tab.learn.learn_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not tab.learn.running, timeout=30000)
    assert "each class needs at least 8: 0: 3 (draw 5 more)" in tab.session.last_error

    save_written(qtbot, tab, ("0",), per_class=5, seed=1)
    save_written(qtbot, tab, ("2",), per_class=8, seed=2)
    assert tab.gallery.counts() == {"0": 8, "2": 8}
    before_model = tab.saved
    with qtbot.waitSignal(tab.learn.tuned, timeout=120000):
        qtbot.mouseClick(tab.learn.learn_button, Qt.LeftButton)
        assert not tab.learn.learn_button.isEnabled() and tab.learn.cancel_button.isEnabled()
    tuned = tab.learn.result
    table = tab.learn.table
    cells = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert [row[0] for row in cells] == ["drawings of 0", "drawings of 2", "held-out drawings",
                                         "test split"]
    assert cells[2][1] == "4" and cells[3][1] == "100"
    assert tuned.report.heldout_accuracy("after") >= tuned.report.heldout_accuracy("before")
    # Offered on the pad at once, and saved as a new model folder naming its drawings.
    assert tab.session.model is tuned.saved
    assert ("tiny + my handwriting", tuned.saved) in tab.session.available_models
    qtbot.waitUntil(lambda: tab.saved is tuned.saved, timeout=30000)
    assert tab.saved is not before_model
    meta = json.loads((tuned.saved.path / "metadata.json").read_text())
    assert meta["name"] == "tiny + my handwriting"
    assert meta["drawings_per_class"] == {"0": 8, "2": 8}
    assert tuned.saved.path.parent == tmp_path / "user" / "models"


def test_learning_can_be_cancelled(qtbot, tab):
    save_written(qtbot, tab, ("0", "2"), per_class=8)
    task = tab.learn_handwriting()
    tab.learn.cancel()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    assert tab.learn.result is None and tab.learn.learn_button.isEnabled()
    assert "Cancelled" in tab.learn.status.text()
    assert not (tab.session.available_models and
                any("my handwriting" in name for name, _ in tab.session.available_models))
