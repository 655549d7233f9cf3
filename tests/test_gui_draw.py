"""Draw tab, driven like a person: mouse strokes on the pad, buttons, shortcuts."""

import numpy as np
import pytest
from PyQt5.QtCore import QEvent, QPoint, QSettings, Qt
from PyQt5.QtGui import QMouseEvent
from PyQt5.QtWidgets import QApplication

from conftest import DIGITS, ROOT
from glyphs import glyph_dataset_arrays

ONE = [[(140, 45), (136, 235)]]
SEVEN = [[(75, 55), (205, 55), (170, 120), (125, 235)]]
ZERO = [[(140 + 55 * np.sin(t), 140 - 85 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]]
SEVENTEEN = [[(70, 60), (64, 220)], [(140, 60), (235, 60), (205, 130), (170, 220)]]


def _training_arrays():
    """Synthetic pen-drawn digits (through the pad's preprocessing) plus font glyphs."""
    from lab.core.preprocess import to_mnist
    from lab.core.synthetic_drawings import generate

    images, labels = generate(100, "digits", seed=11, font_fraction=0.1, canvas=(48, 96))
    drawn = np.stack([to_mnist(im.astype(np.float32)) for im in images]).round()
    drawn_y = np.array([int(label) for label in labels], dtype=np.int64)
    glyphs, glyph_y = glyph_dataset_arrays(DIGITS, per_class=20, seed=5)
    x = np.concatenate([drawn.astype(np.uint8), glyphs])
    y = np.concatenate([drawn_y, glyph_y])
    order = np.random.default_rng(0).permutation(len(y))
    return x[order], y[order]


@pytest.fixture(scope="session")
def digit_model():
    """The shipped digits model if present, else a small cnn trained here (~30 s on 2 cores)."""
    from lab.core.storage import SavedModel, load_model

    shipped = ROOT / "models" / "digits"
    if (shipped / "metadata.json").is_file():
        return load_model(shipped)
    from lab.core.datasets import Dataset, Split
    from lab.core.training import TrainingConfig, train

    x, y = _training_arrays()
    cut = len(y) - 100
    dataset = Dataset(name="mnist", title="MNIST digits", class_names=DIGITS,
                      train=Split(x[:cut], y[:cut], "train"),
                      validation=Split(x[cut:], y[cut:], "validation"),
                      test=Split(x[cut:], y[cut:], "test"), source="generated", skipped=())
    result = train(dataset, TrainingConfig(architecture="cnn", epochs=3, batch_size=32, seed=0))
    assert result.best_val_accuracy > 0.8
    metadata = {"dataset": "mnist", "class_names": list(DIGITS), "architecture": "cnn"}
    return SavedModel(model=result.model, metadata=metadata, path=None)


@pytest.fixture
def session(tmp_path):
    from lab.gui.session import LabSession

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    lab_session = LabSession(settings=settings)
    lab_session.quiet = True
    return lab_session


@pytest.fixture
def tab(qtbot, session, digit_model, tmp_path):
    from lab.gui.tabs.draw.draw_tab import DrawTab

    session.set_model(digit_model)
    (tmp_path / "no-models").mkdir()
    draw_tab = DrawTab(session, models_dir=tmp_path / "no-models")
    qtbot.addWidget(draw_tab)
    draw_tab.resize(900, 600)
    draw_tab.show()
    qtbot.waitUntil(lambda: draw_tab.predictor is not None, timeout=60000)
    yield draw_tab
    draw_tab.shutdown()


def draw(qtbot, canvas, strokes):
    """Press, drag (MouseMove carrying the left button) and release for each stroke."""
    for stroke in strokes:
        points = [canvas.image_to_widget(x, y).toPoint() for x, y in stroke]
        dense = [points[0]]
        for a, b in zip(points[:-1], points[1:]):
            steps = max(1, int(max(abs(b.x() - a.x()), abs(b.y() - a.y())) / 6))
            dense += [QPoint(round(a.x() + (b.x() - a.x()) * i / steps),
                             round(a.y() + (b.y() - a.y()) * i / steps))
                      for i in range(1, steps + 1)]
        qtbot.mousePress(canvas, Qt.LeftButton, pos=dense[0])
        for point in dense[1:]:
            event = QMouseEvent(QEvent.MouseMove, point, Qt.NoButton, Qt.LeftButton,
                                Qt.NoModifier)
            QApplication.sendEvent(canvas, event)
        qtbot.mouseRelease(canvas, Qt.LeftButton, pos=dense[-1])


def settle(qtbot, tab):
    qtbot.waitUntil(lambda: tab.is_idle() and tab.outcome is not None, timeout=20000)


def drawn(qtbot, tab, strokes):
    tab.clear()
    draw(qtbot, tab.canvas, strokes)
    settle(qtbot, tab)
    return tab.answer.text()


def test_empty_pad_shows_no_prediction(tab):
    assert tab.canvas.is_empty()
    assert tab.answer.text() == ""
    assert tab.detail.text() == "Draw a digit"
    assert tab.preview.images() == []
    assert len(tab.bars.heights()) == 0


@pytest.mark.parametrize("strokes, expected", [(ONE, "1"), (SEVEN, "7"), (ZERO, "0")],
                         ids=["one", "seven", "zero"])
def test_drawn_digit_is_read(qtbot, tab, strokes, expected):
    from lab.core.preprocess import to_mnist

    assert drawn(qtbot, tab, strokes) == expected
    assert tab.outcome["kind"] == "single"
    assert tab.detail.text().endswith("sure") and "Not" not in tab.detail.text()
    heights = tab.bars.heights()
    assert len(heights) == 10 and int(np.argmax(heights)) == int(expected)
    (seen,) = tab.preview.images()
    assert seen.shape == (28, 28)
    expected_input = to_mnist(tab.canvas.to_array().astype(np.float32))
    assert np.abs(seen.astype(float) - np.clip(expected_input, 0, 255)).max() <= 1
    assert tab.latency.text().endswith("ms")


def test_two_digit_number_is_read_with_boxes(qtbot, tab):
    assert drawn(qtbot, tab, SEVENTEEN) == "17"
    assert tab.outcome["kind"] == "text"
    assert len(tab.preview.images()) == 2
    boxes = tab.canvas._boxes
    assert len(boxes) == 2 and boxes[0][0][2] <= boxes[1][0][0] + 5
    assert all("%" in text for _box, text in boxes)
    assert tab.detail.text().count("%") == 2


def test_several_characters_mode_on_one_digit(qtbot, tab):
    tab.several.setChecked(True)
    assert drawn(qtbot, tab, ONE) == "1"
    assert tab.outcome["kind"] == "text" and len(tab.canvas._boxes) == 1


def test_undo_and_clear(qtbot, tab):
    drawn(qtbot, tab, SEVENTEEN)
    assert tab.canvas.stroke_count() == 2
    tab.canvas.setFocus()
    qtbot.keyClick(tab.canvas, Qt.Key_Z, Qt.ControlModifier)
    assert tab.canvas.stroke_count() == 1
    settle(qtbot, tab)
    assert tab.answer.text() == "1" and tab.outcome["kind"] == "single"
    qtbot.keyClick(tab.canvas, Qt.Key_Escape)
    assert tab.canvas.is_empty() and tab.canvas.to_array().max() == 0
    assert tab.answer.text() == "" and tab.detail.text() == "Draw a digit"
    draw(qtbot, tab.canvas, ONE)
    qtbot.keyClick(tab.canvas, Qt.Key_Delete)
    assert tab.canvas.is_empty()
    qtbot.wait(200)  # a prediction still in flight must not bring the answer back
    assert tab.answer.text() == "" and tab.outcome is None


# Scribbles that are no digit at all: a model cannot be (numerically) certain of every one.
AMBIGUOUS = [
    [[(60, 140), (220, 140)]],                                         # a dash
    [[(80, 200), (140, 80), (200, 200), (80, 200)]],                   # a triangle
    [[(70, 70), (210, 210)], [(210, 70), (70, 210)]],                  # a cross
    [[(60, 180), (100, 100), (140, 180), (180, 100), (220, 180)]],     # a zigzag
]


def test_low_confidence_says_not_sure(qtbot, tab):
    for strokes in AMBIGUOUS:
        drawn(qtbot, tab, strokes)
        if tab.outcome["kind"] == "single" and tab.outcome["result"]["confidence"] < 0.995:
            break
    else:
        pytest.fail("the model was over 99.5% sure of every scribble")
    result = tab.outcome["result"]
    confidence, best = result["confidence"], result["label"]
    tab.threshold.setValue(int(confidence * 100) + 1)
    assert tab.answer.text() == "?"
    assert tab.detail.text() == f"Not sure (best guess: {best}, {confidence:.0%})"
    tab.threshold.setValue(0)
    assert tab.answer.text() == best


def test_open_image_of_any_size_and_polarity(qtbot, tab, tmp_path):
    from PIL import Image

    from glyphs import make_glyph

    path = tmp_path / "photo.jpg"
    Image.fromarray(make_glyph("4", size=300, font_size=220, invert=True)).convert("RGB").save(
        path)
    assert tab.open_image(path)
    settle(qtbot, tab)
    assert tab.canvas.to_array()[0, 0] == 0       # shown as white ink on black
    assert tab.outcome["kind"] == "single" and len(tab.preview.images()) == 1
    (tmp_path / "bad.png").write_bytes(b"nope")
    assert not tab.open_image(tmp_path / "bad.png")
    assert tab.session.last_error


def test_save_and_score_my_drawings(qtbot, tab, tmp_path):
    drawn(qtbot, tab, ONE)
    tab.label_box.setEditText("1")
    path = tab.save_drawing()
    assert path is not None and path.parent.name == "1" and path.exists()
    assert "drawings/mnist/1" in path.as_posix()
    drawn(qtbot, tab, SEVEN)
    assert tab.save_drawing(label="7") is not None
    tab.clear()
    assert tab.save_drawing(label="7") is None and "empty" in tab.session.last_error
    task = tab.score_folder()
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert "accuracy 100.0% (2/2)" in tab.scoring.text.text()
    assert "1: 1/1" in tab.scoring.text.text() and "7: 1/1" in tab.scoring.text.text()
    assert tab.scoring.misread_button.text() == "Misread (0)…"
    assert tab.scoring.show_misread().shown_count() == 0


def test_score_a_folder_starts_where_the_last_one_was(qtbot, tab, tmp_path, monkeypatch):
    from PyQt5.QtWidgets import QFileDialog

    asked = []
    chosen = tmp_path / "sheet"
    drawn(qtbot, tab, ONE)
    tab.save_drawing(label="1", folder=chosen)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: asked.append(start) or str(chosen))
    tab.scoring.score_folder_dialog()
    with qtbot.waitSignal(tab.scoring.task.finished, timeout=30000):
        pass
    model = tab.chooser.combo.currentText()
    assert tab.scoring.text.text().startswith(f"sheet · {model}: accuracy 100.0% (1/1)")
    tab.scoring.score_folder_dialog()
    qtbot.waitUntil(lambda: not tab.scoring.task.running, timeout=30000)
    assert asked[0].endswith("drawings/mnist") and asked[1] == str(chosen)


