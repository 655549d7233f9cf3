"""A strip of small images with a caption under each: the mean image of every class."""

import numpy as np
from PyQt5.QtCore import QRect, QSize, Qt, pyqtSignal
from PyQt5.QtGui import QImage, QPainter, QPalette, QPen
from PyQt5.QtWidgets import QSizePolicy, QWidget


class MeanStrip(QWidget):
    """Paints K images side by side; clicking one emits ``clicked(k)``."""

    clicked = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._images = np.zeros((0, 28, 28), np.uint8)
        self._captions = ()
        self._selected = None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setFixedHeight(64)
        self.setCursor(Qt.PointingHandCursor)

    def set_images(self, images, captions):
        """``images``: (K, h, w) float or uint8 0..255; ``captions``: K strings."""
        self._images = np.clip(np.asarray(images), 0, 255).astype(np.uint8)
        self._captions = tuple(captions)
        self.updateGeometry()
        self.update()

    def set_selected(self, k):
        self._selected = k
        self.update()

    def sizeHint(self):
        return QSize(max(1, len(self._captions)) * 36, 64)

    def _cell(self):
        count = max(1, len(self._images))
        return max(12, min(self.height() - 18, (self.width() - 2 * (count - 1)) // count))

    def _rects(self):
        side, count = self._cell(), len(self._images)
        left = (self.width() - (count * side + 2 * (count - 1))) // 2
        return [QRect(left + k * (side + 2), 0, side, side) for k in range(count)]

    def paintEvent(self, _event):
        painter = QPainter(self)
        palette = self.palette()
        for k, rect in enumerate(self._rects()):
            pixels = np.ascontiguousarray(self._images[k])
            image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1],
                           QImage.Format_Grayscale8)
            painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
            painter.drawImage(rect, image)
            if k == self._selected:
                pen = QPen(palette.color(QPalette.Highlight), 3)
                pen.setJoinStyle(Qt.MiterJoin)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.setPen(palette.color(QPalette.Text))
            painter.drawText(QRect(rect.x(), rect.bottom() + 1, rect.width(), 16),
                             Qt.AlignCenter, self._captions[k])
        painter.end()

    def mousePressEvent(self, event):
        for k, rect in enumerate(self._rects()):
            if rect.adjusted(0, 0, 0, 18).contains(event.pos()):
                self.clicked.emit(k)
                return
        super().mousePressEvent(event)
