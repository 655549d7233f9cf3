"""The benchmark's run-folder row, at toy size: it runs a recorded run and reports its cost."""

from lab.bench import Benchmark
from lab.bench.run_folder_rows import ROW, run_folder_rows


def test_run_folder_row_measures_the_recording_against_the_training(tmp_path):
    empty = tmp_path / "no-data"
    empty.mkdir()
    bench = Benchmark(data_dir=str(empty), quick=True)
    [(name, result, target, verdict, how)] = run_folder_rows(bench)
    assert name == ROW and target == "< 2% of an epoch" and verdict in ("pass", "FAIL")
    assert "ms per epoch = " in result and "% of an epoch's training" in result
    assert "checkpoint" in result and "MB" in result
    assert "RunController" in how and "generated" in how   # says the data was a stand-in
    assert f"| {ROW} |" in bench.table([(name, result, target, verdict, how)])
