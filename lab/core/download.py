"""Fetch data files from public mirrors: progress, checksums, resume, atomic writes.

The opener is injectable (``opener(request) -> response``, like ``urllib.request.urlopen``)
so tests use a local fake and never touch the network. A response needs ``read(size)`` and
may have ``status``/``getcode()``, ``headers`` and ``close()``.
"""

import gzip
import hashlib
import http.client
import os
import urllib.error
import urllib.request
import zlib
from pathlib import Path

from lab.core.errors import DatasetError, DownloadError

CHUNK_SIZE = 1 << 16
TIMEOUT_S = 30
USER_AGENT = "digit-lab (+https://github.com/)"
# What a failed connection, a cut transfer or a bad URL raise; all mean "try the next mirror".
TRANSFER_ERRORS = (OSError, http.client.HTTPException, ValueError)


class IncompleteDownload(OSError):
    """The server closed the connection before sending everything it announced."""


def file_digest(path, algorithm="md5", uncompressed=False):
    """Hex digest of a file; ``uncompressed`` hashes the gunzipped content of a .gz file."""
    path = Path(path)
    digest = hashlib.new(algorithm)
    try:
        with open(path, "rb") as raw:
            gzipped = uncompressed and raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise DatasetError(f"{path.name} cannot be read or is a damaged gzip file ({exc}): "
                           f"download it again ({path})") from None
    return digest.hexdigest()


class Downloader:
    """Downloads one file from a list of mirrors into place, verified and never half-written."""

    def __init__(self, opener=None, progress=None, timeout=TIMEOUT_S):
        self.opener = opener or (lambda request: urllib.request.urlopen(request, timeout=timeout))
        self.progress = progress
        self._last_report = None

    def fetch(self, urls, dest, expected_md5=None, sha256=None, uncompressed=False):
        """Try each mirror in turn; return ``dest`` once it is complete and verified."""
        dest = Path(dest)
        urls = [urls] if isinstance(urls, str) else list(urls)
        checks = [(name, value.lower()) for name, value in
                  (("md5", expected_md5), ("sha256", sha256)) if value]
        if dest.is_file() and checks and self.mismatch(dest, checks, uncompressed) is None:
            self.report(1.0, f"{dest.name} is already there and verified")
            return dest
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(f"cannot create the folder {dest.parent} for {dest.name} "
                                f"({exc.strerror or exc}): choose a writable data folder") from None
        part = dest.with_name(dest.name + ".part")
        failures, deleted = [], False
        for url in urls:
            for attempt in ("resume", "restart"):
                if attempt == "restart":
                    part.unlink(missing_ok=True)
                try:
                    resumed = self.transfer(url, part, dest.name)
                except PermissionError as exc:
                    raise DownloadError(f"cannot write {part} ({exc.strerror or exc}): choose "
                                        "a writable data folder") from None
                except TRANSFER_ERRORS as exc:
                    failures.append(f"{url} ({describe(exc)})")
                    break  # keep the .part: the next mirror or the next run resumes it
                problem = self.mismatch(part, checks, uncompressed)
                if problem is None:
                    os.replace(part, dest)
                    self.report(1.0, f"downloaded {dest.name}")
                    return dest
                part.unlink(missing_ok=True)
                deleted = True
                if not resumed:
                    failures.append(f"{url} (checksum mismatch: {problem})")
                    break  # a fresh copy from this mirror is bad: try the next one
        raise DownloadError(self.failure_message(dest, failures, deleted))

    def transfer(self, url, part, name):
        """Fetch ``url`` into ``part``; True when it appended to an earlier partial download."""
        offset = part.stat().st_size if part.exists() else 0
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if offset:
            request.add_header("Range", f"bytes={offset}-")
        try:
            response = self.opener(request)
        except urllib.error.HTTPError as exc:
            if exc.code != 416 or not offset:
                raise
            part.unlink()  # the range is useless (file changed upstream?): start over
            return self.transfer(url, part, name)
        try:
            status = getattr(response, "status", None) or _call(response, "getcode")
            headers = getattr(response, "headers", None) or {}
            resumed = (offset and status == 206
                       and str(headers.get("Content-Range", "")).startswith(f"bytes {offset}-"))
            offset = offset if resumed else 0
            length = headers.get("Content-Length")
            total = offset + int(length) if length and str(length).isdigit() else None
            done = offset
            with open(part, "ab" if resumed else "wb") as handle:
                while chunk := response.read(CHUNK_SIZE):
                    handle.write(chunk)
                    done += len(chunk)
                    self.report_bytes(name, done, total)
            if total is not None and done < total:
                raise IncompleteDownload(f"connection closed after {done:,} of {total:,} bytes")
            return bool(resumed)
        finally:
            _call(response, "close")

    def mismatch(self, path, checks, uncompressed):
        """None when every checksum matches, else a description of the first mismatch."""
        for algorithm, expected in checks:
            try:
                actual = file_digest(path, algorithm, uncompressed)
            except DatasetError:
                return f"{path.name.removesuffix('.part')} is not a valid gzip file"
            if actual != expected:
                return f"expected {algorithm} {expected}, got {actual}"
        return None

    def failure_message(self, dest, failures, deleted):
        """What went wrong with every mirror, and how to put the file in place by hand."""
        tried = "; ".join(failures) or "no mirror given"
        note = (" The damaged download was deleted." if deleted else "")
        return (f"could not download {dest.name}: tried {tried}.{note} Check the internet "
                f"connection and try again, or download {dest.name} by hand and put it in "
                f"{dest.parent}")

    def report_bytes(self, name, done, total):
        """Progress for a transfer, reported only when the shown figure changes."""
        if total:
            key = int(100 * done / total)
            text = f"downloading {name}: {done / 1e6:.1f} of {total / 1e6:.1f} MB"
            fraction = min(done / total, 1.0)
        else:
            key = done >> 20
            text = f"downloading {name}: {done / 1e6:.1f} MB"
            fraction = 0.0
        if key != self._last_report:
            self._last_report = key
            self.report(fraction, text)

    def report(self, fraction, message):
        if self.progress is not None:
            self.progress(fraction, message)


def download_file(url_list, dest_path, expected_md5=None, sha256=None, progress=None,
                  opener=None, uncompressed=False):
    """Download ``dest_path`` from the first working mirror in ``url_list``; return its Path.

    Writes ``<dest>.part`` then renames it; an interrupted transfer leaves only the .part,
    which the next attempt resumes (HTTP Range) or restarts. A checksum mismatch deletes the
    download and raises DownloadError. ``uncompressed``: checksums are of the gunzipped content
    (MNIST publishes MD5s of the uncompressed files). ``progress(fraction, message)``.
    """
    downloader = Downloader(opener=opener, progress=progress)
    return downloader.fetch(url_list, dest_path, expected_md5, sha256, uncompressed)


def describe(exc):
    """A short human reason for a transfer failure."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect: {exc.reason}"
    return str(exc) or type(exc).__name__


def _call(obj, method):
    """Call ``obj.method()`` when it exists (fake responses may lack it)."""
    function = getattr(obj, method, None)
    return function() if callable(function) else None
