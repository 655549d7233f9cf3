"""Filters page: conv kernels as a tiled grid, or first-layer dense weights as 28×28 templates."""

import numpy as np
from PyQt5.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lab.core.errors import LabError
from lab.gui.tabs.inspect.mosaic import InspectMosaic


class InspectFilters(QWidget):
    """Pick a layer from the list; its filters (or templates) fill the view."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.inspector, self.class_names, self.choices = None, (), []
        self.layer_combo = QComboBox()
        self.layer_combo.setMinimumContentsLength(30)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.mosaic = InspectMosaic()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Layer:")))
        bar.addWidget(self.layer_combo)
        bar.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.mosaic, 1)
        self.layer_combo.currentIndexChanged.connect(self._show)
        self.mosaic.set_message(self.tr("No model yet: train one or load a model folder."))

    def set_model(self, inspector, class_names):
        """List the layers of ``inspector.model`` that have filters and show the chosen one."""
        previous = self.layer_combo.currentText()
        self.inspector, self.class_names = inspector, tuple(class_names)
        self.choices = []
        for name in inspector.conv_layers():
            kernel = inspector.model.get_layer(name).kernel.shape
            self.choices.append((self.tr("{name} — {count} filters {height}×{width}").format(
                name=name, count=kernel[3], height=kernel[0], width=kernel[1]),
                                 "conv", name))
        if not self.choices:
            try:
                units = inspector.dense_templates().shape[0]
                self.choices.append((self.tr("first dense layer — {0} templates 28×28")
                                     .format(units),
                                     "templates", None))
            except LabError:
                pass
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems([label for label, _, _ in self.choices])
        index = self.layer_combo.findText(previous)
        self.layer_combo.setCurrentIndex(max(index, 0))
        self.layer_combo.blockSignals(False)
        self._show()

    def clear(self):
        self.inspector, self.choices = None, []
        self.layer_combo.clear()
        self.mosaic.set_message(self.tr("No model yet: train one or load a model folder."))

    def _show(self):
        from lab.core.inspection import tile

        index = self.layer_combo.currentIndex()
        if self.inspector is None or not 0 <= index < len(self.choices):
            if self.inspector is not None:
                self.mosaic.set_message(self.tr("This model has no convolution or dense input "
                                                "layer."))
            return
        label, kind, name = self.choices[index]
        if kind == "conv":
            filters = self.inspector.conv_filters(name)
            columns = 8 if len(filters) <= 64 else 16
            self.note.setText(self.tr("Each tile is one kernel (mean over its input channels); "
                                      "bright = large weight."))
            self.mosaic.set_panels([{"title": label, "image": tile(filters, columns),
                                     "colormap": "CET-L1", "levels": (0.0, 1.0)}], columns=1)
            return
        templates = self.inspector.dense_templates()
        self.note.setText(self.tr("Weights from each pixel to a unit: red pushes towards the "
                                  "unit, blue against it (white = 0)."))
        if len(templates) == len(self.class_names):
            panels = [{"title": self.tr("class {0}").format(n), "image": t, "colormap": "CET-D1",
                       "levels": (0.0, 1.0)} for n, t in zip(self.class_names, templates)]
            self.mosaic.set_panels(panels, columns=5)
        else:
            columns = int(np.ceil(np.sqrt(len(templates) * 2)))
            self.mosaic.set_panels([{"title": label, "image": tile(templates, columns),
                                     "colormap": "CET-D1", "levels": (0.0, 1.0)}], columns=1)
