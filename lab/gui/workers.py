"""TrainingWorker: runs lab.core.training.train on a QThread and emits snapshots."""

import gc

import numpy as np
from PyQt5.QtCore import QObject, Qt, QThread, pyqtSignal, pyqtSlot

from lab.core.errors import LabError


def _snapshot(report):
    """An immutable-enough copy of a reporter dict: plain floats, copied arrays."""
    out = {}
    for key, value in report.items():
        if isinstance(value, np.ndarray):
            out[key] = value.copy()
        elif isinstance(value, (np.floating, np.integer)):
            out[key] = value.item()
        elif isinstance(value, dict):
            out[key] = dict(value)
        elif isinstance(value, list):
            out[key] = list(value)
        else:
            out[key] = value
    return out


class TrainingWorker(QObject):
    """Wraps core.training.train; lives on its own QThread.

    The GUI thread calls stop()/pause()/resume()/set_learning_rate() directly: they
    only touch the thread-safe TrainingControl, because this object's event loop is
    busy inside fit and queued slots would never run.
    """

    started = pyqtSignal(dict)
    batch = pyqtSignal(dict)
    epoch = pyqtSignal(dict)       # + "weights" (numpy copies) and "inference_model"
    finished = pyqtSignal(object)  # TrainingResult; .inference_model holds the best weights
    failed = pyqtSignal(str)
    message = pyqtSignal(str)
    done = pyqtSignal()            # after finished or failed, always

    def __init__(self, dataset, config, control=None, test_each_epoch=False):
        super().__init__()
        self.dataset = dataset
        self.config = config
        self.test_each_epoch = test_each_epoch
        self._control = control
        self.thread = None
        self._spare_model = None  # next inference copy, built ahead of the epoch end

    # -- control from the GUI thread -------------------------------------------------
    @property
    def control(self):
        if self._control is None:
            from lab.core.training import TrainingControl
            self._control = TrainingControl()
        return self._control

    def stop(self):
        self.control.stop()

    def pause(self):
        self.control.pause()

    def resume(self):
        self.control.resume()

    def set_learning_rate(self, lr):
        self.control.set_learning_rate(float(lr))

    # -- thread management ----------------------------------------------------------
    def start_thread(self):
        """Move to a fresh QThread and start run() there."""
        self.control  # create the control in the GUI thread, before fit can look at it
        self.thread = QThread()
        self.thread.setObjectName("training")
        self.moveToThread(self.thread)
        self.thread.started.connect(self.run)
        # Direct: quit from the worker thread itself, so the thread ends even while the
        # GUI thread is blocked in wait().
        self.done.connect(self.thread.quit, Qt.DirectConnection)
        self.thread.start()
        return self.thread

    def shutdown(self, timeout_ms=30000):
        """Stop training, quit the thread and wait for it (never terminate)."""
        if self._control is not None:
            self._control.stop()
            self._control.resume()  # a paused fit must wake up to see the stop
        if self.thread is not None and self.thread.isRunning():
            self.thread.quit()
            return self.thread.wait(timeout_ms)
        return True

    def is_running(self):
        return self.thread is not None and self.thread.isRunning()

    # -- work -----------------------------------------------------------------------
    @pyqtSlot()
    def run(self):
        """Train; emits finished(result) or failed(text), then done()."""
        try:
            result = self._train()
        except LabError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the GUI must survive any training bug
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)
        finally:
            self.done.emit()

    def _train(self):
        from lab.core.architectures import build_model
        from lab.core.training import train

        import keras

        config = self.config.resolved()
        if config.seed is not None:
            keras.utils.set_random_seed(int(config.seed))
        classes = self.dataset.num_classes
        model = build_model(config.architecture, classes, dropout=config.dropout)
        self._build_copy = lambda: build_model(config.architecture, classes,
                                               dropout=config.dropout)
        self._spare_model = self._build_copy()
        reporter = self._make_reporter(model)
        # TensorFlow leaves ~300,000 long-lived objects; a full collection walking them holds the
        # GIL for 100+ ms and freezes the window. Frozen objects are skipped by the collector.
        gc.freeze()
        result = train(self.dataset, config, reporter=reporter, control=self.control,
                       model=model, test_each_epoch=self.test_each_epoch)
        result.inference_model = self._inference_copy(result.model.get_weights())
        return result

    def _inference_copy(self, weights):
        """A fresh model holding ``weights``, made in this thread.

        Building and set_weights cost tens of ms, too much for the GUI thread; a fresh
        copy per epoch means a model the GUI already shows is never written to.
        """
        copy = self._spare_model if self._spare_model is not None else self._build_copy()
        self._spare_model = None
        copy.set_weights(weights)
        return copy

    def _make_reporter(self, model):
        from lab.core.training import Reporter

        worker = self

        class SignalReporter(Reporter):
            """Turns reporter calls (in the training thread) into queued signals."""

            def started(self, info):
                worker.started.emit(_snapshot(info))

            def batch(self, report):
                worker.batch.emit(_snapshot(report))

            def epoch(self, report):
                snap = _snapshot(report)
                snap["weights"] = [np.array(w, copy=True) for w in model.get_weights()]
                snap["inference_model"] = worker._inference_copy(snap["weights"])
                worker.epoch.emit(snap)

            def finished(self, result):
                pass  # run() emits finished once train() has returned

            def message(self, text):
                worker.message.emit(str(text))

        return SignalReporter()
