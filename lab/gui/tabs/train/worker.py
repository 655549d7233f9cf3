"""TrainingWorker: runs a lab.core.runs.RunController in a BackgroundTask, emits snapshots."""

import numpy as np
from PyQt5.QtCore import QObject, pyqtSignal

from lab.core.memory import release_freed_memory
from lab.gui.tasks import BackgroundTask


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
    """Runs one RunController (a new run, or ``resume`` an interrupted run's folder) in a
    BackgroundTask: the run is recorded in its run folder as the CLI's runs are.

    The worker itself lives on the GUI thread; its signals are emitted from the training
    thread, so Qt queues them to the receivers. The GUI thread calls stop()/pause()/resume()/
    set_learning_rate() directly: they only touch the thread-safe TrainingControl.
    """

    started = pyqtSignal(dict)
    batch = pyqtSignal(dict)
    epoch = pyqtSignal(dict)       # + "weights" (numpy copies) and "inference_model"
    histograms = pyqtSignal(dict)  # {"histograms": a TrainingHistograms copy, "folder"}
    finished = pyqtSignal(object)  # RunOutcome; .result.inference_model: the kept weights
    failed = pyqtSignal(str)
    message = pyqtSignal(str)
    done = pyqtSignal()            # after finished or failed, always

    def __init__(self, dataset, config, control=None, test_each_epoch=False, owner=None,
                 runs_dir=None, resume=None):
        """``owner`` (a widget): training stops when it is destroyed. The worker itself has no
        parent; its running task keeps it alive until the run has delivered. ``runs_dir``:
        where the run folder goes (default: the per-user runs folder); ``resume``: the path
        of an interrupted run to continue instead (``config`` is then the run's own)."""
        super().__init__()
        self._owner = owner
        self.runs_dir, self.resume_path = runs_dir, resume
        self.run_folder = None  # the run's folder (a Path) once the run has started
        self.dataset = dataset
        self.config = config
        self.test_each_epoch = test_each_epoch
        self._control = control
        self.task = None
        self._copies = [None, None]  # the two per-epoch inference copies (see _inference_copy)

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
        """Start training in a BackgroundTask (owned by Qt until it has delivered); returns it.

        The task's ``finished`` comes after this worker's finished/failed and done.
        """
        control = self.control  # create the control in the GUI thread, before fit looks at it
        self.task = BackgroundTask(self._train, on_cancel=lambda: _stop(control),
                                   parent=self._owner)
        self.task.done.connect(self.finished)
        self.task.failed.connect(self.failed)
        self.task.finished.connect(self.done)
        return self.task.start()

    def shutdown(self, timeout_ms=30000):
        """Stop training and wait for its thread to end (never terminate)."""
        if self._control is not None:
            _stop(self._control)
        if self.task is not None:
            return self.task.wait(timeout_ms)
        return True

    def is_running(self):
        return self.task is not None and self.task.running

    def _train(self):
        from lab.core.architectures import build_model
        from lab.core.run_folder import RunFolder
        from lab.core.runs import RunController
        from lab.core.training import build_for_training

        import keras

        if self.resume_path is not None:
            controller = RunController.resuming(RunFolder(self.resume_path), self.dataset,
                                                control=self.control)
            config = controller.config
        else:
            controller = RunController(self.dataset, self.config, self.runs_dir,
                                       control=self.control,
                                       test_each_epoch=self.test_each_epoch)
            config = controller.prepared_config()
            keras.utils.set_random_seed(int(config.seed))
        classes = self.dataset.num_classes
        self._build_copy = lambda: build_model(config.architecture, classes,
                                               dropout=config.dropout)
        model = controller.model if controller.model is not None else \
            build_for_training(config, classes)  # bfloat16 where fast and the CPU allow
        controller.model = model
        controller.reporter = self._make_reporter(model, controller)
        controller.on_histograms = lambda histograms: self.histograms.emit(
            {"histograms": histograms, "folder": controller.folder.path})
        self._copies = [self._build_copy(), None]  # built ahead of the first epoch end
        outcome = controller.run()
        self.run_folder = outcome.folder.path
        outcome.result.inference_model = self._inference_copy(outcome.result.model.get_weights(),
                                                              final=True)
        return outcome

    def _inference_copy(self, weights, final=False):
        """A model holding ``weights`` for the GUI, made in this thread.

        Building and set_weights cost tens of ms, too much for the GUI thread. Epochs take
        turns between two copies, so the copy the GUI got last is never written to and no
        model is built per epoch (that grew memory every epoch); the final one is its own.
        """
        if final:
            copy = self._build_copy()
        else:
            self._copies.reverse()
            if self._copies[0] is None:
                self._copies[0] = self._build_copy()
            copy = self._copies[0]
        copy.set_weights(weights)
        return copy

    def _make_reporter(self, model, controller):
        from lab.core.training import Reporter

        worker = self

        def controller_folder():
            return controller.folder.path if controller.folder is not None else None

        class SignalReporter(Reporter):
            """Turns reporter calls (in the training thread) into queued signals."""

            def started(self, info):
                worker.run_folder = controller_folder()
                worker.started.emit(dict(_snapshot(info), run_folder=worker.run_folder))

            def batch(self, report):
                worker.batch.emit(_snapshot(report))

            def epoch(self, report):
                snap = _snapshot(report)
                snap["weights"] = [np.array(w, copy=True) for w in model.get_weights()]
                snap["inference_model"] = worker._inference_copy(snap["weights"])
                release_freed_memory()
                worker.epoch.emit(snap)

            def finished(self, result):
                pass  # run() emits finished once train() has returned

            def message(self, text):
                worker.message.emit(str(text))

        return SignalReporter()


def _stop(control):
    control.stop()
    control.resume()  # a paused fit must wake up to see the stop
