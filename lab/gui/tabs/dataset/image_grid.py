"""A virtualised thumbnail grid: scrolls through tens of thousands of 28×28 images without lag.

Nothing is created per image up front: the model holds the uint8 array and an index array
(the filter), and the delegate paints each visible cell straight from the array.
"""

import numpy as np
from PyQt5.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, pyqtSignal
from PyQt5.QtGui import QImage, QPalette
from PyQt5.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate

IMAGE_INDEX_ROLE = Qt.UserRole + 1   # the image's index in the split
LABEL_ROLE = Qt.UserRole + 2         # its class index


class ImageGridModel(QAbstractListModel):
    """Rows are the images of a split that pass the class filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images = np.zeros((0, 28, 28), np.uint8)
        self.labels = np.zeros(0, np.int64)
        self.class_names = ()
        self.class_filter = None
        self._rows = np.zeros(0, np.int64)

    def set_data(self, images, labels, class_names):
        self.beginResetModel()
        self.images, self.labels = images, np.asarray(labels)
        self.class_names = tuple(class_names)
        self._rows = self._filtered()
        self.endResetModel()

    def set_class_filter(self, class_index):
        """Show only ``class_index`` (None: all classes)."""
        self.beginResetModel()
        self.class_filter = class_index
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self):
        if self.class_filter is None:
            return np.arange(len(self.labels))
        return np.flatnonzero(self.labels == self.class_filter)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def image_index(self, row):
        return int(self._rows[row])

    def row_of(self, image_index):
        """The row showing split image ``image_index``, or -1 when filtered out."""
        hits = np.flatnonzero(self._rows == image_index)
        return int(hits[0]) if len(hits) else -1

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        i = int(self._rows[index.row()])
        if role == Qt.DisplayRole:
            return self.class_names[int(self.labels[i])]
        if role == Qt.ToolTipRole:
            return self.tr("#{index} · label {label}").format(
                index=f"{i:,}", label=self.class_names[int(self.labels[i])])
        if role == IMAGE_INDEX_ROLE:
            return i
        if role == LABEL_ROLE:
            return int(self.labels[i])
        return None


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints a cell: the image scaled up (nearest pixel, crisp) with its label underneath."""

    def __init__(self, cell=QSize(64, 80), parent=None):
        super().__init__(parent)
        self.cell = cell

    def sizeHint(self, option, index):
        return self.cell

    def paint(self, painter, option, index):
        model = index.model()
        i = index.data(IMAGE_INDEX_ROLE)
        if i is None:
            return
        palette, rect = option.palette, option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.State_Selected)
        painter.save()
        if selected:
            painter.setPen(Qt.NoPen)
            painter.setBrush(palette.color(QPalette.Highlight))
            painter.drawRoundedRect(rect, 6, 6)
        side = min(rect.width() - 6, rect.height() - 22)
        target = QRect(rect.x() + (rect.width() - side) // 2, rect.y() + 3, side, side)
        pixels = np.ascontiguousarray(model.images[i])
        image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1],
                       QImage.Format_Grayscale8)
        painter.drawImage(target, image)  # QImage is only borrowed while `pixels` lives
        text_rect = QRect(rect.x(), target.bottom() + 2, rect.width(), rect.bottom() - target.bottom() - 2)
        painter.setPen(palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        painter.drawText(text_rect, Qt.AlignCenter, index.data(Qt.DisplayRole))
        painter.restore()


class ImageGrid(QListView):
    """A grid of thumbnails; ``image_selected(image_index)`` fires when the current one changes."""

    image_selected = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid_model = ImageGridModel(self)
        self.delegate = ThumbnailDelegate(parent=self)
        self.setModel(self.grid_model)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ListMode)  # list mode + wrapping lays out uniform cells cheaply
        self.setFlow(QListView.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.Adjust)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.Batched)  # lays out 55,000 cells in slices, GUI stays live
        self.setBatchSize(2000)
        self.setGridSize(self.delegate.cell)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(self.delegate.cell.height() // 2)
        self.setMovement(QListView.Static)
        self.setMouseTracking(False)
        self.setBackgroundRole(QPalette.Base)
        self.viewport().setAutoFillBackground(True)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def set_images(self, images, labels, class_names):
        self.grid_model.set_data(images, labels, class_names)
        self.scrollToTop()

    def set_class_filter(self, class_index):
        current = self.current_image()
        self.grid_model.set_class_filter(class_index)
        row = self.grid_model.row_of(current) if current is not None else -1
        if row >= 0:
            self.select_row(row)
        else:
            self.scrollToTop()

    def select_row(self, row):
        index = self.grid_model.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.PositionAtCenter)

    def current_image(self):
        index = self.currentIndex()
        return index.data(IMAGE_INDEX_ROLE) if index.isValid() else None

    def _current_changed(self, current, _previous):
        if current.isValid():
            self.image_selected.emit(current.data(IMAGE_INDEX_ROLE))
