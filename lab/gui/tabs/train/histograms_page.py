"""HistogramsPage: per layer, its weights and activations epoch by epoch as heatmaps, and the
gradient norm of every layer over the epochs; live while a run trains, or a run on disk."""

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import QRectF, pyqtSignal
from PyQt5.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lab.gui.tasks import LatestOnly
from lab.gui.widgets.export import ask_and_save_csv, ask_save_path, save_csv, save_png


def read_histograms(folder):
    from lab.core.run_folder import HISTOGRAMS_FILE
    from lab.core.training_histograms import TrainingHistograms

    return folder, TrainingHistograms.load(Path(folder) / HISTOGRAMS_FILE)


class HistogramsPage(QWidget):
    """``show_live(update)`` each epoch of the run training ({"histograms", "folder"});
    ``show_run(record)`` for the run picked in the runs table."""

    error = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.histograms = self.folder = self.live_folder = None
        self.reading = LatestOnly(self)
        self.reading.failed.connect(self.error)
        self.layer_combo = QComboBox()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.csv_button = QPushButton(self.tr("Histograms CSV…"))
        self.gradients_button = QPushButton(self.tr("Gradient norms CSV…"))
        self.png_button = QPushButton(self.tr("Export PNG…"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Layer:")))
        bar.addWidget(self.layer_combo)
        bar.addStretch(1)
        for button in (self.csv_button, self.gradients_button, self.png_button):
            bar.addWidget(button)
        self.graphs = pg.GraphicsLayoutWidget()
        self.graphs.setBackground("#f4f4f4")
        self.heatmaps, self.titles = {}, {}
        for column, (kind, title, axis) in enumerate((
                ("weights", self.tr("weights"), self.tr("weight value")),
                ("activations", self.tr("activations on the fixed batch"),
                 self.tr("output value")))):
            plot = self.graphs.addPlot(row=0, col=column, title=title)
            plot.setLabel("bottom", axis)
            plot.setLabel("left", self.tr("epoch"))
            plot.invertY(True)
            image = pg.ImageItem(axisOrder="row-major")
            image.setColorMap(pg.colormap.get("viridis"))
            plot.addItem(image)
            self.heatmaps[kind], self.titles[kind] = (plot, image), title
        self.norms_plot = self.graphs.addPlot(row=1, col=0, colspan=2, title=self.tr(
            "gradient norm per layer (loss on the fixed batch, at epoch end)"))
        # log10 by hand: pyqtgraph's log axis labels its minor ticks over each other
        self.norms_plot.setLabel("left", self.tr("log₁₀ norm"))
        self.norms_plot.getAxis("left").enableAutoSIPrefix(False)   # no "(x0.001)" on a log
        self.norms_plot.setLabel("bottom", self.tr("epoch"))
        self.norms_plot.addLegend(offset=(-10, 10))
        self.norms_plot.showGrid(x=True, y=True, alpha=0.3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        layout.addWidget(self.graphs, 1)
        self.layer_combo.currentIndexChanged.connect(self._draw_layer)
        self.csv_button.clicked.connect(self._ask_csv)
        self.gradients_button.clicked.connect(self._ask_gradients_csv)
        self.png_button.clicked.connect(self._ask_png)
        self.clear()

    def clear(self, text=None):
        self.histograms = self.folder = None
        self.caption.setText(text or self.tr(
            "Train a model, or pick a run in the Runs table: each epoch, every layer's weights, "
            "its outputs on a fixed batch of 256 validation images and its gradient norm."))
        self.layer_combo.clear()
        for plot, image in self.heatmaps.values():
            image.clear()
        self.norms_plot.clear()
        self._enable()

    # -- what to show --------------------------------------------------------------------------
    def show_live(self, update):
        """A new epoch of the run in training: shown unless another run is picked."""
        following = self.folder is None or self.folder == self.live_folder
        self.live_folder = update["folder"]
        if following:
            self._show(update["histograms"], self.live_folder)

    def show_run(self, record):
        """The histograms of a run in the runs table (read off the GUI thread)."""
        folder = getattr(record, "folder", None)
        if folder is None or folder == self.folder:
            return
        self.folder = folder
        self.reading.submit(read_histograms, folder, on_done=self._read)

    def _read(self, result):
        folder, histograms = result
        if folder != self.folder:
            return
        if histograms is None:
            self.clear(self.tr("This run has no histograms over training: it was recorded "
                               "before Digit Lab kept them, or has not finished an epoch yet."))
            self.folder = folder
            return
        self._show(histograms, folder)

    def _show(self, histograms, folder):
        self.histograms, self.folder = histograms, folder
        layer = self.layer_combo.currentText()
        self.layer_combo.blockSignals(True)
        if [self.layer_combo.itemText(i) for i in range(self.layer_combo.count())] \
                != list(histograms.layers):
            self.layer_combo.clear()
            self.layer_combo.addItems(histograms.layers)
        if layer in histograms.layers:
            self.layer_combo.setCurrentText(layer)
        self.layer_combo.blockSignals(False)
        members = len(set(histograms.members.tolist()))
        self.caption.setText(self.tr(
            "{run}: {rows} epochs recorded{members}. Colour: log count per bin, bin edges fixed "
            "at the first epoch (values beyond them count in the end bins). Gradient norm: of "
            "the loss on a fixed batch of 256 validation images at epoch end.").format(
                run=Path(folder).name if folder else self.tr("this run"), rows=len(histograms),
                members=self.tr(", members one after another") if members > 1 else ""))
        self._draw_layer()
        self._draw_norms()
        self._enable()

    # -- drawing -------------------------------------------------------------------------------
    def _draw_layer(self, *_):
        histograms = self.histograms
        if histograms is None or self.layer_combo.currentIndex() < 0:
            return
        index = self.layer_combo.currentIndex()
        rows = len(histograms)
        ticks = [(row + 0.5, label) for row, label in enumerate(histograms.row_labels())]
        ticks = ticks[::max(1, rows // 12)]
        for kind, (plot, image) in self.heatmaps.items():
            edges = histograms.edges[kind][index]
            counts = histograms.counts[kind][:, index].astype(np.float32)
            image.setImage(np.log10(1.0 + counts), autoLevels=True)
            image.setRect(QRectF(float(edges[0]), 0.0, float(edges[-1] - edges[0]), rows))
            plot.getAxis("left").setTicks([ticks])
            outside = float(histograms.outside[kind][-1, index])
            note = self.tr(" — {share} beyond the edges").format(
                share=f"{outside:.1%}") if outside > 0.001 else ""
            plot.setTitle(f"{histograms.layers[index]}: {self.titles[kind]}{note}")

    def _draw_norms(self):
        histograms = self.histograms
        self.norms_plot.clear()
        x = np.arange(1, len(histograms) + 1)
        for index, layer in enumerate(histograms.layers):
            norms = np.log10(np.maximum(histograms.gradient_norms[:, index], 1e-12))
            self.norms_plot.plot(x, norms, name=layer, symbol="o", symbolSize=5,
                                 pen=pg.mkPen(pg.intColor(index, hues=max(4, len(
                                     histograms.layers))), width=2),
                                 symbolBrush=pg.intColor(index, hues=max(4, len(
                                     histograms.layers))))

    def _enable(self):
        for button in (self.csv_button, self.gradients_button):
            button.setEnabled(self.histograms is not None)

    # -- export --------------------------------------------------------------------------------
    def export_png(self, path):
        save_png(self.graphs, path)

    def export_csv(self, path):
        """Every layer's weight and activation counts per epoch and bin (long format)."""
        save_csv(path, self.histograms.csv_rows())

    def export_gradients_csv(self, path):
        save_csv(path, self.histograms.gradient_csv_rows())

    def _ask_csv(self):
        self._report(ask_and_save_csv(self, self.tr("Export histograms"), "histograms.csv",
                                      self.histograms.csv_rows()))

    def _ask_gradients_csv(self):
        self._report(ask_and_save_csv(self, self.tr("Export gradient norms"),
                                      "gradient_norms.csv",
                                      self.histograms.gradient_csv_rows()))

    def _ask_png(self):
        path = ask_save_path(self, self.tr("Export histograms"), "histograms.png", "PNG (*.png)")
        if path:
            try:
                self.export_png(path)
            except Exception as exc:  # noqa: BLE001 - shown to the person
                self._report(str(exc))

    def _report(self, message):
        if message:
            self.error.emit(message)
