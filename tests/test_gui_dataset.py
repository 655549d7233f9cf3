"""Dataset tab: loading off the GUI thread, the virtualised grid, class filter, large view."""

import numpy as np
import pytest
from PyQt5.QtCore import QSettings, Qt
from PyQt5.QtWidgets import QFileDialog, QWidget

from lab.gui.session import LabSession
from lab.gui.tabs.dataset.dataset_tab import DatasetTab
from lab.gui.tabs.dataset.digit_view import pixel_statistics
from lab.gui.tabs.dataset.image_grid import IMAGE_INDEX_ROLE, LABEL_ROLE

TRAIN_ROWS = 540  # 600 images in the tiny train file, the last 10% are validation


@pytest.fixture
def make_tab(qtbot, tmp_path):
    def make(data_dir):
        settings = QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)
        session = LabSession(settings=settings, data_dir=data_dir)
        session.quiet = True
        tab = DatasetTab(session)
        qtbot.addWidget(tab)
        tab.resize(1200, 800)
        tab.show()
        qtbot.waitExposed(tab)
        return tab
    return make


@pytest.fixture
def tab(qtbot, make_tab, tiny_mnist_dir):
    tab = make_tab(tiny_mnist_dir)
    qtbot.waitUntil(lambda: tab.grid.model().rowCount() == TRAIN_ROWS, timeout=10000)
    return tab


def click_row(qtbot, grid, row):
    index = grid.model().index(row)
    grid.scrollTo(index)
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=grid.visualRect(index).center())


def test_loads_train_split_and_shares_it(tab):
    assert tab.session.dataset is tab.dataset
    assert tab.dataset.name == "mnist"
    assert tab.pages.currentIndex() == 1
    assert "540 images" in tab.count_label.text()
    assert tab.charts.counts.sum() == TRAIN_ROWS
    assert len(tab.charts.strip._images) == 10


def test_selecting_split_shows_it(qtbot, tab):
    tab.split_combo.setCurrentIndex(tab.split_combo.findData("test"))
    qtbot.waitUntil(lambda: tab.grid.model().rowCount() == 100)
    tab.split_combo.setCurrentIndex(tab.split_combo.findData("validation"))
    qtbot.waitUntil(lambda: tab.grid.model().rowCount() == 60)
    assert tab.session.settings.value("dataset/split") == "validation"


def test_class_filter_shows_only_that_class(qtbot, tab):
    labels = tab.dataset.train.labels
    qtbot.mouseClick(tab.filter_buttons[3], Qt.LeftButton)
    model = tab.grid.model()
    assert model.rowCount() == int((labels == 3).sum())
    assert {model.index(r).data(LABEL_ROLE) for r in range(model.rowCount())} == {3}
    assert {model.index(r).data(Qt.DisplayRole) for r in range(model.rowCount())} == {"3"}
    qtbot.mouseClick(tab.filter_buttons[-1], Qt.LeftButton)
    assert model.rowCount() == TRAIN_ROWS


def test_clicking_a_mean_image_filters_its_class(qtbot, tab):
    strip = tab.charts.strip
    qtbot.mouseClick(strip, Qt.LeftButton, pos=strip._rects()[7].center())
    assert tab.filter_buttons[7].isChecked()
    assert {tab.grid.model().index(r).data(LABEL_ROLE)
            for r in range(tab.grid.model().rowCount())} == {7}


def test_clicking_a_thumbnail_shows_the_large_view(qtbot, tab):
    click_row(qtbot, tab.grid, 17)
    image_index = tab.grid.model().index(17).data(IMAGE_INDEX_ROLE)
    split = tab.dataset.train
    expected = tab.dataset.class_names[int(split.labels[image_index])]
    assert tab.view.label_text() == expected
    assert f"#{image_index:,}" in tab.view.title.text()
    assert tab.view.fields["index"].text() == f"{image_index:,}"
    stats = pixel_statistics(split.images[image_index])
    assert tab.view.fields["range"].text() == f"{stats['min']} / {stats['max']}"


def test_pixel_statistics():
    image = np.zeros((28, 28), np.uint8)
    image[10, 20] = 255
    image[10, 4] = 100
    stats = pixel_statistics(image)
    assert (stats["min"], stats["max"], stats["ink"]) == (0, 255, 1)
    assert stats["centre"][0] == pytest.approx(10)
    assert pixel_statistics(np.zeros((28, 28)))["centre"] is None


def test_no_data_offers_open_folder_and_download(qtbot, make_tab, tmp_path, tiny_mnist_dir,
                                                 monkeypatch):
    tab = make_tab(tmp_path / "empty")
    qtbot.waitUntil(lambda: tab.open_button.isVisible(), timeout=10000)
    assert "No MNIST digits data found" in tab.message_title.text()
    assert "missing" in tab.message_text.text()
    assert tab.download_button.isVisible()
    assert tab.session.last_error is None  # a missing folder is a state, not an error dialog
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: str(tiny_mnist_dir)))
    qtbot.mouseClick(tab.open_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.grid.model().rowCount() == TRAIN_ROWS, timeout=10000)
    assert tab.session.settings.value("data/folder") == str(tiny_mnist_dir)


def test_download_button_downloads_with_progress(qtbot, make_tab, tmp_path, tiny_dataset,
                                                 monkeypatch):
    import lab.core.datasets as datasets

    calls = []

    def fake_load(name, data_dir=None, progress=None, download=False):
        calls.append(download)
        if not download:
            raise datasets.DatasetError("missing data files: put them somewhere")
        progress(0.5, "downloading")
        return tiny_dataset

    monkeypatch.setattr(datasets, "load_dataset", fake_load)
    tab = make_tab(tmp_path / "empty")
    qtbot.waitUntil(lambda: tab.download_button.isVisible(), timeout=10000)
    qtbot.mouseClick(tab.download_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.grid.model().rowCount() == 400, timeout=10000)
    assert calls == [False, True]
    assert tab.session.dataset is tiny_dataset


def test_grid_is_virtual_for_a_full_split(qtbot, tab):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 255, size=(55000, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=55000)
    widgets_before = len(tab.grid.findChildren(QWidget))
    tab.grid.set_images(images, labels, tuple("0123456789"))
    assert tab.grid.model().rowCount() == 55000
    last = tab.grid.model().index(54999)

    def last_visible():
        tab.grid.scrollToBottom()
        return tab.grid.viewport().rect().intersects(tab.grid.visualRect(last))

    qtbot.waitUntil(last_visible, timeout=10000)
    assert len(tab.grid.findChildren(QWidget)) == widgets_before
