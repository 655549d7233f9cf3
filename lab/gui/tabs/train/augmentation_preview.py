"""AugmentationPreview: what the chosen distortions do to the training images, before a run.

One image of each class from the dataset's training split (and, when handwriting images are
asked for, one of each class of those too), as stored and as three training batches would see
them; *New draws* distorts them again.
"""

import numpy as np
from PyQt5.QtCore import QCoreApplication, Qt
from PyQt5.QtGui import QImage, QPixmap
from PyQt5.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from lab.gui.tasks import BackgroundTask

DRAWS = 3
ZOOM = 2      # screen pixels per image pixel
GAP = 2       # image pixels between tiles


def example_images(dataset, handwriting, seed=0):
    """[(title, (N, 28, 28) uint8)]: the first training image of each class, and one
    handwriting image of each class when ``handwriting`` is on."""
    labels = dataset.train.labels
    firsts = [int(np.flatnonzero(labels == k)[0]) for k in range(dataset.num_classes)
              if (labels == k).any()]
    groups = [("training images", dataset.train.images[firsts])]
    if handwriting:
        from lab.core.handwriting_data import handwriting_split

        images, _labels, _description = handwriting_split(dataset.name, dataset.class_names,
                                                          1, seed)
        groups.append(("handwriting images", images))
    return groups


def distorted_examples(dataset, policy, handwriting, seed=0):
    """[(title, originals, (DRAWS, N, 28, 28) distorted)] for the dialog (off the GUI thread:
    it imports TensorFlow)."""
    from lab.core.augmentation import default_policy, preview

    policy = policy or default_policy(dataset.name)
    return [(title, images, preview(images, policy, DRAWS))
            for title, images in example_images(dataset, handwriting, seed)]


def tile(originals, draws):
    """One uint8 picture: the originals in the top row, each draw in a row below."""
    rows = [originals, *draws]
    count = len(originals)
    step = 28 + GAP
    sheet = np.full((len(rows) * step - GAP, count * step - GAP), 96, np.uint8)
    for r, row in enumerate(rows):
        for c, image in enumerate(row):
            sheet[r * step:r * step + 28, c * step:c * step + 28] = image
    return sheet


class AugmentationPreview(QDialog):
    """A window over the Train tab showing the examples distorted by ``policy``."""

    def __init__(self, dataset, policy, policy_text, handwriting, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Augmentation: {0}").format(policy_text))
        self.dataset, self.policy, self.handwriting = dataset, policy, handwriting
        self.groups = []
        self._task = None
        self.status = QLabel(self.tr("Distorting…"))
        self.status.setWordWrap(True)
        self.pictures = QVBoxLayout()
        self.again_button = QPushButton(self.tr("New draws"))
        self.again_button.clicked.connect(self.draw)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(self.pictures)
        layout.addLayout(buttons)
        self.draw()

    @classmethod
    def open_for(cls, form, session, say):
        """The preview of the form's choice on the session's dataset (``say`` explains when
        there is nothing to preview)."""
        values = form.values()
        if session.dataset is None:
            say(QCoreApplication.translate(
                "AugmentationPreview", "No dataset loaded: load MNIST or notMNIST in the "
                "Dataset tab to preview its distortions."))
            return None
        if not values["augment"]:
            say(QCoreApplication.translate(
                "AugmentationPreview", "No augmentation chosen: the images are trained on as "
                "they are."))
            return None
        if form.preview_dialog is not None:   # one preview at a time: the latest choice
            form.preview_dialog.close()
            form.preview_dialog.deleteLater()
        dialog = cls(session.dataset, values["augmentation"],
                     form.augmentation.currentText(), values["handwriting"], parent=form)
        form.preview_dialog = dialog
        dialog.show()
        return dialog

    @property
    def busy(self):
        return self._task is not None and self._task.running

    def draw(self):
        """Distort the examples again (in the background)."""
        if self.busy:
            return
        self.again_button.setEnabled(False)
        self._task = BackgroundTask(distorted_examples, self.dataset, self.policy,
                                    self.handwriting, parent=self)
        self._task.done.connect(self._show)
        self._task.failed.connect(lambda text: self.status.setText(
            self.tr("Could not distort the images: {0}").format(text)))
        self._task.finished.connect(lambda: self.again_button.setEnabled(True))
        self._task.start()

    def _show(self, groups):
        self.groups = groups
        while self.pictures.count():
            self.pictures.takeAt(0).widget().deleteLater()
        titles = {"training images": self.tr("Training images"),
                  "handwriting images": self.tr("Handwriting images")}
        for title, originals, draws in groups:
            self.pictures.addWidget(QLabel(titles[title]))
            sheet = np.ascontiguousarray(tile(originals, draws))
            image = QImage(sheet.data, sheet.shape[1], sheet.shape[0], sheet.shape[1],
                           QImage.Format_Grayscale8).copy()
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(image).scaled(
                sheet.shape[1] * ZOOM, sheet.shape[0] * ZOOM, Qt.KeepAspectRatio,
                Qt.FastTransformation))
            self.pictures.addWidget(picture)
        self.status.setText(self.tr("Top row: as stored. Below: {0} training batches' "
                                    "random distortions of them (never saved; validation and "
                                    "test images are never distorted).").format(DRAWS))

    def closeEvent(self, event):
        if self._task is not None:
            self._task.cancel()
        super().closeEvent(event)
