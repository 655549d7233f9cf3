"""Command line: `python -m lab datasets | train | runs | evaluate | predict | bench`."""

from lab.cli.command_line import CommandLine, main

__all__ = ["CommandLine", "main"]
