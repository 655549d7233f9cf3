"""The draw pad: white ink on black painted into a QImage, with undo, tablet pressure, boxes."""

import numpy as np
from PyQt5.QtCore import QEvent, QPointF, QRectF, Qt, pyqtSignal
from PyQt5.QtGui import QColor, QFont, QImage, QPainter, QPen
from PyQt5.QtWidgets import QSizePolicy, QWidget

from lab.core.errors import ImageError


class DrawCanvas(QWidget):
    """A size×size grayscale pad (white ink on black, like the images the network learns from).

    The picture is the optional base image (from Open image…) plus the list of strokes, so
    undo simply repaints without the last stroke. ``changed`` fires whenever the ink changes,
    also while a stroke is being drawn; the Draw tab throttles its predictions on it.
    """

    changed = pyqtSignal()
    stroke_finished = pyqtSignal()

    def __init__(self, parent=None, size=280):
        super().__init__(parent)
        self._size = size
        self._brush = 18.0
        self._base = None          # uint8 (size, size) or None
        self._strokes = []         # each: {"width": float, "points": [(x, y, pressure)]}
        self._current = None
        self._boxes = []           # [((x0, y0, x1, y1), text)] in image pixels
        self._hint = self.tr("Draw here")
        self._image = QImage(size, size, QImage.Format_Grayscale8)
        self._image.fill(0)
        self.setMinimumSize(size, size)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setCursor(Qt.CrossCursor)
        self.setAttribute(Qt.WA_StaticContents)
        self.setFocusPolicy(Qt.StrongFocus)

    # -- state -------------------------------------------------------------------------------
    @property
    def image_size(self):
        return self._size

    @property
    def brush_size(self):
        return self._brush

    def set_brush_size(self, pixels):
        """Pen diameter in image pixels (the image is size×size, 280 by default)."""
        self._brush = float(max(1.0, pixels))

    def set_hint(self, text):
        self._hint = text
        self.update()

    def stroke_count(self):
        return len(self._strokes)

    def is_empty(self):
        """True when there is no ink at all (no strokes and no base image)."""
        return self._base is None and not self._strokes and self._current is None

    def to_array(self):
        """The picture as a uint8 (size, size) array, white ink on black."""
        ptr = self._image.constBits()
        ptr.setsize(self._image.byteCount())
        rows = np.frombuffer(ptr, dtype=np.uint8).reshape(self._size, self._image.bytesPerLine())
        return rows[:, :self._size].copy()

    def set_boxes(self, boxes):
        """Show character boxes [((x0, y0, x1, y1), text)] over the ink (image pixels)."""
        self._boxes = list(boxes or [])
        self.update()

    # -- editing -----------------------------------------------------------------------------
    def clear(self):
        """Remove every stroke and the base image."""
        self._base, self._strokes, self._current, self._boxes = None, [], None, []
        self._repaint_image()

    def undo(self):
        """Remove the last stroke (or, with no strokes left, the opened image)."""
        if self._strokes:
            self._strokes.pop()
        elif self._base is not None:
            self._base = None
        else:
            return
        self._boxes = []
        self._repaint_image()

    def set_image(self, array):
        """Replace everything with a uint8 (size, size) picture (white ink on black)."""
        array = np.asarray(array)
        if array.shape != (self._size, self._size):
            raise ImageError(f"the pad needs a {self._size}×{self._size} image, "
                             f"got {array.shape}; fit it first (lab.core.drawings.canvas_image)")
        self._base = np.ascontiguousarray(array, dtype=np.uint8)
        self._strokes, self._current, self._boxes = [], None, []
        self._repaint_image()

    def begin_stroke(self, x, y, pressure=1.0):
        """Start a stroke at image coordinates (also used by tests and scripted drawing)."""
        self._current = {"width": self._brush, "points": [(float(x), float(y), pressure)]}
        self._paint_segment(self._current, 0)
        self.changed.emit()

    def extend_stroke(self, x, y, pressure=1.0):
        if self._current is None:
            return
        self._current["points"].append((float(x), float(y), pressure))
        self._paint_segment(self._current, len(self._current["points"]) - 1)
        self.changed.emit()

    def end_stroke(self):
        if self._current is None:
            return
        self._strokes.append(self._current)
        self._current = None
        self.changed.emit()
        self.stroke_finished.emit()

    # -- painting ----------------------------------------------------------------------------
    def _repaint_image(self):
        if self._base is None:
            self._image.fill(0)
        else:
            base = QImage(self._base.data, self._size, self._size, self._size,
                          QImage.Format_Grayscale8)
            self._image = base.copy()
        for stroke in self._strokes:
            for index in range(len(stroke["points"])):
                self._paint_segment(stroke, index, update=False)
        self.update()
        self.changed.emit()

    def _paint_segment(self, stroke, index, update=True):
        """Paint point ``index`` of ``stroke`` joined to the previous one (round caps)."""
        points = stroke["points"]
        x, y, pressure = points[index]
        x0, y0, p0 = points[index - 1] if index else points[index]
        # A light touch still leaves a visible line; full pressure (the mouse) is nominal.
        width = stroke["width"] * (0.4 + 0.6 * (pressure + p0) / 2)
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255), width, Qt.SolidLine, Qt.RoundCap,
                            Qt.RoundJoin))
        if index:
            painter.drawLine(QPointF(x0, y0), QPointF(x, y))
        else:
            painter.drawPoint(QPointF(x, y))
        painter.end()
        if update:
            pad = width / 2 + 2
            rect = QRectF(min(x, x0) - pad, min(y, y0) - pad,
                          abs(x - x0) + 2 * pad, abs(y - y0) + 2 * pad)
            target = self._target_rect()
            scale = target.width() / self._size
            self.update(QRectF(target.x() + rect.x() * scale, target.y() + rect.y() * scale,
                               rect.width() * scale, rect.height() * scale).toAlignedRect())

    def _target_rect(self):
        """The largest centred square in the widget: where the image is shown."""
        side = min(self.width(), self.height())
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def image_to_widget(self, x, y):
        """Widget coordinates (QPointF) of image pixel (x, y), e.g. to script mouse events."""
        target = self._target_rect()
        scale = target.width() / self._size
        return QPointF(target.x() + x * scale, target.y() + y * scale)

    def _to_image(self, pos):
        target = self._target_rect()
        scale = self._size / max(target.width(), 1.0)
        return (pos.x() - target.x()) * scale, (pos.y() - target.y()) * scale

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        target = self._target_rect()
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        scale = target.width() / self._size
        if self.is_empty() and self._hint:
            painter.setPen(QColor(110, 110, 110))
            painter.setFont(QFont(self.font().family(), 14))
            painter.drawText(target, Qt.AlignCenter, self._hint)
        if self._boxes:
            painter.setRenderHint(QPainter.Antialiasing)
            font = QFont(self.font().family(), 12)
            font.setBold(True)
            painter.setFont(font)
            for (x0, y0, x1, y1), text in self._boxes:
                rect = QRectF(target.x() + x0 * scale, target.y() + y0 * scale,
                              (x1 - x0) * scale, (y1 - y0) * scale)
                painter.setPen(QPen(QColor(255, 170, 0), 2))
                painter.drawRect(rect)
                if text:
                    label = QRectF(rect.x(), rect.y() - 20, max(rect.width(), 60), 18)
                    if label.y() < target.y():
                        label.moveTop(rect.bottom() + 2)
                    painter.drawText(label, Qt.AlignLeft | Qt.AlignVCenter, text)
        painter.setPen(QPen(QColor(90, 90, 90), 1))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.end()

    # -- input -------------------------------------------------------------------------------
    def mousePressEvent(self, event):
        if event.button() == Qt.LeftButton:
            self.begin_stroke(*self._to_image(event.localPos()))
        event.accept()

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.LeftButton and self._current is not None:
            self.extend_stroke(*self._to_image(event.localPos()))
        event.accept()

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.LeftButton:
            self.end_stroke()
        event.accept()

    def tabletEvent(self, event):
        # Accepting stops Qt from also synthesising mouse events for the same pen motion.
        x, y = self._to_image(event.posF())
        pressure = float(event.pressure())
        kind = event.type()
        if kind == QEvent.TabletPress:
            self.begin_stroke(x, y, pressure)
        elif kind == QEvent.TabletMove and self._current is not None:
            self.extend_stroke(x, y, pressure)
        elif kind == QEvent.TabletRelease:
            self.end_stroke()
        event.accept()
