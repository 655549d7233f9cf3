"""The real MNIST and notMNIST files (LAB_DATA_DIR): sizes, checksums, skipped files, splits."""

import numpy as np
import pytest

from lab.core.datasets import dataset_status, load_dataset, verify_mnist

SKIPPED = ("A/RGVtb2NyYXRpY2FCb2xkT2xkc3R5bGUgQm9sZC50dGY=.png",
           "F/Q3Jvc3NvdmVyIEJvbGRPYmxpcXVlLnR0Zg==.png")


@pytest.fixture(scope="module")
def mnist(real_data_dir):
    return load_dataset("mnist", real_data_dir)


@pytest.fixture(scope="module")
def notmnist(real_data_dir):
    return load_dataset("notmnist", real_data_dir)


def test_real_mnist_split_sizes(mnist):
    assert (len(mnist.train), len(mnist.validation), len(mnist.test)) == (55000, 5000, 10000)
    assert mnist.train.images.shape == (55000, 28, 28) and mnist.train.images.dtype == np.uint8
    assert mnist.class_names == tuple("0123456789")


def test_real_mnist_test_label_distribution(mnist):
    counts = np.bincount(mnist.test.labels, minlength=10).tolist()
    assert counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_real_mnist_validation_is_end_of_train_file(real_data_dir, mnist):
    from lab.core.idx import read_idx

    labels = read_idx(real_data_dir / "mnist" / "train-labels-idx1-ubyte.gz")
    assert mnist.validation.labels.tolist() == labels[55000:].tolist()


def test_real_mnist_verify_all_ok(real_data_dir):
    results = verify_mnist(real_data_dir)
    assert len(results) == 4 and all(r["ok"] for r in results), results


def test_real_status_complete(real_data_dir):
    assert dataset_status("mnist", real_data_dir)["complete"]
    assert dataset_status("notmnist", real_data_dir)["complete"]


def test_real_notmnist_counts_and_skipped(notmnist):
    total = len(notmnist.train) + len(notmnist.validation) + len(notmnist.test)
    assert total == 18724
    assert sorted(notmnist.skipped) == sorted(SKIPPED)
    assert notmnist.class_names == tuple("ABCDEFGHIJ") and notmnist.num_classes == 10
    assert notmnist.train.images.dtype == np.uint8 and notmnist.train.images.shape[1:] == (28, 28)


def test_real_notmnist_roughly_80_10_10(notmnist):
    total = len(notmnist.train) + len(notmnist.validation) + len(notmnist.test)
    shares = [len(s) / total for s in (notmnist.train, notmnist.validation, notmnist.test)]
    assert 0.75 < shares[0] < 0.85 and 0.07 < shares[1] < 0.13 and 0.07 < shares[2] < 0.13
    for split in (notmnist.train, notmnist.validation, notmnist.test):
        assert set(np.unique(split.labels).tolist()) == set(range(10))


def test_real_notmnist_font_disjoint_splits(real_data_dir, notmnist):
    import tarfile

    from lab.core.datasets import font_split

    fonts = [set(), set(), set()]
    counts = np.zeros((3, 10), np.int64)  # (split, letter) counts expected from the font names
    with tarfile.open(real_data_dir / "notmnist" / "notMNIST_small.tar.gz", "r|gz") as archive:
        for member in archive:
            if member.isfile() and member.size:
                letter, name = member.name.split("/")[-2:]
                code = font_split(name)
                fonts[code].add(name)
                counts[code, "ABCDEFGHIJ".index(letter)] += 1
    assert not (fonts[0] & fonts[1] or fonts[0] & fonts[2] or fonts[1] & fonts[2])
    assert sum(len(f) for f in fonts) < 1900  # one font name → its letters A..J together
    loaded = [np.bincount(s.labels, minlength=10)
              for s in (notmnist.train, notmnist.validation, notmnist.test)]
    np.testing.assert_array_equal(np.array(loaded), counts)


def test_real_notmnist_cache_reused(real_data_dir, notmnist, monkeypatch):
    from lab.core import datasets

    monkeypatch.setattr(datasets, "decode_notmnist", lambda *a: pytest.fail("decoded again"))
    again = load_dataset("notmnist", real_data_dir)
    np.testing.assert_array_equal(again.test.images, notmnist.test.images)
