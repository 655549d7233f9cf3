"""Benchmark rows of training speed and the seed recipes' accuracy (lab.bench.Benchmark)."""

import time

TARGET_ACCURACY = 0.99
TARGET_RATIO = 0.10   # fast's time to 99% over the seed cnn's
SEED_CAP_EPOCHS = 8   # the seed cnn reached 99.0% after 6 epochs in earlier runs
SEED_FIGURES = {"softmax": "≈92%", "mlp": "≈92%", "cnn": "≈99%", "lenet": "99.2%"}
TRAINING_ROWS = ("Time to 99.0% MNIST test accuracy", "Seed recipe softmax", "Seed recipe mlp",
                 "Seed recipe cnn", "Seed recipe lenet")


class TrainingRows:
    """Trains fast and the seed recipes on the benchmark's MNIST, one row each."""

    def __init__(self, bench):
        self.bench = bench

    def rows(self):
        from lab.core.architectures import ARCHITECTURES

        dataset, note = self.bench.training_dataset()
        note = f"; {note}" if note else ""
        epochs = 1 if self.bench.quick else None
        fast = self._train(dataset, "fast", epochs, min_epochs=1)  # stops at the first ≥ 99%
        seed = self._train(dataset, "cnn", 1 if self.bench.quick else SEED_CAP_EPOCHS,
                           min_epochs=ARCHITECTURES["cnn"].defaults["epochs"])
        rows = [self._time_to_target_row(fast, seed, note)]
        for name in ("softmax", "mlp", "cnn", "lenet"):
            reports = seed if name == "cnn" else self._train(dataset, name,
                                                             epochs or self._seed_epochs(name))
            rows.append(self._seed_row(name, reports, note))
        return rows

    def _train(self, dataset, architecture, epochs, min_epochs=None):
        """Per-epoch reports of one run, with the test accuracy at every epoch end; their
        "elapsed" is training time only (train() leaves the test evaluation out).

        With ``min_epochs`` the run stops once it has trained that many epochs and reached
        TARGET_ACCURACY (reports after the stop request are dropped).
        """
        from lab.core.architectures import ARCHITECTURES
        from lab.core.training import Reporter, TrainingConfig, TrainingControl, train

        bench, control, reports = self.bench, TrainingControl(), []
        total = epochs or ARCHITECTURES[architecture].defaults["epochs"]
        shown = {"at": time.perf_counter()}

        class EpochLog(Reporter):
            def batch(self, report):
                if time.perf_counter() - shown["at"] > 30:
                    shown["at"] = time.perf_counter()
                    bench.log(f"{architecture} epoch {report['epoch'] + 1}/{total}, "
                              f"step {report['step'] + 1}, ETA {report['eta']:.0f} s")

            def epoch(self, report):
                if control.stopped:
                    return
                reports.append(report)
                bench.log(f"{architecture} epoch {report['epoch'] + 1}/{total}: test "
                          f"{report['test_accuracy']:.2%}, {report['elapsed']:.1f} s training")
                reached = report["test_accuracy"] >= TARGET_ACCURACY
                if min_epochs is not None and reached and len(reports) >= min_epochs:
                    control.stop()

        self.bench.log(f"training {architecture} ({total} epoch(s), {len(dataset.train):,} images)")
        train(dataset, TrainingConfig(architecture=architecture, epochs=epochs, seed=1),
              reporter=EpochLog(), control=control, test_each_epoch=True)
        return reports

    @staticmethod
    def _first_at_target(reports):
        return next((r for r in reports if r["test_accuracy"] >= TARGET_ACCURACY), None)

    def _time_to_target_row(self, fast, seed, note):
        def describe(name, reports):
            hit = self._first_at_target(reports)
            if hit is None:
                return (f"{name} not reached in {len(reports)} epoch(s) "
                        f"({reports[-1]['elapsed']:.1f} s, best "
                        f"{max(r['test_accuracy'] for r in reports):.2%})")
            return (f"{name} {hit['epoch'] + 1} epoch(s), {hit['elapsed']:.1f} s, "
                    f"{hit['test_accuracy']:.2%}")
        fast_hit, seed_hit = self._first_at_target(fast), self._first_at_target(seed)
        if fast_hit is None:
            ratio, ok = "fast never reached 99.0%", False
        elif seed_hit is None:
            bound = fast_hit["elapsed"] / seed[-1]["elapsed"]
            ratio, ok = (f"fast/seed < {bound:.2f} (seed never reached it)",
                         bound <= TARGET_RATIO)
        else:
            value = fast_hit["elapsed"] / seed_hit["elapsed"]
            ratio, ok = f"fast/seed = {value:.2f}", value <= TARGET_RATIO
        return ("Time to 99.0% MNIST test accuracy",
                f"{ratio}; {describe('fast', fast)}; {describe('seed cnn', seed)}",
                f"≤ {TARGET_RATIO:.2f}",
                self.bench.verdict(ok),
                "train(test_each_epoch=True): training wall time (test evaluation excluded) to "
                "the end of the first epoch with test accuracy ≥ 99.0% (the first trace "
                "included); fast default config (stops at the first epoch ≥ 99.0%) vs "
                f"seed 003 cnn (batch 64, Adam) capped at {SEED_CAP_EPOCHS} epochs; one run "
                f"each, same process{note}")

    def _seed_epochs(self, name):
        from lab.core.architectures import ARCHITECTURES

        default = ARCHITECTURES[name].defaults["epochs"]
        return min(default, self.bench.max_epochs) if self.bench.max_epochs else default

    def _seed_row(self, name, reports, note):
        from lab.core.architectures import ARCHITECTURES

        default = 1 if self.bench.quick else ARCHITECTURES[name].defaults["epochs"]
        capped = not self.bench.quick and self._seed_epochs(name) < default
        last = reports[min(default, len(reports)) - 1]
        return (f"Seed recipe {name}", f"{last['test_accuracy']:.2%} test after "
                f"{last['epoch'] + 1} epoch(s), {last['elapsed']:.1f} s",
                f"seed states {SEED_FIGURES[name]}", "—",
                f"{ARCHITECTURES[name].seed} recipe with its defaults"
                + (" but 1 epoch" if self.bench.quick else f" ({default} epochs)")
                + (f", capped at {self._seed_epochs(name)} by --max-epochs" if capped else "")
                + "; test "
                "accuracy of the last epoch's weights" + (
                    "; the run of the row above" if name == "cnn" else "") + note)
