"""`python -m lab` starts the window; `python -m lab <command>` runs the command line."""

import time

LAUNCHED_AT = time.perf_counter()
COMMANDS = {"datasets", "train", "runs", "evaluate", "predict", "bench", "-h", "--help"}


def main():
    import sys

    if COMMANDS & set(sys.argv[1:]):
        from lab.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from lab.gui.app import main as gui_main

    return gui_main(sys.argv)


if __name__ == "__main__":
    raise SystemExit(main())
