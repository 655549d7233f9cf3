"""Embedding page: every test image as a point of the network's feature space, in 2-D.

PCA shows at once; t-SNE follows from the background. Points are coloured by true class,
mistakes drawn as crosses; hovering shows the image, a click sends it to feature maps and
saliency, a class can be shown alone, and the Draw tab's drawing appears as a star.
"""

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import QTimer, pyqtSignal
from PyQt5.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                             QWidget)

from lab.core.tsne_process import TsneProcess
from lab.gui.tasks import LatestOnly
from lab.gui.widgets.export import ask_and_save_csv, save_csv

METHODS = (("PCA", "pca"), ("t-SNE", "tsne"))
HOVER_SIDE = 112
# t-SNE's child process starts this long after the PCA map: its start-up (a new interpreter,
# the features sent over) competes with the map's drawing and painting for the CPU, and
# together they stalled the window 63 ms at that moment; apart, neither reaches 50 ms.
TSNE_DELAY_MS = 300


def embed_job(model, images):
    from lab.core.embedding import embed

    return embed(model, images)


def drawing_job(model, image28):
    from lab.core.embedding import features_of

    return features_of(model, np.asarray(image28, np.uint8)[None])


class InspectEmbedding(QWidget):
    """The scatter plot and its controls; ``example_clicked(index)`` for a clicked point."""

    example_clicked = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.embedding = self.evaluation = self.images = None
        self.drawing_features = None
        self.framed = None  # (the map's coordinates, the class shown) the view was fitted to
        self.method_combo = QComboBox()
        for label, _ in METHODS:
            self.method_combo.addItem(label)
        self.class_combo = QComboBox()
        self.caption = QLabel(self.tr("No model yet: train one or load a model folder."))
        self.caption.setProperty("role", "hint")
        self.hover_image = pg.ImageView()
        self.hover_image.ui.histogram.hide()
        self.hover_image.ui.roiBtn.hide()
        self.hover_image.ui.menuBtn.hide()
        self.hover_image.setFixedSize(HOVER_SIDE * 2, HOVER_SIDE * 2)
        self.hover_label = QLabel(self.tr("Point at a dot to see its image."))
        self.hover_label.setWordWrap(True)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setAspectLocked(False)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.getViewBox().disableAutoRange()  # _redraw sets the range from the points
        self.layers = []  # per class: (hits, mistakes) scatter items, see _make_layers
        self.legend = QLabel()
        self.drawing = pg.ScatterPlotItem(size=22, symbol="star", brush=pg.mkBrush("#ffd400"),
                                          pen=pg.mkPen("k", width=1.5))
        self.plot.addItem(self.drawing)
        self.work, self.tsne_work = LatestOnly(self), LatestOnly(self)
        # A new map is drawn on the next turn of the event loop, not inside the delivery of
        # the result: setting 10,000 points (~15 ms) and painting them (~20-40 ms) then fall
        # into separate turns, and the window answers in between.
        self.redraw_soon = QTimer(self)
        self.redraw_soon.setSingleShot(True)
        self.redraw_soon.setInterval(0)
        self.redraw_soon.timeout.connect(self._redraw)
        self.tsne_soon = QTimer(self)
        self.tsne_soon.setSingleShot(True)
        self.tsne_soon.setInterval(TSNE_DELAY_MS)
        self.tsne_soon.timeout.connect(self._start_tsne)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Map:")))
        bar.addWidget(self.method_combo)
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.class_combo)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setToolTip(self.tr("Each image's PCA and t-SNE coordinates with its "
                                           "true and predicted class"))
        self.csv_button.setEnabled(False)
        bar.addWidget(self.csv_button)
        side = QVBoxLayout()
        side.addWidget(self.hover_image)
        side.addWidget(self.hover_label)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.plot, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.method_combo.currentIndexChanged.connect(self._redraw)
        self.class_combo.currentIndexChanged.connect(self._redraw)
        self.csv_button.clicked.connect(self._ask_csv)

    @property
    def busy(self):
        return (self.work.busy or self.tsne_work.busy or self.redraw_soon.isActive()
                or self.tsne_soon.isActive())

    @property
    def method(self):
        return METHODS[self.method_combo.currentIndex()][1]

    def show_evaluation(self, model, evaluation, images):
        """Embed the evaluated split (PCA now, t-SNE next) for ``model``."""
        self.tsne_work.cancel()  # the last model's map must not land on this one
        self.tsne_soon.stop()
        self.evaluation, self.images, self.embedding = evaluation, images, None
        self.drawing_features = self.framed = None
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItems([self.tr("all classes")] + [str(n) for n in evaluation.class_names])
        self.class_combo.blockSignals(False)
        self.legend.setText("  ".join(
            f"<span style='color:{self._colour(k).name()}'>●</span>&nbsp;{name}"
            for k, name in enumerate(evaluation.class_names))
            + "  &nbsp;" + self.tr("× mistake  ★ drawing"))
        self.caption.setText(
            self.tr("Reading the features of {0} images…").format(f"{len(images):,}"))
        self.model = model
        self._make_layers(len(evaluation.class_names))
        self.work.submit(embed_job, model, images, on_done=self._embedded)

    def show_drawing(self, model, image28):
        """Place a drawing (28×28) on the map as a star."""
        if self.embedding is not None:
            self.work.submit(drawing_job, model, image28, on_done=self._drawing_features)

    def clear(self):
        self.work.cancel()
        self.tsne_work.cancel()
        self.tsne_soon.stop()
        self.embedding = self.evaluation = self.images = self.drawing_features = None
        self.framed = None
        self._make_layers(0)
        self.drawing.setData([])
        self.csv_button.setEnabled(False)
        self.caption.setText(self.tr("No model yet: train one or load a model folder."))

    # -- results --------------------------------------------------------------------------
    def _embedded(self, embedding):
        self.embedding = embedding
        self.csv_button.setEnabled(True)
        self.caption.setText(self.tr("{0} test images by the features the classifier reads: PCA "
                                     "shown, t-SNE being computed in the background (tens of "
                                     "seconds)…").format(f"{len(embedding.pca):,}"))
        self.redraw_soon.start()
        self.tsne_soon.start()

    def _start_tsne(self):
        if self.embedding is None:
            return
        child = TsneProcess()  # its own interpreter: the window's stays free
        self.tsne_work.submit(child.run, self.embedding.features, on_done=self._tsne_done,
                              on_cancel=child.cancel)

    def _tsne_done(self, points):
        if self.embedding is None:
            return
        self.embedding.tsne = points
        self.caption.setText(self.tr("{0} test images; colour = true class, × = mistake. Click a "
                                     "point to look inside it.").format(f"{len(points):,}"))
        self.redraw_soon.start()

    def _drawing_features(self, features):
        self.drawing_features = features
        self._redraw()

    def _make_layers(self, classes):
        """Two scatter items per class, hits (dots) and mistakes (crosses), each with one
        style: pyqtgraph styles a whole item at once, where per-point brushes and symbols
        for 10,000 points cost seconds of the GUI thread."""
        for layer in (item for pair in self.layers for item in pair):
            self.plot.removeItem(layer)
        self.layers = []
        for k in range(classes):
            brush = self._colour(k)
            pair = (pg.ScatterPlotItem(size=5, pen=None, brush=brush, symbol="o"),
                    pg.ScatterPlotItem(size=9, pen=None, brush=brush, symbol="x"))
            for layer in pair:
                layer.opts.update(hoverable=True, tip=None,
                                  hoverPen=pg.mkPen("k", width=2), hoverSize=9)
                layer.sigHovered.connect(self._hovered)
                layer.sigClicked.connect(self._clicked)
                self.plot.addItem(layer)
            self.layers.append(pair)
        self.drawing.setZValue(1)

    def shown_points(self):
        """The scatter points on the map now (pyqtgraph SpotItems; .data() is the index)."""
        return [spot for pair in self.layers for item in pair for spot in item.points()]

    def _redraw(self, *_):
        embedding = self.embedding
        if embedding is None:
            return
        method = self.method if (self.method == "pca" or embedding.tsne is not None) else "pca"
        xy = embedding.pca if method == "pca" else embedding.tsne
        labels, predictions = self.evaluation.labels, self.evaluation.predictions
        picked = self.class_combo.currentIndex() - 1
        for k, (hits, mistakes) in enumerate(self.layers):
            shown = np.flatnonzero(labels == k) if picked in (-1, k) else np.arange(0)
            wrong = shown[predictions[shown] != k]
            right = shown[predictions[shown] == k]
            hits.setData(pos=xy[right], data=right)
            mistakes.setData(pos=xy[wrong], data=wrong)
        if self.drawing_features is not None:
            self.drawing.setData(pos=embedding.project(self.drawing_features, method))
        else:
            self.drawing.setData([])
        if self.framed != (id(xy), picked):  # a new map: frame it; a new star keeps the view
            self.framed = (id(xy), picked)
            self._frame(xy[labels == picked] if picked >= 0 else xy)

    def _frame(self, points):
        """Show all of ``points``, set once here: pyqtgraph's auto-range would measure every
        item's bounds again at each paint."""
        if len(points):
            low, high = points.min(axis=0).tolist(), points.max(axis=0).tolist()  # floats:
            # pyqtgraph's range arithmetic overflows in float32
            self.plot.getViewBox().setRange(xRange=(low[0], high[0]),
                                            yRange=(low[1], high[1]), padding=0.03)

    def csv_rows(self):
        """One row per image: index, true and predicted class, PCA coordinates and, once
        computed, the t-SNE ones."""
        names, embedding = self.evaluation.class_names, self.embedding
        rows = [["index", "true", "predicted", "pca_x", "pca_y", "tsne_x", "tsne_y"]]
        pairs = zip(self.evaluation.labels, self.evaluation.predictions)
        for index, (true, predicted) in enumerate(pairs):
            tsne = [] if embedding.tsne is None else embedding.tsne[index].tolist()
            rows.append([index, names[true], names[predicted],
                         *embedding.pca[index].tolist(), *tsne])
        return rows

    def export_csv(self, path):
        save_csv(path, self.csv_rows())

    def _ask_csv(self):
        message = ask_and_save_csv(self, self.tr("Export embedding"), "embedding.csv",
                                   self.csv_rows())
        if message:
            self.work.failed.emit(message)

    def _colour(self, k):
        return pg.intColor(k, hues=len(self.evaluation.class_names), alpha=200)

    def _hovered(self, _item, points, _event):
        if len(points) == 0 or self.images is None:
            return
        index = int(points[0].data())
        names = self.evaluation.class_names
        true, predicted = self.evaluation.labels[index], self.evaluation.predictions[index]
        self.hover_image.setImage(self.images[index].T.astype(np.float32), levels=(0, 255))
        self.hover_label.setText(
            self.tr("test #{index}: true {true}, predicted {predicted} ({confidence})").format(
                index=index, true=names[true], predicted=names[predicted],
                confidence=f"{self.evaluation.probabilities[index, predicted]:.0%}"))

    def _clicked(self, _item, points, _event):
        if len(points):
            self.example_clicked.emit(int(points[0].data()))
