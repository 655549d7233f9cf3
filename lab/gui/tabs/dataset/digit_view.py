"""A large view of one 28×28 image with its index, label and pixel statistics."""

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

INK_THRESHOLD = 128  # a pixel at or above half brightness counts as ink


def pixel_statistics(image):
    """min, max, mean, ink pixel count and intensity centre of mass (row, col) of a 2-D image."""
    pixels = np.asarray(image, dtype=np.float64)
    total = pixels.sum()
    if total > 0:
        rows, cols = np.indices(pixels.shape)
        centre = (float((rows * pixels).sum() / total), float((cols * pixels).sum() / total))
    else:
        centre = None
    return {"min": int(pixels.min()), "max": int(pixels.max()), "mean": float(pixels.mean()),
            "ink": int((pixels >= INK_THRESHOLD).sum()), "centre": centre}


class DigitView(QWidget):
    """Shows an image big (pyqtgraph, hover shows the pixel value) and what is known about it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel(self.tr("Click an image"))
        self.title.setProperty("role", "subheading")
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setFixedSize(196, 196)
        self.plot.ci.setContentsMargins(0, 0, 0, 0)
        self.box = self.plot.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setLevels((0, 255))
        self.box.addItem(self.image_item)
        self.box.setRange(xRange=(0, 28), yRange=(0, 28), padding=0)
        self.image_item.hoverEvent = self._hover
        self.hover = QLabel(" ")
        self.hover.setProperty("role", "hint")
        self.fields = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        for key, text in (("label", self.tr("Label")), ("index", self.tr("Index")),
                          ("range", self.tr("Min / max")), ("mean", self.tr("Mean")),
                          ("ink", self.tr("Ink pixels")), ("centre", self.tr("Centre of mass"))):
            self.fields[key] = QLabel("–")
            self.fields[key].setTextInteractionFlags(Qt.TextSelectableByMouse)
            if key == "ink":
                self.fields[key].setToolTip(self.tr("pixels at or above {0}").format(INK_THRESHOLD))
            form.addRow(text, self.fields[key])
        picture = QVBoxLayout()
        picture.addWidget(self.plot)
        picture.addWidget(self.hover, 0, Qt.AlignHCenter)
        form.setVerticalSpacing(6)
        body = QHBoxLayout()
        body.addLayout(picture)
        body.addSpacing(10)
        body.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(body)
        self._image = None

    def show_image(self, image, index, label_name, source=""):
        """Display ``image`` (uint8 28×28), image number ``index`` of class ``label_name``."""
        self._image = np.asarray(image)
        self.image_item.setImage(self._image, levels=(0, 255), autoLevels=False)
        self.box.setRange(xRange=(0, self._image.shape[1]), yRange=(0, self._image.shape[0]),
                          padding=0)
        stats = pixel_statistics(self._image)
        self.title.setText(self.tr("Image #{0}").format(f"{index:,}")
                           + (f" · {source}" if source else ""))
        self.fields["label"].setText(f"<b>{label_name}</b>")
        self.fields["index"].setText(f"{index:,}")
        self.fields["range"].setText(f"{stats['min']} / {stats['max']}")
        self.fields["mean"].setText(f"{stats['mean']:.1f}")
        self.fields["ink"].setText(self.tr("{ink} of {size}").format(ink=stats["ink"],
                                                                      size=self._image.size))
        centre = stats["centre"]
        self.fields["centre"].setText("–" if centre is None else
                                      self.tr("row {row}\ncol {col}").format(
                                          row=f"{centre[0]:.1f}", col=f"{centre[1]:.1f}"))

    def clear(self):
        self._image = None
        self.image_item.clear()
        self.title.setText(self.tr("Click an image"))
        for field in self.fields.values():
            field.setText("–")

    def label_text(self):
        return self.fields["label"].text().replace("<b>", "").replace("</b>", "")

    def _hover(self, event):
        if self._image is None or event.isExit():
            self.hover.setText(" ")
            return
        pos = event.pos()
        row, col = int(pos.y()), int(pos.x())
        if 0 <= row < self._image.shape[0] and 0 <= col < self._image.shape[1]:
            self.hover.setText(self.tr("pixel ({row}, {col}) = {value}").format(
                row=row, col=col, value=int(self._image[row, col])))
