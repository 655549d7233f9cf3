"""The session's dataset store: one load per dataset and folder, shared by the tabs."""

from PyQt5.QtCore import QSettings

from lab.gui.session import LabSession


def test_a_dataset_is_loaded_once_and_forgotten_with_its_folder(qtbot, tmp_path, tiny_mnist_dir):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat),
                         data_dir=tiny_mnist_dir)
    store = session.datasets
    assert store.cached("mnist") is None
    task = store.load("mnist", session.data_dir)
    with qtbot.waitSignal(task.done, timeout=30000) as blocker:
        pass
    dataset, summaries = blocker.args[0]
    assert store.cached("mnist") == (dataset, summaries)
    assert store.dataset("mnist") is dataset
    counts, means = summaries["train"]
    assert counts.sum() == len(dataset.train) and means.shape == (10, 28, 28)
    session.set_data_dir(tmp_path)
    assert store.dataset("mnist") is None


def test_a_dataset_loaded_elsewhere_is_remembered_without_summaries(tiny_dataset, tmp_path):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat))
    session.datasets.remember(tiny_dataset)
    assert session.datasets.dataset("mnist") is tiny_dataset
    assert session.datasets.cached("mnist") is None  # the Dataset tab still summarises it
