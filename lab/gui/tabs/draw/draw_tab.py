"""Draw tab: draw (or open) characters and watch the model read them live."""

from pathlib import Path

import numpy as np
from PyQt5.QtCore import Qt, QTimer
from PyQt5.QtGui import QFont, QKeySequence
from PyQt5.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QGridLayout, QGroupBox,
                             QHBoxLayout, QLabel, QPushButton, QShortcut, QSlider, QSpinBox,
                             QVBoxLayout)

from lab.core.drawing_collection import DrawingCollection
from lab.core.errors import LabError
from lab.gui.tabs.base import LabTab
from lab.gui.tabs.draw.bars import DrawBars
from lab.gui.tabs.draw.canvas import DrawCanvas
from lab.gui.tabs.draw.drawings_gallery import DrawingsGallery
from lab.gui.tabs.draw.learn_panel import LearnPanel
from lab.gui.tabs.draw.model_chooser import DrawModelChooser
from lab.gui.tabs.draw.preview import DrawPreview
from lab.gui.tabs.draw.scoring_panel import ScoringPanel
from lab.gui.tabs.draw.worker import DrawWorker

PREDICT_INTERVAL_MS = 66   # ≤ 15 predictions per second while the pen moves


class DrawTab(LabTab):
    """Pad + live prediction, "not sure" threshold, several characters; my drawings: save,
    score, gallery (delete, relabel) and Learn my handwriting."""

    title = "Draw"

    def __init__(self, session, parent=None, models_dir=None):
        super().__init__(session, parent)
        self.predictor, self.saved = None, None
        self.outcome = None           # last prediction outcome (see draw_worker.predict_drawing)
        self._seq = 0
        self._dirty = False
        self._worker = DrawWorker(self)
        self._worker.done.connect(self._on_prediction)
        self._worker.failed.connect(self._on_prediction_failed)
        self._timer = QTimer(self, singleShot=True, interval=PREDICT_INTERVAL_MS)
        self._timer.timeout.connect(self._predict_latest)
        self._build(models_dir)
        self.canvas.changed.connect(self._on_canvas_changed)
        self.chooser.predictor_changed.connect(self._on_predictor)
        self.chooser.failed.connect(self.session.error)
        self._show_outcome()
        if session.model is not None:
            self.chooser.activate_default()

    # -- layout ------------------------------------------------------------------------------
    def _build(self, models_dir):
        self.canvas = DrawCanvas()
        self.brush = QSlider(Qt.Horizontal, minimum=4, maximum=48, value=18)
        self.brush.setToolTip(self.tr("Brush size (pixels of the 280×280 pad)"))
        self.brush.valueChanged.connect(self.canvas.set_brush_size)
        self.canvas.set_brush_size(self.brush.value())
        undo = QPushButton(self.tr("Undo"), toolTip=self.tr("Remove the last stroke (Ctrl+Z)"))
        clear = QPushButton(self.tr("Clear"), toolTip=self.tr("Clear the pad (Esc or Delete)"))
        open_button = QPushButton(self.tr("Open image…"),
                                  toolTip=self.tr("Predict a PNG/JPG of any size"))
        undo.clicked.connect(self.canvas.undo)
        clear.clicked.connect(self.clear)
        open_button.clicked.connect(self.open_image_dialog)
        self.several = QCheckBox(self.tr("Several characters"))
        self.several.setToolTip(self.tr("Read a string left to right (automatic when the drawing "
                                        "has separate characters)"))
        self.several.toggled.connect(self._on_canvas_changed)
        tools = QHBoxLayout()
        for widget in (QLabel(self.tr("Brush")), self.brush, undo, clear, open_button):
            tools.addWidget(widget)
        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addLayout(tools)
        left.addWidget(self.several)

        self.chooser = DrawModelChooser(self.session, models_dir)
        self.answer = QLabel(alignment=Qt.AlignCenter)
        self.answer.setFont(QFont(self.font().family(), 56, QFont.Bold))
        self.answer.setMinimumHeight(90)
        self.detail = QLabel(alignment=Qt.AlignCenter, wordWrap=True)
        self.detail.setFont(QFont(self.font().family(), 12))
        self.preview = DrawPreview(cell=112)
        self.bars = DrawBars()
        self.bars_title = QLabel(self.tr("Probability of each class:"))
        self.threshold = QSpinBox(minimum=0, maximum=100, value=60, suffix=" %")
        self.threshold.setToolTip(self.tr("Below this confidence the answer is \"Not sure\""))
        self.threshold.valueChanged.connect(self._show_outcome)
        self.latency = QLabel()
        self.latency.setStyleSheet("color: gray")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Not sure below")))
        row.addWidget(self.threshold)
        row.addStretch(1)
        row.addWidget(self.latency)

        self.label_box = QComboBox(editable=True)
        self.label_box.setToolTip(self.tr("The true label of the drawing (a class, or a string "
                                          "such as 42)"))
        save = QPushButton(self.tr("Save drawing"),
                           toolTip=self.tr("Save the pad with this label to your drawings folder"))
        save.clicked.connect(self.save_drawing)
        self.scoring = ScoringPanel(
            lambda: (self.predictor, self._dataset(), self.chooser.combo.currentText()),
            self.session.settings)
        self.scoring.failed.connect(self.session.error)
        self.scoring.status.connect(self.session.status)
        self.scoring.open_requested.connect(self._open_misread)
        self.scoring.add_requested.connect(self.add_to_my_drawings)
        inspect = QPushButton(self.tr("Send to Inspect"),
                              toolTip=self.tr("Look inside the model with this input"))
        inspect.clicked.connect(self.send_to_inspect)
        mine = QGroupBox(self.tr("My drawings"))
        grid = QGridLayout(mine)
        grid.addWidget(QLabel(self.tr("Label")), 0, 0)
        grid.addWidget(self.label_box, 0, 1)
        grid.addWidget(save, 0, 2)
        grid.addWidget(self.scoring, 1, 0, 1, 3)
        self.gallery = DrawingsGallery()
        self.gallery.failed.connect(self.session.error)
        self.learn = LearnPanel(self.session)
        self.learn.failed.connect(self.session.error)
        self.learn.learn_button.clicked.connect(lambda: self.learn_handwriting())
        grid.addWidget(self.gallery, 3, 0, 1, 3)
        grid.setRowStretch(3, 1)
        grid.addWidget(self.learn, 4, 0, 1, 3)

        right = QVBoxLayout()
        right.addWidget(self.chooser)
        right.addWidget(self.answer)
        right.addWidget(self.detail)
        right.addWidget(QLabel(self.tr("The network sees:")))
        right.addWidget(self.preview)
        right.addWidget(self.bars_title)
        right.addWidget(self.bars, 1)
        right.addLayout(row)
        right.addWidget(inspect, 0, Qt.AlignRight)   # it sends the pad's input, not a drawing's
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        layout.addWidget(mine, 2)
        # Ctrl+L is the window's Load model…; an ambiguous shortcut would do nothing at all.
        for keys, slot in (("Esc", self.clear), ("Delete", self.clear),
                           ("Ctrl+Z", self.canvas.undo)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.WidgetWithChildrenShortcut)

    # -- prediction --------------------------------------------------------------------------
    def clear(self):
        self.canvas.clear()

    def _on_predictor(self, predictor, saved):
        self.predictor, self.saved = predictor, saved
        self._seq += 1
        self.outcome = None
        names = list(predictor.class_names) if predictor is not None else []
        self.bars.set_classes(names)
        current = self.label_box.currentText()
        self.label_box.clear()
        self.label_box.addItems(names)
        self.label_box.setEditText(current if current else "")
        self.canvas.set_hint(self.tr("Draw a letter here") if self._noun() == "letter"
                             else self.tr("Draw a digit here"))
        self.gallery.set_collection(DrawingCollection(self._dataset()), names)
        self._on_canvas_changed()

    def _on_canvas_changed(self, *_):
        if self.canvas.is_empty():
            # Answer the empty pad at once; a prediction still in flight is stale (new _seq).
            self._seq += 1
            self._dirty = False
            self.outcome = None
            self._show_outcome()
            return
        if not self._timer.isActive():
            self._timer.start()

    def _predict_latest(self):
        if self.predictor is None or self.canvas.is_empty():
            self._show_outcome()
            return
        if not self._worker.submit(self._seq, self.predictor, self.canvas.to_array(),
                                   self.several.isChecked()):
            self._dirty = True  # predict again when the running one returns

    def _on_prediction(self, seq, outcome):
        if seq == self._seq:
            self.outcome = outcome
            self._show_outcome()
        self._after_prediction()

    def _on_prediction_failed(self, seq, text):
        self.session.status.emit(self.tr("Prediction failed: {0}").format(text))
        self._after_prediction()

    def _after_prediction(self):
        if self._dirty and not self.canvas.is_empty():
            self._dirty = False
            if not self._timer.isActive():
                self._timer.start()

    def is_idle(self):
        """True when no prediction is pending (tests wait for this)."""
        return not (self._timer.isActive() or self._worker.busy or self._dirty)

    def _noun(self):
        names = self.predictor.class_names if self.predictor is not None else ()
        return "letter" if names and not str(names[0]).isdigit() else "digit"

    def _show_outcome(self, *_):
        """Render self.outcome: answer, detail, bars, 28×28 preview, boxes."""
        threshold = self.threshold.value() / 100.0
        outcome = self.outcome
        kind = outcome["kind"] if outcome else "empty"
        self.canvas.set_boxes([])
        self.bars_title.setText(self.tr("Probability of each class:"))
        if self.predictor is None:
            self._set_answer("", self.tr("Choose a model to see predictions"), None, [])
        elif kind == "empty" or self.canvas.is_empty():
            self._set_answer("", self.tr("Draw a letter") if self._noun() == "letter"
                             else self.tr("Draw a digit"), None, [])
        elif kind == "single":
            result = outcome["result"]
            probabilities = [result["probabilities"][n] for n in self.predictor.class_names]
            label, confidence = result["label"], result["confidence"]
            share = f"{confidence:.0%}"
            if confidence >= threshold:
                detail = self.tr("{0} sure").format(share)
            else:
                label, detail = "?", self.tr("Not sure (best guess: {label}, {confidence})").format(
                    label=label, confidence=share)
            self._set_answer(label, detail, probabilities, outcome["images"])
        else:
            chars = outcome["result"]["characters"]
            text = "".join(c["label"] if c["confidence"] >= threshold else "?" for c in chars)
            parts = [f"{c['label']} {c['confidence']:.0%}" +
                     ("" if c["confidence"] >= threshold else self.tr(" (not sure)")) for c in chars]
            index = min(range(len(chars)), key=lambda i: chars[i]["confidence"])
            weakest = chars[index]
            probabilities = [weakest["probabilities"][n] for n in self.predictor.class_names]
            self.bars_title.setText(
                self.tr("Probabilities for character {index} of {count} (the least sure: "
                        "{label}):").format(index=index + 1, count=len(chars),
                                            label=weakest["label"]))
            self._set_answer(text, " · ".join(parts), probabilities, outcome["images"])
            self.canvas.set_boxes([(c["box"], f"{c['label']} {c['confidence']:.0%}")
                                   for c in chars])
        if outcome and kind != "empty":
            self.latency.setText(f"{outcome['ms']:.0f} ms")

    def _set_answer(self, answer, detail, probabilities, images):
        if answer and "?" not in answer and not self.label_box.hasFocus():
            self.label_box.setEditText(answer)  # saving a correct drawing is one click
        self.answer.setText(answer)
        self.detail.setText(detail)
        self.bars.set_probabilities(probabilities, self.threshold.value() / 100.0)
        self.preview.set_images(images)

    # -- actions -----------------------------------------------------------------------------
    def open_image_dialog(self):
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open image"), str(Path.home()),
            self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif)"))
        if path:
            self.open_image(path)

    def open_image(self, path):
        """Show any image (scaled into the pad, as white ink on black) and predict it."""
        from lab.core.drawings import canvas_image
        from lab.core.preprocess import load_image

        try:
            self.canvas.set_image(canvas_image(load_image(path), self.canvas.image_size))
        except LabError as exc:
            self.session.error(str(exc))
            return False
        self.session.status.emit(self.tr("Opened {0}").format(Path(path).name))
        return True

    def save_drawing(self, label=None, folder=None):
        """Save the pad under ``label`` (default: the label box); returns the path or None."""
        from lab.core.drawings import save_drawing

        label = (label if label is not None else self.label_box.currentText()).strip()
        if self.canvas.is_empty():
            self.session.error(self.tr("The pad is empty: draw something before saving it."))
            return None
        if not label:
            self.session.error(self.tr("Type or pick the drawing's label first (what it really "
                                       "is)."))
            return None
        try:
            path = save_drawing(self.canvas.to_array(), label, self._dataset(), folder)
        except LabError as exc:
            self.session.error(str(exc))
            return None
        self.session.status.emit(self.tr("Saved drawing as {label}: {path}").format(
            label=label, path=path))
        self.gallery.refresh()
        return path

    def _dataset(self):
        meta = getattr(self.saved, "metadata", None) or {}
        return meta.get("dataset") or ("notmnist" if self._noun() == "letter" else "mnist")

    def score_folder(self, folder=None):
        """Score the pad's model on ``folder`` (default: my drawings) in the background."""
        return self.scoring.score_folder(folder)

    def _open_misread(self, path, label):
        if self.open_image(path):
            self.session.status.emit(self.tr("Opened {name}, labelled {label}").format(
                name=Path(path).name, label=label))

    def add_to_my_drawings(self, items):
        """Copy drawings [(path, label), …] into my drawings; how many were copied."""
        from lab.core.drawings import save_drawing
        from lab.core.preprocess import load_image

        added = 0
        try:
            for path, label in items:
                save_drawing(load_image(path), label, self._dataset())
                added += 1
        except LabError as exc:
            self.session.error(str(exc))
        if added:
            self.gallery.refresh()
            self.session.status.emit(self.tr("Added {0} drawing(s) to my drawings").format(added))
        return added

    def learn_handwriting(self, settings=None, out_root=None):
        """Fine-tune a copy of the pad's model on the gallery's drawings (background)."""
        folder = self.gallery.collection.folder if self.gallery.collection else None
        return self.learn.start(self.saved, folder, settings, out_root)

    def current_input(self):
        """The 28×28 the network saw last (the least sure character of a string), or None."""
        if not self.outcome or not self.outcome["images"]:
            return None
        if self.outcome["kind"] == "text":
            chars = self.outcome["result"]["characters"]
            weakest = int(np.argmin([c["confidence"] for c in chars]))
            return self.outcome["images"][weakest]
        return self.outcome["images"][0]

    def send_to_inspect(self):
        """Ask (through the session) for the current 28×28 to be looked at in Inspect."""
        image = self.current_input()
        if image is None:
            self.session.status.emit(self.tr("Nothing to inspect: draw something first."))
            return False
        self.session.request_inspect(np.asarray(image, dtype=np.float32),
                                     self.tr("Drawn: {answer} ({detail})").format(
                                         answer=self.answer.text(), detail=self.detail.text()))
        return True

    def shortcut_help(self):
        return [("Ctrl+Z", self.tr("Draw: undo the last stroke")),
                ("Esc / Delete", self.tr("Draw: clear the pad"))]

    def showEvent(self, event):
        super().showEvent(event)
        self.session.after_first_paint(self.chooser.activate_default)  # builds a predictor

    def shutdown(self, timeout_ms=30000):
        """Stop the prediction thread and wait for background work."""
        self._timer.stop()
        self._worker.shutdown()
        self.chooser.shutdown()
        self.learn.shutdown(timeout_ms)
        return self.scoring.wait(min(timeout_ms, 10000))
