"""Command line: `python -m lab datasets | train | runs | evaluate | predict | bench`.

Every command calls the same lab.core functions as the window. A LabError becomes one
`error: …` line on stderr and exit status 2, never a traceback.
"""

import argparse
import json
import os
import shlex
import signal
import sys
from pathlib import Path

from lab.core.errors import LabError, TrainingError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "digits"
EXIT_ERROR = 2


class CommandLine:
    """Parses the arguments and runs one command."""

    def __init__(self, stdout=None, stderr=None):
        self.out = stdout or sys.stdout
        self.err = stderr or sys.stderr

    def run(self, argv):
        args = self.parser().parse_args(argv)
        try:
            return args.handler(args) or 0
        except LabError as error:
            print("error: " + " ".join(str(error).split()), file=self.err)  # always one line
            return EXIT_ERROR
        except KeyboardInterrupt:
            print("error: interrupted", file=self.err)
            return EXIT_ERROR
        except Exception as error:  # a bug: say so plainly; LAB_DEBUG=1 shows the traceback
            if os.environ.get("LAB_DEBUG"):
                raise
            print(f"error: unexpected {type(error).__name__}: {error} "
                  "(set LAB_DEBUG=1 for details and please report it)", file=self.err)
            return EXIT_ERROR

    def parser(self):
        parser = argparse.ArgumentParser(
            prog="python -m lab",
            description="Digit Lab. Without a command, opens the window.")
        parser.add_argument("--data-dir", help="folder holding mnist/ and notmnist/ "
                            "(default: $LAB_DATA_DIR, then the per-user data folder)")
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

        datasets = commands.add_parser("datasets", help="what data was found where")
        datasets.add_argument("--verify", action="store_true",
                              help="check the published MD5 sums of the MNIST files")
        datasets.add_argument("--download", action="store_true",
                              help="download missing files from public mirrors")
        datasets.set_defaults(handler=self.datasets)

        train = commands.add_parser("train", help="train a model and save it")
        train.add_argument("--dataset", choices=("mnist", "notmnist"), default="mnist")
        train.add_argument("--model", default="fast", help="softmax, mlp, cnn, lenet or fast")
        train.add_argument("--epochs", type=int)
        train.add_argument("--batch-size", type=int)
        train.add_argument("--lr", type=float, help="learning rate")
        train.add_argument("--optimizer", choices=("adam", "sgd", "rmsprop"))
        train.add_argument("--dropout", type=float)
        train.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                           help="random shifts, rotations and zoom while training")
        train.add_argument("--seed", type=int)
        train.add_argument("--max-train-samples", type=int, help="train on a slice only")
        train.add_argument("--ensemble", type=int, default=1, metavar="N",
                           help="train N models with seeds S, S+1, … and average their "
                                "probabilities in one model (default 1: a single model)")
        train.add_argument("--augmentation", metavar="NAME[,NAME…]",
                           help="which distortions (implies --augment): move (rotate, zoom, "
                                "shift, thickness; the digits' default) or glyph (rotate, "
                                "slant, thickness, re-stretched over the frame; the letters' "
                                "default); with --ensemble the members take the names in turn")
        train.add_argument("--include-validation", action="store_true",
                           help="also train on the validation split, for a final model once "
                                "the recipe is chosen (nothing is held out: the last epoch "
                                "is kept); the test split is never trained on")
        train.add_argument("--handwriting", type=int, default=0, metavar="N",
                           help="mix N handwriting-like images per class (handwriting fonts "
                                "and written stroke shapes, lowercase letters as their "
                                "class) into the training split; default 0: none")
        train.add_argument("--init-from", metavar="MODEL_DIR",
                           help="start from this saved model's weights (fine-tuning) instead "
                                "of a new model; its own command is kept in the metadata")
        train.add_argument("--out", help="also save the model to this folder (it is always "
                           "saved in the run folder, <run>/model)")
        train.add_argument("--runs-dir", metavar="DIR", help="where run folders go "
                           "(default: runs/ in the per-user data folder)")
        train.add_argument("--resume", metavar="RUN", help="continue an interrupted run (its "
                           "id or folder) from its last checkpoint, with its own settings")
        train.set_defaults(handler=self.train)
        self._train_parser = train

        runs = commands.add_parser("runs", help="list the recorded training runs")
        runs.add_argument("--runs-dir", metavar="DIR", help="the runs folder (default: runs/ "
                          "in the per-user data folder)")
        runs.add_argument("--json", action="store_true")
        runs.set_defaults(handler=self.runs)

        evaluate = commands.add_parser("evaluate", help="test-set metrics of a model folder")
        evaluate.add_argument("model_dir")
        evaluate.add_argument("--json", action="store_true")
        evaluate.add_argument("--drawings", nargs="?", const="generated", metavar="FOLDER",
                              help="score on labelled drawings (FOLDER/<label>/*.png, e.g. "
                                   "the ones saved from the Draw tab) instead of the test "
                                   "split; without FOLDER, on the project's generated drawn "
                                   "test set (50 per class, seed 0)")
        evaluate.set_defaults(handler=self.evaluate)

        predict = commands.add_parser("predict", help="read the characters in image files")
        predict.add_argument("images", nargs="+", metavar="IMAGE")
        predict.add_argument("--model", dest="model_dir", default=str(DEFAULT_MODEL_DIR),
                             help="model folder (default: models/digits)")
        predict.add_argument("--json", action="store_true")
        predict.set_defaults(handler=self.predict)

        bench = commands.add_parser("bench", help="measure speed and accuracy figures")
        bench.add_argument("--quick", action="store_true", help="toy sizes, under a minute")
        bench.add_argument("--out", help="also write the markdown table to this file")
        bench.add_argument("--max-epochs", type=int, metavar="N",
                           help="cap each seed recipe at N epochs (the table says so)")
        bench.set_defaults(handler=self.bench)
        return parser

    # -- commands ---------------------------------------------------------------------------

    def datasets(self, args):
        from lab.core import datasets

        data_dir = datasets.resolve_data_dir(args.data_dir)
        print(f"data folder: {data_dir}", file=self.out)
        failures = 0
        for name in datasets.DATASET_NAMES:
            try:
                dataset = datasets.load_dataset(name, data_dir, download=args.download,
                                                progress=self._progress_printer(name))
            except LabError as error:
                failures += 1
                print(f"{name:9} missing: {error}", file=self.out)
                continue
            sizes = "  ".join(f"{split} {len(dataset.split(split)):,}"
                              for split in ("train", "validation", "test"))
            print(f"{name:9} {dataset.title:17} {sizes}   from {dataset.source}", file=self.out)
            if dataset.skipped:
                print(f"{'':9} skipped {len(dataset.skipped)} undecodable file(s): "
                      + ", ".join(dataset.skipped), file=self.out)
        if args.verify:
            for row in datasets.verify_mnist(data_dir):
                status = "ok" if row["ok"] else f"MISMATCH (expected {row['expected']})"
                print(f"md5 {row['file']:28} {row['md5'] or '-':32}  {status}", file=self.out)
                failures += 0 if row["ok"] else 1
        return EXIT_ERROR if failures else 0

    def train(self, args):
        from lab.core.training import TrainingControl
        from lab.terminal_reporter import TerminalReporter

        control, reporter = TrainingControl(), TerminalReporter(self.err)
        controller = (self._resumed_run(args, reporter, control) if args.resume else
                      self._new_run(args, reporter, control))
        previous = signal.signal(signal.SIGINT, lambda *_: controller.stop())
        try:
            outcome = controller.run()
        finally:
            signal.signal(signal.SIGINT, previous)
        saved = controller.save(args.out) if args.out else outcome.model_dir
        result, test = outcome.result, outcome.test
        members = f"{len(result.members)} × " if result.members else ""
        epochs = f"{members}{result.config.epochs}"
        print(f"stopped: {result.stop_message}" if outcome.status == "stopped" else
              f"trained {epochs} epoch(s) in {result.wall_time:.1f} s", file=self.out)
        if result.members:
            print(f"ensemble of {len(result.members)}: validation accuracy "
                  f"{result.best_val_accuracy:.2%} (members: " + ", ".join(
                      f"{m['val_accuracy']:.2%}" for m in result.members) + ")", file=self.out)
        print(f"test accuracy: {test.accuracy:.2%} on {test.n:,} images "
              f"(loss {test.loss:.4f})", file=self.out)
        print(f"run: {outcome.folder.path}", file=self.out)
        print(f"saved: {saved}", file=self.out)
        return 0

    def runs(self, args):
        from lab.core.run_summary import list_runs
        from lab.terminal_runs import runs_table

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

    def evaluate(self, args):
        from lab.core.datasets import load_dataset
        from lab.core.evaluation import evaluate
        from lab.core.storage import check_fits, load_model

        saved = load_model(args.model_dir)
        if args.drawings is not None:
            return self._evaluate_drawings(saved, args)
        dataset = load_dataset(saved.dataset, args.data_dir)
        check_fits(saved, dataset)
        result = evaluate(saved.model, dataset.test.images, dataset.test.labels,
                          dataset.class_names)
        if args.json:
            json.dump(result.to_json(), self.out, indent=2)
            print(file=self.out)
            return 0
        print(f"{args.model_dir}: {saved.architecture} on {dataset.title}, "
              f"test split ({result.n:,} images)", file=self.out)
        print(f"accuracy {result.accuracy:.2%}   loss {result.loss:.4f}", file=self.out)
        print(f"{'class':>6} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}",
              file=self.out)
        for row in result.per_class:
            print(f"{row['class']:>6} {row['precision']:9.4f} {row['recall']:7.4f} "
                  f"{row['f1']:7.4f} {row['support']:8d}", file=self.out)
        confusions = self._top_confusions(result, 5)
        if confusions:
            print("most common confusions: " + ", ".join(confusions), file=self.out)
        return 0

    def predict(self, args):
        from lab.core.prediction import Predictor
        from lab.core.preprocess import load_image

        predictor = Predictor.from_folder(args.model_dir)
        results, failures = [], 0
        for path in args.images:  # a file that fails is reported; the others are still read
            try:
                row = self._read_image(predictor, path, load_image(path))
            except LabError as error:
                failures += 1
                row = {"path": path, "error": " ".join(str(error).split())}
                print(f"error: {path}: {row['error']}", file=self.err)
            results.append(row)
            if not args.json and "error" not in row:
                print(self._reading_line(row), file=self.out)
        if args.json:
            json.dump(results, self.out, indent=2)
            print(file=self.out)
        return EXIT_ERROR if failures else 0

    def bench(self, args):
        from lab.bench import Benchmark

        table = Benchmark(data_dir=args.data_dir, quick=args.quick, log=self.err,
                          max_epochs=args.max_epochs).run()
        print(table, file=self.out)
        if args.out:
            Path(args.out).write_text(table + "\n", encoding="utf-8")
        return 0

    # -- helpers ----------------------------------------------------------------------------

    def _evaluate_drawings(self, saved, args):
        import tempfile

        from lab.core.drawings import score_folder
        from lab.core.prediction import Predictor
        from lab.core.synthetic_drawings import write_folder

        predictor = Predictor(saved)
        with tempfile.TemporaryDirectory() as temp:
            folder = args.drawings
            if folder == "generated":
                folder = Path(temp)
                write_folder(folder, n_per_class=50, seed=0,
                             classes="letters" if saved.dataset == "notmnist" else "digits")
            score = score_folder(predictor, folder)
        if args.json:
            json.dump({"accuracy": score.accuracy, "n": score.n, "correct": score.correct,
                       "per_class": score.per_class, "skipped": score.skipped}, self.out,
                      indent=2)
            print(file=self.out)
            return 0
        what = ("the generated drawn test set (50 per class, seed 0)"
                if args.drawings == "generated" else args.drawings)
        print(f"{args.model_dir} on {what}: {score.summary()}", file=self.out)
        return 0

    @staticmethod
    def _read_image(predictor, path, gray):
        """Predictor.read (the Draw tab's reading too) → a JSON-ready row."""
        reading = predictor.read(gray)
        characters = [{"box": [int(v) for v in c["box"]], "label": c["label"],
                       "confidence": float(c["confidence"]),
                       "probabilities": {k: float(v) for k, v in c["probabilities"].items()}}
                      for c in reading["characters"]]
        return {"path": path, "label": reading["text"], "text": reading["text"],
                "confidence": float(reading["confidence"]),
                "probabilities": characters[0]["probabilities"] if reading["single"] else None,
                "characters": characters}

    @staticmethod
    def _reading_line(row):
        """One line for people: the character and its probabilities, or the text read."""
        if len(row["characters"]) > 1:
            per_char = " ".join(f"{c['label']}({c['confidence']:.0%})" for c in row["characters"])
            return f"{row['path']}: {row['text']}   {per_char}"
        probabilities = " ".join(f"{name}:{p:.2f}" for name, p in row["probabilities"].items())
        return f"{row['path']}: {row['label']} ({row['confidence']:.1%})   [{probabilities}]"

    @staticmethod
    def _top_confusions(result, count):
        confusion = result.confusion.copy()
        for index in range(len(confusion)):
            confusion[index, index] = 0
        names = result.class_names
        pairs = sorted(((int(confusion[t, p]), t, p) for t in range(len(names))
                        for p in range(len(names)) if confusion[t, p]), reverse=True)
        return [f"{names[t]}→{names[p]} ×{n}" for n, t, p in pairs[:count]]

    def _progress_printer(self, name):
        last = {"shown": -1}

        def progress(fraction, message):
            percent = int(fraction * 100)
            if percent // 10 != last["shown"] // 10:
                last["shown"] = percent
                print(f"  {name}: {message} {percent}%", file=self.err)
        return progress

    def _new_run(self, args, reporter, control):
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
        command = "python -m lab " + shlex.join(["train", *self._train_words(args)])
        return RunController(dataset, config, self._runs_dir(args), reporter, control,
                             members=args.ensemble, augmentations=augmentations,
                             command=command, model=base.model if base else None,
                             extra_metadata=extra)

    def _resumed_run(self, args, reporter, control):
        from lab.core.datasets import load_dataset
        from lab.core.run_folder import RUN_FILE, RunFolder
        from lab.core.runs import RunController

        ignored = [action.option_strings[0] for action in self._train_parser._actions
                   if action.dest not in ("help", "resume", "runs_dir", "out")
                   and getattr(args, action.dest, action.default) != action.default]
        if ignored:
            raise TrainingError(f"--resume continues a run with its own settings: leave out "
                                f"{', '.join(ignored)}")
        folder = RunFolder.find(self._runs_dir(args), args.resume)
        dataset_name = (folder.read_json(RUN_FILE) or {}).get("dataset") or "mnist"
        return RunController.resuming(folder, load_dataset(dataset_name, args.data_dir),
                                      reporter, control)

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
        return words


def main(argv=None):
    """Run one command; returns the exit status."""
    return CommandLine().run(sys.argv[1:] if argv is None else argv)
