"""What the network sees: 28×28 inputs shown enlarged with nearest-neighbour pixels."""

import numpy as np
from PyQt5.QtCore import QRectF, QSize
from PyQt5.QtGui import QColor, QImage, QPainter, QPen
from PyQt5.QtWidgets import QSizePolicy, QWidget


class DrawPreview(QWidget):
    """Shows one or several 28×28 images (0..255, white ink on black) side by side."""

    def __init__(self, parent=None, cell=140):
        super().__init__(parent)
        self._cell = cell
        self._images = []
        self._qimages = []
        self.setMinimumSize(cell, cell)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.setToolTip(self.tr("The 28×28 image the network is given (after preprocessing)"))

    def images(self):
        """The arrays currently shown (uint8 28×28 each)."""
        return list(self._images)

    def set_images(self, images):
        """Show these 28×28 arrays (an empty list shows a blank frame)."""
        self._images = [np.ascontiguousarray(np.clip(np.asarray(im), 0, 255), dtype=np.uint8)
                        for im in (images or [])]
        # QImage borrows the buffer: keep the arrays alive as long as the QImages.
        self._qimages = [QImage(im.data, im.shape[1], im.shape[0], im.strides[0],
                                QImage.Format_Grayscale8) for im in self._images]
        self.update()

    def paintEvent(self, event):
        painter = QPainter(self)
        count = max(1, len(self._qimages))
        side = min(self.height(), self.width() / count) - 4
        side = max(side, 8)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        for index in range(count):
            rect = QRectF(2 + index * (side + 4), 2, side, side)
            if index < len(self._qimages):
                painter.drawImage(rect, self._qimages[index])
            else:
                painter.fillRect(rect, QColor(0, 0, 0))
            painter.setPen(QPen(QColor(120, 120, 120), 1))
            painter.drawRect(rect)
        painter.end()

    def sizeHint(self):
        return QSize(self._cell * 2, self._cell)
