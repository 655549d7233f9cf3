"""Read and write IDX files (the MNIST format), gzip-compressed or raw, with strict validation.

An IDX file is a 4-byte big-endian magic number (0x0000 08 <ndim>: unsigned bytes, ndim
dimensions), ndim big-endian uint32 sizes, then the data. MNIST labels have magic 2049 (1-D),
images 2051 (3-D). Every fault raises DatasetError naming the file, the fault and what to do.
"""

import os
import tempfile
import zlib
from pathlib import Path

import numpy as np

from lab.core.errors import DatasetError

LABELS_MAGIC = 2049
IMAGES_MAGIC = 2051
IMAGE_SHAPE = (28, 28)
GZIP_MAGIC = b"\x1f\x8b"
AGAIN = "download it again"


class IdxFile:
    """One IDX file on disk: decompresses, validates and decodes it into a uint8 array."""

    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.name

    def fail(self, fault, todo=AGAIN):
        """Raise the DatasetError every fault of this file turns into."""
        raise DatasetError(f"{self.name} {fault}: {todo} ({self.path})")

    def read_bytes(self):
        """The decompressed content (gzip is detected by its magic bytes, not the name)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.fail("does not exist", "put the file there or download it")
        except IsADirectoryError:
            self.fail("is a folder, not an IDX file", "put the data file itself there")
        except OSError as exc:
            self.fail(f"cannot be read ({exc.strerror or exc})", "check its permissions")
        if not raw:
            self.fail("is empty (0 bytes)")
        if raw[:2] != GZIP_MAGIC:
            if self.name.endswith(".gz"):
                self.fail("is not a gzip file (it does not start with the gzip signature)")
            return raw, True
        return self.gunzip(raw)

    def gunzip(self, raw):
        """Decompress every gzip member → (data, complete); damaged streams raise DatasetError."""
        parts = []
        while raw:
            stream = zlib.decompressobj(wbits=31)
            try:
                parts.append(stream.decompress(raw))
            except zlib.error as exc:
                self.fail(f"is a corrupt gzip file ({exc})")
            if not stream.eof:
                return b"".join(parts), False
            raw = stream.unused_data
            if raw[:2] != GZIP_MAGIC:
                break  # trailing padding after the last member is tolerated, as gzip does
        return b"".join(parts), True

    def read(self):
        """Validate the header and exact length; return the data as a uint8 array."""
        data, complete = self.read_bytes()
        cut = "" if complete else "; the gzip stream ends early"
        if not complete and len(data) < 8:
            self.fail("is truncated (the gzip stream ends before the IDX header)")
        if len(data) < 4:
            self.fail(f"is too short to be an IDX file ({len(data):,} bytes)")
        magic = int.from_bytes(data[:4], "big")
        if magic not in (LABELS_MAGIC, IMAGES_MAGIC):
            self.fail(f"has the wrong IDX magic number {magic} (expected {LABELS_MAGIC} for "
                      f"labels or {IMAGES_MAGIC} for images): it is not an MNIST file",
                      "download the right file again")
        ndim = magic & 0xFF
        header = 4 + 4 * ndim
        if len(data) < header:
            self.fail(f"is truncated (expected a {header}-byte header, got {len(data):,} bytes"
                      f"{cut})")
        dims = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
        if 0 in dims:
            self.fail(f"holds no records (dimensions {dims})")
        expected = header + int(np.prod(dims, dtype=object))
        if len(data) < expected or not complete:
            self.fail(f"is truncated (expected {expected:,} bytes, got {len(data):,}{cut})")
        if len(data) > expected:
            self.fail(f"has {len(data) - expected:,} unexpected extra bytes (expected "
                      f"{expected:,} bytes, got {len(data):,})")
        return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def read_idx(path):
    """Read a validated IDX file (.gz or raw): labels → (N,) uint8, images → (N, rows, cols)."""
    return IdxFile(path).read()


def read_idx_pair(images_path, labels_path):
    """Read matching MNIST images and labels; checks 28×28 images and equal counts."""
    images, labels = read_idx(images_path), read_idx(labels_path)
    image_file, label_file = IdxFile(images_path), IdxFile(labels_path)
    if images.ndim != 3:
        image_file.fail(f"holds labels, not images (magic {LABELS_MAGIC})",
                        "check that the images and labels files are not swapped")
    if labels.ndim != 1:
        label_file.fail(f"holds images, not labels (magic {IMAGES_MAGIC})",
                        "check that the images and labels files are not swapped")
    if images.shape[1:] != IMAGE_SHAPE:
        image_file.fail(f"holds {images.shape[1]}×{images.shape[2]} images, not 28×28",
                        "use the standard MNIST files")
    if len(images) != len(labels):
        raise DatasetError(
            f"{image_file.name} holds {len(images):,} images but {label_file.name} holds "
            f"{len(labels):,} labels: the files do not belong together; download both again "
            f"({image_file.path.parent})")
    return images, labels


def write_idx(path, array):
    """Write ``array`` (integers 0..255, 1-D or more) as IDX; gzip if the name ends in .gz.

    The file is written to a temporary sibling and moved into place, so it is never partial.
    """
    path = Path(path)
    array = np.asarray(array)
    if array.ndim < 1 or array.ndim > 255:
        raise DatasetError(f"cannot write {path.name}: IDX needs an array with 1 to 255 dims")
    if array.size and (not np.issubdtype(array.dtype, np.integer)
                       or array.min() < 0 or array.max() > 255):
        raise DatasetError(f"cannot write {path.name}: IDX (unsigned byte) needs integers 0..255")
    header = (0x0800 | array.ndim).to_bytes(4, "big")
    header += b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    content = header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()
    if path.name.endswith(".gz"):
        compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
        content = compressor.compress(content) + compressor.flush()
    atomic_write_bytes(path, content)
    return path


def atomic_write_bytes(path, content):
    """Write ``content`` to ``path`` through a temporary file in the same folder + os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
