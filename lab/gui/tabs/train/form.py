"""TrainForm: architecture choice and hyperparameters for the Train tab."""

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, pyqtSignal
from PyQt5.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                             QPushButton, QSpinBox, QVBoxLayout, QWidget)

from lab.gui.tasks import BackgroundTask

OPTIMIZERS = ("adam", "sgd", "rmsprop")
NO_AUGMENTATION, DATASET_POLICY = "none", "dataset"
# lab.core.architectures' descriptions, for the translation (tests/test_gui_language.py checks
# this list matches core's; a text missing here is shown in English)
ARCHITECTURE_TEXTS = (
    QT_TRANSLATE_NOOP("Architectures",
                      "Softmax regression: one dense layer from the 784 pixels to the classes."),
    QT_TRANSLATE_NOOP("Architectures",
                      "Multilayer perceptron: dense 512-256-128 with ReLU and dropout."),
    QT_TRANSLATE_NOOP("Architectures", "Small convnet: conv32-pool-conv64-pool-dense128-dropout."),
    QT_TRANSLATE_NOOP("Architectures",
                      "LeNet-style deep MNIST: 5×5 conv 32/64 'same' + 2×2 pools, fc 1024, dropout."),
    QT_TRANSLATE_NOOP("Architectures",
                      "Fast default: 5×5 convs of 24 and 32 filters, each pooled, dense256; batch "
                      "256, one-cycle LR up to 0.01, Adam β (0.7, 0.9), weight decay 0.05; "
                      "bfloat16 where the CPU has it."),
    QT_TRANSLATE_NOOP("Architectures",
                      "Accurate: three 3×3 conv+BatchNorm+pool blocks (32-64-128), dense256; "
                      "trained long with augmentation (the shipped models)."),
    QT_TRANSLATE_NOOP("Architectures", "new (default)"),
    QT_TRANSLATE_NOOP("Architectures", "new (shipped models)"),
    QT_TRANSLATE_NOOP("Architectures",
                      "≥99.0% in 1 epoch; ≥99.5% in 30 epochs with augment at LR 0.003"),
    QT_TRANSLATE_NOOP("Architectures", "≥99.6% in 20 epochs with augment"),
)


def _load_architectures():
    """Runs off the GUI thread: importing architectures imports TensorFlow."""
    from lab.core.architectures import ARCHITECTURES, DEFAULT_ARCHITECTURE
    import lab.core.evaluation  # noqa: F401 - first imports would stall the GUI thread later
    import lab.core.runs  # noqa: F401
    import lab.core.storage  # noqa: F401
    return dict(ARCHITECTURES), DEFAULT_ARCHITECTURE


