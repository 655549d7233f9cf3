"""`python -m lab bench`: the lab's speed and accuracy figures as one markdown table.

Each row gives the figure, its target, pass/fail and how it was measured. Timings are medians
over repeats; training speed is a ratio against the seed recipe trained in the same run. The
GUI figures come from subprocesses (lab.bench.gui_probe). ``quick`` runs every part at toy size and
falls back to generated images when the real data is missing, so the benchmark never rots.
"""

import io
import os
import platform
import statistics
import tarfile
import tempfile
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

import numpy as np
from PIL import Image

from lab.bench.bench_data import DIGITS, LETTERS, QUICK_SIZES, glyphs, training_dataset
from lab.bench.gui_rows import EMBEDDING_ROW, MODEL_LOAD_ROW, THROUGHPUT_ROW, GuiRows
from lab.bench.run_folder_rows import ROW as RUN_FOLDER_ROW, run_folder_rows
from lab.bench.training_rows import TRAINING_ROWS, TrainingRows

ROOT = Path(__file__).resolve().parent.parent.parent
QUICK = {**QUICK_SIZES, "calls": 20, "stall": (3, 30), "repeats": 1, "tsne_cap": 120}
FULL = {"calls": 300, "stall": (60, 300), "repeats": 3, "tsne_cap": 600}


