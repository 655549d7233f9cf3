"""RunSummary: one line of the runs listing, read from a run folder without failing on it.

list_runs(folder) reads every run folder, newest first; a damaged folder becomes a summary
with status DAMAGED and says what is wrong, and the others load as usual.
"""

import datetime
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from lab.core.checkpoint import Checkpoint
from lab.core.run_folder import (CHECKPOINT_FILE, EPOCHS_FILE, MODEL_DIR, RUN_FILE,
                                 STATUS_FILE, RunFolder, RunStatus, process_alive)

RESUMABLE = (RunStatus.INTERRUPTED,)


@dataclass
class RunSummary:
    """What the listing shows of one run; problem says why a run is damaged or failed."""

    id: str
    path: Path
    status: RunStatus
    title: str = ""
    dataset: str | None = None
    architecture: str | None = None
    members: int = 1
    epochs_done: int = 0
    epochs_total: int | None = None
    best_val_accuracy: float | None = None
    test_accuracy: float | None = None
    wall_time: float | None = None
    created: str | None = None
    stop_detail: str = ""
    problem: str = ""
    command: str | None = None

    @property
    def resumable(self):
        return self.status in RESUMABLE and self.members == 1

    @property
    def model_dir(self):
        """The saved model folder, or None before the run has saved one."""
        path = self.path / MODEL_DIR
        return path if (path / "model.keras").is_file() else None

    @property
    def state_text(self):
        """'interrupted at epoch 2 of 4', 'finished', 'damaged: …'."""
        if self.status is RunStatus.INTERRUPTED:
            return f"interrupted at epoch {self.epochs_done} of {self.epochs_total}"
        if self.status in (RunStatus.DAMAGED, RunStatus.FAILED) and self.problem:
            return f"{self.status}: {self.problem}"
        if self.status is RunStatus.STOPPED and self.stop_detail:
            return f"stopped: {self.stop_detail}"
        return str(self.status)

    def to_json(self):
        data = asdict(self)
        data.update(path=str(self.path), status=str(self.status), resumable=self.resumable,
                    state=self.state_text)
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in data.items()}

    @classmethod
    def read(cls, run):
        """The summary of a RunFolder; never raises for a bad folder."""
        info = run.read_json(RUN_FILE)
        if info is None:
            return cls(run.id, run.path, RunStatus.DAMAGED, created=_modified(run.path),
                       problem=f"{RUN_FILE} is missing or unreadable")
        status = run.read_json(STATUS_FILE) or {}
        config = info.get("config") or {}
        summary = cls(
            run.id, run.path, RunStatus.RUNNING, title=info.get("title") or "",
            dataset=info.get("dataset"), architecture=config.get("architecture"),
            members=int(info.get("members") or 1), epochs_total=_total(config, info),
            best_val_accuracy=status.get("best_val_accuracy"),
            test_accuracy=status.get("test_accuracy"), wall_time=status.get("wall_time"),
            created=info.get("created") or _modified(run.path),
            stop_detail=status.get("stop_detail") or "", problem=status.get("error") or "",
            command=info.get("command"))
        rows, problem = run.read_rows(EPOCHS_FILE)
        summary.epochs_done = len(rows)
        summary.status, damage = cls._status(run, status, len(rows), summary.members)
        problem = problem or damage
        if problem:
            summary.status, summary.problem = RunStatus.DAMAGED, problem
        return summary

    @staticmethod
    def _status(run, status, epochs, members):
        """(status, what is damaged or "") from status.json and the files present."""
        try:
            recorded = RunStatus(status.get("status"))
        except ValueError:
            return RunStatus.DAMAGED, f"{STATUS_FILE} is missing or unreadable"
        if recorded is RunStatus.RUNNING and not process_alive(status):
            recorded = RunStatus.INTERRUPTED
        if recorded in (RunStatus.FINISHED, RunStatus.STOPPED) and \
                not (run.path / MODEL_DIR / "model.keras").is_file():
            return recorded, f"the saved model ({MODEL_DIR}/model.keras) is missing"
        if members == 1 and epochs and recorded is RunStatus.INTERRUPTED:
            checkpoint = run.file(CHECKPOINT_FILE)
            if not checkpoint.is_file():
                return recorded, f"{CHECKPOINT_FILE} is missing"
            state = Checkpoint.read_state(checkpoint)
            if state is None:
                return recorded, f"{CHECKPOINT_FILE} cannot be read"
            # One epoch more in the checkpoint: the process died before that epoch's line
            # (resuming writes it from the checkpoint). Anything else is damage.
            if state.get("epochs_done") not in (epochs, epochs + 1):
                return recorded, (f"{EPOCHS_FILE} holds {epochs} epoch(s) but the checkpoint "
                                  f"{state.get('epochs_done')}: a file is truncated")
        return recorded, ""


def list_runs(folder):
    """Every run in folder (a RunSummary each), newest first; [] when there is none."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    runs = [RunSummary.read(RunFolder(path)) for path in folder.iterdir()
            if path.is_dir() and not path.name.startswith(".")]
    return sorted(runs, key=lambda run: (_when(run.created), run.id), reverse=True)


def _total(config, info):
    epochs = config.get("epochs")
    return None if epochs is None else int(epochs) * int(info.get("members") or 1)


def _modified(path):
    try:
        stamp = Path(path).stat().st_mtime
    except OSError:
        return None
    return datetime.datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="seconds")


def _when(text):
    try:
        moment = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return 0.0
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()