class TrainForm(QWidget):
    """Architecture combo (filled once the list is loaded) plus hyperparameter editors.

    Picking an architecture fills in its seed defaults; dropout is enabled only where the
    architecture uses it. ``values()`` gives TrainingConfig keyword arguments.
    """

    architecture_changed = pyqtSignal(str)
    preview_requested = pyqtSignal()   # show what the chosen augmentation does
    architectures_loaded = pyqtSignal()
    architectures_failed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._loading = None
        self._architectures = {}
        self.arch_combo = QComboBox()
        self.arch_combo.addItem(self.tr("loading models…"))
        self.arch_combo.setEnabled(False)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        self.description.setProperty("role", "hint")  # the theme's muted text colour

        self.epochs = QSpinBox()
        self.epochs.setRange(1, 200)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 4096)
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setDecimals(5)
        self.learning_rate.setRange(0.00001, 5.0)
        self.learning_rate.setSingleStep(0.0005)
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.05)
        self.augmentation = QComboBox()
        for text, policy, tip in self._augmentation_choices():
            self.augmentation.addItem(text, policy)
            self.augmentation.setItemData(self.augmentation.count() - 1, tip, Qt.ToolTipRole)
        self.augmentation.setToolTip(self.tr("Random distortions of every training batch "
                                             "(never of the validation or test images)"))
        self.preview_button = QPushButton(self.tr("Preview distortions…"))
        self.preview_button.setToolTip(self.tr("Show a few training images with these "
                                               "distortions"))
        self.preview_button.clicked.connect(self.preview_requested)
        self.preview_dialog = None   # the AugmentationPreview shown last (it sets this)
        self.augmentation.currentIndexChanged.connect(self._augmentation_picked)
        self._augmentation_picked()
        self.handwriting = QSpinBox()
        self.handwriting.setRange(0, 5000)
        self.handwriting.setSingleStep(500)
        self.handwriting.setSpecialValueText(self.tr("none"))
        self.handwriting.setSuffix(self.tr(" per class"))
        self.handwriting.setToolTip(self.tr("Handwriting-like images mixed into the training "
                                            "images: synthesised pen strokes and handwriting "
                                            "fonts (the shipped models: 2,000 per class)"))
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2**31 - 1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setValue(0)
        self.max_samples = QSpinBox()
        self.max_samples.setRange(0, 1_000_000)
        self.max_samples.setSingleStep(1000)
        self.max_samples.setSpecialValueText(self.tr("all"))
        self.max_samples.setToolTip(self.tr("Train on N images drawn at random (the same ones "
                                            "every run), for quick demo runs"))

        top = QFormLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addRow(self.tr("Architecture"), self.arch_combo)
        layout = QFormLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(self)  # a word-wrapped label gets its full height outside a form
        outer.addLayout(top)
        outer.addWidget(self.description)
        outer.addLayout(layout)
        layout.addRow(self.tr("Epochs"), self.epochs)
        layout.addRow(self.tr("Batch size"), self.batch_size)
        layout.addRow(self.tr("Learning rate"), self.learning_rate)
        layout.addRow(self.tr("Optimizer"), self.optimizer)
        layout.addRow(self.tr("Dropout"), self.dropout)
        layout.addRow(self.tr("Augmentation"), self.augmentation)
        preview_row = QHBoxLayout()   # below: beside the list it would not fit the column
        preview_row.addWidget(self.preview_button)
        preview_row.addStretch(1)
        layout.addRow("", preview_row)
        layout.addRow(self.tr("Handwriting"), self.handwriting)
        layout.addRow(self.tr("Seed"), self.seed)
        layout.addRow(self.tr("Training images"), self.max_samples)
        self.arch_combo.currentIndexChanged.connect(self._arch_picked)

    def _augmentation_choices(self):
        """(text, policy, tooltip), the policies of lab.core.augmentation and two more:
        NO_AUGMENTATION and the dataset's own (DATASET_POLICY)."""
        return (
            (self.tr("none"), NO_AUGMENTATION, self.tr("Train on the images as they are")),
            (self.tr("the dataset's own"), DATASET_POLICY,
             self.tr("Digits: move. Letters: glyph.")),
            (self.tr("move"), "move",
             self.tr("Rotate, zoom and shift the digit in its 20×20 box; vary the stroke "
                     "thickness")),
            (self.tr("glyph"), "glyph",
             self.tr("Rotate and slant; vary the stroke thickness; stretch the glyph back over "
                     "the frame, as notMNIST renders fonts")),
            (self.tr("elastic"), "elastic",
             self.tr("move, then bend every image by a smooth random field, as different "
                     "writers bend the same shape")),
            (self.tr("elastic glyph"), "elastic-glyph",
             self.tr("glyph, with a milder bend before the glyph is stretched over the frame")),
        )

    def _augmentation_picked(self, *_):
        self.preview_button.setEnabled(self.augmentation.currentData() != NO_AUGMENTATION)

    @property
    def loaded(self):
        return bool(self._architectures)

    def load_architectures(self):
        """Fill the architecture list in the background (once); architectures_loaded follows."""
        if self.loaded or self._loading is not None:
            return
        self._loading = BackgroundTask(_load_architectures, parent=self)
        self._loading.done.connect(lambda loaded: self.set_architectures(*loaded))
        self._loading.failed.connect(self.architectures_failed)
        self._loading.failed.connect(lambda _text: setattr(self, "_loading", None))
        self._loading.start()

    def shutdown(self, timeout_ms=30000):
        if self._loading is None or not self._loading.running:
            return True
        self._loading.cancel()
        return self._loading.wait(timeout_ms)

    def set_architectures(self, architectures, default=None):
        """Fill the combo from lab.core.architectures.ARCHITECTURES."""
        self._architectures = dict(architectures)
        self.arch_combo.blockSignals(True)
        self.arch_combo.clear()
        for name, arch in self._architectures.items():
            self.arch_combo.addItem(name, name)
            self.arch_combo.setItemData(self.arch_combo.count() - 1, arch.description, 3)
        self.arch_combo.blockSignals(False)
        self.arch_combo.setEnabled(True)
        index = self.arch_combo.findData(default) if default else 0
        self.arch_combo.setCurrentIndex(max(index, 0))
        self._arch_picked()
        self.architectures_loaded.emit()

    def architecture(self):
        return self.arch_combo.currentData()

    def set_architecture(self, name):
        index = self.arch_combo.findData(name)
        if index >= 0:
            self.arch_combo.setCurrentIndex(index)

    def _arch_picked(self, *_):
        name = self.architecture()
        arch = self._architectures.get(name)
        if arch is None:
            return
        d = arch.defaults
        words = [QCoreApplication.translate("Architectures", text)
                 for text in (arch.description, arch.seed, arch.seed_accuracy)]
        self.description.setText("{0}\n{1} · {2}".format(*words))
        self.epochs.setValue(int(d.get("epochs", 5)))
        self.batch_size.setValue(int(d.get("batch_size", 64)))
        self.learning_rate.setValue(float(d.get("learning_rate", 0.001)))
        index = self.optimizer.findText(str(d.get("optimizer", "adam")))
        self.optimizer.setCurrentIndex(max(index, 0))
        uses_dropout = "dropout" in arch.hyperparameters and d.get("dropout") is not None
        self.dropout.setEnabled(uses_dropout)
        self.dropout.setValue(float(d.get("dropout") or 0.0))
        self.augmentation.setCurrentIndex(
            self.augmentation.findData(DATASET_POLICY if d.get("augment") else NO_AUGMENTATION))
        if d.get("seed") is not None:
            self.seed.setValue(int(d["seed"]))
        self.architecture_changed.emit(name)

    def values(self):
        """TrainingConfig keyword arguments for the current form."""
        policy = self.augmentation.currentData()
        return {
            "architecture": self.architecture(),
            "epochs": self.epochs.value(),
            "batch_size": self.batch_size.value(),
            "learning_rate": self.learning_rate.value(),
            "optimizer": self.optimizer.currentText(),
            "dropout": self.dropout.value() if self.dropout.isEnabled() else None,
            "augment": policy != NO_AUGMENTATION,
            "augmentation": None if policy in (NO_AUGMENTATION, DATASET_POLICY) else policy,
            "handwriting": self.handwriting.value(),
            "seed": None if self.seed.value() < 0 else self.seed.value(),
            "max_train_samples": self.max_samples.value() or None,
        }
