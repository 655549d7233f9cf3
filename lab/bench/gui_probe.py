"""GUI figures for `python -m lab bench`, each measured in a fresh subprocess.

Start-up: `python -m lab` with LAB_STARTUP_PROBE=exit. Responsiveness and memory:
`python -m lab.bench_gui --child …` builds the real MainWindow offscreen, starts a cnn run from
the Train tab and measures event-loop stalls with a 10 ms heartbeat (StallMeter's method, plus
when each long gap happened, so the row can say what caused the worst one).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH_GUI "
PROGRESS_PREFIX = "gui: "
SHOWN = re.compile(r"window shown after ([0-9.]+) s(?: \(tensorflow imported: (\w+)\))?")
HEARTBEAT_MS = 10


class GuiBenchmark:
    """Launches the GUI subprocesses and turns their figures into table rows; ``child()`` is
    what runs inside the training subprocess."""

    def __init__(self, data_dir=None, quick=False, log=None):
        self.data_dir = data_dir
        self.quick = quick
        self.log = log or (lambda text: None)
        self._home = tempfile.TemporaryDirectory(prefix="lab-bench-gui-")

    def env(self):
        """Child environment: offscreen, quiet TF, settings and per-user files in a temp folder."""
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="2",
                   XDG_CONFIG_HOME=str(Path(self._home.name) / "config"),
                   LAB_USER_DIR=str(Path(self._home.name) / "user"))
        if self.data_dir:
            env["LAB_DATA_DIR"] = str(self.data_dir)
        env.pop("LAB_STARTUP_PROBE", None)
        return env

    # -- parent side ----------------------------------------------------------------------

    def startup(self, repeats):
        """[(window's own figure s, launch-to-line s, "yes"/"no"/"?" TF imported)] per launch."""
        times = []
        for attempt in range(repeats):
            shown = []

            def on_line(seconds, line):
                match = SHOWN.search(line)
                if match and not shown:
                    shown.append((float(match.group(1)), seconds, match.group(2) or "?"))
            status, errors = self._run_child([sys.executable, "-m", "lab"], 120, on_line,
                                             LAB_STARTUP_PROBE="exit")
            if not shown:
                raise RuntimeError(f"`python -m lab` (exit status {status}) never printed "
                                   f"'window shown after': {self._tail(errors)}")
            self.log(f"start-up {attempt + 1}/{repeats}: 'window shown' line after "
                     f"{shown[0][1]:.2f} s (the window's own clock: {shown[0][0]:.2f} s)")
            times.append(shown[0])
        return times

    def training_stall(self, min_seconds, cap_seconds):
        """Stall/memory figures (dict) from a child that trains cnn in the real window."""
        command = [sys.executable, "-m", "lab.bench_gui", "--child", "--seconds", str(min_seconds),
                   "--cap", str(cap_seconds)] + (["--quick"] if self.quick else [])
        if self.data_dir:
            command += ["--data-dir", str(self.data_dir)]
        results = []

        def on_line(_seconds, line):
            if line.startswith(PROGRESS_PREFIX):
                self.log(line.strip())
            elif line.startswith(RESULT_PREFIX):
                results.append(json.loads(line[len(RESULT_PREFIX):]))
        status, errors = self._run_child(command, cap_seconds + 180, on_line)
        if not results:
            raise RuntimeError(f"the GUI probe exited with status {status}: {self._tail(errors)}")
        return results[0]

    def _run_child(self, command, timeout, on_line, **env):
        """Run ``command``; on_line(seconds since launch, line) per stdout line (in a reader
        thread); killed after ``timeout`` s. Returns (exit status, stderr text)."""
        with tempfile.TemporaryFile(mode="w+") as errors:
            began = time.perf_counter()
            proc = subprocess.Popen(command, cwd=ROOT, env=dict(self.env(), **env), text=True,
                                    stdout=subprocess.PIPE, stderr=errors)

            def read():
                for line in proc.stdout:
                    on_line(time.perf_counter() - began, line)
            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            reader.join(10)
            errors.seek(0)
            return proc.returncode, errors.read()

    def startup_rows(self, repeats):
        """The start-up row: median over `repeats` launches."""
        times = self.startup(repeats)
        own = statistics.median(t[0] for t in times)
        outer = statistics.median(t[1] for t in times)
        tf = "/".join(sorted({t[2] for t in times}))
        # Launch → line is the figure: the window's own clock starts at psutil's create_time,
        # whose boot-time base (/proc/stat btime) has whole-second resolution.
        return [("Start-up to window shown", f"{outer:.2f} s (the window's own clock: {own:.2f} "
                 f"s; TensorFlow imported before the window: {tf})", "≤ 3 s",
                 _verdict(outer <= 3), "`python -m lab`, QT_QPA_PLATFORM=offscreen, "
                 "LAB_STARTUP_PROBE=exit: from launching the process to reading its 'window "
                 f"shown' line (printed after the first paint); median of {len(times)}")]

    def stall_rows(self, min_seconds, cap_seconds):
        """The GUI-stall and peak-memory rows of one cnn run in the real window."""
        r = self.training_stall(min_seconds, cap_seconds)
        over = ", ".join(f">{k} ms: {v}" for k, v in r["gaps_over"].items())
        first = r["first_batch_s"]
        where = f" at +{r['worst_at_s']:.1f} s," if r["gaps_over"]["25"] else ";"
        worst = (f"max {r['max_stall_ms']:.0f} ms{where} {r['worst_phase']}; {over} over "
                 f"{r['ticks']:,} ticks; first batch report "
                 + (f"at +{first:.1f} s" if first is not None else "never came"))
        if not r["epochs_seen"]:
            worst += "; no epoch ended in the window"
        how = (f"real MainWindow offscreen, Train tab Start with cnn on {r['train_samples']:,} "
               f"images; 10 ms PreciseTimer heartbeat (as StallMeter) for {r['seconds']:.0f} s "
               f"from the click, {r['epochs_seen']} epoch end(s) seen"
               + (f"; {r['note']}" if r["note"] else ""))
        return [("GUI stall during cnn training", worst, "≤ 50 ms",
                 _verdict(r["max_stall_ms"] <= 50), how),
                ("Peak memory during cnn training", f"{r['peak_mb']:,.0f} MiB "
                 f"({r['baseline_mb']:,.0f} MiB before Start)", "—", "—",
                 "peak resident set (ru_maxrss) of that GUI process, data loading included")]

    def memory_rows(self, epochs, samples):
        """Memory growth per epoch while cnn trains in the real window with the Draw tab shown."""
        command = [sys.executable, "-m", "lab.bench_gui", "--child", "--memory",
                   "--epochs", str(epochs), "--samples", str(samples)] + (
                       ["--quick"] if self.quick else [])
        if self.data_dir:
            command += ["--data-dir", str(self.data_dir)]
        results = []

        def on_line(_seconds, line):
            if line.startswith(PROGRESS_PREFIX):
                self.log(line.strip())
            elif line.startswith(RESULT_PREFIX):
                results.append(json.loads(line[len(RESULT_PREFIX):]))
        status, errors = self._run_child(command, 60 * epochs + 300, on_line)
        if not results:
            raise RuntimeError(f"the memory probe exited with status {status}: "
                               f"{self._tail(errors)}")
        r = results[0]
        retraced = errors.count("retracing")
        last = r["epochs"]
        figure = (f"{r['growth_mb']:+.2f} MiB an epoch after the first ({r['first_mb']:,.0f} → "
                  f"{r['before_end_mb']:,.0f} MiB over epochs 1–{last - 1}; the end of the run "
                  f"adds {r['last_mb'] - r['before_end_mb']:,.0f} MiB once); "
                  f"{retraced} retracing warning(s)")
        how = (f"real MainWindow offscreen, Draw tab shown with a drawing on the pad, Train tab "
               f"Start with cnn for {last} epochs on {r['samples']:,} images; resident set 1 s "
               f"after each epoch end, least-squares slope over epochs 2–{last - 1} (epoch "
               f"{last}'s sample also holds the end of the run: test evaluation, final copy)")
        return [("Memory growth per epoch in the window", figure, "< 1 MiB, no retracing",
                 _verdict(r["growth_mb"] < 1.0 and retraced == 0), how)]

    @staticmethod
    def _tail(text):
        lines = [line for line in text.strip().splitlines() if line.strip()]
        return " / ".join(lines[-3:])[-400:] or "no output"

    # -- child side -----------------------------------------------------------------------

    def child(self, min_seconds, cap_seconds):
        """In the subprocess: build the window, train cnn, measure, print one result line."""
        from PyQt5.QtCore import QSettings, Qt, QTimer
        from PyQt5.QtWidgets import QApplication

        from lab.bench import Benchmark
        from lab.gui.main_window import MainWindow
        from lab.gui.session import LabSession

        from lab.gui.collector import GuiGarbageCollector

        app = QApplication([sys.argv[0]])
        collector = GuiGarbageCollector()  # as the real application runs: its pauses count
        settings = QSettings(str(Path(self._home.name) / "settings.ini"), QSettings.IniFormat)
        session = LabSession(settings=settings, data_dir=self.data_dir)
        session.quiet = True
        window = MainWindow(session)
        window.resize(1280, 800)
        window.show()
        self._say("loading the dataset")
        dataset, note = Benchmark(self.data_dir, quick=self.quick).training_dataset()
        session.set_dataset(dataset)
        tab = window.train_tab
        window.tabs.setCurrentWidget(tab)
        # The heartbeat of StallMeter, plus when each long gap happened (to name its cause).
        heart = QTimer()
        heart.setTimerType(Qt.PreciseTimer)
        heart.setInterval(HEARTBEAT_MS)
        state = {"began": None, "last_tick": None, "ticks": 0, "gaps": [], "first_batch": None,
                 "batches": [], "epochs": [], "max": 0.0, "note": note,
                 "train_samples": len(dataset.train)}

        def tick():
            now = time.perf_counter()
            stall = (now - state["last_tick"]) * 1000 - HEARTBEAT_MS
            state["max"] = max(state["max"], stall)
            if stall > 25:
                state["gaps"].append((now - state["began"], stall))
            state["last_tick"], state["ticks"] = now, state["ticks"] + 1

        def start_when_ready():
            if not tab.form.loaded:
                tab.ensure_architectures()
                QTimer.singleShot(50, start_when_ready)
                return
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

        QTimer.singleShot(0, start_when_ready)
        watchdog = QTimer()  # never hang the benchmark, whatever the window does
        watchdog.timeout.connect(lambda: (self._say("gave up: no result in time"), os._exit(3)))
        watchdog.start(int((cap_seconds + 90) * 1000))
        app.exec_()
        collector.stop()
        os._exit(0)  # skip interpreter teardown of TF/Qt threads; the result is printed

    def memory_child(self, epochs, samples):
        """In the subprocess: train cnn with the Draw tab shown, sample memory per epoch."""
        from PyQt5.QtCore import QSettings, QTimer
        from PyQt5.QtWidgets import QApplication

        from lab.bench import Benchmark
        from lab.gui.collector import GuiGarbageCollector
        from lab.gui.main_window import MainWindow
        from lab.gui.session import LabSession

        app = QApplication([sys.argv[0]])
        collector = GuiGarbageCollector()  # as the real application runs
        settings = QSettings(str(Path(self._home.name) / "settings.ini"), QSettings.IniFormat)
        session = LabSession(settings=settings, data_dir=self.data_dir)
        session.quiet = True
        window = MainWindow(session)
        window.resize(1280, 800)
        window.show()
        dataset, _note = Benchmark(self.data_dir, quick=self.quick).training_dataset()
        session.set_dataset(dataset)
        tab, draw = window.train_tab, window.draw_tab
        window.tabs.setCurrentWidget(draw)
        draw.canvas.begin_stroke(60, 40)
        for step in range(1, 30):
            draw.canvas.extend_stroke(60 + step * 2, 40 + step * 6)
        draw.canvas.end_stroke()
        rss = []

        def start_when_ready():
            if not tab.form.loaded:
                tab.ensure_architectures()
                QTimer.singleShot(50, start_when_ready)
                return
            tab.form.set_architecture("cnn")
            tab.form.epochs.setValue(epochs)
            tab.form.max_samples.setValue(samples)
            self._say(f"training cnn {epochs} epochs on {samples:,} images, Draw tab shown")
            tab.controls.start_button.click()
            tab.worker.epoch.connect(lambda _r: QTimer.singleShot(1000, sample))
            tab.worker.done.connect(lambda: QTimer.singleShot(1500, report))

        def sample():
            rss.append(_memory_mb()[0])
            self._say(f"epoch {len(rss)}: {rss[-1]:,.1f} MiB")

        def report():
            import numpy as np

            # The last sample also holds the end of the run (the test evaluation): said apart.
            later = rss[1:-1]
            slope = float(np.polyfit(np.arange(len(later)), later, 1)[0]) if len(later) > 1 else 0.0
            print(RESULT_PREFIX + json.dumps({"growth_mb": slope, "first_mb": rss[0],
                                              "before_end_mb": rss[-2], "last_mb": rss[-1],
                                              "epochs": len(rss), "samples": samples}),
                  flush=True)
            tab.shutdown(10000)
            app.quit()

        QTimer.singleShot(0, start_when_ready)
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
                "baseline_mb": state.get("baseline_mb", 0.0), "peak_mb": _memory_mb()[1]}

    @staticmethod
    def _say(text):
        print(PROGRESS_PREFIX + text, flush=True)


def _verdict(ok):
    return "pass" if ok else "FAIL"


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
    parser = argparse.ArgumentParser(prog="python -m lab.bench_gui")
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cap", type=float, default=300.0)
    parser.add_argument("--memory", action="store_true", help="the memory-growth probe")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--samples", type=int, default=3000)
    args = parser.parse_args(argv)
    bench = GuiBenchmark(args.data_dir, args.quick)
    if args.memory:
        bench.memory_child(args.epochs, args.samples)
    else:
        bench.child(args.seconds, args.cap)


if __name__ == "__main__":
    main()
