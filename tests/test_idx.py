"""IDX reading/writing: the hardening matrix for damaged, truncated and mismatched files."""

import gzip
import sys

import numpy as np
import pytest

from lab.core.errors import DatasetError
from lab.core.idx import read_idx, read_idx_pair, write_idx


def images(n=5, size=28, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, size, size), dtype=np.uint8)


def labels(n=5):
    return (np.arange(n) % 10).astype(np.uint8)


@pytest.mark.parametrize("name", ["train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"])
def test_round_trip_gz_and_raw(tmp_path, name):
    data = images()
    path = write_idx(tmp_path / name, data)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    result = read_idx(path)
    assert result.dtype == np.uint8 and result.shape == (5, 28, 28)
    np.testing.assert_array_equal(result, data)
    assert result.flags.writeable


def test_read_pair_returns_images_and_labels(tmp_path):
    write_idx(tmp_path / "i.gz", images(7))
    write_idx(tmp_path / "l.gz", labels(7))
    x, y = read_idx_pair(tmp_path / "i.gz", tmp_path / "l.gz")
    assert x.shape == (7, 28, 28) and y.tolist() == labels(7).tolist()


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    write_idx(tmp_path / "a.gz", labels())
    write_idx(tmp_path / "a.gz", labels(9))  # overwrite in place
    assert [p.name for p in tmp_path.iterdir()] == ["a.gz"]
    assert len(read_idx(tmp_path / "a.gz")) == 9


def test_write_refuses_values_outside_a_byte(tmp_path):
    with pytest.raises(DatasetError, match="0..255"):
        write_idx(tmp_path / "x", np.array([1, 300]))


def test_truncated_raw_file_names_file_and_fault(tmp_path):
    path = write_idx(tmp_path / "train-images-idx3-ubyte", images(3))
    path.write_bytes(path.read_bytes()[:1024])
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    message = str(info.value)
    assert message.startswith("train-images-idx3-ubyte is truncated (expected 2,368 bytes, "
                              "got 1,024): download it again")


def test_truncated_gz_names_file_and_fault(tmp_path):
    path = write_idx(tmp_path / "train-images-idx3-ubyte.gz", images(50))
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    message = str(info.value)
    assert "train-images-idx3-ubyte.gz is truncated (expected 39,216 bytes" in message
    assert "gzip stream ends early" in message and "download it again" in message
    assert not isinstance(info.value.__cause__, (EOFError, OSError))


def test_gz_header_only_truncated(tmp_path):
    path = write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels())
    path.write_bytes(path.read_bytes()[:12])
    with pytest.raises(DatasetError, match="t10k-labels-idx1-ubyte.gz is truncated"):
        read_idx(path)


def test_corrupt_gz_stream(tmp_path):
    path = write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels(2000))
    data = bytearray(path.read_bytes())
    data[20:60] = b"\xff" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match=r"train-labels-idx1-ubyte.gz is (a corrupt gzip|trunc)"):
        read_idx(path)


def test_gz_name_but_not_gzip(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(b"<html>404 not found</html>")
    with pytest.raises(DatasetError, match="is not a gzip file.*download it again"):
        read_idx(path)


def test_empty_file(tmp_path):
    (tmp_path / "empty.gz").write_bytes(b"")
    with pytest.raises(DatasetError, match="empty.gz is empty"):
        read_idx(tmp_path / "empty.gz")


def test_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="nothere.gz does not exist"):
        read_idx(tmp_path / "nothere.gz")


def test_wrong_idx_magic(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes((2052).to_bytes(4, "big") + b"\0" * 100)
    with pytest.raises(DatasetError, match="wrong IDX magic number 2052.*2049.*2051"):
        read_idx(path)


def test_extra_bytes_refused(tmp_path):
    path = write_idx(tmp_path / "l", labels())
    path.write_bytes(path.read_bytes() + b"\0\0\0")
    with pytest.raises(DatasetError, match="3 unexpected extra bytes"):
        read_idx(path)


def test_zero_records_refused(tmp_path):
    path = tmp_path / "l"
    path.write_bytes((2049).to_bytes(4, "big") + (0).to_bytes(4, "big"))
    with pytest.raises(DatasetError, match="holds no records"):
        read_idx(path)


def test_image_label_count_mismatch(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images(6))
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels(5))
    with pytest.raises(DatasetError) as info:
        read_idx_pair(tmp_path / "train-images-idx3-ubyte.gz",
                      tmp_path / "train-labels-idx1-ubyte.gz")
    message = str(info.value)
    assert "train-images-idx3-ubyte.gz holds 6 images" in message
    assert "train-labels-idx1-ubyte.gz holds 5 labels" in message and "again" in message


def test_wrong_image_size(tmp_path):
    write_idx(tmp_path / "i.gz", images(4, size=32))
    write_idx(tmp_path / "l.gz", labels(4))
    with pytest.raises(DatasetError, match="i.gz holds 32×32 images, not 28×28"):
        read_idx_pair(tmp_path / "i.gz", tmp_path / "l.gz")


def test_swapped_images_and_labels(tmp_path):
    write_idx(tmp_path / "i.gz", images(4))
    write_idx(tmp_path / "l.gz", labels(4))
    with pytest.raises(DatasetError, match="holds labels, not images.*swapped"):
        read_idx_pair(tmp_path / "l.gz", tmp_path / "i.gz")


def test_multi_member_gzip_is_read(tmp_path):
    content = gzip.decompress(write_idx(tmp_path / "a.gz", labels(10)).read_bytes())
    path = tmp_path / "b.gz"
    path.write_bytes(gzip.compress(content[:7]) + gzip.compress(content[7:]))
    assert read_idx(path).tolist() == labels(10).tolist()


def test_idx_module_does_not_import_tensorflow():
    assert "lab.core.idx" in sys.modules
    import lab.core.idx as module
    source = open(module.__file__, encoding="utf-8").read()
    assert "tensorflow" not in source and "keras" not in source
