"""`python -m lab bench`: the lab's speed and accuracy figures as one markdown table.

benchmark.Benchmark runs the parts and writes the table; bench_data makes its data;
training_rows, run_folder_rows and gui_rows measure their rows (gui_rows through
subprocesses that run gui_probe).
"""

from lab.bench.benchmark import Benchmark

__all__ = ["Benchmark"]
