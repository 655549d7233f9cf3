"""Benchmark row: what recording a run costs (lab.core.runs), against an epoch's training.

It imports nothing from the rest of lab.bench, so there is no import cycle.
"""

import tempfile
import time
from pathlib import Path

ROW = "Run folder writing"
TARGET_SHARE = 0.02


def run_folder_rows(bench, epochs=2):
    """One row: the run folder's writing time per epoch (checkpoint, status, metrics,
    TensorBoard) as a share of the training time of an epoch, for the fast model.

    `bench` is the lab.bench.Benchmark that asks: its dataset, log, quick flag and verdict.
    """
    from lab.core.run_folder import CHECKPOINT_FILE
    from lab.core.runs import RunController
    from lab.core.training import TrainingConfig

    dataset, note = bench.training_dataset()
    epochs = 1 if bench.quick else epochs
    with tempfile.TemporaryDirectory(prefix="lab-bench-runs-") as runs_dir:
        began = time.perf_counter()
        controller = RunController(dataset, TrainingConfig(architecture="fast", epochs=epochs,
                                                           seed=1), Path(runs_dir))
        outcome = controller.run()
        total = time.perf_counter() - began
        size = outcome.folder.file(CHECKPOINT_FILE).stat().st_size
    writing = controller.recording_seconds / epochs
    training = outcome.result.wall_time / epochs
    share = writing / max(training, 1e-9)
    bench.log(f"run folder: {writing * 1000:.0f} ms per epoch against {training:.1f} s of "
              f"training ({share:.2%}); whole run {total:.1f} s")
    return [(ROW, f"{writing * 1000:.0f} ms per epoch = {share:.2%} of an epoch's training "
             f"({training:.1f} s); checkpoint {size / 1e6:.1f} MB",
             f"< {TARGET_SHARE:.0%} of an epoch", bench.verdict(share < TARGET_SHARE),
             f"RunController with the fast default config, {epochs} epoch(s) on "
             f"{len(dataset.train):,} images: time spent in the epoch commit (atomic "
             "checkpoint with fsync, status.json, batch and epoch lines, TensorBoard scalars) "
             "over the training time (RunRecorder.seconds / TrainingResult.wall_time)"
             + (f"; {note}" if note else ""))]
