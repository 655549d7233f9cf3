"""Dataset loading on tiny generated data: where data lives, splits, notMNIST, cache, errors."""

import gzip
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from glyphs import make_glyph
from lab.core import datasets
from lab.core.datasets import (
    MNIST_FILES, as_model_input, cache_dir, dataset_status, font_split, load_dataset,
    resolve_data_dir, verify_mnist,
)
from lab.core.errors import DatasetError, DownloadError
from lab.core.idx import write_idx

LETTERS = "ABCDEFGHIJ"


def png_bytes(array):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def glyph_files(n_fonts=30):
    """{member name: PNG bytes}: every font renders A..J; row 0 pixel 0 encodes the font."""
    files = {}
    glyphs = {letter: make_glyph(letter) for letter in LETTERS}
    for font in range(n_fonts):
        for letter in LETTERS:
            image = glyphs[letter].copy()
            image[0, 0] = font
            files[f"notMNIST_small/{letter}/font{font:03d}.ttf.png"] = png_bytes(image)
    return files


def bad_files():
    return {
        "notMNIST_small/A/empty.png": b"",
        "notMNIST_small/B/text.png": b"this is not a png",
        "notMNIST_small/C/big.png": png_bytes(np.zeros((32, 32), np.uint8)),
        "notMNIST_small/README.txt": b"ignored: not in a letter folder",
    }


