"""Model folders: model.keras + metadata.json, written atomically, loaded without running code.

Saving builds the new folder as a temporary sibling and swaps it in, so an existing model
survives any failure. Loading refuses Lambda layers and any non-Keras class before Keras
sees the file, and then loads with safe_mode=True as a second guard.
"""

import datetime
import errno
import json
import math
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lab.core.tensorflow_setup import import_tensorflow

import_tensorflow()  # first, so its start-up noise stays off stderr
import keras
import numpy as np

from lab import __version__
from lab.core.errors import ModelError

MODEL_FILE = "model.keras"
METADATA_FILE = "metadata.json"
INPUT_SHAPE = (None, 28, 28, 1)


@dataclass
class SavedModel:
    """A loaded (or just trained) model with its metadata; path is None when unsaved."""

    model: object
    metadata: dict
    path: Path | None = None

    @property
    def class_names(self):
        return tuple(self.metadata.get("class_names", ()))

    @property
    def dataset(self):
        return self.metadata.get("dataset")

    @property
    def architecture(self):
        return self.metadata.get("architecture")

    @property
    def members(self):
        """How many models it averages: 1, or an ensemble's member count."""
        return max(1, len(self.metadata.get("ensemble_members") or ()))

    @property
    def title(self):
        """'vgg', or 'vgg ×2' for an ensemble of two."""
        name = self.architecture or "model"
        return f"{name} ×{self.members}" if self.members > 1 else name


def save_model(folder, model, metadata):
    """Write folder/model.keras and folder/metadata.json atomically; returns the folder."""
    folder = Path(folder).absolute()
    had_previous = folder.exists()
    intact = ("the previous model is intact" if had_previous else "nothing was written")
    temp = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for path in (folder.parent, folder) if had_previous else (folder.parent,):
            if not _writable(path):
                raise PermissionError(errno.EACCES, "the folder is read-only", str(path))
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.saving-", dir=folder.parent))
        _inference_copy(model).save(temp / MODEL_FILE)
        metadata = {**metadata, "lab_version": __version__,
                    "saved_at": datetime.datetime.now().astimezone().isoformat()}
        _write_json(temp / METADATA_FILE, metadata)
        _swap(temp, folder)
    except (OSError, ValueError, TypeError) as exc:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        raise ModelError(f"cannot save the model to {folder}: {_reason(exc)}; {intact}") from exc
    return folder


def load_model(folder):
    """Load a model folder; any problem → ModelError saying what is wrong."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(f"model folder {folder} not found: choose a folder saved by Digit Lab")
    meta_path, model_path = folder / METADATA_FILE, folder / MODEL_FILE
    if not meta_path.is_file():
        raise ModelError(f"{folder} has no {METADATA_FILE}: it is not a Digit Lab model "
                         f"folder (save the model again from Digit Lab)")
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        class_names = tuple(str(c) for c in metadata["class_names"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{meta_path} is damaged ({_reason(exc)}): save the model "
                         f"again") from None
    if not model_path.is_file():
        raise ModelError(f"{folder} has no {MODEL_FILE}: save the model again")
    _refuse_code(model_path)
    try:
        model = keras.saving.load_model(model_path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many types for a damaged archive
        raise ModelError(f"{model_path} is corrupt or not a Keras model "
                         f"({_reason(exc)}): save the model again") from None
    saved = SavedModel(model, metadata, folder)
    _check_shapes(saved, len(class_names), f"{model_path}")
    return saved


def check_fits(saved, dataset):
    """ModelError unless the saved model's classes and input fit `dataset`."""
    _check_shapes(saved, len(saved.class_names), "the model")
    if tuple(saved.class_names) != tuple(dataset.class_names):
        trained = saved.dataset or "another dataset"
        raise ModelError(
            f"the model was trained on {trained} (classes {_classes(saved.class_names)}) but "
            f"{dataset.title} has classes {_classes(dataset.class_names)}: load a model "
            f"trained on {dataset.name} or train one")


