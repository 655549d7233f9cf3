"""A grid of titled panels, each an image (tiled kernels, channels, strips) or a bar chart."""

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import QRectF

# transparent where saliency is low, so the input shows through
HEAT_COLOURS = [(0, 0, 0, 0), (200, 0, 0, 40), (255, 110, 0, 170), (255, 255, 80, 235)]


class InspectMosaic(pg.GraphicsLayoutWidget):
    """Show panels: dicts {title, image (2-D, NaN = gap) | bars (1-D), colormap, levels,
    overlay (0..1 heat drawn over the image), labels (bar names), highlight (bar index)}."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(None)  # the window's colour, light or dark (lab.gui.theme)
        self.panels = []

    def set_panels(self, panels, columns=3):
        """Replace what is shown by ``panels``, laid out ``columns`` to a row."""
        self.clear()
        self.panels = list(panels)
        for i, panel in enumerate(self.panels):
            row, col = divmod(i, columns)
            cell = self.ci.addLayout(row=row, col=col)
            cell.addLabel(panel["title"], row=0, col=0, size="9pt")  # theme's foreground
            if "bars" in panel:
                cell.addItem(self._bar_plot(panel), row=1, col=0)
            else:
                cell.addItem(self._image_box(panel), row=1, col=0)

    def set_message(self, text):
        """Show a single line of text instead of panels."""
        self.clear()
        self.panels = []
        self.ci.addLabel(text, size="11pt")

    @staticmethod
    def _image_box(panel):
        image = np.asarray(panel["image"], dtype=np.float32)
        box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        item = pg.ImageItem(axisOrder="row-major")
        item.setColorMap(pg.colormap.get(panel.get("colormap", "inferno")))
        finite = image[np.isfinite(image)]
        levels = panel.get("levels") or (float(finite.min()) if finite.size else 0.0,
                                         float(finite.max()) if finite.size else 1.0)
        if levels[1] <= levels[0]:
            levels = (levels[0], levels[0] + 1.0)
        item.setImage(image, levels=levels)
        item.setRect(QRectF(0, 0, image.shape[1], image.shape[0]))
        box.addItem(item)
        if panel.get("overlay") is not None:
            heat = pg.ImageItem(axisOrder="row-major")
            heat.setColorMap(pg.ColorMap([0.0, 0.3, 0.65, 1.0], HEAT_COLOURS))
            heat.setImage(np.asarray(panel["overlay"], np.float32), levels=(0.0, 1.0))
            heat.setRect(item.boundingRect())
            box.addItem(heat)
        box.setRange(QRectF(0, 0, image.shape[1], image.shape[0]), padding=0.01)
        box.setMinimumSize(120, 60)
        return box

    @staticmethod
    def _bar_plot(panel):
        values = np.asarray(panel["bars"], dtype=np.float32)
        plot = pg.PlotItem(enableMenu=False)
        plot.hideButtons()
        plot.setMouseEnabled(False, False)
        colours = ["#1f77b4"] * len(values)
        if panel.get("highlight") is not None:
            colours[int(panel["highlight"])] = "#d62728"
        plot.addItem(pg.BarGraphItem(x=np.arange(len(values)), height=values, width=0.8,
                                     brushes=colours, pens=[pg.mkPen(None)] * len(values)))
        labels = panel.get("labels")
        if labels is not None:
            plot.getAxis("bottom").setTicks([[(i, str(n)) for i, n in enumerate(labels)]])
        top = float(values.max()) if values.size else 1.0
        plot.setYRange(0, max(top, 1e-6) * 1.05, padding=0)
        plot.setXRange(-0.6, len(values) - 0.4, padding=0)
        plot.setMinimumSize(160, 80)
        return plot