def make_archive(path, files, extra_members=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for name, data in list(files.items()) + list(extra_members):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def make_folder(root, files):
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root / "notMNIST_small"


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def fonts_of(split):
    return set(split.images[:, 0, 0].tolist())


# --- where data lives -------------------------------------------------------------------------

def test_resolve_data_dir_order(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv("LAB_DATA_DIR")
    monkeypatch.setenv("LAB_USER_DIR", str(tmp_path / "user"))
    assert resolve_data_dir() == tmp_path / "user"
    monkeypatch.delenv("LAB_USER_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir() == tmp_path / "xdg" / "digit-lab"


def test_cache_dir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("LAB_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir() == Path.home() / ".cache" / "digit-lab"


# --- MNIST ------------------------------------------------------------------------------------

def test_load_tiny_mnist_splits(tiny_mnist_dir):
    messages = []
    ds = load_dataset("mnist", tiny_mnist_dir, progress=lambda f, m: messages.append((f, m)))
    assert (ds.name, ds.title, ds.class_names) == ("mnist", "MNIST digits", tuple("0123456789"))
    assert (len(ds.train), len(ds.validation), len(ds.test)) == (540, 60, 100)
    assert ds.num_classes == 10 and ds.skipped == () and ds.split("validation") is ds.validation
    assert ds.train.images.dtype == np.uint8 and ds.train.images.shape[1:] == (28, 28)
    assert ds.train.labels.dtype == np.int64 and ds.test.labels.max() <= 9
    assert messages[-1][0] == 1.0
    with pytest.raises(DatasetError, match="train, validation, test"):
        ds.split("dev")


def test_raw_files_directly_in_data_dir(tmp_path, tiny_mnist_dir):
    for name in MNIST_FILES.values():
        raw = gzip.decompress((tiny_mnist_dir / "mnist" / name).read_bytes())
        (tmp_path / name.removesuffix(".gz")).write_bytes(raw)
    ds = load_dataset("MNIST", tmp_path)
    assert len(ds.train) + len(ds.validation) == 600 and ds.source == str(tmp_path)


def test_missing_data_folder_lists_files_and_where(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", missing)
    message = str(info.value)
    assert f"the data folder {missing} does not exist" in message
    assert all(name in message for name in MNIST_FILES.values())
    assert f"Put them in {missing / 'mnist'}" in message
    assert "python -m lab datasets --download" in message and "Download" in message


def test_empty_data_folder(tmp_path):
    for name in ("mnist", "notmnist"):
        with pytest.raises(DatasetError) as info:
            load_dataset(name, tmp_path)
        message = str(info.value)
        assert "does not exist" not in message and str(tmp_path / name) in message
        assert "python -m lab datasets --download" in message
    assert "notMNIST_small.tar.gz" in message


def test_partly_missing_mnist_names_only_missing_files(tmp_path, tiny_mnist_dir):
    (tmp_path / "mnist").mkdir()
    for name in list(MNIST_FILES.values())[:3]:
        (tmp_path / "mnist" / name).write_bytes((tiny_mnist_dir / "mnist" / name).read_bytes())
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", tmp_path)
    assert "t10k-labels-idx1-ubyte.gz" in str(info.value)
    assert "train-images-idx3-ubyte.gz" not in str(info.value)
    status = dataset_status("mnist", tmp_path)
    assert status["missing"] == ["t10k-labels-idx1-ubyte.gz"] and not status["complete"]


def test_label_out_of_range(tmp_path):
    (tmp_path / "mnist").mkdir()
    for key, name in MNIST_FILES.items():
        data = np.zeros((10, 28, 28), np.uint8) if "images" in key else np.full(10, 12, np.uint8)
        write_idx(tmp_path / "mnist" / name, data)
    with pytest.raises(DatasetError, match="holds label 12, but MNIST labels are 0..9"):
        load_dataset("mnist", tmp_path)


def test_dataset_status_and_verify(tiny_mnist_dir, monkeypatch):
    status = dataset_status("mnist", tiny_mnist_dir)
    assert status["complete"] and all(f["size"] > 0 for f in status["files"])
    assert [r["ok"] for r in verify_mnist(tiny_mnist_dir)] == [False] * 4
    for key, name in MNIST_FILES.items():
        raw = gzip.decompress((tiny_mnist_dir / "mnist" / name).read_bytes())
        monkeypatch.setitem(datasets.MNIST_MD5, key, hashlib.md5(raw).hexdigest())
    results = verify_mnist(tiny_mnist_dir)
    assert all(r["ok"] and r["md5"] == r["expected"] for r in results)
    assert {r["file"] for r in results} == set(MNIST_FILES.values())


def test_unknown_dataset_lists_choices():
    with pytest.raises(DatasetError, match="mnist, notmnist"):
        load_dataset("cifar")


def test_load_with_download_fetches_missing_files(tmp_path, tiny_mnist_dir, monkeypatch):
    mirror = tiny_mnist_dir / "mnist"
    monkeypatch.setattr(datasets, "MNIST_MIRRORS", ((tmp_path / "gone").as_uri() + "/",
                                                    mirror.as_uri() + "/"))
    for key, name in MNIST_FILES.items():
        raw = gzip.decompress((mirror / name).read_bytes())
        monkeypatch.setitem(datasets.MNIST_MD5, key, hashlib.md5(raw).hexdigest())
    fractions = []
    ds = load_dataset("mnist", tmp_path / "user", download=True,
                      progress=lambda f, m: fractions.append(f))
    assert len(ds.test) == 100 and fractions[-1] == 1.0
    assert sorted(p.name for p in (tmp_path / "user" / "mnist").iterdir()) == sorted(
        MNIST_FILES.values())


def test_load_download_offline_says_where_to_put_files(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MNIST_MIRRORS", ((tmp_path / "gone").as_uri() + "/",))
    with pytest.raises(DownloadError) as info:
        load_dataset("mnist", tmp_path / "data", download=True)
    message = str(info.value)
    assert "could not download train-images-idx3-ubyte.gz" in message
    assert (tmp_path / "gone").as_uri() in message
    assert str(tmp_path / "data" / "mnist") in message


def test_as_model_input():
    x = as_model_input(np.full((3, 28, 28), 255, np.uint8))
    assert x.dtype == np.float32 and x.shape == (3, 28, 28, 1) and x.max() == 255.0
    assert as_model_input(np.zeros((28, 28), np.uint8)).shape == (1, 28, 28, 1)
    with pytest.raises(DatasetError, match="28×28"):
        as_model_input(np.zeros((2, 32, 32)))


# --- notMNIST ---------------------------------------------------------------------------------

def test_notmnist_from_archive_and_folder_agree(tmp_path, isolated_cache):
    files = glyph_files(20)
    make_archive(tmp_path / "a" / "notmnist" / "notMNIST_small.tar.gz", files)
    make_folder(tmp_path / "b" / "notmnist", files)
    from_archive = load_dataset("notmnist", tmp_path / "a")
    from_folder = load_dataset("notmnist", tmp_path / "b")
    assert from_archive.class_names == tuple(LETTERS) and from_archive.title == "notMNIST letters"
    assert from_archive.source.endswith("notMNIST_small.tar.gz")
    for name in ("train", "validation", "test"):
        a, b = from_archive.split(name), from_folder.split(name)
        np.testing.assert_array_equal(a.images, b.images)
        np.testing.assert_array_equal(a.labels, b.labels)
    assert sum(len(from_archive.split(n)) for n in ("train", "validation", "test")) == 200
    assert from_archive.train.images.dtype == np.uint8
    assert from_archive.train.labels.dtype == np.int64


def test_notmnist_undecodable_members_skipped_and_counted(tmp_path, isolated_cache):
    files = {**glyph_files(5), **bad_files()}
    make_archive(tmp_path / "notmnist" / "notMNIST_small.tar.gz", files)
    messages = []
    ds = load_dataset("notmnist", tmp_path, progress=lambda f, m: messages.append(m))
    assert sorted(ds.skipped) == ["A/empty.png", "B/text.png", "C/big.png"]
    assert len(ds.train) + len(ds.validation) + len(ds.test) == 50
    assert "3 undecodable files skipped" in messages[-1]


def test_non_archive_refused(tmp_path, isolated_cache):
    (tmp_path / "notmnist").mkdir()
    (tmp_path / "notmnist" / "notMNIST_small.tar.gz").write_text("<html>not found</html>")
    with pytest.raises(DatasetError, match=r"notMNIST_small.tar.gz is not a tar.gz archive: .*"
                                           r"download notMNIST_small.tar.gz again"):
        load_dataset("notmnist", tmp_path)
    (tmp_path / "notmnist" / "notMNIST_small.tar.gz").write_bytes(gzip.compress(b"x" * 5000))
    with pytest.raises(DatasetError, match="is not a tar.gz archive"):
        load_dataset("notmnist", tmp_path)


def test_truncated_archive_refused(tmp_path, isolated_cache):
    path = make_archive(tmp_path / "notmnist" / "notMNIST_small.tar.gz", glyph_files(30))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(DatasetError, match="is a damaged or truncated archive"):
        load_dataset("notmnist", tmp_path)


def test_tar_member_path_traversal_never_written_outside(tmp_path, isolated_cache):
    data_dir = tmp_path / "deep" / "data"
    evil = png_bytes(make_glyph("A"))
    make_archive(data_dir / "notmnist" / "notMNIST_small.tar.gz", glyph_files(3),
                 [("../../evil.png", evil), ("notMNIST_small/../../../A/evil2.png", evil),
                  ("/tmp/A/evil3.png", evil)])
    before = sorted(p for p in tmp_path.rglob("*"))
    ds = load_dataset("notmnist", data_dir)
    after = sorted(p for p in tmp_path.rglob("*") if isolated_cache not in p.parents
                   and p != isolated_cache)
    assert after == before  # nothing extracted anywhere (only the cache folder is new)
    assert not Path("/tmp/A/evil3.png").exists()
    assert len(ds.skipped) == 3 and all("evil" in name for name in ds.skipped)
    assert len(ds.train) + len(ds.validation) + len(ds.test) == 30


def test_split_font_disjoint(tmp_path, isolated_cache):
    make_archive(tmp_path / "notmnist" / "notMNIST_small.tar.gz", glyph_files(60))
    ds = load_dataset("notmnist", tmp_path)
    fonts = [fonts_of(ds.split(name)) for name in ("train", "validation", "test")]
    assert not (fonts[0] & fonts[1] or fonts[0] & fonts[2] or fonts[1] & fonts[2])
    assert set().union(*fonts) == set(range(60)) and all(fonts)
    for code, split in enumerate((ds.train, ds.validation, ds.test)):
        for font in fonts[code]:  # every letter of a font goes to that font's split
            assert sorted(split.labels[split.images[:, 0, 0] == font]) == list(range(10))
            assert font_split(f"font{font:03d}.ttf.png") == code


def test_font_split_is_stable_and_about_80_10_10():
    names = [f"font-{i}.ttf" for i in range(5000)]
    codes = np.array([font_split(n) for n in names])
    assert codes.tolist() == [font_split(n) for n in names]
    shares = np.bincount(codes, minlength=3) / len(codes)
    assert abs(shares[0] - 0.8) < 0.03 and abs(shares[1] - 0.1) < 0.02
    assert font_split("MDEtMDEtMDAudHRm.png") == font_split("MDEtMDEtMDAudHRm.png")


def test_cache_second_load_fast(tmp_path, isolated_cache, monkeypatch):
    archive = make_archive(tmp_path / "notmnist" / "notMNIST_small.tar.gz",
                           {**glyph_files(10), **bad_files()})
    first = load_dataset("notmnist", tmp_path)
    caches = list(isolated_cache.glob("notmnist-*.npz"))
    assert len(caches) == 1 and not list(isolated_cache.glob(".*"))  # no temp files left

    def no_decoding(*args):
        raise AssertionError("the archive was decoded again instead of using the cache")

    monkeypatch.setattr(datasets, "decode_notmnist", no_decoding)
    second = load_dataset("notmnist", tmp_path)
    np.testing.assert_array_equal(first.train.images, second.train.images)
    np.testing.assert_array_equal(first.test.labels, second.test.labels)
    assert second.skipped == first.skipped and len(second.skipped) == 3

    os.utime(archive, ns=(1, 1))  # a changed source (mtime) must not reuse the old cache
    with pytest.raises(AssertionError, match="decoded again"):
        load_dataset("notmnist", tmp_path)


def test_corrupt_cache_is_rebuilt(tmp_path, isolated_cache):
    make_archive(tmp_path / "notmnist" / "notMNIST_small.tar.gz", glyph_files(4))
    first = load_dataset("notmnist", tmp_path)
    (cache,) = isolated_cache.glob("notmnist-*.npz")
    cache.write_bytes(b"garbage")
    again = load_dataset("notmnist", tmp_path)
    np.testing.assert_array_equal(first.train.images, again.train.images)
    assert cache.stat().st_size > 1000


def test_core_data_modules_import_no_tensorflow_or_qt():
    code = ("import sys, lab.core.datasets, lab.core.idx, lab.core.download\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'PyQt5', 'pyqtgraph')]\n"
            "assert not bad, bad")
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
