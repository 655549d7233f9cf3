"""One run on disk: `<runs>/<id>/` and the files in it, written atomically or appended.

    run.json         what was run: resolved config, command, dataset, environment
    status.json      running / finished / stopped / failed, the owning process, summary
    epochs.jsonl     one JSON line per epoch (written after that epoch's checkpoint)
    batches.jsonl    one JSON line per reported batch (flushed at each epoch's end)
    checkpoint.npz   the last epoch's weights, optimizer, kept weights and state
    tensorboard/     train/ and validation/ event files (tensorboard --logdir <runs>)
    histograms.npz   weights, activations and gradient norms per layer and epoch
                     (lab.core.training_histograms; rewritten before each epoch line)
    model/           the saved model folder (model.keras + metadata.json), at the end

A run whose status.json says "running" but whose process is gone is *interrupted*; a folder
whose files contradict each other or cannot be read is *damaged*. Reading never raises for a
bad folder: RunSummary.read(folder) (lab.core.run_summary) says what is wrong.
"""

import enum
import json
import math
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

from lab.core.errors import TrainingError

RUN_FILE, STATUS_FILE = "run.json", "status.json"
EPOCHS_FILE, BATCHES_FILE = "epochs.jsonl", "batches.jsonl"
CHECKPOINT_FILE, MODEL_DIR, TENSORBOARD_DIR = "checkpoint.npz", "model", "tensorboard"
HISTOGRAMS_FILE = "histograms.npz"


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"          # by the user, or the loss diverged (stop_detail says which)
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # read only: "running", but the owning process has gone
    DAMAGED = "damaged"          # read only: a file is missing, truncated or unreadable


def default_runs_dir():
    """<per-user data folder>/runs ($LAB_USER_DIR/runs in tests)."""
    from lab.core.datasets import user_data_dir

    return user_data_dir() / "runs"


