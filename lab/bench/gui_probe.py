"""What runs inside the GUI benchmark's subprocess (`python -m lab.bench.gui_probe --child`):
the real MainWindow offscreen, a cnn run started from the Train tab, and either the event
loop's stalls (a 10 ms heartbeat, as StallMeter measured, plus when each long gap happened
so the row can say what caused the worst one) or the memory after each epoch.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from lab.bench.bench_data import training_dataset
from lab.bench.gui_rows import PROGRESS_PREFIX, RESULT_PREFIX

HEARTBEAT_MS = 10


class GuiProbe:
    """One probe run in this process; prints one RESULT_PREFIX line of JSON."""

    def __init__(self, data_dir=None, quick=False):
        self.data_dir = data_dir
        self.quick = quick
        self._home = tempfile.TemporaryDirectory(prefix="lab-bench-probe-")

    def _window(self):
        """(app, collector, window, note): the real window as the application runs it (its
        collector's pauses count), offscreen, with the benchmark's MNIST loaded."""
        from PyQt5.QtCore import QSettings
        from PyQt5.QtWidgets import QApplication

        from lab.gui.collector import GuiGarbageCollector
        from lab.gui.main_window import MainWindow
        from lab.gui.session import LabSession

        app = QApplication([sys.argv[0]])
        collector = GuiGarbageCollector()
        settings = QSettings(str(Path(self._home.name) / "settings.ini"), QSettings.IniFormat)
        session = LabSession(settings=settings, data_dir=self.data_dir)
        session.quiet = True
        window = MainWindow(session)
        window.resize(1280, 800)
        window.show()
        self._say("loading the dataset")
        dataset, note = training_dataset(self.data_dir, self.quick)
        session.set_dataset(dataset)
        return app, collector, window, note

    @staticmethod
    def _once_loaded(tab, start):
        """Call ``start`` once the Train tab's architecture list has loaded."""
        from PyQt5.QtCore import QTimer

        if tab.form.loaded:
            start()
            return
        tab.ensure_architectures()
        QTimer.singleShot(50, lambda: GuiProbe._once_loaded(tab, start))

    def child(self, min_seconds, cap_seconds):
        """In the subprocess: build the window, train cnn, measure, print one result line."""
        from PyQt5.QtCore import Qt, QTimer

        app, collector, window, note = self._window()
        dataset = window.session.dataset
        tab = window.train_tab
        window.tabs.setCurrentWidget(tab)
        # The heartbeat of StallMeter, plus when each long gap happened (to name its cause).
        heart = QTimer()
        heart.setTimerType(Qt.PreciseTimer)
        heart.setInterval(HEARTBEAT_MS)
        state = {"began": None, "last_tick": None, "ticks": 0, "gaps": [], "first_batch": None,
                 "batches": [], "epochs": [], "max": 0.0, "note": note,
                 "train_samples": len(dataset.train), "collections": []}
        time_collections(state)

        def tick():
            now = time.perf_counter()
            stall = (now - state["last_tick"]) * 1000 - HEARTBEAT_MS
            state["max"] = max(state["max"], stall)
            if stall > 25:
                state["gaps"].append((now - state["began"], stall))
            state["last_tick"], state["ticks"] = now, state["ticks"] + 1

        def start():
            tab.form.set_architecture("cnn")
            state["baseline_mb"] = _memory_mb()[0]
            self._say(f"training cnn on {len(dataset.train):,} images; heartbeat every 10 ms")
            heart.timeout.connect(tick)
            state["began"] = state["last_tick"] = time.perf_counter()
            heart.start()
            tab.controls.start_button.click()
            if tab.worker is None:
                status = tab.controls.status_label.text()
                raise RuntimeError(f"the Train tab did not start: {status}")
            tab.worker.batch.connect(on_batch)
            tab.worker.epoch.connect(on_epoch)
            QTimer.singleShot(250, check)

        def on_batch(_report):
            state["batches"].append(time.perf_counter() - state["began"])
            if state["first_batch"] is None:
                state["first_batch"] = state["batches"][-1]

        def on_epoch(report):
            state["epochs"].append(time.perf_counter() - state["began"])
            worst = max((g for _, g in state["gaps"]), default=0)
            self._say(f"epoch {report.get('epoch', 0) + 1} ended "
                      f"(worst stall so far {worst:.0f} ms)")

        def check():
            elapsed = time.perf_counter() - state["began"]
            settled = state["epochs"] and elapsed - state["epochs"][-1] >= (0.5 if self.quick
                                                                             else 2.0)
            if not (elapsed >= min_seconds and settled) and elapsed < cap_seconds:
                QTimer.singleShot(250, check)
                return
            heart.stop()
            state["seconds"] = elapsed
            print(RESULT_PREFIX + json.dumps(self._summary(state)), flush=True)
            tab.shutdown(10000)
            app.quit()

        QTimer.singleShot(0, lambda: self._once_loaded(tab, start))
        watchdog = QTimer()  # never hang the benchmark, whatever the window does
        watchdog.timeout.connect(lambda: (self._say("gave up: no result in time"), os._exit(3)))
        watchdog.start(int((cap_seconds + 90) * 1000))
        app.exec_()
        collector.stop()
        os._exit(0)  # skip interpreter teardown of TF/Qt threads; the result is printed

    def memory_child(self, epochs, samples):
        """In the subprocess: train cnn with the Draw tab shown, sample memory per epoch."""
        from PyQt5.QtCore import QTimer

        app, collector, window, _note = self._window()
        tab, draw = window.train_tab, window.draw_tab
        window.tabs.setCurrentWidget(draw)
        draw.canvas.begin_stroke(60, 40)
        for step in range(1, 30):
            draw.canvas.extend_stroke(60 + step * 2, 40 + step * 6)
        draw.canvas.end_stroke()
        # Each epoch's lowest resident set, sampled every 100 ms: what stays, without the
        # transient buffers of an epoch end (on a slow machine one sample 0.2 s after the
        # epoch end often caught them half built, and the slope followed the noise).
        rss, since_last_epoch = [], []
        sampler = QTimer(window)
        sampler.timeout.connect(lambda: since_last_epoch.append(_memory_mb()[0]))

        def start():
            tab.form.set_architecture("cnn")
            tab.form.epochs.setValue(epochs)
            tab.form.max_samples.setValue(samples)
            self._say(f"training cnn {epochs} epochs on {samples:,} images, Draw tab shown")
            tab.controls.start_button.click()
            sampler.start(100)
            tab.worker.epoch.connect(lambda _r: QTimer.singleShot(200, sample))
            tab.worker.done.connect(lambda: QTimer.singleShot(1500, report))

        def sample():
            rss.append(min(since_last_epoch + [_memory_mb()[0]]))
            since_last_epoch.clear()
            self._say(f"epoch {len(rss)}: {rss[-1]:,.1f} MiB")

        def report():
            import numpy as np

            # The last epoch's sample is said apart: the end of the run (test evaluation, saving
            # the model in its run folder) starts within its 0.2 s.
            during = rss[:-1]
            # The slope over the second half: a leak keeps growing, while one-time set-up (model
            # build, the first traces, validation and inference copies) settles over the first
            # epochs, over more of them on a slow machine.
            half = len(during) // 2
            later = during[half:]
            slope = float(np.polyfit(np.arange(len(later)), later, 1)[0]) if len(later) > 1 else 0.0
            print(RESULT_PREFIX + json.dumps({"growth_mb": slope, "first_mb": rss[0],
                                              "settled_mb": later[0], "settled_epoch": half + 1,
                                              "before_end_mb": during[-1], "last_mb": rss[-1],
                                              "epochs_during": len(during),
                                              "epochs": len(rss), "samples": samples}),
                  flush=True)
            self._quit(app, tab)

        self._loop_then_exit(app, collector, tab, start)

    @staticmethod
    def _quit(app, tab):
        tab.shutdown(10000)
        app.quit()

    def _loop_then_exit(self, app, collector, tab, start):
        """Run the window's event loop, calling ``start`` once the Train tab has loaded; then
        leave the process (skipping interpreter teardown of TF/Qt threads)."""
        from PyQt5.QtCore import QTimer

        QTimer.singleShot(0, lambda: self._once_loaded(tab, start))
        app.exec_()
        collector.stop()
        os._exit(0)

    @staticmethod
    def _at_epoch_end(at, state):
        """True when no batch report came between the gap and the next epoch report (+1 s)."""
        end = next((t for t in state["epochs"] if t + 1.0 >= at), None)
        return end is not None and not any(at < b < end for b in state["batches"])

    def _summary(self, state):
        """The figures, and when the worst stall happened relative to the run's events."""
        gaps = state["gaps"]
        at, worst = max(gaps, key=lambda g: g[1], default=(0.0, 0.0))
        collection = collection_in_gap(state["collections"], at, worst)
        if not gaps:
            phase = "no gap over 25 ms"
        elif state["first_batch"] is None or at <= state["first_batch"]:
            phase = "before the first batch report (model build, tracing)"
        elif self._at_epoch_end(at, state):
            phase = "at an epoch end (validation, test, weight copy)"
        else:
            phase = "mid-epoch"
        return {"max_stall_ms": state["max"], "worst_at_s": at, "worst_phase": phase,
                "ticks": state["ticks"], "seconds": state["seconds"],
                "gaps_over": {t: sum(g > t for _, g in gaps) for t in (25, 50, 100)},
                "epochs_seen": len(state["epochs"]), "first_batch_s": state["first_batch"],
                "train_samples": state["train_samples"], "note": state["note"],
                "baseline_mb": state.get("baseline_mb", 0.0), "peak_mb": _memory_mb()[1],
                "collection_in_worst": collection,
                "longest_collection": max(((ms, g) for _, ms, g in state["collections"]),
                                          default=None)}

    @staticmethod
    def _say(text):
        print(PROGRESS_PREFIX + text, flush=True)



def collection_in_gap(collections, at, gap_ms):
    """The longest GUI-thread garbage collection (ms, generation) that ended inside the gap
    of ``gap_ms`` ending at ``at`` s, or None."""
    inside = [(ms, generation) for ended, ms, generation in collections
              if at - gap_ms / 1000 - 0.005 <= ended <= at + 0.005]
    return max(inside, default=None)


def time_collections(state):
    """Record (end since the heartbeat began, ms, generation) of every GUI-thread collection."""
    import gc
    import threading

    gui_thread, started = threading.get_ident(), {}

    def timed(phase, info):
        if threading.get_ident() != gui_thread or state["began"] is None:
            return
        if phase == "start":
            started["at"] = time.perf_counter()
        elif "at" in started:
            now = time.perf_counter()
            state["collections"].append((now - state["began"], (now - started.pop("at")) * 1000,
                                         info["generation"]))
    gc.callbacks.append(timed)


def _memory_mb():
    """(resident now, peak resident) of this process in MiB; peak from ru_maxrss on Unix."""
    import psutil

    info = psutil.Process().memory_info()
    peak = getattr(info, "peak_wset", None)  # Windows
    if peak is None:
        import resource
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    return info.rss / 2**20, peak / 2**20


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lab.bench.gui_probe")
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cap", type=float, default=300.0)
    parser.add_argument("--memory", action="store_true", help="the memory-growth probe")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--samples", type=int, default=3000)
    args = parser.parse_args(argv)
    bench = GuiProbe(args.data_dir, args.quick)
    if args.memory:
        bench.memory_child(args.epochs, args.samples)
    else:
        bench.child(args.seconds, args.cap)


if __name__ == "__main__":
    main()
