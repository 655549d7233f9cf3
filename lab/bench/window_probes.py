"""More of the benchmark's subprocess probes (`python -m lab.bench.window_probes --child …`):

- ``--throughput window|command-line``: the fast default config trained once, from the real
  window's Train tab (offscreen) or through the RunController the `train` command uses; the
  training samples per second of its epoch reports;
- ``--embedding``: the real window's Inspect tab with a model loaded, the Embedding page
  opened (PCA at once, t-SNE in the background) under a 10 ms heartbeat; the longest gap;
- ``--model-load``: the real window's Draw tab choosing the letters model (read, then
  converted for the pad on a worker thread) under the same heartbeat; the longest gap.

Each prints one RESULT_PREFIX line of JSON, as lab.bench.gui_probe does.
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from lab.bench.bench_data import DIGITS, training_dataset
from lab.bench.gui_probe import HEARTBEAT_MS, GuiProbe, collection_in_gap, time_collections
from lab.bench.gui_rows import RESULT_PREFIX

ROOT = Path(__file__).resolve().parent.parent.parent
THROUGHPUT_SEED = 0   # the Train tab's default seed
LOAD_MODEL = "models/letters"   # the larger shipped model: five members to convert


class WindowProbes(GuiProbe):
    """The throughput and embedding-map probes, in this (child) process."""

    def throughput_child(self, where):
        """Train the fast default config once from ``where``; print its samples/s."""
        if where == "window":
            return self._window_throughput()
        from lab.core.runs import RunController
        from lab.core.training import Reporter, TrainingConfig

        dataset, _note = training_dataset(self.data_dir, self.quick)
        reports = []

        class Epochs(Reporter):
            def epoch(self, report):
                reports.append(report)
        self._say(f"command line: training fast on {len(dataset.train):,} images")
        with tempfile.TemporaryDirectory(prefix="lab-bench-runs-") as runs:
            RunController(dataset, TrainingConfig(architecture="fast", seed=THROUGHPUT_SEED),
                          Path(runs), reporter=Epochs()).run()
        self._print_throughput(reports[-1], len(dataset.train))
        os._exit(0)

    def _window_throughput(self):
        from PyQt5.QtCore import QTimer

        app, collector, window, _note = self._window()
        tab = window.train_tab
        window.tabs.setCurrentWidget(tab)
        reports = []

        def start():
            tab.form.set_architecture("fast")
            tab.form.seed.setValue(THROUGHPUT_SEED)
            self._say(f"window: training fast on {len(window.session.dataset.train):,} images")
            tab.controls.start_button.click()
            if tab.worker is None:
                raise RuntimeError(f"the Train tab did not start: "
                                   f"{tab.controls.status_label.text()}")
            tab.worker.epoch.connect(reports.append)
            tab.worker.done.connect(lambda: QTimer.singleShot(0, report))

        def report():
            self._print_throughput(reports[-1], len(window.session.dataset.train))
            self._quit(app, tab)

        self._loop_then_exit(app, collector, tab, start)

    @staticmethod
    def _print_throughput(report, samples):
        print(RESULT_PREFIX + json.dumps({
            "samples_per_second": report["samples_per_second"],
            "train_time": report["train_time"], "epochs": report["epoch"] + 1,
            "samples": samples}), flush=True)

    def embedding_child(self, cap_seconds):
        """The Embedding page's map computed in the real window under a heartbeat."""
        from PyQt5.QtCore import QTimer

        from lab.core.storage import SavedModel, load_model

        app, collector, window, note = self._window()
        if self.quick:
            from lab.core.architectures import build_model
            saved = SavedModel(build_model("mlp"), {"dataset": "mnist", "architecture": "mlp",
                                                    "class_names": list(DIGITS)})
            what = "a new mlp"
        else:
            saved, what = load_model(ROOT / "models" / "digits"), "models/digits"
        inspect = window.inspect_tab
        window.tabs.setCurrentWidget(inspect)
        self._say(f"evaluating {what} in the Inspect tab")
        window.session.set_model(saved)
        heart, state = self._heartbeat(pca_s=None, tsne_s=None)

        def once_evaluated():
            if inspect.evaluation is None:
                QTimer.singleShot(100, once_evaluated)
                return
            self._say(f"evaluated; opening the Embedding page "
                      f"({len(inspect.dataset.test):,} test images)")
            state["began"] = state["last"] = time.perf_counter()
            heart.start()
            inspect.pages.setCurrentWidget(inspect.embedding)
            QTimer.singleShot(100, check)

        def check():
            elapsed = time.perf_counter() - state["began"]
            embedding = inspect.embedding.embedding
            if embedding is not None and state["pca_s"] is None:
                state["pca_s"] = elapsed
            if embedding is not None and embedding.tsne is not None and state["tsne_s"] is None:
                state["tsne_s"] = elapsed
            settled = state["tsne_s"] is not None and elapsed - state["tsne_s"] >= 1.0
            if not settled and elapsed < cap_seconds:
                QTimer.singleShot(100, check)
                return
            heart.stop()
            print(RESULT_PREFIX + json.dumps({
                **self._longest_gap(state), "seconds": elapsed, "pca_s": state["pca_s"],
                "tsne_s": state["tsne_s"], "points": len(inspect.dataset.test), "model": what,
                "note": note}), flush=True)
            inspect.shutdown(10000)
            app.quit()

        QTimer.singleShot(0, once_evaluated)
        watchdog = QTimer()  # never hang the benchmark, whatever the window does
        watchdog.timeout.connect(lambda: (self._say("gave up: no result in time"), os._exit(3)))
        watchdog.start(int((cap_seconds + 120) * 1000))
        app.exec_()
        collector.stop()
        os._exit(0)

    def model_load_child(self, cap_seconds):
        """The Draw tab loading the letters model (read from disk, then converted for the pad
        on a worker thread) under a heartbeat, once its default model is ready."""
        from PyQt5.QtCore import QTimer

        app, collector, window, note = self._window()
        tab = window.draw_tab
        chooser = tab.chooser
        heart, state = self._heartbeat(ready_s=None, runtime=None)

        def on_ready(predictor, saved):
            if state["began"] is None:  # the tab's default model: now load the letters
                self._say(f"default model ready; loading {LOAD_MODEL} in the Draw tab")
                state["began"] = state["last"] = time.perf_counter()
                heart.start()
                chooser.select(ROOT / LOAD_MODEL, fresh=True)
            elif state["ready_s"] is None and saved.dataset == "notmnist":
                state["ready_s"] = time.perf_counter() - state["began"]
                state["runtime"] = predictor.runtime
                QTimer.singleShot(1000, report)

        def report():
            heart.stop()
            print(RESULT_PREFIX + json.dumps({
                **self._longest_gap(state), "ready_s": state["ready_s"], "model": LOAD_MODEL,
                "runtime": state["runtime"], "note": note}), flush=True)
            app.quit()

        chooser.predictor_changed.connect(on_ready)
        window.tabs.setCurrentWidget(tab)
        watchdog = QTimer()  # never hang the benchmark, whatever the window does
        watchdog.timeout.connect(lambda: (self._say("gave up: no result in time"), os._exit(3)))
        watchdog.start(int(cap_seconds * 1000))
        app.exec_()
        collector.stop()
        os._exit(0)

    @staticmethod
    def _heartbeat(**fields):
        """(timer, state): a 10 ms PreciseTimer whose ticks keep the longest gap in state;
        set state["began"] and state["last"] to now, then start it."""
        from PyQt5.QtCore import Qt, QTimer

        heart = QTimer()
        heart.setTimerType(Qt.PreciseTimer)
        heart.setInterval(HEARTBEAT_MS)
        state = {"began": None, "last": None, "max": 0.0, "at": 0.0, "ticks": 0,
                 "collections": [], **fields}
        time_collections(state)

        def tick():
            now = time.perf_counter()
            stall = (now - state["last"]) * 1000 - HEARTBEAT_MS
            if stall > state["max"]:
                state["max"], state["at"] = stall, now - state["began"]
            state["last"], state["ticks"] = now, state["ticks"] + 1

        heart.timeout.connect(tick)
        return heart, state

    @staticmethod
    def _longest_gap(state):
        """The result fields every heartbeat probe reports."""
        return {"max_stall_ms": state["max"], "worst_at_s": state["at"], "ticks": state["ticks"],
                "collection_in_worst": collection_in_gap(state["collections"], state["at"],
                                                         state["max"]),
                "longest_collection": max(((ms, g) for _, ms, g in state["collections"]),
                                          default=None)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lab.bench.window_probes")
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--throughput", choices=("window", "command-line"))
    parser.add_argument("--embedding", action="store_true")
    parser.add_argument("--model-load", action="store_true")
    parser.add_argument("--cap", type=float, default=300.0)
    args = parser.parse_args(argv)
    probes = WindowProbes(args.data_dir, args.quick)
    if args.throughput:
        probes.throughput_child(args.throughput)
    elif args.embedding:
        probes.embedding_child(args.cap)
    elif args.model_load:
        probes.model_load_child(args.cap)
    else:
        parser.error("say --throughput WHERE, --embedding or --model-load")


if __name__ == "__main__":
    main()
