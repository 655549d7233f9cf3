"""The Draw tab's "My drawings" gallery: counts per class, the drawings of one class, delete
and relabel (files in the per-user drawings folder of the model's dataset)."""

from PyQt5.QtCore import QSize, Qt, pyqtSignal
from PyQt5.QtGui import QIcon, QImageReader, QPixmap
from PyQt5.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListView,
                             QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from lab.core.errors import LabError

THUMBNAIL = 56
PATH_ROLE = Qt.UserRole


class DrawingsGallery(QWidget):
    """Lists a DrawingCollection; emits ``changed`` after a delete or relabel."""

    changed = pyqtSignal()
    failed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.collection = None
        self.class_names = ()
        self.classes = QListWidget()
        self.classes.setMaximumWidth(110)
        self.classes.setToolTip(self.tr("Classes and how many drawings each has"))
        self.classes.currentItemChanged.connect(lambda *_: self._show_class())
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListView.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.thumbnails.setResizeMode(QListView.Adjust)
        self.thumbnails.setMovement(QListView.Static)
        self.thumbnails.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.thumbnails.setMinimumHeight(2 * THUMBNAIL + 30)
        self.delete_button = QPushButton(self.tr("Delete"),
                                         toolTip=self.tr("Delete the selected drawings"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.relabel_box = QComboBox(editable=True)
        self.relabel_box.setToolTip(self.tr("The label to give the selected drawings"))
        self.relabel_button = QPushButton(
            self.tr("Relabel as"), toolTip=self.tr("Move the selected drawings to another class"))
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(
            self.relabel_box.currentText()))
        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet("color: gray")
        buttons = QHBoxLayout()
        for widget in (self.delete_button, self.relabel_button, self.relabel_box):
            buttons.addWidget(widget)
        lists = QHBoxLayout()
        lists.addWidget(self.classes)
        lists.addWidget(self.thumbnails, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        self.thumbnails.itemSelectionChanged.connect(self._enable)
        self._enable()

    def set_collection(self, collection, class_names):
        """Show ``collection`` (a lab.core.drawing_collection.DrawingCollection)."""
        self.collection, self.class_names = collection, tuple(class_names)
        current = self.relabel_box.currentText()
        self.relabel_box.clear()
        self.relabel_box.addItems(self.class_names)
        self.relabel_box.setEditText(current)
        self.refresh()

    def counts(self):
        return self.collection.counts() if self.collection is not None else {}

    def refresh(self):
        """Re-read the folder, keeping the selected class."""
        selected = self.selected_class()
        counts = self.counts()
        self.classes.blockSignals(True)
        self.classes.clear()
        for label in sorted(set(self.class_names) | set(counts)):
            item = QListWidgetItem(f"{label}  ({counts.get(label, 0)})")
            item.setData(PATH_ROLE, label)
            self.classes.addItem(item)
            if label == selected or (selected is None and counts.get(label)):
                selected = label
                self.classes.setCurrentItem(item)
        self.classes.blockSignals(False)
        total = sum(counts.values())
        where = self.collection.folder if self.collection is not None else "—"
        self.summary.setText((self.tr("1 drawing in {1}") if total == 1 else
                              self.tr("{0} drawings in {1}")).format(total, where))
        self._show_class()

    def selected_class(self):
        item = self.classes.currentItem()
        return item.data(PATH_ROLE) if item is not None else None

    def select_class(self, label):
        for row in range(self.classes.count()):
            if self.classes.item(row).data(PATH_ROLE) == label:
                self.classes.setCurrentRow(row)
                return True
        return False

    def shown_paths(self):
        return [self.thumbnails.item(i).data(PATH_ROLE) for i in range(self.thumbnails.count())]

    def select_paths(self, paths):
        wanted = {str(p) for p in paths}
        for row in range(self.thumbnails.count()):
            item = self.thumbnails.item(row)
            item.setSelected(str(item.data(PATH_ROLE)) in wanted)

    def delete_selected(self):
        """Delete the selected drawings; how many were deleted."""
        return self._apply(lambda path: self.collection.delete(path))

    def relabel_selected(self, label):
        """Move the selected drawings to ``label``; how many were moved."""
        if not str(label).strip():
            self.failed.emit(self.tr("Type or pick the label to move the drawings to."))
            return 0
        return self._apply(lambda path: self.collection.relabel(path, label))

    def _apply(self, action):
        paths = [item.data(PATH_ROLE) for item in self.thumbnails.selectedItems()]
        done = 0
        try:
            for path in paths:
                action(path)
                done += 1
        except LabError as exc:
            self.failed.emit(str(exc))
        if done:
            self.refresh()
            self.changed.emit()
        return done

    def _show_class(self):
        self.thumbnails.clear()
        label = self.selected_class()
        if self.collection is None or label is None:
            self._enable()
            return
        for path in self.collection.paths(label):
            item = QListWidgetItem(thumbnail_icon(path, THUMBNAIL), "")
            item.setData(PATH_ROLE, path)
            item.setToolTip(path.name)
            self.thumbnails.addItem(item)
        self._enable()

    def _enable(self):
        chosen = bool(self.thumbnails.selectedItems())
        self.delete_button.setEnabled(chosen)
        self.relabel_button.setEnabled(chosen)


def thumbnail_icon(path, size):
    """A drawing file as an icon of ``size`` pixels, scaled while it is read (a large photo
    is not decoded whole where its format allows); an unreadable file gives an empty icon."""
    reader = QImageReader(str(path))
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, size, Qt.KeepAspectRatio))
    return QIcon(QPixmap.fromImage(reader.read()))
