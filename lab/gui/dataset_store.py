"""The datasets the window has loaded: each loaded once per data folder, shared by every tab."""

from PyQt5.QtCore import QCoreApplication, QObject

from lab.gui.tasks import BackgroundTask


def _load(name, data_dir, download, progress):
    """Runs off the GUI thread: the Dataset and the class summary of each split."""
    from lab.core.datasets import load_dataset, summarise

    dataset = load_dataset(name, data_dir=data_dir, progress=progress, download=download)
    progress(1.0, QCoreApplication.translate("DatasetStore", "summarising classes"))
    return dataset, summarise(dataset)


def _summarise(dataset, progress):
    from lab.core.datasets import summarise

    progress(1.0, QCoreApplication.translate("DatasetStore", "summarising classes"))
    return dataset, summarise(dataset)


class DatasetStore(QObject):
    """Datasets by name (and their class summaries), loaded once; ``clear`` on a new folder.

    ``load`` and ``add`` return a started BackgroundTask whose ``done`` carries
    (Dataset, summaries); the store keeps the result before anyone else receives it.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._datasets = {}
        self._summaries = {}

    def dataset(self, name):
        """The Dataset loaded under ``name``, or None."""
        return self._datasets.get(name)

    def cached(self, name):
        """(Dataset, summaries) when both are known, else None."""
        if name in self._datasets and name in self._summaries:
            return self._datasets[name], self._summaries[name]
        return None

    def remember(self, dataset):
        """Keep a Dataset loaded elsewhere (e.g. by an evaluation)."""
        if self._datasets.get(dataset.name) is not dataset:
            self._datasets[dataset.name] = dataset
            self._summaries.pop(dataset.name, None)

    def clear(self):
        self._datasets.clear()
        self._summaries.clear()

    def load(self, name, data_dir, download=False, owner=None):
        """Load dataset ``name`` from ``data_dir`` (downloading missing files if asked)."""
        return self._start(BackgroundTask(_load, name, data_dir, download,
                                          progress_kwarg="progress", parent=owner))

    def add(self, dataset, owner=None):
        """Take a Dataset made elsewhere (e.g. a test's) and compute its summaries."""
        return self._start(BackgroundTask(_summarise, dataset, progress_kwarg="progress",
                                          parent=owner))

    def _start(self, task):
        task.done.connect(self._store)  # connected first: called before the owner's slots
        return task.start()

    def _store(self, result):
        dataset, summaries = result
        self._datasets[dataset.name] = dataset
        self._summaries[dataset.name] = summaries
