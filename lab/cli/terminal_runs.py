"""The runs listing as a terminal table (`python -m lab runs`)."""

import datetime

from lab.cli.terminal_reporter import format_duration

COLUMNS = ("id", "dataset", "model", "status", "best val", "test", "epochs", "time", "date")


def runs_table(summaries):
    """One line per run (lab.core.run_summary.RunSummary), newest first, under a header."""
    rows = [COLUMNS] + [_row(summary) for summary in summaries]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
             for row in rows]
    problems = [f"  {s.id}: {s.problem}" for s in summaries if s.problem]
    return "\n".join(line.rstrip() for line in lines + problems)


def _row(summary):
    members = f" ×{summary.members}" if summary.members > 1 else ""
    total = "?" if summary.epochs_total is None else str(summary.epochs_total)
    status = str(summary.status)
    if summary.resumable:
        status += " (resumable)"
    return (summary.id, summary.dataset or "?", (summary.architecture or "?") + members, status,
            _percent(summary.best_val_accuracy), _percent(summary.test_accuracy),
            f"{summary.epochs_done}/{total}",
            "–" if summary.wall_time is None else format_duration(summary.wall_time),
            _date(summary.created))


def _percent(value):
    return "–" if value is None else f"{value:.2%}"


def _date(text):
    try:
        return datetime.datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return "?"
