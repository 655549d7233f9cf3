"""Downloads with a fake opener and file:// URLs: tests never touch the network."""

import gzip
import hashlib
import io
import urllib.error

import pytest

from lab.core.download import download_file, file_digest
from lab.core.errors import DownloadError

CONTENT = bytes(range(256)) * 2000  # 512,000 bytes
MD5 = hashlib.md5(CONTENT).hexdigest()


class FakeResponse(io.BytesIO):
    """What urlopen returns, reduced to what the downloader uses."""

    def __init__(self, body, status=200, headers=None, cut_after=None):
        super().__init__(body)
        self.status, self.headers, self.cut_after, self.sent = status, headers or {}, cut_after, 0

    def read(self, size=-1):
        if self.cut_after is not None and self.sent >= self.cut_after:
            raise ConnectionResetError("connection reset by peer")
        chunk = super().read(size if self.cut_after is None else
                             min(size, self.cut_after - self.sent))
        self.sent += len(chunk)
        return chunk


class FakeServer:
    """Serves ``content`` at any URL; can cut transfers, ignore Range or be unreachable."""

    def __init__(self, content=CONTENT, cut_after=None, ranges=True, offline=()):
        self.content, self.cut_after = content, cut_after
        self.ranges, self.offline = ranges, offline
        self.requests = []

    def __call__(self, request):
        self.requests.append((request.full_url, request.get_header("Range")))
        if request.full_url in self.offline or "offline" in self.offline:
            raise urllib.error.URLError("Name or service not known")
        cut, self.cut_after = self.cut_after, None  # only the first transfer is cut
        header = request.get_header("Range")
        if header and self.ranges:
            start = int(header.split("=")[1].rstrip("-"))
            body = self.content[start:]
            return FakeResponse(body, 206, {"Content-Length": str(len(body)),
                                            "Content-Range": f"bytes {start}-"
                                                             f"{len(self.content) - 1}/"
                                                             f"{len(self.content)}"}, cut)
        return FakeResponse(self.content, 200, {"Content-Length": str(len(self.content))}, cut)


def test_download_writes_file_and_reports_progress(tmp_path):
    reports = []
    dest = download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5,
                         progress=lambda f, m: reports.append((f, m)), opener=FakeServer())
    assert dest.read_bytes() == CONTENT
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("downloading x.bin" in m for _, m in reports)
    assert len(reports) <= 110  # reported when the percentage changes, not per chunk


def test_download_interrupted_leaves_no_partial_final_file(tmp_path):
    server = FakeServer(cut_after=100_000)
    with pytest.raises(DownloadError) as info:
        download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5, opener=server)
    assert not (tmp_path / "x.bin").exists()
    assert (tmp_path / "x.bin.part").stat().st_size == 100_000
    assert "connection reset" in str(info.value) and str(tmp_path) in str(info.value)


def test_download_resumes_or_restarts(tmp_path):
    server = FakeServer(cut_after=200_000)
    with pytest.raises(DownloadError):
        download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5, opener=server)
    dest = download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5, opener=server)
    assert dest.read_bytes() == CONTENT and not (tmp_path / "x.bin.part").exists()
    assert server.requests[-1][1] == "bytes=200000-"  # resumed where it stopped

    (tmp_path / "y.bin.part").write_bytes(CONTENT[:1000])
    no_ranges = FakeServer(ranges=False)  # server ignores Range: restart from scratch
    dest = download_file(["https://a/y.bin"], tmp_path / "y.bin", expected_md5=MD5,
                         opener=no_ranges)
    assert dest.read_bytes() == CONTENT


def test_resume_of_stale_partial_restarts_after_checksum_mismatch(tmp_path):
    (tmp_path / "x.bin.part").write_bytes(b"garbage from another file")
    server = FakeServer()
    dest = download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5, opener=server)
    assert dest.read_bytes() == CONTENT
    assert [r for _, r in server.requests] == ["bytes=25-", None]


def test_interrupted_mirror_falls_back_to_next_mirror(tmp_path):
    server = FakeServer(cut_after=300_000)
    dest = download_file(["https://a/x.bin", "https://b/x.bin"], tmp_path / "x.bin",
                         expected_md5=MD5, opener=server)
    assert dest.read_bytes() == CONTENT
    assert server.requests == [("https://a/x.bin", None), ("https://b/x.bin", "bytes=300000-")]


def test_checksum_mismatch_deletes_and_says_so(tmp_path):
    server = FakeServer(content=b"not what was published")
    with pytest.raises(DownloadError) as info:
        download_file(["https://a/x.bin", "https://b/x.bin"], tmp_path / "x.bin",
                      expected_md5=MD5, opener=server)
    message = str(info.value)
    assert "checksum mismatch" in message and f"expected md5 {MD5}" in message
    assert "deleted" in message
    assert list(tmp_path.iterdir()) == []


def test_sha256_checked(tmp_path):
    good = hashlib.sha256(CONTENT).hexdigest()
    assert download_file(["https://a/x"], tmp_path / "x", sha256=good, opener=FakeServer()).exists()
    with pytest.raises(DownloadError, match="expected sha256 0000"):
        download_file(["https://a/y"], tmp_path / "y", sha256="0" * 64, opener=FakeServer())


def test_uncompressed_md5_of_gz(tmp_path):
    packed = gzip.compress(CONTENT)
    dest = download_file(["https://a/x.gz"], tmp_path / "x.gz", expected_md5=MD5,
                         uncompressed=True, opener=FakeServer(content=packed))
    assert file_digest(dest, "md5", uncompressed=True) == MD5


def test_offline_names_file_mirrors_and_where_to_put_it(tmp_path):
    urls = ["https://a.example/mnist/x.gz", "https://b.example/mnist/x.gz"]
    with pytest.raises(DownloadError) as info:
        download_file(urls, tmp_path / "data" / "x.gz", opener=FakeServer(offline=("offline",)))
    message = str(info.value)
    assert "could not download x.gz" in message
    assert all(url in message for url in urls) and "cannot connect" in message
    assert f"put it in {tmp_path / 'data'}" in message


def test_file_urls_with_real_opener(tmp_path):
    source = tmp_path / "mirror" / "x.bin"
    source.parent.mkdir()
    source.write_bytes(CONTENT)
    (tmp_path / "x.bin.part").write_bytes(CONTENT[:10])  # file:// ignores Range → restart
    dest = download_file([(tmp_path / "nowhere.bin").as_uri(), source.as_uri()],
                         tmp_path / "x.bin", expected_md5=MD5)
    assert dest.read_bytes() == CONTENT


def test_existing_verified_file_is_kept(tmp_path):
    (tmp_path / "x.bin").write_bytes(CONTENT)
    server = FakeServer()
    download_file(["https://a/x.bin"], tmp_path / "x.bin", expected_md5=MD5, opener=server)
    assert server.requests == []
