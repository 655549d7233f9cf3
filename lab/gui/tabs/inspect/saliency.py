"""Saliency page: which pixels drive the prediction, over the input, for any class."""

import numpy as np
from PyQt5.QtCore import QT_TRANSLATE_NOOP, pyqtSignal
from PyQt5.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                             QWidget)

from lab.gui.tasks import LatestOnly
from lab.gui.widgets.export import ask_and_save_csv, save_csv
from lab.gui.tabs.inspect.feature_maps import describe_sample
from lab.gui.tabs.inspect.mosaic import InspectMosaic

METHODS = ((QT_TRANSLATE_NOOP("InspectSaliency", "Gradient (SmoothGrad)"), "gradient"),
           (QT_TRANSLATE_NOOP("InspectSaliency", "Occlusion (6×6 patches)"), "occlusion"),
           (QT_TRANSLATE_NOOP("InspectSaliency", "Grad-CAM (conv models)"), "gradcam"),
           (QT_TRANSLATE_NOOP("InspectSaliency", "Integrated gradients"), "integrated"))


def saliency_job(inspector, image, target, method):
    """Off the GUI thread: (probabilities, class explained, heat map)."""
    probabilities = inspector.probabilities(image)
    target = int(np.argmax(probabilities)) if target is None else target
    return probabilities, target, inspector.saliency(image, target, method)


class InspectSaliency(QWidget):
    """Input, saliency heat over it, the heat alone, and the class probabilities.

    Maps are computed in the background; ``shown(sample)`` follows each one.
    """

    shown = pyqtSignal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.work = LatestOnly(self)
        self.inspector, self.sample, self.class_names = None, None, ()
        self.heat = None
        self.caption = QLabel(self.tr("Pick an input: a test image by number, a mistake, or the "
                                      "draw pad."))
        self.caption.setStyleSheet("font-weight: bold")
        self.method_combo = QComboBox()
        for label, _ in METHODS:
            self.method_combo.addItem(self.tr(label))
        self.class_combo = QComboBox()
        self.mosaic = InspectMosaic()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Method:")))
        bar.addWidget(self.method_combo)
        bar.addWidget(QLabel(self.tr("Class:")))
        bar.addWidget(self.class_combo)
        bar.addStretch(1)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setToolTip(self.tr("The map's 28×28 values as CSV"))
        self.csv_button.setEnabled(False)
        bar.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        layout.addWidget(self.mosaic, 1)
        self.method_combo.currentIndexChanged.connect(self._compute)
        self.class_combo.currentIndexChanged.connect(self._compute)
        self.csv_button.clicked.connect(self._ask_csv)

    @property
    def method(self):
        return METHODS[self.method_combo.currentIndex()][1]

    @property
    def busy(self):
        return self.work.busy

    def csv_rows(self):
        """The shown map (28×28, 0..1) as CSV rows: a header of column numbers, then one
        row per pixel row."""
        return [["row", *range(self.heat.shape[1])],
                *([y, *map(float, values)] for y, values in enumerate(self.heat))]

    def export_csv(self, path):
        save_csv(path, self.csv_rows())

    def _ask_csv(self):
        message = ask_and_save_csv(self, self.tr("Export saliency map"),
                                   f"saliency-{self.method}.csv", self.csv_rows())
        if message:
            self.work.failed.emit(message)

    def chosen_class(self):
        """The class the map explains: the predicted one unless another is picked (None
        while the prediction is not known yet)."""
        index = self.class_combo.currentIndex()
        if index <= 0:
            probabilities = (self.sample or {}).get("probabilities")
            return None if probabilities is None else int(np.argmax(probabilities))
        return index - 1

    def show_sample(self, inspector, sample, class_names):
        """Explain ``sample['image']``; keeps the chosen method and class."""
        self.inspector, self.sample = inspector, sample
        if tuple(class_names) != self.class_names:
            self.class_names = tuple(class_names)
            self.class_combo.blockSignals(True)
            self.class_combo.clear()
            self.class_combo.addItem(self.tr("predicted class"))
            self.class_combo.addItems([str(n) for n in class_names])
            self.class_combo.blockSignals(False)
        self._compute()

    def clear(self):
        self.work.cancel()
        self.inspector, self.sample, self.heat = None, None, None
        self.csv_button.setEnabled(False)
        self.caption.setText(self.tr("No model yet: train one or load a model folder."))
        self.mosaic.set_panels([])

    def _compute(self):
        if self.inspector is None or self.sample is None:
            return
        image = np.asarray(self.sample["image"], np.float32).reshape(28, 28)
        picked = self.class_combo.currentIndex()
        self.caption.setText(self.tr("{0} · computing the saliency…").format(self.sample["title"]))
        self.work.submit(saliency_job, self.inspector, image, picked - 1 if picked > 0 else None,
                         self.method, on_done=lambda result: self._show(image, *result))

    def _show(self, image, probabilities, target, heat):
        self.sample = dict(self.sample, probabilities=probabilities)
        self.heat = heat
        self.csv_button.setEnabled(True)
        name = self.class_names[target]
        self.caption.setText(describe_sample(self.sample, self.class_names))
        gray = {"colormap": "CET-L1", "levels": (0.0, 255.0)}
        dimmed = {"colormap": "CET-L1", "levels": (0.0, 500.0)}  # the heat reads better on it
        self.mosaic.set_panels([
            {"title": self.tr("input"), "image": image, **gray},
            {"title": self.tr("saliency for “{0}” over the input").format(name), "image": image,
             "overlay": self.heat, **dimmed},
            {"title": self.tr("saliency for “{name}” ({method})").format(
                name=name, method=self.method), "image": self.heat,
             "colormap": "inferno", "levels": (0.0, 1.0)},
            {"title": self.tr("probabilities"), "bars": probabilities,
             "labels": self.class_names, "highlight": target},
        ], columns=2)
        self.shown.emit(self.sample)
