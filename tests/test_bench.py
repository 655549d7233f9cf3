"""`python -m lab bench --quick` end to end without the real data: the table, never a timing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = ("Machine", "MNIST load", "notMNIST first load", "notMNIST cached load",
        "Start-up to window shown", "Drawing-pad latency", "GUI stall during cnn training",
        "Peak memory during cnn training", "Memory growth per epoch in the window",
        "Time to 99.0% MNIST test accuracy", "Seed recipe softmax", "Seed recipe mlp",
        "Seed recipe cnn", "Seed recipe lenet", "Run folder writing",
        "Train tab vs command line samples/s", "GUI stall while the embedding map computes",
        "GUI stall while the Draw tab loads a model")


def test_quick_bench_writes_every_row(tmp_path):
    empty = tmp_path / "no-data"  # no real data: every part must fall back to generated images
    empty.mkdir()
    out = tmp_path / "bench.md"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="2",
               LAB_DATA_DIR=str(empty), LAB_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "lab", "--data-dir", str(empty), "bench",
                           "--quick", "--out", str(out)], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = out.read_text(encoding="utf-8")
    assert table.strip() == proc.stdout.strip()
    assert "| Figure | Result | Target | Pass | How measured |" in table
    names = [line.split("|")[1].strip() for line in table.splitlines()
             if line.startswith("| ") and not line.startswith("| Figure")]
    for row in ROWS:
        assert any(name.startswith(row) for name in names), f"row {row!r} missing:\n{table}"
    errors = [line for line in table.splitlines() if "| error |" in line]
    assert not errors, "\n".join(errors)
    assert "toy" in table  # quick figures say they are toy-sized
    assert "[bench" in proc.stderr  # progress lines go to the log stream


def _reports(*accuracies, seconds=10.0):
    return [{"epoch": i, "test_accuracy": a, "elapsed": seconds * (i + 1)}
            for i, a in enumerate(accuracies)]


def test_time_to_target_ratio_uses_first_epoch_at_target():
    from lab.bench import Benchmark
    from lab.bench.training_rows import TrainingRows

    bench = TrainingRows(Benchmark(quick=False))
    row = bench._time_to_target_row(_reports(0.991, seconds=5.0),
                                    _reports(0.98, 0.989, 0.992, seconds=20.0), "")
    assert row[0] == "Time to 99.0% MNIST test accuracy"
    assert "fast/seed = 0.08" in row[1] and row[3] == "pass"  # 5 s against 60 s
    two = bench._time_to_target_row(_reports(0.985, 0.991), _reports(0.98, 0.989, 0.992,
                                                                      seconds=20.0), "")
    assert "fast/seed = 0.33" in two[1] and two[3] == "FAIL"  # 20 s against 60 s: > 0.10
    never = bench._time_to_target_row(_reports(0.99), _reports(0.98, 0.985), "")
    assert "seed never reached it" in never[1] and "not reached in 2 epoch(s)" in never[1]
    slow = bench._time_to_target_row(_reports(0.95, 0.97), _reports(0.99), "")
    assert "fast never reached" in slow[1] and slow[3] == "FAIL"
    assert "| FAIL (toy) |" in Benchmark(quick=True).table([slow])