def test_misread_drawings_open_on_the_pad(qtbot, tab, tmp_path, monkeypatch):
    from PyQt5.QtWidgets import QFileDialog

    folder = tmp_path / "folder"
    drawn(qtbot, tab, ONE)
    tab.save_drawing(label="1", folder=folder)
    tab.save_drawing(label="7", folder=folder)     # a 1 filed as 7: misread, surely
    drawn(qtbot, tab, SEVEN)
    seven = tab.save_drawing(label="7", folder=folder)
    tab.clear()
    assert not tab.scoring.misread_button.isEnabled() and tab.scoring.show_misread() is None
    with qtbot.waitSignal(tab.score_folder(folder).finished, timeout=30000):
        pass
    assert "accuracy 66.7% (2/3)" in tab.scoring.text.text()
    assert tab.scoring.misread_button.text() == "Misread (1)…"
    dialog = tab.scoring.show_misread()
    assert dialog.isVisible() and dialog.parent() is tab.scoring
    assert dialog.shown_count() == 1 and dialog.caption(0).startswith("7 → 1\n")
    assert dialog.heading.text().startswith(f"folder · {tab.chooser.combo.currentText()}: "
                                            "1 of 3 drawings misread")
    assert dialog.heading.text().endswith("Most common: 7→1 ×1")
    said = []
    tab.session.status.connect(said.append)
    dialog.click(0)
    settle(qtbot, tab)
    assert tab.answer.text() == "1" and "labelled 7" in said[-1]

    before = tab.gallery.counts().get("7", 0)
    assert not dialog.add_button.isEnabled()
    dialog.select_rows({0})
    assert dialog.add_button.isEnabled()
    dialog.add_button.click()                      # into my drawings, labelled as filed: 7
    assert tab.gallery.counts().get("7", 0) == before + 1
    assert "Added 1 drawing(s)" in said[-1]

    target = tmp_path / "misread.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.export_csv()
    rows = target.read_text().splitlines()
    assert rows[0] == "file,label,read,confidence" and len(rows) == 2
    assert rows[1].split(",")[1:3] == ["7", "1"] and seven.name not in rows[1]


def test_send_to_inspect_goes_through_the_session(qtbot, tab):
    received = []
    tab.session.inspect_requested.connect(lambda image, title: received.append((image, title)))
    assert not tab.send_to_inspect()             # nothing drawn yet
    drawn(qtbot, tab, ONE)
    assert tab.send_to_inspect()
    image, title = received[-1]
    assert image.shape == (28, 28) and "1" in title


def test_model_chooser_lists_session_models(qtbot, tab, digit_model):
    tab.session.add_model("trained just now", digit_model)
    assert "trained just now" in tab.chooser.names()
    assert tab.chooser.current[1] is digit_model
    assert [str(n) for n in tab.predictor.class_names] == list(DIGITS)
