"""RunRecorder: a Reporter that passes every report on and writes it into the run folder.

Rows of an epoch are held in memory and written when the epoch is committed: first the
checkpoint, then status.json, the TensorBoard scalars and the batch lines, and last the epoch
line. So an epoch line on disk always has its checkpoint, and a crash mid-epoch leaves
nothing of that epoch behind (resuming trains it again).
"""

import math
import time

from lab.core.tensorflow_setup import import_tensorflow

tf = import_tensorflow()

from lab.core.checkpoint import Checkpoint
from lab.core.run_folder import (BATCHES_FILE, CHECKPOINT_FILE, EPOCHS_FILE, TENSORBOARD_DIR,
                                 RunStatus)
from lab.core.training import Reporter

# TensorBoard names, as Keras' own TensorBoard callback writes them: train/ and validation/
# runs with the same tags, so TensorBoard draws both curves in one chart.
EPOCH_SCALARS = {"train": (("loss", "epoch_loss"), ("accuracy", "epoch_accuracy"),
                           ("learning_rate", "epoch_learning_rate")),
                 "validation": (("val_loss", "epoch_loss"), ("val_accuracy", "epoch_accuracy")),
                 "test": (("test_accuracy", "epoch_accuracy"),)}
BATCH_SCALARS = (("loss", "batch_loss"), ("accuracy", "batch_accuracy"),
                 ("learning_rate", "batch_learning_rate"))
# What TensorBoard's own scalar summary attaches (its package is not needed to write them).
SCALAR_METADATA = tf.compat.v1.SummaryMetadata(
    plugin_data=tf.compat.v1.SummaryMetadata.PluginData(plugin_name="scalars"),
    data_class=1).SerializeToString()   # DATA_CLASS_SCALAR


class RunRecorder(Reporter):
    """Tees reports to `reporter` and the run folder. `seconds` is the time spent writing.

    With checkpoints (a single model), train() calls commit(model, state) after each epoch;
    an ensemble's members have no checkpoint, so their epochs are written as they end.
    """

    def __init__(self, folder, reporter, checkpoints=True):
        self.folder, self.reporter, self.checkpoints = folder, reporter, checkpoints
        self.seconds = 0.0
        self._batches, self._epochs = [], []
        self._writers = {}
        self._epochs_written = 0

    def started(self, info):
        self.reporter.started(info)

    def batch(self, report):
        self._batches.append(dict(report))
        self.reporter.batch(report)

    def epoch(self, report):
        self._epochs.append(dict(report))
        self.reporter.epoch(report)
        if not self.checkpoints:
            began = time.perf_counter()
            self._write_rows()
            self.folder.mark(RunStatus.RUNNING, epochs_done=self._epochs_written)
            self.seconds += time.perf_counter() - began

    def finished(self, result):
        self.reporter.finished(result)

    def message(self, text):
        self.reporter.message(text)

    def commit(self, model, state):
        """Checkpoint, status summary, TensorBoard, then this epoch's rows: the epoch line
        comes last, so whoever sees it finds everything else of that epoch on disk."""
        began = time.perf_counter()
        Checkpoint.capture(model, state).save(self.folder.file(CHECKPOINT_FILE))
        self.folder.mark(RunStatus.RUNNING, epochs_done=state.epochs_done,
                         best_epoch=state.best_epoch, best_val_accuracy=state.best_accuracy,
                         wall_time=state.clock.elapsed)
        self._write_rows()
        self.seconds += time.perf_counter() - began

    def close(self):
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def _write_rows(self):
        batches, epochs = self._batches, self._epochs
        self._batches, self._epochs = [], []
        for row in batches:
            self._scalars(row, "train", BATCH_SCALARS, row["global_step"])
        for row in epochs:
            for split, scalars in EPOCH_SCALARS.items():
                self._scalars(row, split, scalars, row["epoch"])
        for writer in self._writers.values():
            writer.flush()
        self.folder.append_rows(BATCHES_FILE, batches)
        self.folder.append_rows(EPOCHS_FILE, epochs)   # last: the epoch is complete on disk
        self._epochs_written += len(epochs)

    def _scalars(self, row, split, scalars, step):
        values = [(tag, row.get(key)) for key, tag in scalars]
        values = [(tag, float(v)) for tag, v in values if v is not None and math.isfinite(v)]
        if not values:
            return
        writer = self._writer(row.get("member"), split)
        with writer.as_default(step=int(step)):
            for tag, value in values:
                tf.summary.write(tag, tf.constant(value, tf.float32), metadata=SCALAR_METADATA)

    def _writer(self, member, split):
        """tensorboard/<split>, or tensorboard/member-<n>/<split> for an ensemble."""
        key = (member, split)
        if key not in self._writers:
            folder = self.folder.file(TENSORBOARD_DIR)
            if member is not None:
                folder = folder / f"member-{member}"
            self._writers[key] = tf.summary.create_file_writer(str(folder / split),
                                                               max_queue=10_000)
        return self._writers[key]
