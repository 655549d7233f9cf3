"""Dataset registry: where data lives, MNIST and notMNIST loading, splits and class names.

No TensorFlow here: the GUI imports this module at start-up.
"""

import hashlib
import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.core import download as downloads
from lab.core.errors import DatasetError
from lab.core.idx import atomic_write_bytes, read_idx_pair
from lab.core.notmnist_archive import (LETTERS, NOTMNIST_ARCHIVE, NOTMNIST_FOLDER,
                                      decode_notmnist)

DATASET_NAMES = ("mnist", "notmnist")
TITLES = {"mnist": "MNIST digits", "notmnist": "notMNIST letters"}
DIGITS = tuple("0123456789")
MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
# Published MD5s of the UNCOMPRESSED files (the .gz wrappers differ between mirrors).
MNIST_MD5 = {
    "train_images": "6bbc9ace898e44ae57da46a324031adb",
    "train_labels": "a25bea736e30d166cdddb491f175f624",
    "test_images": "2646ac647ad5339dbf082846283269ea",
    "test_labels": "27ae3e4e09519cfbb04c329615203637",
}
MNIST_MIRRORS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
MNIST_VALIDATION = 5000
NOTMNIST_URLS = ("http://yaroslavvb.com/upload/notMNIST/notMNIST_small.tar.gz",)
NOTMNIST_SPLIT = (80, 90)  # font hash bucket 0..99: <80 train, <90 validation, else test
CACHE_VERSION = 1
SPLIT_NAMES = ("train", "validation", "test")
DOWNLOAD_HINT = ("run `python -m lab datasets --download` (or press Download in the "
                 "Dataset tab) to fetch them")


@dataclass(frozen=True)
class Split:
    """One part of a dataset: uint8 images (N, 28, 28) and int64 labels (N,)."""

    images: np.ndarray
    labels: np.ndarray
    name: str

    def __len__(self):
        return len(self.labels)


@dataclass(frozen=True)
class Dataset:
    """A labelled dataset with train / validation / test splits."""

    name: str
    title: str
    class_names: tuple
    train: Split
    validation: Split
    test: Split
    source: str
    skipped: tuple = ()

    def split(self, name):
        """The split called ``name``: "train", "validation" or "test"."""
        if name not in SPLIT_NAMES:
            raise DatasetError(f"unknown split {name!r}: choose one of {', '.join(SPLIT_NAMES)}")
        return getattr(self, name)

    @property
    def num_classes(self):
        return len(self.class_names)


