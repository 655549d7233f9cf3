"""Inspect tab: confusion matrix, mistakes, per-class metrics, filters, feature maps, saliency."""

import numpy as np
from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, pyqtSignal
from PyQt5.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox,
                             QTabWidget, QVBoxLayout, QWidget)

from lab.gui.tabs.base import LabTab
from lab.gui.tasks import BackgroundTask
from lab.gui.tabs.inspect.confusion_page import ConfusionPage
from lab.gui.widgets.export import save_png
from lab.gui.tabs.inspect.class_images_page import InspectClassImages
from lab.gui.tabs.inspect.embedding_map import InspectEmbedding
from lab.gui.tabs.inspect.feature_maps import InspectFeatureMaps
from lab.gui.tabs.inspect.filter_images_page import InspectFilterImages
from lab.gui.tabs.inspect.filters import InspectFilters
from lab.gui.tabs.inspect.gallery import InspectGallery
from lab.gui.tabs.inspect.model_page import InspectModelPage
from lab.gui.tabs.inspect.saliency import InspectSaliency
from lab.gui.tabs.inspect.class_table import InspectClassTable

NO_MODEL = QT_TRANSLATE_NOOP("InspectTab", "No model yet: train one on the Train tab or load a "
                             "model folder (File ▸ Load model…).")


def evaluate_job(*args, **kwargs):
    """lab.core.evaluation.evaluate_test_split, imported off the GUI thread (it loads Keras)."""
    from lab.core.evaluation import evaluate_test_split

    return evaluate_test_split(*args, **kwargs)


