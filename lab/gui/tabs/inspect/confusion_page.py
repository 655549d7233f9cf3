"""Confusion page: the heatmap, a row-normalised toggle, CSV export and the cell's examples."""

from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                             QVBoxLayout, QWidget)

from lab.gui.tabs.inspect.confusion_heatmap import ConfusionHeatmap
from lab.gui.widgets.export import ask_and_save_csv, save_csv
from lab.gui.tabs.inspect.gallery import InspectGallery


class ConfusionPage(QWidget):
    """Shows an Evaluation's confusion matrix; ``example_clicked(index)`` for a thumbnail."""

    example_clicked = pyqtSignal(int)
    error = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.evaluation, self.images = None, None
        self.heatmap = ConfusionHeatmap()
        self.normalise = QCheckBox(self.tr("Row-normalised (% of each true class)"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.cell_label = QLabel(self.tr("Click a cell to see the images behind it."))
        self.cell_label.setWordWrap(True)
        self.gallery = InspectGallery()

        left = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.normalise)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.heatmap, 1)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.cell_label)
        side.addWidget(self.gallery, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 440])
        QVBoxLayout(self).addWidget(splitter)

        self.normalise.toggled.connect(self._redraw)
        self.csv_button.clicked.connect(self._ask_csv)
        self.heatmap.cell_clicked.connect(self.show_cell)
        self.gallery.image_clicked.connect(self.example_clicked)

    def set_evaluation(self, evaluation, images):
        """Show ``evaluation`` of the test ``images``; keeps the chosen cell if there is one."""
        self.evaluation, self.images = evaluation, images
        self._redraw()
        if self.heatmap._selected:
            self.show_cell(*self.heatmap._selected)
        else:
            self.gallery.clear()

    def clear(self):
        self.evaluation, self.images = None, None
        self.heatmap.set_matrix([[0]], [""])
        self.gallery.clear()

    def _redraw(self):
        if self.evaluation is not None:
            self.heatmap.set_matrix(self.evaluation.confusion, self.evaluation.class_names,
                                    self.normalise.isChecked())

    def show_cell(self, true_class, predicted_class):
        """Fill the gallery with the test images of one cell."""
        if self.evaluation is None:
            return
        names = self.evaluation.class_names
        indices = self.evaluation.examples(true_class, predicted_class)
        self.heatmap.select(true_class, predicted_class)
        text = (self.tr("True {true}, predicted {predicted}: {count} correct test images")
                if true_class == predicted_class else
                self.tr("True {true}, predicted {predicted}: {count} mistaken test images"))
        self.cell_label.setText(text.format(true=names[true_class],
                                            predicted=names[predicted_class],
                                            count=f"{len(indices):,}"))
        self.gallery.set_images(self.images, self.evaluation.example_entries(indices))

    def csv_rows(self):
        names = [str(n) for n in self.evaluation.class_names]
        rows = [["true \\ predicted", *names]]
        rows += [[names[t], *map(int, row)] for t, row in enumerate(self.evaluation.confusion)]
        return rows

    def export_csv(self, path):
        save_csv(path, self.csv_rows())

    def _ask_csv(self):
        if self.evaluation is None:
            return
        message = ask_and_save_csv(self, self.tr("Export confusion matrix"), "confusion.csv", self.csv_rows())
        if message:
            self.error.emit(message)