class RunFolder:
    """Paths and reads/writes of one run folder; see the module docstring."""

    def __init__(self, path):
        self.path = Path(path)

    @property
    def id(self):
        return self.path.name

    def file(self, name):
        return self.path / name

    @classmethod
    def create(cls, runs_dir, name):
        """A new empty folder <runs_dir>/<name>[-2, -3, …] (made exclusively)."""
        runs_dir = Path(runs_dir)
        try:
            runs_dir.mkdir(parents=True, exist_ok=True)
            for number in range(1, 1000):
                path = runs_dir / (name if number == 1 else f"{name}-{number}")
                try:
                    path.mkdir()
                    return cls(path)
                except FileExistsError:
                    continue
        except OSError as exc:
            raise TrainingError(f"cannot create a run folder in {runs_dir} "
                                f"({exc.strerror or exc}): choose another folder with "
                                f"--runs-dir") from None
        raise TrainingError(f"{runs_dir} already holds 999 runs named {name}: "
                            f"delete some or choose another --runs-dir")

    @classmethod
    def find(cls, runs_dir, run):
        """A run by folder path or by id in runs_dir; TrainingError if there is none."""
        for path in (Path(run), Path(runs_dir) / str(run)):
            if (path / RUN_FILE).is_file():
                return cls(path)
        raise TrainingError(f"no run {run!r} in {runs_dir}: `python -m lab runs` lists the "
                            f"runs (add --runs-dir DIR for another folder)")

    # -- writing ---------------------------------------------------------------------------

    def write_json(self, name, data):
        _write_atomically(self.file(name), json.dumps(_plain(data), indent=2,
                                                      ensure_ascii=False) + "\n")

    def mark(self, status, **fields):
        """Rewrite status.json: the status, this process and the given summary fields."""
        previous = self.read_json(STATUS_FILE) or {}
        owner = {"pid": os.getpid(), "host": socket.gethostname(),
                 "process_start": _process_start(os.getpid())}
        self.write_json(STATUS_FILE, {**previous, **fields, **owner, "status": str(status)})

    def append_rows(self, name, rows):
        """Append JSON lines and flush them to the operating system."""
        if not rows:
            return
        text = "".join(json.dumps(_plain(row), ensure_ascii=False) + "\n" for row in rows)
        with open(self.file(name), "a", encoding="utf-8") as stream:
            stream.write(text)

    def keep_rows(self, name, keep):
        """Atomically rewrite a metrics file with the rows for which keep(row) is true."""
        rows, _ = self.read_rows(name)
        kept = [row for row in rows if keep(row)]
        _write_atomically(self.file(name), "".join(
            json.dumps(row, ensure_ascii=False) + "\n" for row in kept))

    def set_title(self, title):
        """A display name for the run (the folder keeps its id)."""
        data = self.read_json(RUN_FILE)
        if data is None:
            raise TrainingError(f"{self.file(RUN_FILE)} is damaged: the run cannot be renamed")
        self.write_json(RUN_FILE, {**data, "title": str(title).strip()})

    def delete(self):
        """Remove the folder; refused while its process still trains."""
        status = self.read_json(STATUS_FILE) or {}
        if status.get("status") == RunStatus.RUNNING and process_alive(status):
            raise TrainingError(f"run {self.id} is still training (process {status.get('pid')}): "
                                f"stop it first")
        shutil.rmtree(self.path)

    # -- reading ---------------------------------------------------------------------------

    def read_json(self, name):
        """The parsed file, or None when it is missing or unreadable."""
        try:
            data = json.loads(self.file(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def read_rows(self, name, tolerate_torn_tail=False):
        """(rows, problem): the JSON lines of a metrics file; problem names a bad line.

        The batch file is written in blocks, so a crash may leave its last line half
        written: with tolerate_torn_tail that line is dropped without complaint.
        """
        try:
            text = self.file(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], None
        except (OSError, UnicodeDecodeError) as exc:
            return [], f"{name} cannot be read ({exc})"
        lines = text.split("\n")
        torn = lines.pop()   # "" when the file ends with a newline
        rows = []
        for number, line in enumerate(lines, 1):
            try:
                rows.append(json.loads(line))
            except ValueError:
                return rows, f"{name} is damaged at line {number}"
        if torn and not tolerate_torn_tail:
            return rows, f"{name} is truncated (its last line is cut off)"
        return rows, None

    def epochs(self):
        """The per-epoch metric rows (the curves); unreadable lines are left out."""
        return self.read_rows(EPOCHS_FILE)[0]

    def batches(self):
        return self.read_rows(BATCHES_FILE, tolerate_torn_tail=True)[0]


def process_alive(status):
    """Whether the process that wrote status.json still runs. On another host it cannot be
    checked and counts as alive; a reused process id is told apart by its start time."""
    pid = status.get("pid")
    if not isinstance(pid, int) or status.get("host") != socket.gethostname():
        return True
    stat = _proc_stat(pid)
    if stat is not None:
        state, start = stat
        recorded = status.get("process_start")
        return state not in ("Z", "X") and (recorded is None or recorded == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _proc_stat(pid):
    """(state, start time in clock ticks) from /proc/<pid>/stat, or None off Linux."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()   # the name may hold spaces and brackets
    return fields[0], int(fields[19])


def _process_start(pid):
    stat = _proc_stat(pid)
    return None if stat is None else stat[1]


def write_atomically(path, write, binary=False):
    """``write(stream)`` into a temporary file beside ``path``, fsync, then os.replace: the
    file is the old one or the new one, never half of each."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with (os.fdopen(handle, "wb") if binary else
              os.fdopen(handle, "w", encoding="utf-8")) as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_atomically(path, text):
    write_atomically(path, lambda stream: stream.write(text))


def _plain(value):
    """JSON-safe: numpy scalars → Python, NaN/inf → None, paths → str."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (Path, enum.Enum)):
        return str(value)
    return value


def safe_name(text):
    """A folder-name-safe version of text."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(text)).strip("-") or "run"
