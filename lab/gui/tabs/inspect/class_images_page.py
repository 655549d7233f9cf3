"""Class images page: what each class looks like to the network (activation maximisation),
computed in the background, one panel a class with the probability the network gives it."""

import numpy as np
from PyQt5.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.gui.tabs.inspect.mosaic import InspectMosaic
from lab.gui.tasks import LatestOnly


def class_images_job(model, count, progress=None):
    from lab.core.class_images import class_images, class_probabilities

    classes = list(range(count))
    images = class_images(model, classes, progress=progress)
    return images, class_probabilities(model, images, classes)


class InspectClassImages(QWidget):
    """A grid of the classes' images (each shown from black to its brightest pixel)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images = self.probabilities = None
        self.caption = QLabel(self.tr("No model yet: train one or load a model folder."))
        self.caption.setWordWrap(True)
        self.mosaic = InspectMosaic()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.mosaic, 1)
        self.work = LatestOnly(self)

    @property
    def busy(self):
        return self.work.busy

    def set_model(self, model, class_names):
        """Draw every class of ``model`` (in the background; ~half a minute on a CPU)."""
        self.class_names = tuple(class_names)
        self.images = self.probabilities = None
        self.caption.setText(self.tr("Drawing what each class looks like to the network (gradient "
                                     "ascent on each class score from grey noise)…"))
        self.mosaic.set_message(self.tr("computing…"))
        self.work.submit(class_images_job, model, len(self.class_names), on_done=self._show)

    def clear(self):
        self.work.cancel()
        self.images = self.probabilities = None
        self.caption.setText(self.tr("No model yet: train one or load a model folder."))
        self.mosaic.set_panels([])

    def _show(self, result):
        self.images, self.probabilities = result
        self.caption.setText(self.tr("The image each class's score is highest for, grown from grey "
                                     "noise with jitter, blur and a penalty on ink (so it "
                                     "stays readable); under each, the probability the network "
                                     "gives it."))
        panels = [{"title": f"{name}: {p:.0%}", "image": image, "colormap": "CET-L1",
                   "levels": (0.0, max(float(image.max()), 1.0))}
                  for name, image, p in zip(self.class_names, self.images,
                                            np.asarray(self.probabilities))]
        self.mosaic.set_panels(panels, columns=5)