class Benchmark:
    """Measures every figure; ``run()`` returns the markdown table."""

    def __init__(self, data_dir=None, quick=False, log=None, max_epochs=None):
        self.data_dir = data_dir
        self.quick = quick
        self.max_epochs = max_epochs  # caps the seed recipes' epochs (lenet's alone is ~30 min)
        self.stream = log
        self.sizes = QUICK if quick else FULL
        self._began = time.perf_counter()
        self._mnist = None  # the MNIST Dataset once loaded (real, full size)

    def run(self):
        """Measure everything (a failing part becomes an error row) and return the table."""
        parts = ((self.machine, ["Machine"]),
                 (self.data, ["MNIST load", "notMNIST first load", "notMNIST cached load"]),
                 (self.startup, ["Start-up to window shown"]),
                 (self.latency, ["Drawing-pad latency"]),
                 (self.gui, ["GUI stall during cnn training", "Peak memory during cnn training"]),
                 (self.memory, ["Memory growth per epoch in the window"]),
                 (self.throughput, [THROUGHPUT_ROW]),
                 (self.embedding, [EMBEDDING_ROW]),
                 (self.model_load, [MODEL_LOAD_ROW]),
                 (self.training, list(TRAINING_ROWS)),
                 (lambda: run_folder_rows(self), [RUN_FOLDER_ROW]))
        rows = []
        for part, names in parts:
            self.log(f"— {names[0]}{' …' if len(names) > 1 else ''}")
            try:
                rows += part()
            except Exception as error:  # noqa: BLE001 - one broken part must not hide the rest
                text = f"error: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
                self.log(text)
                rows += [(name, text, "", "error", "") for name in names]
        self.log(f"done in {time.perf_counter() - self._began:.0f} s")
        return self.table(rows)

    def table(self, rows):
        title = "# Digit Lab benchmark" + (
            " (--quick: toy sizes, the figures do not test the targets)" if self.quick else "")
        lines = [title, "", "| Figure | Result | Target | Pass | How measured |",
                 "|---|---|---|---|---|"]
        for name, result, target, verdict, how in rows:
            if self.quick and verdict in ("pass", "FAIL"):
                verdict += " (toy)"
            cells = [str(c).replace("|", "/").replace("\n", " ") for c in
                     (name, result, target, verdict, how)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def log(self, text):
        if self.stream is not None:
            print(f"[bench {time.perf_counter() - self._began:6.0f} s] {text}", file=self.stream,
                  flush=True)

    @staticmethod
    def verdict(ok):
        return "pass" if ok else "FAIL"

    # -- parts ------------------------------------------------------------------------------

    def machine(self):
        cpu = platform.processor() or platform.machine()
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as info:
                cpu = next(line.split(":", 1)[1].strip() for line in info
                           if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
        load = "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
        versions = " · ".join(f"{name} {self._version(name)}" for name in ("tensorflow", "keras"))
        text = (f"{cpu} · {os.cpu_count()} cores ({usable} usable) · {versions} · Python "
                f"{platform.python_version()} · {datetime.now():%Y-%m-%d %H:%M}")
        return [("Machine", text, "—", "—", f"/proc/cpuinfo; load average {load} at start")]

    def data(self):
        from lab.core.datasets import load_dataset

        with tempfile.TemporaryDirectory(prefix="lab-bench-data-") as toy:
            mnist_dir, note = self._mnist_dir(Path(toy))
            times = []
            for _ in range(self.sizes["repeats"]):
                began = time.perf_counter()
                dataset = load_dataset("mnist", mnist_dir)
                times.append(time.perf_counter() - began)
            if note is None:
                self._mnist = dataset
            n = sum(len(dataset.split(s)) for s in ("train", "validation", "test"))
            rows = [("MNIST load", f"{statistics.median(times):.2f} s ({n:,} images)", "≤ 1 s",
                     self.verdict(statistics.median(times) <= 1.0),
                     f"load_dataset('mnist') from the 4 .gz files, median of {len(times)}"
                     + (f"; {note}" if note else ""))]
            return rows + self._notmnist(Path(toy))

    def _mnist_dir(self, toy_root):
        """(data folder with MNIST, None) for real data, else a toy IDX folder and a note."""
        from lab.core.datasets import dataset_status
        from lab.core.idx import write_idx

        try:
            if dataset_status("mnist", self.data_dir)["complete"]:
                return self.data_dir, None
        except Exception:  # noqa: BLE001 - no data folder at all: same as missing files
            pass
        if not self.quick:
            raise FileNotFoundError("MNIST not found: set LAB_DATA_DIR or pass --data-dir")
        images, labels = glyphs(DIGITS, 70, seed=1)
        folder = toy_root / "mnist"
        folder.mkdir(parents=True)
        for name, array in (("train-images-idx3-ubyte.gz", images[:600]),
                            ("train-labels-idx1-ubyte.gz", labels[:600]),
                            ("t10k-images-idx3-ubyte.gz", images[600:]),
                            ("t10k-labels-idx1-ubyte.gz", labels[600:])):
            write_idx(folder / name, array if "labels" not in name else array.astype(np.uint8))
        return toy_root, "real MNIST not found: generated toy IDX files"

    def _notmnist(self, toy_root):
        from lab.core.datasets import dataset_status, load_dataset

        source, note = self.data_dir, None
        if self.quick or not dataset_status("notmnist", self.data_dir)["complete"]:
            if not self.quick:
                raise FileNotFoundError("notMNIST_small.tar.gz not found in the data folder")
            source, note = toy_root, "generated toy archive of 200 PNGs"
            self._toy_notmnist(toy_root / "notmnist" / "notMNIST_small.tar.gz")
        saved = os.environ.get("LAB_CACHE_DIR")
        try:
            with tempfile.TemporaryDirectory(prefix="lab-bench-cache-") as cache:
                os.environ["LAB_CACHE_DIR"] = cache
                times = []
                for _ in range(1 + self.sizes["repeats"]):  # first decode, then from the cache
                    began = time.perf_counter()
                    dataset = load_dataset("notmnist", source)
                    times.append(time.perf_counter() - began)
        finally:
            os.environ.pop("LAB_CACHE_DIR", None)
            if saved is not None:
                os.environ["LAB_CACHE_DIR"] = saved
        first, cached = times[0], times[1:]
        n = sum(len(dataset.split(s)) for s in ("train", "validation", "test"))
        how = "LAB_CACHE_DIR pointed at a fresh temp folder" + (f"; {note}" if note else "")
        return [("notMNIST first load", f"{first:.2f} s ({n:,} images, {len(dataset.skipped)} "
                 "skipped)", "—", "—", "decode the .tar.gz once; " + how),
                ("notMNIST cached load", f"{statistics.median(cached):.2f} s", "≤ 1 s",
                 self.verdict(statistics.median(cached) <= 1.0),
                 f"load again from the .npz cache, median of {len(cached)}; " + how)]

    def _toy_notmnist(self, path):
        images, labels = glyphs(LETTERS, 20, seed=2)
        path.parent.mkdir(parents=True)
        with tarfile.open(path, "w:gz") as archive:
            for index, (image, label) in enumerate(zip(images, labels)):
                png = io.BytesIO()
                Image.fromarray(image).save(png, format="PNG")
                member = tarfile.TarInfo(f"notMNIST_small/{LETTERS[label]}/font{index:04d}.png")
                member.size = png.tell()
                png.seek(0)
                archive.addfile(member, png)

    def startup(self):
        return GuiRows(self.data_dir, self.quick, self.log).startup_rows(
            self.sizes["repeats"])

    def latency(self):
        from lab.core.architectures import build_model
        from lab.core.prediction import Predictor

        if self.quick:
            tiny = Predictor(build_model("mlp"), DIGITS, compile_single=True)  # as the pad's
            return [self._latency_row("tiny fresh mlp", tiny,
                                      DIGITS, self.sizes["calls"])]
        rows = []
        for name, classes in (("digits", DIGITS), ("letters", LETTERS)):
            folder = ROOT / "models" / name
            if not folder.is_dir():
                rows.append((f"Drawing-pad latency (models/{name})", "skipped: folder missing",
                             "≤ 5 ms median", "—", "no shipped model to time"))
                continue
            predictor = Predictor.from_folder(folder, compile_single=True)  # as the pad's
            rows.append(self._latency_row(f"models/{name}", predictor,
                                          classes, self.sizes["calls"]))
        return rows

    def _latency_row(self, label, predictor, classes, calls):
        from lab.core.preprocess import to_mnist

        drawings = [glyphs((c,), 1, seed=i, size=280)[0][0].astype(np.float32)
                    for i, c in enumerate(classes)]
        for drawing in drawings[:3]:  # warm-up: the first call traces the model
            predictor.read(drawing)
        totals, prep = [], []
        for i in range(calls):
            drawing = drawings[i % len(drawings)]
            began = time.perf_counter()
            predictor.read(drawing)  # what the pad calls: ink, segmentation, model
            totals.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            to_mnist(drawing)
            prep.append((time.perf_counter() - began) * 1000)
        median, p95 = statistics.median(totals), float(np.percentile(totals, 95))
        self.log(f"{label}: median {median:.2f} ms, p95 {p95:.2f} ms")
        return (f"Drawing-pad latency ({label})",
                f"median {median:.2f} ms, p95 {p95:.2f} ms (of which preprocessing alone "
                f"{statistics.median(prep):.2f} ms)", "≤ 5 ms median", self.verdict(median <= 5),
                f"Predictor.read (what the Draw tab and predict call) on a 280×280 drawing of "
                f"one character, {calls} calls after 3 warm-up calls")

    def gui(self):
        low, cap = self.sizes["stall"]
        return GuiRows(self.data_dir, self.quick, self.log).stall_rows(low, cap,
                                                                       self.sizes["repeats"])

    def throughput(self):
        return GuiRows(self.data_dir, self.quick, self.log).throughput_rows(
            self.sizes["repeats"])

    def embedding(self):
        return GuiRows(self.data_dir, self.quick, self.log).embedding_rows(
            self.sizes["tsne_cap"])

    def model_load(self):
        return GuiRows(self.data_dir, self.quick, self.log).model_load_rows(120)

    def memory(self):
        epochs, samples = (3, 300) if self.quick else (15, 3000)
        return GuiRows(self.data_dir, self.quick, self.log).memory_rows(epochs, samples)

    def training(self):
        return TrainingRows(self).rows()

    def training_dataset(self):
        """(MNIST Dataset, note): see lab.bench.bench_data.training_dataset."""
        dataset, note = training_dataset(self.data_dir, self.quick, self._mnist)
        if not self.quick:
            self._mnist = dataset
        return dataset, note

    @staticmethod
    def _version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"
