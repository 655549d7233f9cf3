"""Live loss/accuracy plots for the Train tab, throttled to 5 Hz."""

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PyQt5.QtCore import Qt, QTimer
from PyQt5.QtWidgets import QVBoxLayout, QWidget

EMA_ALPHA = 0.3
REFRESH_MS = 200  # 5 Hz: slots only append, the timer draws
TRAIN_COLOR = (31, 119, 180)
RAW_COLOR = (175, 205, 232)  # opaque "faint": alpha-blended pens paint slowly
VAL_COLOR = (230, 110, 20)


class TrainingPlots(QWidget):
    """Two plots (loss, accuracy) on a shared x axis in epochs.

    Slots append to Python lists and mark the plot dirty; a QTimer calls setData on
    persistent PlotDataItems. The view ranges are managed here, not by autorange: a
    range change re-lays out the axes and costs ~10 ms of GUI time per update, so x
    spans the whole run from the start and the loss axis only grows when it must.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.loss_plot = pg.PlotWidget()  # colours from the theme (pyqtgraph's defaults)
        self.acc_plot = pg.PlotWidget()
        self.acc_plot.setXLink(self.loss_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.acc_plot)
        self._setup(self.loss_plot, self.tr("loss"), self.tr("Training and validation loss"))
        self._setup(self.acc_plot, self.tr("accuracy"), self.tr("Training and validation accuracy"))
        self.acc_plot.setYRange(0, 1, padding=0.02)

        self.items = {
            "loss_raw": self._curve(self.loss_plot, RAW_COLOR, name=self.tr("training (raw)")),
            "loss_ema": self._curve(self.loss_plot, TRAIN_COLOR, name=self.tr("training (EMA)")),
            "val_loss": self._curve(self.loss_plot, VAL_COLOR, symbol="o",
                                    name=self.tr("validation")),
            "acc_raw": self._curve(self.acc_plot, RAW_COLOR, name=self.tr("training (raw)")),
            "acc_ema": self._curve(self.acc_plot, TRAIN_COLOR, name=self.tr("training (EMA)")),
            "val_acc": self._curve(self.acc_plot, VAL_COLOR, symbol="o",
                                   name=self.tr("validation")),
        }
        self._overlays = {}  # run id -> (loss item, acc item, epochs shown, max loss)
        self._epochs = 1
        self._x_max = self._y_max = None
        self.reset()

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    # -- setup ----------------------------------------------------------------------
    def _setup(self, widget, ylabel, title):
        item = widget.getPlotItem()
        item.setTitle(title, size="10pt")
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", ylabel)
        item.addLegend(offset=(-10, 10), brush=pg.mkBrush(128, 128, 128, 40))  # both themes
        item.disableAutoRange()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")

    @staticmethod
    def _curve(widget, color, symbol=None, name=None):
        # Width-1 pens: wide lines cost several times more to paint on the GUI thread.
        kwargs = {"pen": pg.mkPen(color=color, width=1), "name": name}
        if symbol:
            kwargs.update(symbol=symbol, symbolSize=6, symbolBrush=pg.mkBrush(*color),
                          symbolPen=pg.mkPen(color))
        return widget.plot([], [], **kwargs)

    # -- live data (called by the tab's slots; cheap) -----------------------------------
    def reset(self, epochs=None):
        """Forget the live run's buffers (overlays stay); x spans ``epochs``."""
        self._x, self._loss, self._acc = [], [], []
        self._loss_ema, self._acc_ema = [], []
        self._vx, self._vloss, self._vacc = [], [], []
        self._epochs = max(1, int(epochs or 1))
        self._loss_max = 0.0
        self._dirty = self._epoch_dirty = True

    def add_batch(self, x, loss, accuracy):
        self._x.append(float(x))
        self._loss.append(float(loss))
        self._acc.append(float(accuracy))
        self._loss_ema.append(self._ema(self._loss_ema, float(loss)))
        self._acc_ema.append(self._ema(self._acc_ema, float(accuracy)))
        self._grow_loss(self._loss_ema[-1])
        self._dirty = True

    def add_epoch(self, x, val_loss, val_accuracy):
        self._vx.append(float(x))
        self._vloss.append(float(val_loss))
        self._vacc.append(float(val_accuracy))
        self._grow_loss(float(val_loss))
        self._epoch_dirty = True

    def _grow_loss(self, value):
        if math.isfinite(value):
            self._loss_max = max(self._loss_max, value)

    @staticmethod
    def _ema(series, value):
        if not series or not math.isfinite(series[-1]):
            return value
        return series[-1] + EMA_ALPHA * (value - series[-1])

    def smoothed_loss(self):
        """(x, EMA of training loss) of the live run, as lists."""
        return list(self._x), list(self._loss_ema)

    def flush(self):
        """Push buffered points to the plot items (timer slot)."""
        if self._dirty:
            self._dirty = False
            x = np.asarray(self._x)
            self.items["loss_raw"].setData(x, np.asarray(self._loss))
            self.items["loss_ema"].setData(x, np.asarray(self._loss_ema))
            self.items["acc_raw"].setData(x, np.asarray(self._acc))
            self.items["acc_ema"].setData(x, np.asarray(self._acc_ema))
        if self._epoch_dirty:  # symbols are costly to rebuild: only when an epoch ends
            self._epoch_dirty = False
            vx = np.asarray(self._vx)
            for key, values in (("val_loss", self._vloss), ("val_acc", self._vacc)):
                values = np.asarray(values)
                finite = np.isfinite(values)  # a diverged epoch's NaN has no place to mark
                self.items[key].setData(vx[finite], values[finite])
        self._update_ranges()

    def _update_ranges(self):
        x_max = max([self._epochs] + [o[2] for o in self._overlays.values()])
        if x_max != self._x_max:
            self._x_max = x_max
            self.loss_plot.setXRange(0, x_max, padding=0.02)
        needed = max([self._loss_max] + [o[3] for o in self._overlays.values()]) or 1.0
        if self._y_max is None or needed > self._y_max or needed < self._y_max / 4:
            self._y_max = needed * 1.15  # headroom, so the axis rarely has to change
            self.loss_plot.setYRange(0, self._y_max, padding=0)

    def point_count(self, name):
        """Number of points an item currently shows (for tests)."""
        data = self.items[name].getData()[0]
        return 0 if data is None else len(data)

    # -- overlays -----------------------------------------------------------------------
    def set_overlays(self, runs):
        """Show other runs: ``runs`` is a list of dicts with keys id, label, color, epochs,
        loss_x, loss (smoothed training loss), val_x, val_accuracy."""
        wanted = {run["id"]: run for run in runs}
        for run_id in list(self._overlays):
            if run_id not in wanted:
                loss_item, acc_item = self._overlays.pop(run_id)[:2]
                self.loss_plot.removeItem(loss_item)
                self.acc_plot.removeItem(acc_item)
        for run_id, run in wanted.items():
            if run_id in self._overlays:
                loss_item, acc_item = self._overlays[run_id][:2]
            else:
                pen = pg.mkPen(color=run["color"], width=1, style=Qt.DashLine)
                loss_item = self.loss_plot.plot([], [], pen=pen,
                                                name=self.tr("{0} loss").format(run["label"]))
                acc_item = self.acc_plot.plot([], [], pen=pen, symbol="t", symbolSize=7,
                                              symbolBrush=pg.mkBrush(run["color"]),
                                              symbolPen=pg.mkPen(run["color"]),
                                              name=self.tr("{0} val acc").format(run["label"]))
            loss_item.setData(np.asarray(run["loss_x"]), np.asarray(run["loss"]))
            acc_item.setData(np.asarray(run["val_x"]), np.asarray(run["val_accuracy"]))
            finite = [v for v in run["loss"] if math.isfinite(v)]
            self._overlays[run_id] = (loss_item, acc_item, run.get("epochs", 1),
                                      max(finite, default=0.0))
        self._update_ranges()

    @property
    def overlay_ids(self):
        return list(self._overlays)

    # -- export -------------------------------------------------------------------------
    def export_png(self, path):
        """Save both plots as one PNG image."""
        from lab.gui.widgets.export import save_png

        self.flush()
        save_png(self, path)
        return Path(path)
