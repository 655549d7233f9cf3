"""Reading notMNIST_small as published: the .tar.gz read in place, or the extracted folder.

Nothing is ever extracted to disk; members that are not a 28×28 PNG in a letter folder are
skipped (and reported), paths that try to leave the archive included.
"""

import io
import tarfile
import zlib
from pathlib import PurePosixPath

import numpy as np

from lab.core.errors import DatasetError

LETTERS = tuple("ABCDEFGHIJ")
NOTMNIST_ARCHIVE = "notMNIST_small.tar.gz"
NOTMNIST_FOLDER = "notMNIST_small"
MAX_MEMBER_BYTES = 1 << 20  # a 28×28 PNG is < 1 kB; anything bigger is not a notMNIST glyph


def decode_notmnist(source, report):
    """([(label, font, image)], [skipped names]) from the archive or the extracted folder."""
    if source.is_dir():
        try:
            return _decode_members(_folder_members(source), source, report)
        except OSError as exc:
            raise DatasetError(f"{source.name} cannot be read ({exc}): check the permissions "
                               f"of {source}") from None
    again = f"download {NOTMNIST_ARCHIVE} again ({source})"
    try:
        raw = open(source, "rb")
    except OSError as exc:
        raise DatasetError(f"{source.name} cannot be read ({exc.strerror or exc}): check its "
                           f"permissions ({source})") from None
    seen = []
    with raw:
        if raw.read(2) != b"\x1f\x8b":
            raise DatasetError(f"{source.name} is not a tar.gz archive: it is not "
                               f"gzip-compressed; {again}")
        raw.seek(0)
        try:
            with tarfile.open(fileobj=raw, mode="r|gz") as archive:
                members = _archive_members(archive, raw, source.stat().st_size, seen)
                return _decode_members(members, source, report)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            kind = "is a damaged or truncated archive" if seen else "is not a tar.gz archive"
            raise DatasetError(f"{source.name} {kind}: {exc or type(exc).__name__}; "
                               f"{again}") from None


def _archive_members(archive, raw, size, seen):
    """(name, bytes-or-None, fraction) for each file; nothing is ever extracted to disk."""
    for member in archive:
        seen.append(member.name)
        if member.isfile():
            data = None if member.size > MAX_MEMBER_BYTES else archive.extractfile(member).read()
            yield member.name, data, raw.tell() / max(size, 1)


def _folder_members(folder):
    """(name, bytes-or-None, fraction) for each file in the letter folders A..J."""
    for i, letter in enumerate(LETTERS):
        directory = folder / letter
        paths = sorted(directory.iterdir()) if directory.is_dir() else []
        for path in paths:
            if path.is_file():
                size = path.stat().st_size
                data = None if size > MAX_MEMBER_BYTES else path.read_bytes()
                yield f"{letter}/{path.name}", data, (i + 1) / len(LETTERS)


def _decode_members(members, source, report):
    """Decode each member of a letter folder; the rest is ignored, undecodable ones skipped."""
    from PIL import Image  # Pillow is only needed when decoding, not when reading the cache

    glyphs, skipped = [], []
    for count, (name, data, fraction) in enumerate(members):
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            skipped.append(name)  # never trusted; nothing is ever written, but say so
            continue
        if len(path.parts) < 2 or path.parts[-2] not in LETTERS:
            continue
        short = f"{path.parts[-2]}/{path.name}"
        image = _decode_png(Image, data)
        if image is None:
            skipped.append(short)
        else:
            glyphs.append((LETTERS.index(path.parts[-2]), path.name, image))
        if count % 1000 == 0:
            report(fraction, f"decoding {source.name}: {len(glyphs):,} images")
    return glyphs, skipped


def _decode_png(image_module, data):
    """A (28, 28) uint8 array, or None when ``data`` is not a decodable 28×28 image."""
    if not data:
        return None
    try:
        with image_module.open(io.BytesIO(data), formats=("PNG",)) as image:
            if image.size != (28, 28):
                return None
            return np.asarray(image.convert("L") if image.mode != "L" else image, np.uint8)
    except Exception:  # noqa: BLE001 — any fault of an untrusted member means "skip it"
        return None
