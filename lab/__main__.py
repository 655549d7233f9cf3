"""`python -m lab` starts the window; `python -m lab <command>` runs the command line."""

import time

LAUNCHED_AT = time.perf_counter()
COMMANDS = {"datasets", "train", "runs", "evaluate", "info", "predict", "finetune", "combine",
            "bench", "export"}
OPTIONS_WITH_VALUE = {"--data-dir", "--lang", "--theme"}  # global options that take the next word as their value
COMMAND_LINE_ONLY = {"-h", "--help", "--version"}  # options that answer in the terminal


def wants_command_line(args):
    """True when ``args`` name a command (or ask for help): the first word that is neither an
    option nor an option's value decides, so `--data-dir train` is a folder, not a command."""
    words = iter(args)
    for word in words:
        if word in COMMAND_LINE_ONLY:
            return True
        if word in OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word in COMMANDS
    return False


def main():
    import sys

    if wants_command_line(sys.argv[1:]):
        from lab.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from lab.gui.app import main as gui_main

    return gui_main(sys.argv)


if __name__ == "__main__":
    raise SystemExit(main())
