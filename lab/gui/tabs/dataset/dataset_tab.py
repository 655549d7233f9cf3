"""The Dataset tab: browse every image of a split, filter by class, look at one closely."""

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PyQt5.QtWidgets import (QButtonGroup, QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel,
                             QProgressBar, QPushButton, QSplitter, QStackedWidget, QVBoxLayout,
                             QWidget)

from lab.gui.tabs.base import LabTab
from lab.gui.tabs.dataset.class_charts import ClassCharts
from lab.gui.tabs.dataset.digit_view import DigitView
from lab.gui.tabs.dataset.image_grid import ImageGrid

DATASETS = (("mnist", QT_TRANSLATE_NOOP("Datasets", "MNIST digits")),
            ("notmnist", QT_TRANSLATE_NOOP("Datasets", "notMNIST letters")))
SPLITS = (("train", QT_TRANSLATE_NOOP("DatasetTab", "Train")),
          ("validation", QT_TRANSLATE_NOOP("DatasetTab", "Validation")),
          ("test", QT_TRANSLATE_NOOP("DatasetTab", "Test")))


class DatasetTab(LabTab):
    """Pick a dataset and split; a virtualised grid shows all its images (TrainTab uses it)."""

    title = "Dataset"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.dataset = None
        self._task = None
        self._class_filter = None
        self._build()
        self._restore()
        session.data_dir_changed.connect(self._data_dir_changed)
        session.dataset_changed.connect(self._dataset_changed_elsewhere)
        QTimer.singleShot(0, self.reload)  # runs once the event loop starts: after the window shows

    # ----- building -------------------------------------------------------------------------
    def _build(self):
        self.dataset_combo = QComboBox()
        for name, title in DATASETS:
            self.dataset_combo.addItem(QCoreApplication.translate("Datasets", title), name)
        self.split_combo = QComboBox()
        for name, shown in SPLITS:
            self.split_combo.addItem(self.tr(shown), name)
        self.count_label = QLabel("")
        self.count_label.setProperty("role", "hint")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        title = QLabel(self.tr("Dataset"))
        title.setProperty("role", "heading")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Data")))
        top.addWidget(self.dataset_combo)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("Split")))
        top.addWidget(self.split_combo)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.progress)

        self.filter_row = QHBoxLayout()
        self.filter_bar = None
        self._set_filter_buttons(())

        self.grid = ImageGrid()
        self.grid.image_selected.connect(self._show_image)
        self.view = DigitView()
        self.charts = ClassCharts()
        self.charts.class_clicked.connect(lambda k: self.set_class_filter(k))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 0, 0, 0)
        side_layout.addWidget(self.view)
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        line.setFrameShadow(QFrame.Sunken)
        side_layout.addWidget(line)
        side_layout.addWidget(self.charts, 1)
        side.setMinimumWidth(380)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.grid)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([800, 440])
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(self.filter_row)
        content_layout.addWidget(splitter, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_message_page())
        self.pages.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.dataset_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.split_combo.currentIndexChanged.connect(lambda _i: self._split_changed())

    def _build_message_page(self):
        page = QWidget()
        self.message_title = QLabel(self.tr("Loading…"))
        self.message_title.setProperty("role", "heading")
        self.message_text = QLabel("")
        self.message_text.setWordWrap(True)
        self.message_text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message_text.setMaximumWidth(640)
        self.open_button = QPushButton(self.tr("Open folder…"))
        self.open_button.clicked.connect(self.open_folder)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setProperty("role", "primary")
        self.download_button.clicked.connect(self.download)
        self.open_button.hide()
        self.download_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.download_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.message_title, 0, Qt.AlignHCenter)
        layout.addWidget(self.message_text, 0, Qt.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _set_filter_buttons(self, class_names):
        """One toggle button per class plus "All" (button id = class index + 1, All = 0)."""
        if self.filter_bar is not None:
            self.filter_bar.deleteLater()
        self.filter_group = QButtonGroup(self)
        self.filter_group.idClicked.connect(lambda i: self.set_class_filter(i - 1))
        self.filter_bar = QWidget()
        row = QHBoxLayout(self.filter_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        label = QLabel(self.tr("Class"))
        label.setProperty("role", "hint")
        row.addWidget(label)
        self.filter_buttons = {}
        for k, name in [(-1, self.tr("All"))] + list(enumerate(class_names)):
            button = QPushButton(name)
            button.setCheckable(True)
            button.setProperty("role", "toggle")
            button.setMinimumWidth(44 if k < 0 else 34)
            button.setToolTip(self.tr("Show every class") if k < 0
                              else self.tr("Show only class {0}").format(name))
            self.filter_group.addButton(button, k + 1)
            self.filter_buttons[k] = button
            row.addWidget(button)
        row.addStretch(1)
        self.filter_buttons[-1].setChecked(True)
        self.filter_row.addWidget(self.filter_bar)

    def _restore(self):
        settings = self.session.settings
        for combo, key in ((self.dataset_combo, "dataset/name"), (self.split_combo, "dataset/split")):
            i = combo.findData(settings.value(key, combo.itemData(0)))
            combo.blockSignals(True)
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)

    # ----- loading ----------------------------------------------------------------------------
    @property
    def dataset_name(self):
        return self.dataset_combo.currentData()

    @property
    def split_name(self):
        return self.split_combo.currentData()

    def select(self, dataset_name, split_name="train"):
        """Choose dataset and split as a person would with the two combo boxes."""
        self.split_combo.blockSignals(True)
        self.split_combo.setCurrentIndex(self.split_combo.findData(split_name))
        self.split_combo.blockSignals(False)
        if self.dataset_combo.currentData() != dataset_name:
            self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(dataset_name))
        else:
            self.reload()

    def reload(self, download=False):
        """Show the chosen dataset, loading it in the background unless it is cached."""
        name = self.dataset_name
        self.session.settings.setValue("dataset/name", name)
        cached = self.session.datasets.cached(name)
        if cached is not None and not download:
            self._display(*cached)
            return
        self._start(name, self.session.data_dir, download)

    def _start(self, what, data_dir, download=False):
        if self._task is not None:
            self._task.cancel()
        title = what if isinstance(what, str) else what.title
        title = QCoreApplication.translate("Datasets", dict(DATASETS).get(title, title))
        if self.dataset is None or download:
            self._show_message((self.tr("Downloading {0}…") if download
                                else self.tr("Loading {0}…")).format(title), "", buttons=False)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Downloading %p%") if download else self.tr("Loading %p%"))
        self.progress.show()
        store = self.session.datasets
        task = (store.load(what, data_dir, download, owner=self) if isinstance(what, str)
                else store.add(what, owner=self))
        task.progress.connect(self._progress)
        task.done.connect(self._loaded)
        task.failed.connect(lambda text: self._load_failed(text, download))
        self._task = task

    def _progress(self, fraction, message):
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{message} %p%" if message else "%p%")
        self.progress.setToolTip(message)

    def _loaded(self, result):
        self._task = None
        self.progress.hide()
        dataset, summaries = result
        if dataset.name == self.dataset_name:
            self._display(dataset, summaries)
        if dataset.skipped:
            self.session.status.emit(
                self.tr("{title}: skipped {count} file(s) that could not be decoded").format(
                    title=QCoreApplication.translate("Datasets", dataset.title),
                    count=len(dataset.skipped)))

    def _load_failed(self, text, download):
        self._task = None
        self.progress.hide()
        self.dataset = None
        self.grid.set_images(self.grid.grid_model.images[:0], self.grid.grid_model.labels[:0], ())
        title = QCoreApplication.translate(
            "Datasets", dict(DATASETS).get(self.dataset_name, self.dataset_name))
        heading = (self.tr("Download of {0} failed") if download
                   else self.tr("No {0} data found")).format(title)
        where = self.session.data_dir or self.tr("no data folder chosen")
        self._show_message(heading, self.tr("{error}\n\nData folder: {folder}\n\nChoose the "
                                            "folder that holds the data, or download it.").format(
                                                error=text, folder=where), buttons=True)
        self.session.status.emit(heading)
        if download:
            self.session.error(text)

    def _show_message(self, heading, text, buttons):
        self.message_title.setText(heading)
        self.message_text.setText(text)
        self.message_text.setVisible(bool(text))
        self.open_button.setVisible(buttons)
        self.download_button.setVisible(buttons)
        self.pages.setCurrentIndex(0)

    def _display(self, dataset, summaries):
        """Show ``dataset`` at the chosen split and make it the session's dataset."""
        if self.dataset is None or self.dataset.class_names != dataset.class_names:
            self._class_filter = None
            self._set_filter_buttons(dataset.class_names)
        self.dataset, self._summaries = dataset, summaries
        self.pages.setCurrentIndex(1)
        self._split_changed()
        self.session.set_dataset(dataset)

    def _split_changed(self):
        self.session.settings.setValue("dataset/split", self.split_name)
        if self.dataset is None:
            return
        split = self.dataset.split(self.split_name)
        self.grid.set_images(split.images, split.labels, self.dataset.class_names)
        counts, means = self._summaries[self.split_name]
        self.charts.set_summary(counts, means, self.dataset.class_names)
        self.set_class_filter(self._class_filter)
        if self.grid.model().rowCount() and self.grid.current_image() is None:
            self.grid.select_row(0)

    # ----- filtering and selection ------------------------------------------------------------
    def set_class_filter(self, k):
        """Show only class ``k`` (None or -1: all classes)."""
        k = None if k is None or k < 0 else int(k)
        self._class_filter = k
        button = self.filter_buttons.get(-1 if k is None else k)
        if button is not None:
            button.setChecked(True)
        self.grid.set_class_filter(k)
        self.charts.set_selected(k)
        self._update_count()
        if self.grid.current_image() is None and self.grid.model().rowCount():
            self.grid.select_row(0)

    def _update_count(self):
        shown, total = self.grid.model().rowCount(), len(self.grid.grid_model.labels)
        if self._class_filter is None or shown == total:
            self.count_label.setText(self.tr("{0} images").format(f"{shown:,}"))
        else:
            self.count_label.setText(self.tr("{shown} of class {name} · {total} in split").format(
                shown=f"{shown:,}", name=self.dataset.class_names[self._class_filter],
                total=f"{total:,}"))

    def _show_image(self, index):
        split = self.dataset.split(self.split_name)
        self.view.show_image(split.images[index], index,
                             self.dataset.class_names[int(split.labels[index])],
                             self.tr(dict(SPLITS)[split.name]))

    # ----- actions ----------------------------------------------------------------------------
    def open_folder(self):
        """Ask for the data folder (the one holding mnist/ and notmnist/)."""
        start = str(self.session.data_dir or "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open data folder"), start)
        if folder:
            self.session.set_data_dir(folder)

    def download(self):
        """Download the chosen dataset into the data folder, with progress."""
        self._start(self.dataset_name, self.session.data_dir, download=True)

    def _data_dir_changed(self, _folder):
        self.dataset = None
        self.reload()

    def _dataset_changed_elsewhere(self, dataset):
        if dataset is None or dataset is self.dataset:
            return
        if dataset.name in dict(DATASETS):
            self.dataset_combo.blockSignals(True)
            self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(dataset.name))
            self.dataset_combo.blockSignals(False)
        self._start(dataset, None)

    def shutdown(self, timeout_ms=30000):
        """Stop a running load (its result is dropped) and wait for the thread."""
        if self._task is None:
            return True
        self._task.cancel()
        ended = self._task.wait(min(timeout_ms, 5000))
        self._task = None
        return ended
