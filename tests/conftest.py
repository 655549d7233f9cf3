"""Shared fixtures. GUI tests run offscreen; real-data tests skip locally but fail in CI."""

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).parent))

from glyphs import glyph_dataset_arrays  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DIGITS = tuple("0123456789")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Keep caches and per-user folders of the test run out of the user's home."""
    base = tmp_path_factory.mktemp("lab-home")
    os.environ["LAB_CACHE_DIR"] = str(base / "cache")
    os.environ["LAB_USER_DIR"] = str(base / "user")
    yield


@pytest.fixture(scope="session")
def real_data_dir():
    """The real MNIST/notMNIST folder; a missing folder fails the run in CI."""
    candidates = [os.environ.get("LAB_DATA_DIR"), str(ROOT.parent / "shared" / "datasets")]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "mnist").is_dir():
            return Path(candidate)
    message = "real data not found: set LAB_DATA_DIR to the datasets folder"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def tiny_dataset():
    """In-memory Dataset with learnable glyph classes: 400 train, 100 validation, 100 test."""
    from lab.core.datasets import Dataset, Split

    images, labels = glyph_dataset_arrays(DIGITS, per_class=60, seed=1)
    return Dataset(
        name="mnist", title="MNIST digits", class_names=DIGITS,
        train=Split(images[:400], labels[:400], "train"),
        validation=Split(images[400:500], labels[400:500], "validation"),
        test=Split(images[500:], labels[500:], "test"),
        source="generated", skipped=(),
    )


@pytest.fixture(scope="session")
def tiny_mnist_dir(tmp_path_factory):
    """A data folder with the four standard MNIST IDX files holding 600 + 100 glyph images."""
    from lab.core.idx import write_idx

    folder = tmp_path_factory.mktemp("tiny-data")
    (folder / "mnist").mkdir()
    train_x, train_y = glyph_dataset_arrays(DIGITS, per_class=60, seed=2)
    test_x, test_y = glyph_dataset_arrays(DIGITS, per_class=10, seed=3)
    write_idx(folder / "mnist" / "train-images-idx3-ubyte.gz", train_x)
    write_idx(folder / "mnist" / "train-labels-idx1-ubyte.gz", train_y.astype("uint8"))
    write_idx(folder / "mnist" / "t10k-images-idx3-ubyte.gz", test_x)
    write_idx(folder / "mnist" / "t10k-labels-idx1-ubyte.gz", test_y.astype("uint8"))
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, tiny_dataset):
    """A saved model folder: a small dense model trained one epoch on the tiny dataset."""
    from lab.core.storage import build_metadata, save_model
    from lab.core.training import TrainingConfig, train

    result = train(tiny_dataset, TrainingConfig(architecture="mlp", epochs=2, seed=0))
    folder = tmp_path_factory.mktemp("models") / "tiny"
    save_model(folder, result.model, build_metadata(tiny_dataset, result))
    return folder


@pytest.fixture(autouse=True)
def _shown_widgets():
    """Strong references to every widget a test shows, released after pytest-qt's teardown.

    qtbot.addWidget keeps only a weak reference: a window a test (or a factory) drops is then
    owned by nothing but a reference cycle, and a garbage collection starting inside its paint
    deletes the window being painted (a native crash). Autouse fixtures are set up first, so
    this one is torn down last: the widgets are closed and deleted outside any paint.
    """
    widgets = []
    yield widgets
    if not widgets:
        return
    from PyQt5.QtCore import QCoreApplication, QEvent

    for widget in widgets:
        try:
            widget.close()
            widget.deleteLater()
        except RuntimeError:  # already deleted by Qt
            pass
    widgets.clear()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


@pytest.fixture
def qtbot(qtbot, _shown_widgets):
    """pytest-qt's qtbot, whose addWidget also gives the widget an owner for the whole test."""
    add_widget = qtbot.addWidget

    def add_and_keep(widget, **options):
        _shown_widgets.append(widget)
        add_widget(widget, **options)

    qtbot.addWidget = add_and_keep
    return qtbot


@pytest.fixture
def settings(tmp_path):
    """The window's settings in a file of this test's own."""
    from PyQt5.QtCore import QSettings

    return QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)


@pytest.fixture
def make_window(qtbot, settings, tiny_mnist_dir):
    """Builds, shows and returns a MainWindow on the tiny MNIST folder (quiet session)."""
    from lab.gui.main_window import MainWindow
    from lab.gui.session import LabSession

    def make():
        session = LabSession(settings=settings, data_dir=tiny_mnist_dir)
        session.quiet = True
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window
    return make
