"""A clickable, virtualised gallery of 28×28 images with a caption under each."""

import numpy as np
from PyQt5.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, pyqtSignal
from PyQt5.QtGui import QColor, QImage
from PyQt5.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate

INDEX_ROLE = Qt.UserRole + 1
SCALE = 2


class _GalleryModel(QAbstractListModel):
    """Rows are (image index, caption lines, alert) entries over one shared image array."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images = np.zeros((0, 28, 28), np.uint8)
        self.entries = []

    def set_entries(self, images, entries):
        self.beginResetModel()
        self.images, self.entries = images, list(entries)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == INDEX_ROLE:
            return int(entry["index"])
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return "\n".join(entry["caption"])
        return None


class _GalleryDelegate(QStyledItemDelegate):
    """Paints the image (nearest-neighbour, ×2) and its caption straight from the array."""

    def sizeHint(self, option, index):
        return self.parent().gridSize()

    def paint(self, painter, option, index):
        model = index.model()
        entry = model.entries[index.row()]
        if option.state & QStyle.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        image = np.ascontiguousarray(np.clip(model.images[entry["index"]], 0, 255), np.uint8)
        qimage = QImage(image.data, 28, 28, 28, QImage.Format_Grayscale8)
        x = option.rect.x() + (option.rect.width() - 28 * SCALE) // 2
        painter.drawImage(QRect(x, option.rect.y() + 4, 28 * SCALE, 28 * SCALE), qimage)
        painter.setPen(QColor("#d62728") if entry.get("alert") else option.palette.text().color())
        text_rect = QRect(option.rect.x(), option.rect.y() + 28 * SCALE + 5,
                          option.rect.width(), option.rect.height() - 28 * SCALE - 5)
        painter.drawText(text_rect, Qt.AlignHCenter | Qt.AlignTop, "\n".join(entry["caption"]))


class InspectGallery(QListView):
    """Thumbnails of chosen images; ``image_clicked(index)`` gives the clicked image's index."""

    image_clicked = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model = _GalleryModel(self)
        self.setModel(self._model)
        self.setItemDelegate(_GalleryDelegate(self))
        self.setViewMode(QListView.IconMode)
        self.setResizeMode(QListView.Adjust)
        self.setMovement(QListView.Static)
        self.setUniformItemSizes(True)
        lines = self.fontMetrics()
        self.setGridSize(QSize(max(28 * SCALE + 12, lines.horizontalAdvance("8 → 9 ") + 8),
                               28 * SCALE + 2 * lines.height() + 10))
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setStyleSheet("QListView { background: #202020; color: #e0e0e0; }")
        self.clicked.connect(lambda index: self.image_clicked.emit(index.data(INDEX_ROLE)))

    def set_images(self, images, entries):
        """Show ``entries`` [{index, caption: [lines], alert}] drawn from ``images`` (N, 28, 28)."""
        self._model.set_entries(images, entries)
        self.scrollToTop()

    def clear(self):
        self._model.set_entries(np.zeros((0, 28, 28), np.uint8), [])

    def shown_indices(self):
        """Image indices in display order."""
        return np.array([e["index"] for e in self._model.entries], dtype=np.int64)

    def item_position(self, row):
        """Centre of the ``row``-th thumbnail in viewport coordinates (for clicks in tests)."""
        return self.visualRect(self._model.index(row)).center()
