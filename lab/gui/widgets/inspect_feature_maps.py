"""Feature-maps page: one input's activations, layer by layer."""

import numpy as np
from PyQt5.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.gui.widgets.inspect_mosaic import InspectMosaic


def describe_sample(sample, class_names):
    """'test #12 · true 7 · predicted 2 (87.1%)' for a sample dict."""
    probabilities = sample["probabilities"]
    predicted = int(np.argmax(probabilities))
    words = [sample["title"]]
    if sample.get("true") is not None:
        words.append(f"true {class_names[sample['true']]}")
    words.append(f"predicted {class_names[predicted]} ({probabilities[predicted]:.1%})")
    return " · ".join(words)


class InspectFeatureMaps(QWidget):
    """Conv layers as tiled channel grids, dense layers as strips, the output as bars."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caption = QLabel("Pick an input: a test image by number, a mistake, or the draw pad.")
        self.caption.setStyleSheet("font-weight: bold")
        self.mosaic = InspectMosaic()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.mosaic, 1)

    def show_sample(self, inspector, sample, class_names):
        """Compute and show the activations of ``sample['image']``."""
        from lab.core.inspection import activation_image

        self.caption.setText(describe_sample(sample, class_names))
        maps = inspector.feature_maps(sample["image"])
        kinds = {s["name"]: s["kind"] for s in inspector.layer_summaries()}
        panels = [{"title": "input", "image": np.asarray(sample["image"]).reshape(28, 28),
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

    def clear(self):
        self.caption.setText("No model yet: train one or load a model folder.")
        self.mosaic.set_panels([])
