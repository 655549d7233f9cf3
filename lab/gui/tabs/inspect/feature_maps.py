"""Feature-maps page: one input's activations, layer by layer."""

import numpy as np
from PyQt5.QtCore import QCoreApplication, pyqtSignal
from PyQt5.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.gui.tasks import LatestOnly
from lab.gui.tabs.inspect.mosaic import InspectMosaic


def feature_maps_job(inspector, image):
    """Off the GUI thread: (probabilities, [(layer, activation)], {layer: kind})."""
    kinds = {s["name"]: s["kind"] for s in inspector.layer_summaries()}
    return inspector.probabilities(image), inspector.feature_maps(image), kinds


def describe_sample(sample, class_names):
    """'test #12 · true 7 · predicted 2 (87.1%)' for a sample dict."""
    probabilities = sample["probabilities"]
    predicted = int(np.argmax(probabilities))
    words = [sample["title"]]
    if sample.get("true") is not None:
        words.append(QCoreApplication.translate("InspectFeatureMaps", "true {0}").format(
            class_names[sample["true"]]))
    words.append(QCoreApplication.translate("InspectFeatureMaps", "predicted {label} ({share})")
                 .format(label=class_names[predicted], share=f"{probabilities[predicted]:.1%}"))
    return " · ".join(words)


class InspectFeatureMaps(QWidget):
    """Conv layers as tiled channel grids, dense layers as strips, the output as bars.

    The activations are computed in the background; ``shown(sample)`` follows, the sample
    with its "probabilities" filled in.
    """

    shown = pyqtSignal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.work = LatestOnly(self)
        self.caption = QLabel(self.tr("Pick an input: a test image by number, a mistake, or the "
                                      "draw pad."))
        self.caption.setStyleSheet("font-weight: bold")
        self.mosaic = InspectMosaic()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.mosaic, 1)

    @property
    def busy(self):
        return self.work.busy

    def show_sample(self, inspector, sample, class_names):
        """Compute (in the background) and show the activations of ``sample['image']``."""
        self.caption.setText(self.tr("{0} · computing the activations…").format(sample["title"]))
        self.work.submit(feature_maps_job, inspector, sample["image"],
                         on_done=lambda result: self._show(sample, class_names, *result))

    def _show(self, sample, class_names, probabilities, maps, kinds):
        from lab.core.inspection import activation_image

        sample = dict(sample, probabilities=probabilities)
        self.caption.setText(describe_sample(sample, class_names))
        panels = [{"title": self.tr("input"), "image": np.asarray(sample["image"]).reshape(28, 28),
                   "colormap": "CET-L1", "levels": (0.0, 255.0)}]
        for i, (name, activation) in enumerate(maps):
            shape = "×".join(str(d) for d in activation.shape)
            title = f"{name} ({kinds.get(name, '')}, {shape})"
            if i == len(maps) - 1 and activation.ndim == 1:
                panels.append({"title": title, "bars": activation, "labels": class_names,
                               "highlight": int(np.argmax(activation))})
                continue
            image = activation_image(activation)
            signed = np.nanmin(image) < 0
            panels.append({"title": title, "image": image,
                           "colormap": "CET-D1" if signed else "inferno",
                           "levels": (-1.0, 1.0) if signed else (0.0, 1.0)})
        self.mosaic.set_panels(panels, columns=3 if len(panels) <= 9 else 4)
        self.shown.emit(sample)

    def clear(self):
        self.work.cancel()
        self.caption.setText(self.tr("No model yet: train one or load a model folder."))
        self.mosaic.set_panels([])