def build_metadata(dataset, result, evaluation=None, command=None):
    """The metadata.json content for a model trained by lab.core.training.train."""
    config = result.config.to_dict() if result.config is not None else {}
    if isinstance(command, (list, tuple)):
        command = " ".join(str(part) for part in command)
    return {
        "dataset": dataset.name, "dataset_title": dataset.title,
        "class_names": list(dataset.class_names),
        "architecture": config.get("architecture"), "hyperparameters": config,
        "history": {k: list(v) for k, v in result.history.items()},
        "stop_reason": result.stop_reason, "best_epoch": result.best_epoch,
        "best_val_accuracy": result.best_val_accuracy,
        **evaluation_metadata(evaluation),
        "wall_time_s": result.wall_time, "command": command,
        "ensemble_members": [dict(member) for member in result.members],
        "created": datetime.datetime.now().astimezone().isoformat(),
        "lab_version": __version__,
    }


def evaluation_metadata(evaluation=None):
    """The metadata.json entries of a test-split evaluation (None for both without one)."""
    if evaluation is None:
        return {"test_metrics": None, "per_class_recall": None}
    return {"test_metrics": {"accuracy": float(evaluation.accuracy),
                             "loss": float(evaluation.loss), "n": int(evaluation.n)},
            "per_class_recall": {str(row["class"]): float(row["recall"])
                                 for row in evaluation.per_class}}


def _writable(path):
    # Also honour the owner-write bit: root passes os.access on a read-only folder.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def _inference_copy(model):
    """An uncompiled copy (no optimizer state: the file stays small and loads clean)."""
    try:
        copy = type(model).from_config(model.get_config())   # clone_model keeps compile
        copy.set_weights(model.get_weights())
        return copy
    except (ValueError, TypeError, NotImplementedError):
        return model


def _write_json(path, data):
    text = json.dumps(_plain(data), indent=2, ensure_ascii=False, allow_nan=False)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _plain(value):
    """JSON-safe copy: numpy scalars/arrays → Python, NaN/inf → None, paths → str."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def _swap(temp, folder):
    """Replace folder by temp; on failure the old folder is put back."""
    if not folder.exists():
        os.replace(temp, folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    os.rmdir(old)
    os.replace(folder, old)
    try:
        os.replace(temp, folder)
    except OSError:
        os.replace(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _reason(exc):
    if isinstance(exc, OSError):
        known = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only",
                 errno.EACCES: "permission denied (the folder is read-only)",
                 errno.EPERM: "permission denied (the folder is read-only)",
                 errno.EDQUOT: "the disk quota is exceeded"}
        return known.get(exc.errno, exc.strerror or str(exc))
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def _refuse_code(model_path):
    """Refuse Lambda layers and non-Keras classes by reading config.json, never executing it."""
    try:
        with zipfile.ZipFile(model_path) as archive:
            config = json.loads(archive.read("config.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ModelError(f"{model_path} is corrupt or not a Keras model ({_reason(exc)}): "
                         f"save the model again") from None
    for node in _nodes(config):
        name, module = node.get("class_name"), node.get("module")
        if name in ("Lambda", "__lambda__") or node.get("class_name") == "function" or (
                isinstance(module, str) and not module.startswith("keras")):
            raise ModelError(
                f"{model_path} was refused: it contains {name or 'custom code'!s}"
                f"{f' from {module}' if module else ''}, i.e. code that would run on loading; "
                f"Digit Lab loads only standard Keras layers (retrain the model without it)")


def _nodes(value):
    if isinstance(value, dict):
        if "class_name" in value:
            yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


def _check_shapes(saved, num_classes, where):
    model = saved.model
    try:
        input_shape, output_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError, TypeError):
        raise ModelError(f"{where} has no single input and output: not a Digit Lab "
                         f"model") from None
    if input_shape != INPUT_SHAPE:
        raise ModelError(f"{where} takes input {input_shape[1:]} but Digit Lab models take "
                         f"28×28×1 images: use a model trained by Digit Lab")
    if len(output_shape) != 2 or output_shape[-1] != num_classes:
        raise ModelError(f"{where} predicts {output_shape[-1]} classes but its metadata "
                         f"names {num_classes}: the folder is inconsistent, save it again")


def _classes(names):
    names = tuple(names)
    return f"{names[0]}..{names[-1]}" if len(names) > 3 else ", ".join(names)
