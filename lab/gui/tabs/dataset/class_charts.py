"""Per-class summary of a split: a bar chart of image counts and the mean image of each class."""

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import pyqtSignal
from PyQt5.QtGui import QColor
from PyQt5.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.gui.tabs.dataset.mean_strip import MeanStrip


class ClassCharts(QWidget):
    """Bars of images per class above a strip of class means; a click emits ``class_clicked(k)``."""

    class_clicked = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts = np.zeros(0, np.int64)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setMinimumHeight(110)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.2)
        self.plot.getAxis("left").setWidth(44)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=QColor("#4c78a8"),
                                    pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.plot.scene().sigMouseClicked.connect(self._plot_clicked)
        self.strip = MeanStrip()
        self.strip.clicked.connect(self.class_clicked)
        counts_title = QLabel(self.tr("Images per class"))
        counts_title.setProperty("role", "subheading")
        means_title = QLabel(self.tr("Mean image of each class"))
        means_title.setProperty("role", "subheading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(counts_title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(means_title)
        layout.addWidget(self.strip)
        self._class_names = ()

    def set_summary(self, counts, means, class_names, selected=None):
        """Show ``counts`` (K,) and ``means`` (K, h, w) of classes ``class_names``."""
        self.counts = np.asarray(counts)
        self._class_names = tuple(class_names)
        x = np.arange(len(self.counts))
        self.bars.setOpts(x=x, height=self.counts, width=0.7)
        self.plot.getAxis("bottom").setTicks([[(k, name) for k, name in enumerate(class_names)]])
        top = max(1, int(self.counts.max()) if len(self.counts) else 1)
        self.plot.setXRange(-0.6, len(x) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.08, padding=0)
        self.strip.set_images(means, class_names)
        self.set_selected(selected)

    def set_selected(self, k):
        """Highlight class ``k`` (None: all)."""
        base, accent = QColor("#4c78a8"), QColor("#f58518")
        if k is None:
            brushes = [base] * len(self.counts)
        else:
            brushes = [accent if i == k else QColor("#9db7d3") for i in range(len(self.counts))]
        self.bars.setOpts(brushes=brushes)
        self.strip.set_selected(k)

    def clear(self):
        self.set_summary(np.zeros(0, np.int64), np.zeros((0, 28, 28)), ())

    def _plot_clicked(self, event):
        if not len(self.counts):
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        k = int(round(point.x()))
        if 0 <= k < len(self.counts) and 0 <= point.y() <= self.counts[k]:
            self.class_clicked.emit(k)
