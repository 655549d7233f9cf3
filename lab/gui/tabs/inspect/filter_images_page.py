"""Filter images page: for a chosen convolution layer, the image each of its first filters
responds to most (activation maximisation per filter), computed in the background."""

from PyQt5.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from lab.gui.tabs.inspect.mosaic import InspectMosaic
from lab.gui.tasks import LatestOnly

DEFAULT_FILTERS = 16


def filter_images_job(model, layer_name, count, progress=None):
    from lab.core.class_images import filter_activations, filter_images

    channels = int(model.get_layer(layer_name).output.shape[-1])
    filters = list(range(min(count, channels)))
    images = filter_images(model, layer_name, filters, progress=progress)
    return layer_name, images, filter_activations(model, layer_name, images, filters)


class InspectFilterImages(QWidget):
    """A grid of the first N filters' images of the chosen conv layer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = self.images = self.activations = None
        self.layer_combo = QComboBox()
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 64)
        self.count_spin.setValue(DEFAULT_FILTERS)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.mosaic = InspectMosaic()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Layer:")))
        bar.addWidget(self.layer_combo)
        bar.addWidget(QLabel(self.tr("First filters:")))
        bar.addWidget(self.count_spin)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        layout.addWidget(self.mosaic, 1)
        self.work = LatestOnly(self)
        self.layer_combo.activated.connect(self._compute)
        self.count_spin.editingFinished.connect(self._compute)
        self.clear()

    @property
    def busy(self):
        return self.work.busy

    def set_model(self, model, conv_layers):
        """Draw the filters of ``model``'s chosen (else last) conv layer in the background."""
        self.model = model
        chosen = self.layer_combo.currentText()
        self.layer_combo.clear()
        self.layer_combo.addItems(list(conv_layers))
        if chosen in conv_layers:
            self.layer_combo.setCurrentText(chosen)
        elif conv_layers:   # the deepest: a first layer's filters are plain edges and pages
            self.layer_combo.setCurrentIndex(len(conv_layers) - 1)
        if not conv_layers:
            self.work.cancel()
            self.caption.setText(self.tr("This model has no convolution layer: dense models "
                                         "show their templates on the Filters page."))
            self.mosaic.set_panels([])
            return
        self._compute()

    def clear(self):
        self.work.cancel()
        self.model = self.images = self.activations = None
        self.layer_combo.clear()
        self.caption.setText(self.tr("No model yet: train one or load a model folder."))
        self.mosaic.set_panels([])

    def _compute(self, *_):
        layer = self.layer_combo.currentText()
        if self.model is None or not layer:
            return
        self.images = self.activations = None
        self.caption.setText(self.tr("Drawing what the first {count} filters of {layer} respond "
                                     "to (gradient ascent on each filter's mean activation)…")
                             .format(count=self.count_spin.value(), layer=layer))
        self.mosaic.set_message(self.tr("computing…"))
        self.work.submit(filter_images_job, self.model, layer, self.count_spin.value(),
                         on_done=self._show)

    def _show(self, result):
        layer, self.images, self.activations = result
        self.caption.setText(self.tr(
            "The image each filter of {layer} responds to most, grown from grey noise with "
            "jitter, blur and a penalty on ink; under each, its mean activation (0 everywhere: "
            "a dead filter).")
            .format(layer=layer))
        panels = [{"title": self.tr("filter {index}: {value:.2f}").format(index=k, value=value),
                   "image": image, "colormap": "CET-L1",
                   "levels": (0.0, max(float(image.max()), 1.0))}
                  for k, (image, value) in enumerate(zip(self.images, self.activations))]
        self.mosaic.set_panels(panels, columns=8)