def user_data_dir():
    """The per-user data folder: $LAB_USER_DIR, else $XDG_DATA_HOME/digit-lab."""
    if os.environ.get("LAB_USER_DIR"):
        return Path(os.environ["LAB_USER_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser() / "digit-lab"


def resolve_data_dir(explicit=None):
    """The data folder: ``explicit`` (--data-dir), else $LAB_DATA_DIR, else the per-user one."""
    chosen = explicit or os.environ.get("LAB_DATA_DIR")
    return Path(chosen).expanduser() if chosen else user_data_dir()


def cache_dir():
    """Where decoded arrays are cached: $LAB_CACHE_DIR, else ~/.cache/digit-lab."""
    if os.environ.get("LAB_CACHE_DIR"):
        return Path(os.environ["LAB_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "digit-lab"


def as_model_input(images):
    """uint8 (N, 28, 28) (or one (28, 28) image) → float32 (N, 28, 28, 1) on the 0..255 scale."""
    array = np.asarray(images, dtype=np.float32)
    if array.ndim == 2:
        array = array[None]
    if array.ndim == 3:
        array = array[..., None]
    if array.shape[1:] != (28, 28, 1):
        raise DatasetError(f"images must be 28×28 (got an array of shape {array.shape})")
    return array


def _dataset_name(name):
    key = str(name).lower()
    if key not in DATASET_NAMES:
        raise DatasetError(f"unknown dataset {name!r}: choose one of {', '.join(DATASET_NAMES)}")
    return key


def _find_mnist(data_dir):
    """{key: Path or None}: each standard file in <data_dir>/mnist or <data_dir>, .gz or raw."""
    found = {}
    for key, gz_name in MNIST_FILES.items():
        raw = gz_name.removesuffix(".gz")
        names = (gz_name, raw, raw.replace("-idx", ".idx"))  # "train-images.idx3-ubyte" unpacked
        candidates = [folder / n for folder in (data_dir / "mnist", data_dir) for n in names]
        found[key] = next((path for path in candidates if path.is_file()), None)
    return found


def _find_notmnist(data_dir):
    """The notMNIST archive or extracted folder under <data_dir>/notmnist or <data_dir>."""
    for folder in (data_dir / "notmnist", data_dir):
        if (folder / NOTMNIST_ARCHIVE).is_file():
            return folder / NOTMNIST_ARCHIVE
        if (folder / NOTMNIST_FOLDER).is_dir():
            return folder / NOTMNIST_FOLDER
    return None


def _missing_error(data_dir, folder, missing):
    """DatasetError naming each missing file, the exact folder for it and how to download."""
    where = "" if data_dir.is_dir() else f"the data folder {data_dir} does not exist. "
    return DatasetError(f"{where}missing data files: {', '.join(missing)}. Put them in "
                        f"{folder} or {DOWNLOAD_HINT}.")


def dataset_status(name, data_dir=None):
    """Which files of dataset ``name`` are found where (no loading).

    Returns {"name", "title", "data_dir", "folder" (where missing files go), "complete",
    "files": [{"file", "path" (str or None), "size" (bytes or None)}], "missing": [file names]}.
    """
    name = _dataset_name(name)
    data_dir = resolve_data_dir(data_dir)
    if name == "mnist":
        found = {MNIST_FILES[key]: path for key, path in _find_mnist(data_dir).items()}
    else:
        found = {NOTMNIST_ARCHIVE: _find_notmnist(data_dir)}
    files = [{"file": file, "path": str(path) if path else None,
              "size": path.stat().st_size if path and path.is_file() else None}
             for file, path in found.items()]
    missing = [file for file, path in found.items() if path is None]
    return {"name": name, "title": TITLES[name], "data_dir": str(data_dir),
            "folder": str(data_dir / name), "complete": not missing, "files": files,
            "missing": missing}


def verify_mnist(data_dir=None):
    """Check the MNIST files against the published MD5s of their uncompressed content.

    Returns one {"file", "path", "md5", "expected", "ok"} per file (+ "error" when unreadable);
    missing files have path and md5 None.
    """
    results = []
    for key, path in _find_mnist(resolve_data_dir(data_dir)).items():
        entry = {"file": MNIST_FILES[key], "path": str(path) if path else None, "md5": None,
                 "expected": MNIST_MD5[key], "ok": False}
        if path is None:
            entry["error"] = "missing"
        else:
            try:
                entry["md5"] = downloads.file_digest(path, "md5", uncompressed=True)
            except DatasetError as exc:
                entry["error"] = str(exc)
            entry["ok"] = entry["md5"] == MNIST_MD5[key]
        results.append(entry)
    return results


def load_dataset(name, data_dir=None, progress=None, download=False):
    """Load "mnist" or "notmnist" from the data folder; ``progress(fraction, message)``."""
    name = _dataset_name(name)
    data_dir = resolve_data_dir(data_dir)
    report = progress or (lambda fraction, message: None)
    if name == "mnist":
        return _load_mnist(data_dir, report, download)
    return _load_notmnist(data_dir, report, download)


def _load_mnist(data_dir, report, download):
    found = _find_mnist(data_dir)
    missing = [key for key, path in found.items() if path is None]
    if missing and not download:
        raise _missing_error(data_dir, data_dir / "mnist", [MNIST_FILES[k] for k in missing])
    for i, key in enumerate(missing):
        file = MNIST_FILES[key]
        found[key] = downloads.download_file(
            [mirror + file for mirror in MNIST_MIRRORS], data_dir / "mnist" / file,
            expected_md5=MNIST_MD5[key], uncompressed=True,
            progress=_scaled(report, i / len(missing), (i + 1) / len(missing), 0.0, 0.5),
        )
    report(0.5 if missing else 0.0, "reading the MNIST training files")
    train_x, train_y = read_idx_pair(found["train_images"], found["train_labels"])
    report(0.8 if missing else 0.7, "reading the MNIST test files")
    test_x, test_y = read_idx_pair(found["test_images"], found["test_labels"])
    for labels, key in ((train_y, "train_labels"), (test_y, "test_labels")):
        if labels.max() >= len(DIGITS):
            raise DatasetError(f"{found[key].name} holds label {labels.max()}, but MNIST labels "
                               f"are 0..9: download it again ({found[key]})")
    if len(train_y) < 2:
        raise DatasetError(f"{found['train_images'].name} holds {len(train_y)} image: too few "
                           "to split off a validation set")
    n_val = MNIST_VALIDATION if len(train_y) >= 60000 else max(1, len(train_y) // 10)
    cut = len(train_y) - n_val
    train_y, test_y = train_y.astype(np.int64), test_y.astype(np.int64)
    report(1.0, f"MNIST: {cut:,} train, {n_val:,} validation, {len(test_y):,} test images")
    folder = found["train_images"].parent
    return Dataset("mnist", TITLES["mnist"], DIGITS, Split(train_x[:cut], train_y[:cut], "train"),
                   Split(train_x[cut:], train_y[cut:], "validation"),
                   Split(test_x, test_y, "test"), str(folder), ())


def _scaled(report, start, stop, low, high):
    """A progress callback mapping 0..1 onto [start, stop] of the range [low, high]."""
    def scaled(fraction, message):
        report(low + (high - low) * (start + (stop - start) * fraction), message)
    return scaled


def font_split(file_name):
    """0 (train), 1 (validation) or 2 (test) for a notMNIST font file name (its basename).

    A stable hash (not Python's salted hash()) keeps the split the same on every machine.
    """
    bucket = int(hashlib.md5(file_name.encode("utf-8")).hexdigest()[:8], 16) % 100
    return sum(bucket >= edge for edge in NOTMNIST_SPLIT)


def _load_notmnist(data_dir, report, download):
    source = _find_notmnist(data_dir)
    if source is None and not download:
        folder = data_dir / "notmnist"
        raise _missing_error(data_dir, folder, [f"{NOTMNIST_ARCHIVE} (or the extracted "
                                                f"{NOTMNIST_FOLDER} folder)"])
    fetched = source is None
    if fetched:
        source = downloads.download_file(NOTMNIST_URLS, data_dir / "notmnist" / NOTMNIST_ARCHIVE,
                                         progress=_scaled(report, 0, 1, 0.0, 0.5))
    cache = cache_dir() / f"notmnist-{_source_key(source)}.npz"
    arrays = _read_cache(cache)
    if arrays is None:
        decoded = decode_notmnist(source, _scaled(report, 0, 1, 0.5 if fetched else 0, 0.95))
        arrays = _arrays_from(decoded)
        if not len(arrays["labels"]):
            raise DatasetError(f"{source.name} holds no notMNIST letter images (expected PNG "
                               f"files in folders A..J): download {NOTMNIST_ARCHIVE} again "
                               f"({source})")
        _write_cache(cache, arrays)
    else:
        report(0.9, f"read decoded notMNIST from the cache {cache}")
    splits = [Split(arrays["images"][arrays["splits"] == code],
                    arrays["labels"][arrays["splits"] == code], split_name)
              for code, split_name in enumerate(SPLIT_NAMES)]
    skipped = tuple(str(s) for s in arrays["skipped"])
    note = f", {len(skipped)} undecodable files skipped" if skipped else ""
    report(1.0, f"notMNIST: {len(splits[0]):,} train, {len(splits[1]):,} validation, "
                f"{len(splits[2]):,} test images{note}")
    return Dataset("notmnist", TITLES["notmnist"], LETTERS, *splits, str(source), skipped)


def _source_key(source):
    """Cache key of an archive (path+size+mtime) or extracted folder (its letter folders)."""
    stats = [source] + ([source / letter for letter in LETTERS] if source.is_dir() else [])
    parts = [str(source.resolve()), str(CACHE_VERSION)]
    for path in stats:
        if path.exists():
            info = path.stat()
            parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20]


def _read_cache(path):
    """The cached arrays, or None when absent or unreadable (then it is rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in ("images", "labels", "splits", "skipped")}
    except (OSError, ValueError, KeyError, zlib.error, EOFError, zipfile.BadZipFile):
        return None
    n = len(arrays["labels"])
    if arrays["images"].shape != (n, 28, 28) or len(arrays["splits"]) != n:
        return None
    return arrays


def _write_cache(path, arrays):
    """Write the cache atomically; a read-only cache folder only costs speed next time."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    try:
        atomic_write_bytes(path, buffer.getvalue())
    except OSError:
        pass


def _arrays_from(decoded):
    """Sort decoded (letter, font, image) triples into the arrays the cache holds."""
    glyphs, skipped = decoded
    glyphs.sort(key=lambda g: (g[0], g[1]))
    images = np.zeros((len(glyphs), 28, 28), np.uint8)
    for i, (_, _, image) in enumerate(glyphs):
        images[i] = image
    return {"images": images,
            "labels": np.array([g[0] for g in glyphs], dtype=np.int64),
            "splits": np.array([font_split(g[1]) for g in glyphs], dtype=np.uint8),
            "skipped": np.array(sorted(skipped), dtype=str)}


def class_summary(images, labels, num_classes):
    """(counts (K,), means (K, 28, 28) float32) of a split; empty classes get a black mean."""
    labels = np.asarray(labels)
    counts = np.bincount(labels, minlength=num_classes)[:num_classes]
    means = np.zeros((num_classes,) + tuple(images.shape[1:]), np.float32)
    for k in range(num_classes):
        if counts[k]:
            means[k] = images[labels == k].mean(axis=0, dtype=np.float64)
    return counts, means


def summarise(dataset):
    """{split name: class_summary} for the train, validation and test splits."""
    return {name: class_summary(dataset.split(name).images, dataset.split(name).labels,
                                dataset.num_classes)
            for name in ("train", "validation", "test")}
