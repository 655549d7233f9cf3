"""The `train` and `runs` commands (lab.cli.CommandLine takes them from here)."""

import argparse
import json
import shlex
import signal
from pathlib import Path

from lab.core.errors import TrainingError


class TrainCommands:
    """Train a model through the run controller, resume a run, list the runs on disk."""

    def train(self, args):
        distribution = self._distribution(args)   # first: before TensorFlow starts its devices
        if distribution is None:
            return self._train(args, self._runs_dir(args))
        with distribution.runs_dir_for(self._runs_dir(args)) as runs_dir:
            return self._train(args, runs_dir, distribution)

    def _train(self, args, runs_dir, distribution=None):
        from lab.core.training import TrainingControl
        from lab.cli.terminal_reporter import TerminalReporter

        control = TrainingControl()
        reporter = TerminalReporter(self.progress_stream(args, self.err))
        controller = (self._resumed_run(args, reporter, control) if args.resume else
                      self._new_run(args, reporter, control, runs_dir, distribution))
        previous = signal.signal(signal.SIGINT, lambda *_: controller.stop())
        try:
            outcome = controller.run()
        finally:
            signal.signal(signal.SIGINT, previous)
        chief = distribution is None or distribution.is_chief
        saved = controller.save(args.out) if args.out and chief else outcome.model_dir
        result, test = outcome.result, outcome.test
        members = f"{len(result.members)} × " if result.members else ""
        epochs = f"{members}{result.config.epochs}"
        print(f"stopped: {result.stop_message}" if outcome.status == "stopped" else
              f"trained {epochs} epoch(s) in {result.wall_time:.1f} s", file=self.out)
        if result.members:
            print(f"ensemble of {len(result.members)}: validation accuracy "
                  f"{result.best_val_accuracy:.2%} (members: " + ", ".join(
                      f"{m['val_accuracy']:.2%}" for m in result.members) + ")", file=self.out)
        if distribution is not None:
            print(f"distributed: {distribution.describe()}", file=self.out)
        print(f"test accuracy: {test.accuracy:.2%} on {test.n:,} images "
              f"(loss {test.loss:.4f})", file=self.out)
        if not chief:
            print("run: not kept here (the chief, worker 0, keeps the run folder and the "
                  "model)", file=self.out)
            return 0
        print(f"run: {outcome.folder.path}", file=self.out)
        print(f"saved: {saved}", file=self.out)
        return 0

    def runs(self, args):
        from lab.core.run_summary import list_runs
        from lab.cli.terminal_runs import runs_table

        folder = self._runs_dir(args)
        summaries = list_runs(folder)
        if args.json:
            json.dump([s.to_json() for s in summaries], self.out, indent=2, ensure_ascii=False)
            print(file=self.out)
        elif summaries:
            print(runs_table(summaries), file=self.out)
        else:
            print(f"no runs in {folder}", file=self.out)
        return 0

    def _new_run(self, args, reporter, control, runs_dir, distribution):
        from lab.core.datasets import load_dataset
        from lab.core.runs import RunController
        from lab.core.training import TrainingConfig

        augmentations = self._augmentations(args)
        dataset = load_dataset(args.dataset, args.data_dir)
        base = self._init_model(args, dataset) if args.init_from else None
        config = TrainingConfig(
            architecture=args.model, epochs=args.epochs, batch_size=args.batch_size,
            learning_rate=args.lr, optimizer=args.optimizer, dropout=args.dropout,
            augment=True if augmentations else args.augment, seed=args.seed,
            max_train_samples=args.max_train_samples, include_validation=args.include_validation,
            augmentation=augmentations[0] if len(augmentations) == 1 else None,
            handwriting=args.handwriting)
        extra = {}
        if args.handwriting:
            from lab.core.handwriting_data import HandwritingData
            extra["handwriting_data"] = {"per_class": args.handwriting,
                                         **HandwritingData().describe()}
        if base:
            extra["init_from"] = {"path": str(Path(args.init_from).absolute()),
                                  "command": base.metadata.get("command"),
                                  "test_metrics": base.metadata.get("test_metrics")}
            extra["ensemble_members"] = base.metadata.get("ensemble_members") or []
        if distribution is not None:
            extra["distribution"] = distribution.to_json()
        command = "python -m lab " + shlex.join(["train", *self._train_words(args)])
        return RunController(dataset, config, runs_dir, reporter, control,
                             members=args.ensemble, augmentations=augmentations,
                             command=command, model=base.model if base else None,
                             extra_metadata=extra,
                             strategy=distribution.strategy if distribution else None)

    def _resumed_run(self, args, reporter, control):
        from lab.core.datasets import load_dataset
        from lab.core.run_folder import RUN_FILE, RunFolder
        from lab.core.runs import RunController

        ignored = [action.option_strings[0] for action in self._train_parser._actions
                   if action.dest not in ("help", "resume", "runs_dir", "out")
                   and action.default is not argparse.SUPPRESS  # the global options
                   and getattr(args, action.dest, action.default) != action.default]
        if ignored:
            raise TrainingError(f"--resume continues a run with its own settings: leave out "
                                f"{', '.join(ignored)}")
        folder = RunFolder.find(self._runs_dir(args), args.resume)
        dataset_name = (folder.read_json(RUN_FILE) or {}).get("dataset") or "mnist"
        return RunController.resuming(folder, load_dataset(dataset_name, args.data_dir),
                                      reporter, control)

    @staticmethod
    def _distribution(args):
        """The --distribute strategy (None: one device), checked before any data loads."""
        if args.distribute is None:
            if args.devices is not None:
                raise TrainingError("--devices is for --distribute mirrored: add it")
            return None
        if args.resume:
            return None   # _resumed_run refuses --distribute: a run resumes with its settings
        conflicts = [flag for flag, given in (("--ensemble", args.ensemble != 1),
                                              ("--init-from", args.init_from)) if given]
        if conflicts:
            raise TrainingError(f"--distribute trains one new model: leave out "
                                f"{', '.join(conflicts)}")
        if args.distribute == "multiworker" and args.seed is None:
            raise TrainingError("--distribute multiworker needs --seed S, the same on every "
                                "worker: each shuffles the data alike and keeps its share")
        from lab.core.distribution import Distribution

        return Distribution(args.distribute, args.devices)

    @staticmethod
    def _runs_dir(args):
        from lab.core.run_folder import default_runs_dir

        return Path(args.runs_dir).expanduser() if args.runs_dir else default_runs_dir()

    @staticmethod
    def _augmentations(args):
        """The --augmentation names, checked before any data is loaded."""
        from lab.core.augmentation import POLICIES

        names = tuple(n.strip() for n in (args.augmentation or "").split(",") if n.strip())
        unknown = [n for n in names if n not in POLICIES]
        if unknown:
            raise TrainingError(f"unknown augmentation {unknown[0]!r}: choose one of "
                                f"{', '.join(POLICIES)}")
        if len(names) > 1 and args.ensemble == 1:
            raise TrainingError("several augmentations are for the members of an ensemble: "
                                "add --ensemble N or name one augmentation")
        if names and args.augment is False:
            raise TrainingError("--augmentation and --no-augment contradict each other")
        return names

    @staticmethod
    def _init_model(args, dataset):
        """The saved model to fine-tune; its architecture becomes the run's."""
        from lab.core.storage import check_fits, load_model

        if args.ensemble != 1:
            raise TrainingError("--init-from fine-tunes one saved model (an ensemble is "
                                "fine-tuned as a whole): leave out --ensemble")
        base = load_model(args.init_from)
        check_fits(base, dataset)
        args.model = base.architecture or args.model
        return base

    @staticmethod
    def _train_words(args):
        words = ["--dataset", args.dataset, "--model", args.model]
        for flag, value in (("--epochs", args.epochs), ("--batch-size", args.batch_size),
                            ("--lr", args.lr), ("--optimizer", args.optimizer),
                            ("--dropout", args.dropout), ("--seed", args.seed),
                            ("--max-train-samples", args.max_train_samples), ("--out", args.out)):
            if value is not None:
                words += [flag, str(value)]
        if args.augment is not None:
            words.append("--augment" if args.augment else "--no-augment")
        if args.ensemble != 1:
            words += ["--ensemble", str(args.ensemble)]
        if args.augmentation:
            words += ["--augmentation", args.augmentation]
        if args.include_validation:
            words.append("--include-validation")
        if args.handwriting:
            words += ["--handwriting", str(args.handwriting)]
        if args.init_from:
            words += ["--init-from", args.init_from]
        if args.distribute:
            words += ["--distribute", args.distribute]
        if args.devices is not None:
            words += ["--devices", str(args.devices)]
        return words