class InspectTab(LabTab):
    """Looks inside ``session.model``; evaluation runs in a BackgroundTask, one at a time."""

    title = "Inspect"

    evaluated = pyqtSignal(object)   # Evaluation, after it is shown
    input_shown = pyqtSignal(dict)   # the sample now in the feature-map and saliency views

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.saved = self.inspector = self.evaluation = self.dataset = self.sample = None
        self.class_names = ()
        self._task = None
        self._evaluation_due = False   # model or data changed since the last evaluation
        self._stale = set()            # model-dependent pages not yet redrawn for this model
        self._evaluated_model = self._running_for = None  # SavedModel evaluated / running
        self._build()
        session.model_changed.connect(self.set_model)
        session.dataset_changed.connect(self._on_dataset_changed)
        session.inspect_requested.connect(self.show_input)
        self.set_model(session.model)

    # ----- layout ------------------------------------------------------------------------
    def _build(self):
        self.model_label = QLabel(self.tr(NO_MODEL))
        self.model_label.setStyleSheet("font-weight: bold")
        self.result_label = QLabel("")
        self.evaluate_button = QPushButton(self.tr("Evaluate on test set"))
        self.evaluate_button.setToolTip(self.tr("Evaluate the model on the whole test split now"))
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(200)
        self.progress.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.model_label)
        top.addWidget(self.result_label, 1)
        top.addWidget(self.progress)
        top.addWidget(self.evaluate_button)

        self.index_spin = QSpinBox()
        self.index_spin.setEnabled(False)
        self.input_bar = QWidget()
        bar = QHBoxLayout(self.input_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("Input: test image #")))
        bar.addWidget(self.index_spin)
        bar.addWidget(QLabel(self.tr("— or click a mistake, or send a drawing from the Draw tab.")))
        bar.addStretch(1)

        self.confusion = ConfusionPage()
        self.mistakes = InspectGallery()
        self.mistakes_label = QLabel("")
        mistakes_page = QWidget()
        column = QVBoxLayout(mistakes_page)
        column.addWidget(self.mistakes_label)
        column.addWidget(self.mistakes, 1)
        self.table = InspectClassTable()
        self.model_page = InspectModelPage()
        self.model_page.error.connect(self.session.error)
        self.filters = InspectFilters()
        self.feature_maps = InspectFeatureMaps()
        self.saliency = InspectSaliency()
        for page in (self.feature_maps, self.saliency):  # computed in the background
            page.shown.connect(self._on_input_shown)
            page.work.failed.connect(self.session.error)
        self.embedding = InspectEmbedding()
        self.class_images = InspectClassImages()
        self.filter_images = InspectFilterImages()
        for work in (self.embedding.work, self.embedding.tsne_work, self.class_images.work,
                     self.filter_images.work):
            work.failed.connect(self.session.error)
        self.embedding.example_clicked.connect(self._embedding_clicked)
        self.pages = QTabWidget()
        for page, title in ((self.confusion, self.tr("Confusion matrix")),
                            (mistakes_page, self.tr("Mistakes")), (self.table, self.tr("Per class")),
                            (self.model_page, self.tr("Model")),
                            (self.filters, self.tr("Filters")),
                            (self.feature_maps, self.tr("Feature maps")),
                            (self.saliency, self.tr("Saliency")),
                            (self.embedding, self.tr("Embedding")),
                            (self.class_images, self.tr("Class images")),
                            (self.filter_images, self.tr("Filter images"))):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.input_bar)
        layout.addWidget(self.pages, 1)
        self.input_bar.setVisible(False)

        self.evaluate_button.clicked.connect(lambda: self.request_evaluation(force=True))
        self.pages.currentChanged.connect(self._on_page_changed)
        self.index_spin.valueChanged.connect(self.show_test_image)
        self.mistakes.image_clicked.connect(self.show_test_image)
        self.confusion.example_clicked.connect(self.show_test_image)
        self.confusion.error.connect(self.session.error)
        self.table.error.connect(self.session.error)

    # ----- model and data ----------------------------------------------------------------
    @property
    def dataset_name(self):
        meta = getattr(self.saved, "metadata", None) or {}
        return meta.get("dataset") or getattr(self.session.dataset, "name", None)

    def set_model(self, saved):
        """Inspect ``saved`` (a SavedModel or None); called on every session.model_changed."""
        previous = self.dataset_name
        self.saved = saved
        if saved is None:
            self.inspector, self.class_names = None, ()
            self._clear_views()
            return
        from lab.core.inspection import ModelInspector  # imports keras: only once a model exists

        self.inspector = ModelInspector(saved.model)
        self.class_names = tuple(saved.metadata.get("class_names") or saved.class_names)
        self.model_label.setText(self._describe_model())
        if self.dataset_name != previous:
            self._clear_results()
        self._stale = {self.filters, self.feature_maps, self.saliency, self.class_images,
                       self.filter_images, self.model_page}
        self._evaluation_due = True
        self._refresh_page()
        self._maybe_evaluate()

    def _describe_model(self):
        meta = self.saved.metadata or {}
        members = getattr(self.saved, "members", 1)
        epochs = len((meta.get("history") or {}).get("loss", [])) // members
        where = self.session.model_place(self.saved)
        data = {"mnist": self.tr("MNIST digits"), "notmnist": self.tr("notMNIST letters")}.get(
            self.dataset_name, self.dataset_name or "?")
        count = f"{members} × " if members > 1 else ""
        after = ""
        if epochs:
            after = ", " + (self.tr("{0}1 epoch") if epochs == 1 else
                            self.tr("{0}{1} epochs")).format(count, epochs)
        name = getattr(self.saved, "title", None) or meta.get("architecture", "model")
        return self.tr("{name} on {data} ({where}{after})").format(name=name, data=data,
                                                                  where=where, after=after)

    def _on_dataset_changed(self, dataset):
        if dataset is not None and dataset.name == self.dataset_name \
                and dataset is not self.dataset and not self._same_test_split(dataset):
            self._evaluation_due = True
            self._maybe_evaluate()

    def _same_test_split(self, dataset):
        """The same files loaded again (e.g. by the Dataset tab) need no new evaluation."""
        mine = self.dataset
        return mine is not None and np.array_equal(mine.test.labels, dataset.test.labels) \
            and np.array_equal(mine.test.images, dataset.test.images)

    def _matching_dataset(self):
        """The session's dataset if it is the model's, else one this tab loaded before."""
        dataset = self.session.dataset
        if dataset is not None and dataset.name == self.dataset_name \
                and len(dataset.class_names) == len(self.class_names):
            return dataset
        return self.session.datasets.dataset(self.dataset_name)

    # ----- evaluation (throttled: one at a time, only when visible or asked) ---------------
    def _maybe_evaluate(self):
        if self._evaluation_due and self.isVisible():
            self.request_evaluation()

    def request_evaluation(self, force=False):
        """Evaluate the current model on the test split, unless one is running (then queue).

        Without ``force`` nothing happens when the shown results are already for this model
        and these test images (e.g. the Dataset tab loaded the same files again).
        """
        if self.saved is None:
            return
        if self.evaluating:
            self._evaluation_due = True
            return
        dataset = self._matching_dataset()
        if not force and self._evaluated_model is self.saved and dataset is not None \
                and self._same_test_split(dataset):
            self._evaluation_due = False
            return
        if not self.dataset_name:
            self.session.error(self.tr("the model's metadata does not say which dataset it was "
                                       "trained on: load a dataset on the Dataset tab first"))
            return
        self._evaluation_due = False
        self._task = BackgroundTask(
            evaluate_job, self.saved.model, self.class_names, dataset,
            self.dataset_name, self.session.data_dir, progress_kwarg="progress", parent=self)
        self._task.progress.connect(self._on_progress)
        self._task.done.connect(self._on_evaluated)
        self._task.failed.connect(self._on_failed)
        self._task.finished.connect(self._on_task_finished)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.evaluate_button.setEnabled(False)
        self._running_for = self.saved
        self._task.start()

    @property
    def evaluating(self):
        """True from the start of an evaluation until its results have been delivered."""
        return self._task is not None

    def _on_progress(self, fraction, message):
        self.progress.setValue(int(100 * fraction))
        self.progress.setFormat(f"{message} %p%")

    def _on_failed(self, text):
        self.result_label.setText(self.tr("evaluation failed"))
        self.session.error(text)

    def _on_task_finished(self):
        self._task = None
        self.progress.setVisible(False)
        self.evaluate_button.setEnabled(True)
        self._maybe_evaluate()

    def _on_evaluated(self, result):
        dataset, evaluation = result
        self._evaluated_model = self._running_for
        if dataset is not self.session.dataset:
            self.session.datasets.remember(dataset)
        if dataset is not self.dataset:
            self.sample = None
        self.dataset, self.evaluation = dataset, evaluation
        images = dataset.test.images
        self.result_label.setText(
            self.tr("Test accuracy {accuracy} · loss {loss} · {n} images of {data}").format(
                accuracy=f"{evaluation.accuracy:.2%}", loss=f"{evaluation.loss:.4f}",
                n=f"{evaluation.n:,}", data=QCoreApplication.translate("Datasets", dataset.title)))
        self.confusion.set_evaluation(evaluation, images)
        mistakes = evaluation.mistakes()
        self.mistakes_label.setText(
            self.tr("{count} misclassified of {n} test images, most confident first (true → "
                    "predicted, confidence). Click one to look inside.").format(
                        count=f"{len(mistakes):,}", n=f"{evaluation.n:,}"))
        self.mistakes.set_images(images, evaluation.example_entries(
            [m["index"] for m in mistakes]))
        self.table.set_rows(evaluation.per_class, self.result_label.text())
        self.index_spin.setRange(0, len(images) - 1)
        self.index_spin.setEnabled(True)
        self._stale.add(self.embedding)
        self.evaluated.emit(evaluation)
        self._refresh_page()

    # ----- one input: feature maps and saliency --------------------------------------------
    def show_test_image(self, index):
        """Send test image ``index`` to the feature-map and saliency views."""
        if self.dataset is None:
            return
        index = int(index)
        self.index_spin.blockSignals(True)
        self.index_spin.setValue(index)
        self.index_spin.blockSignals(False)
        self.show_input(self.dataset.test.images[index], self.tr("test #{0}").format(index),
                        true_label=int(self.dataset.test.labels[index]))

    def show_input(self, image28, title, true_label=None):
        """Show one 28×28 image (0..255, ink bright) in the feature-map and saliency views.

        The Draw tab calls this with its current drawing.
        """
        image = np.asarray(image28, dtype=np.float32).reshape(28, 28)
        self.sample = {"image": image, "title": str(title), "true": true_label,
                       "probabilities": None}
        self._stale |= {self.feature_maps, self.saliency}
        if true_label is None and self.saved is not None:  # a drawing: a star on the map
            self.embedding.show_drawing(self.saved.model, image)
        if self.pages.currentWidget() not in (self.feature_maps, self.saliency):
            self.pages.setCurrentWidget(self.feature_maps)
        self._refresh_page()

    def _refresh_page(self):
        """Redraw the current page if the model or the input changed since it was drawn."""
        page = self.pages.currentWidget()
        self.input_bar.setVisible(page in (self.feature_maps, self.saliency))
        if self.inspector is None or page not in self._stale:
            return
        if page is self.filters:
            self.filters.set_model(self.inspector, self.class_names)
        elif page is self.model_page:
            self.model_page.set_saved(self.saved)
        elif page is self.class_images:
            self.class_images.set_model(self.saved.model, self.class_names)
        elif page is self.filter_images:
            self.filter_images.set_model(self.saved.model, self.inspector.conv_layers())
        elif page is self.embedding:
            if self.evaluation is None:
                return
            self.embedding.show_evaluation(self.saved.model, self.evaluation,
                                           self.dataset.test.images)
        else:
            if self.sample is None:
                if self.dataset is None:
                    return
                self.show_test_image(self.index_spin.value())
                return
            page.show_sample(self.inspector, self.sample, self.class_names)
        self._stale.discard(page)

    def _embedding_clicked(self, index):
        self.show_test_image(index)  # shows it in feature maps

    def _on_input_shown(self, sample):
        if self.sample is not None and sample["image"] is self.sample["image"]:
            self.sample["probabilities"] = sample["probabilities"]
        self.input_shown.emit(dict(sample))

    def _on_page_changed(self, _index):
        self._refresh_page()

    def showEvent(self, event):
        super().showEvent(event)
        self._refresh_page()
        self._maybe_evaluate()

    # ----- clearing, export, shutdown ---------------------------------------------------
    def _clear_results(self):
        self.evaluation = self.dataset = self.sample = self._evaluated_model = None
        self.result_label.setText("")
        self.confusion.clear()
        self.mistakes.clear()
        self.mistakes_label.setText("")
        self.table.set_rows([])
        self.index_spin.setEnabled(False)

    def _clear_views(self):
        self.model_label.setText(self.tr(NO_MODEL))
        self._clear_results()
        self.filters.clear()
        self.model_page.clear()
        self.feature_maps.clear()
        self.saliency.clear()
        self.embedding.clear()
        self.class_images.clear()
        self.filter_images.clear()
        self._stale = set()
        self._evaluation_due = False

    def export_png(self, path):
        """Save the current view (File ▸ Export plot…) as a PNG."""
        save_png(self.pages.currentWidget(), path)

    def shutdown(self, timeout_ms=30000):
        """Stop a running evaluation and the page computations (window close)."""
        ended = True
        for work in (self.feature_maps.work, self.saliency.work, self.embedding.work,
                     self.embedding.tsne_work, self.class_images.work, self.filter_images.work):
            work.cancel()
            ended = work.wait(min(timeout_ms, 10000)) and ended
        if self._task is not None:
            self._task.cancel()
            ended = self._task.wait(min(timeout_ms, 10000)) and ended
        return ended
