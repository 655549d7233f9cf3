"""TrainControls: the Train tab's "Run" box — start, pause, stop, live learning rate,
progress, status, test accuracy, save and export."""

from PyQt5.QtWidgets import (QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                             QVBoxLayout)

from lab.gui.tabs.train.progress import TrainProgress


class TrainControls(QGroupBox):
    """Buttons and read-outs of one run; the Train tab connects the buttons and calls
    ``set_state`` whenever the run starts, pauses, stops or finishes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Run"))
        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.start_button.setToolTip(self.tr("Train on the dataset loaded in the Dataset tab"))
        self.live_lr = QDoubleSpinBox()
        self.live_lr.setDecimals(6)
        self.live_lr.setRange(0.0, 5.0)
        self.live_lr.setSpecialValueText("–")  # shown at 0: no run yet
        self.live_lr.setSingleStep(0.0001)
        self.apply_lr_button = QPushButton(self.tr("Apply"))
        self.apply_lr_button.setToolTip(self.tr("Change the learning rate of the running training"))
        self.progress = TrainProgress()
        self.status_label = QLabel(self.tr("Loading the model list…"))
        self.status_label.setWordWrap(True)
        self.test_label = QLabel(self.tr("Test accuracy: –"))
        self.test_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save model…"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))

        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(button)
        lr_row = QHBoxLayout()
        lr_row.addWidget(QLabel(self.tr("Live rate:")))
        lr_row.addWidget(self.live_lr, 1)
        lr_row.addWidget(self.apply_lr_button)
        out_row = QHBoxLayout()
        out_row.addWidget(self.save_button)
        out_row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(lr_row)
        for widget in (self.progress, self.status_label, self.test_label):
            layout.addWidget(widget)
        layout.addLayout(out_row)

    def set_state(self, *, can_start, running, stopping, paused, can_save, can_export):
        """Enable what makes sense now: nothing steers a run that is stopping."""
        steerable = running and not stopping
        self.start_button.setEnabled(can_start and not running)
        for widget in (self.pause_button, self.stop_button, self.apply_lr_button, self.live_lr):
            widget.setEnabled(steerable)
        self.pause_button.setText(self.tr("Resume") if running and paused else self.tr("Pause"))
        self.save_button.setEnabled(can_save)
        self.csv_button.setEnabled(can_export)
