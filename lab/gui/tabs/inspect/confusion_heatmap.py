"""Confusion matrix heatmap: a count (or row share) in every cell; click a cell to pick it."""

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt5.QtGui import QFont


class ConfusionHeatmap(pg.PlotWidget):
    """Rows are true classes, columns predicted classes; ``cell_clicked(true, predicted)``."""

    cell_clicked = pyqtSignal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)  # colours from the theme (pyqtgraph's defaults)
        self._matrix = np.zeros((0, 0), np.int64)
        self._texts = []
        self._selected = None
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("left", self.tr("true class"))
        plot.setLabel("bottom", self.tr("predicted class"))
        # explicit sizes: the automatic ones let the axis title overlap the tick labels
        plot.getAxis("left").setWidth(60)
        plot.getAxis("bottom").setHeight(50)
        self.vb = plot.getViewBox()
        self.vb.setMouseEnabled(False, False)
        self.vb.invertY(True)
        self.vb.setAspectLocked(True)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._image.setColorMap(pg.colormap.get("viridis"))
        plot.addItem(self._image)
        self._frame = pg.QtWidgets.QGraphicsRectItem()
        self._frame.setPen(pg.mkPen("#ff3030", width=3))
        self._frame.setVisible(False)
        plot.addItem(self._frame)
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_matrix(self, confusion, class_names, normalised=False):
        """Show ``confusion`` (K, K) counts; ``normalised`` shows each row as shares of 100 %."""
        self._matrix = np.asarray(confusion, dtype=np.int64)
        k = len(self._matrix)
        rows = np.maximum(self._matrix.sum(axis=1, keepdims=True), 1)
        share = self._matrix / rows
        # log colours for counts, else the diagonal swamps every mistake into one colour
        shade = np.sqrt(share) if normalised else np.log1p(self._matrix) / np.log1p(
            max(int(self._matrix.max()), 1))
        self._image.setImage(shade.astype(np.float32), levels=(0.0, 1.0))
        self._image.setRect(QRectF(0, 0, k, k))
        for item in self._texts:
            self.getPlotItem().removeItem(item)
        font = QFont()
        font.setPointSize(8 if k > 10 else 9)
        self._texts = []
        for t in range(k):
            for p in range(k):
                text = f"{100 * share[t, p]:.1f}" if normalised else f"{self._matrix[t, p]:d}"
                colour = "k" if shade[t, p] > 0.6 else "w"
                item = pg.TextItem(text, color=colour, anchor=(0.5, 0.5))
                item.setFont(font)
                item.setPos(p + 0.5, t + 0.5)
                self.getPlotItem().addItem(item)
                self._texts.append(item)
        ticks = [[(i + 0.5, str(name)) for i, name in enumerate(class_names)]]
        for side in ("left", "bottom"):
            self.getPlotItem().getAxis(side).setTicks(ticks)
        self.vb.setRange(QRectF(0, 0, k, k), padding=0.02)
        self.select(*self._selected) if self._selected else self._frame.setVisible(False)

    def matrix(self):
        return self._matrix.copy()

    def cell_texts(self):
        """The text shown in every cell, row by row (what a person reads)."""
        k = len(self._matrix)
        return [[self._texts[t * k + p].toPlainText() for p in range(k)] for t in range(k)]

    def select(self, true_class, predicted_class):
        """Frame the chosen cell."""
        self._selected = (true_class, predicted_class)
        self._frame.setRect(QRectF(predicted_class, true_class, 1, 1))
        self._frame.setVisible(True)

    def cell_position(self, true_class, predicted_class):
        """Centre of a cell in viewport coordinates (where a mouse click lands on it)."""
        scene_point = self.vb.mapViewToScene(QPointF(predicted_class + 0.5, true_class + 0.5))
        return self.mapFromScene(scene_point)

    def _on_click(self, event):
        if event.button() != Qt.LeftButton or not len(self._matrix):
            return
        point = self.vb.mapSceneToView(event.scenePos())
        p, t = int(np.floor(point.x())), int(np.floor(point.y()))
        if 0 <= t < len(self._matrix) and 0 <= p < len(self._matrix):
            self.select(t, p)
            self.cell_clicked.emit(t, p)
