"""The progress interface of a training run, apart from TensorFlow: the command line
imports it without loading TensorFlow (`--help`, `--version` and argument errors stay instant)."""


class Reporter:
    """Receives progress; subclass and override what you need (all methods are no-ops)."""

    def started(self, info):
        pass

    def batch(self, report):
        pass

    def epoch(self, report):
        pass

    def finished(self, result):
        pass

    def message(self, text):
        pass
