"""Probability bars for every class, the winner highlighted (one persistent BarGraphItem)."""

import numpy as np
import pyqtgraph as pg

HIGHLIGHT, NORMAL, DOUBTFUL = (70, 160, 255), (120, 120, 130), (230, 150, 40)


class DrawBars(pg.PlotWidget):
    """A bar per class; ``set_probabilities(None)`` empties them."""

    def __init__(self, parent=None):
        super().__init__(parent)  # colours from the theme (pyqtgraph's defaults)
        self._names = ()
        self._bars = pg.BarGraphItem(x=[], height=[], width=0.7, brushes=[])
        self.addItem(self._bars)
        self.setYRange(0, 1, padding=0.02)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.getPlotItem().setLabel("left", self.tr("probability"))
        self.getPlotItem().getAxis("left").setWidth(54)  # room for a rotated CJK label too
        self.getPlotItem().showGrid(y=True, alpha=0.3)
        self.setMinimumHeight(150)

    def set_classes(self, names):
        names = tuple(names or ())
        self._names = names
        self.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        self.setXRange(-0.6, max(len(names), 1) - 0.4, padding=0)
        self.set_probabilities(None)

    def heights(self):
        """The bar heights shown (for tests)."""
        return np.asarray(self._bars.opts.get("height", []), dtype=float)

    def set_probabilities(self, probabilities, threshold=0.0):
        """Show probabilities (sequence of K floats); the top bar is blue, or orange if unsure."""
        if probabilities is None or not self._names:
            self._bars.setOpts(x=[], height=[], brushes=[])
            return
        p = np.asarray(probabilities, dtype=float)
        best = int(np.argmax(p))
        top = HIGHLIGHT if p[best] >= threshold else DOUBTFUL
        brushes = [pg.mkBrush(*(top if i == best else NORMAL)) for i in range(len(p))]
        self._bars.setOpts(x=np.arange(len(p)), height=p, width=0.7, brushes=brushes)
