"""One epoch's checkpoint: what resuming a run needs, in one .npz file written atomically.

It holds the model's weights at the end of the epoch, the optimizer's variables (Adam's
moments, its step count), the kept epoch's weights and the TrainingState as JSON (epochs
done, schedule position, history, kept epoch). One file, so a checkpoint is either the old
one or the new one, never half of each.
"""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.core.callbacks import TrainingState
from lab.core.errors import TrainingError
from lab.core.run_folder import write_atomically

FORMAT = 1


@dataclass
class Checkpoint:
    """The arrays and state of one saved epoch."""

    state: TrainingState
    weights: list
    optimizer_variables: list

    @classmethod
    def capture(cls, model, state):
        optimizer = model.optimizer
        return cls(state, model.get_weights(), [np.array(v.numpy()) for v in optimizer.variables])

    def save(self, path):
        """Write atomically: a temporary file in the same folder, fsync, then os.replace."""
        path = Path(path)
        arrays = {f"weights_{i}": w for i, w in enumerate(self.weights)}
        arrays.update({f"optimizer_{i}": v for i, v in enumerate(self.optimizer_variables)})
        arrays.update({f"kept_{i}": w for i, w in enumerate(self.state.best_weights or [])})
        state = {"format": FORMAT, **self.state.to_json()}
        arrays["state"] = np.frombuffer(json.dumps(state).encode("utf-8"), dtype=np.uint8)
        write_atomically(path, lambda stream: np.savez(stream, **arrays), binary=True)

    @classmethod
    def load(cls, path):
        """Read a checkpoint; TrainingError (saying so) when it is missing or damaged."""
        path = Path(path)
        if not path.is_file():
            raise TrainingError(f"{path} is missing: the run has no checkpoint to resume from")
        try:
            with np.load(path, allow_pickle=False) as archive:
                state = json.loads(archive["state"].tobytes().decode("utf-8"))
                if state.get("format") != FORMAT:
                    raise ValueError(f"unknown checkpoint format {state.get('format')!r}")
                weights = _numbered(archive, "weights_")
                optimizer = _numbered(archive, "optimizer_")
                kept = _numbered(archive, "kept_") or None
                return cls(TrainingState.from_json(state, kept), weights, optimizer)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise TrainingError(f"{path} is damaged ({str(exc).splitlines()[0][:200]}): the "
                                f"run cannot be resumed; start it again") from None

    @staticmethod
    def read_state(path):
        """Only the JSON state (cheap: the arrays are not read); None if unreadable."""
        try:
            with np.load(path, allow_pickle=False) as archive:
                return json.loads(archive["state"].tobytes().decode("utf-8"))
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
            return None

    def restore(self, model):
        """Put the weights and optimizer variables into a compiled model; the state."""
        try:
            model.set_weights(self.weights)
            optimizer = model.optimizer
            optimizer.build(model.trainable_variables)
            if len(optimizer.variables) != len(self.optimizer_variables):
                raise ValueError(f"the optimizer has {len(optimizer.variables)} variables, "
                                 f"the checkpoint {len(self.optimizer_variables)}")
            for variable, value in zip(optimizer.variables, self.optimizer_variables):
                variable.assign(value)
        except ValueError as exc:
            raise TrainingError(f"the checkpoint does not fit the model "
                                f"({str(exc).splitlines()[0][:200]}): the run's settings "
                                f"changed; start it again") from None
        return self.state


def _numbered(archive, prefix):
    names = [n for n in archive.files if n.startswith(prefix)]
    return [archive[f"{prefix}{i}"] for i in range(len(names))]
