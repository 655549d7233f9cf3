"""Command line: `python -m lab datasets | train | runs | evaluate | predict | finetune |
combine | bench | export`.

Every command calls the same lab.core functions as the window. A LabError becomes one
`error: …` line on stderr and exit status 2, never a traceback.
"""

import argparse
import os
import sys
from pathlib import Path

from lab.cli.combine_commands import CombineCommands
from lab.cli.constants import DEFAULT_MODEL_DIR, EXIT_ERROR
from lab.cli.conventions import CommandConventions, DefaultsHelpFormatter
from lab.cli.export_commands import ExportCommands
from lab.cli.finetune_commands import FinetuneCommands
from lab.cli.model_commands import ModelCommands
from lab.cli.train_commands import TrainCommands
from lab.core.errors import LabError
from lab.core.media import MEDIA



class CommandLine(CommandConventions, TrainCommands, ModelCommands, FinetuneCommands,
                  CombineCommands, ExportCommands):
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
            prog="digit-lab" if Path(sys.argv[0]).name == "digit-lab" else "python -m lab",
            formatter_class=DefaultsHelpFormatter,
            description="Digit Lab. Without a command, opens the window (window options: "
                        "--lang en|zh_CN, --theme light|dark|system). The global options "
                        "may also follow the command word.")
        self.add_main_options(parser)
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

        datasets = commands.add_parser("datasets", help="what data was found where")
        datasets.add_argument("--verify", action="store_true",
                              help="check the published MD5 sums of the MNIST files")
        datasets.add_argument("--download", action="store_true",
                              help="download missing files from public mirrors")
        datasets.set_defaults(handler=self.datasets)

        train = commands.add_parser("train", help="train a model and save it")
        train.add_argument("--dataset", choices=("mnist", "notmnist"), default="mnist",
                           help="digits (mnist) or letters (notmnist)")
        train.add_argument("--model", default="fast",
                           help="softmax, mlp, cnn, lenet, fast or vgg")
        recipe = "(default: the architecture's recipe)"
        train.add_argument("--epochs", type=int, help=recipe)
        train.add_argument("--batch-size", type=int, help=recipe)
        train.add_argument("--lr", type=float, help=f"learning rate {recipe}")
        train.add_argument("--optimizer", choices=("adam", "sgd", "rmsprop"), help=recipe)
        train.add_argument("--dropout", type=float, help=recipe)
        train.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                           help=f"random shifts, rotations and zoom while training {recipe}")
        train.add_argument("--seed", type=int, help="random seed (default: none, so every "
                                                    "run differs)")
        train.add_argument("--max-train-samples", type=int, help="train on N images drawn at "
                           "random, the same ones every run (default: the whole split)")
        train.add_argument("--ensemble", type=int, default=1, metavar="N",
                           help="train N models with seeds S, S+1, … and average their "
                                "probabilities in one model (default 1: a single model)")
        train.add_argument("--augmentation", metavar="NAME[,NAME…]",
                           help="which distortions (implies --augment): move (rotate, zoom, "
                                "shift, thickness; the digits' default), glyph (rotate, "
                                "slant, thickness, re-stretched over the frame; the letters' "
                                "default), elastic (move, then bent by a smooth random "
                                "field, as writers bend a shape) or elastic-glyph (glyph, "
                                "bent more mildly first); with --ensemble the members "
                                "take the names in turn. Default: the dataset's own")
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
                                "of a new model; its own command is kept in the metadata "
                                "(default: a new model)")
        train.add_argument("--distribute", choices=("mirrored", "multiworker"),
                           help="train under tf.distribute: mirrored (the local GPUs, or "
                                "logical CPU devices where there is none) or multiworker "
                                "(the machines in TF_CONFIG; needs --seed); --batch-size is "
                                "the global batch (default: one device)")
        train.add_argument("--devices", type=int, metavar="N",
                           help="with --distribute mirrored: how many GPUs, or logical CPU "
                                "devices where there is no GPU (default: all GPUs, else 2)")
        train.add_argument("--out", help="also save the model to this folder (it is always "
                           "saved in the run folder, <run>/model; default: only there)")
        train.add_argument("--runs-dir", metavar="DIR", help="where run folders go "
                           "(default: runs/ in the per-user data folder)")
        train.add_argument("--resume", metavar="RUN", help="continue an interrupted run (its "
                           "id or folder) from its last checkpoint, with its own settings "
                           "(default: start a new run)")
        train.set_defaults(handler=self.train)
        self._train_parser = train

        runs = commands.add_parser("runs", help="list the recorded training runs")
        runs.add_argument("--runs-dir", metavar="DIR", help="the runs folder (default: runs/ "
                          "in the per-user data folder)")
        runs.add_argument("--json", action="store_true", help="print JSON instead of text")
        runs.set_defaults(handler=self.runs)

        evaluate = commands.add_parser("evaluate", help="test-set metrics of a model folder")
        evaluate.add_argument("model_dir")
        evaluate.add_argument("--json", action="store_true", help="print JSON instead of text")
        evaluate.add_argument("--drawings", nargs="?", const="generated", metavar="FOLDER",
                              help="score on labelled drawings (FOLDER/<label>/*.png, e.g. "
                                   "the ones saved from the Draw tab) instead of the test "
                                   "split; without FOLDER, on the project's generated drawn "
                                   "test set (50 per class, seed 0); default: the test split")
        evaluate.add_argument("--medium", choices=MEDIA,
                              help="with --drawings: read each drawing as a paper copy of "
                                   "itself — scanned, in faint pencil, photographed with a "
                                   "phone, or written with a marker (seeded); default: as "
                                   "drawn")
        evaluate.add_argument("--mistakes", action="store_true",
                              help="with --drawings: also list the misread drawings, the "
                                   "surest misreading first")
        evaluate.set_defaults(handler=self.evaluate)

        info = commands.add_parser("info", help="what a model folder holds: layers, "
                                   "parameters, how it was made")
        info.add_argument("model_dir")
        info.add_argument("--json", action="store_true", help="print JSON instead of text")
        info.set_defaults(handler=self.info)

        predict = commands.add_parser("predict", help="read the characters in image files")
        predict.add_argument("images", nargs="+", metavar="IMAGE")
        predict.add_argument("--model", dest="model_dir", default=str(DEFAULT_MODEL_DIR),
                             help="model folder (default: models/digits)")
        predict.add_argument("--json", action="store_true", help="print JSON instead of text")
        predict.set_defaults(handler=self.predict)

        self.add_finetune_parser(commands)
        self.add_combine_parser(commands)

        bench = commands.add_parser("bench", help="measure speed and accuracy figures")
        bench.add_argument("--quick", action="store_true", help="toy sizes, under a minute")
        bench.add_argument("--out", help="also write the markdown table to this file "
                                         "(default: print it only)")
        bench.add_argument("--max-epochs", type=int, metavar="N",
                           help="cap each seed recipe at N epochs (the table says so; "
                                "default: each recipe's own)")
        bench.set_defaults(handler=self.bench)
        self.add_export_command(commands)
        self.add_command_options(commands)
        return parser


    def datasets(self, args):
        from lab.core import datasets

        data_dir = datasets.resolve_data_dir(args.data_dir)
        print(f"data folder: {data_dir}", file=self.out)
        failures = 0
        for name in datasets.DATASET_NAMES:
            try:
                dataset = datasets.load_dataset(name, data_dir, download=args.download,
                                                progress=self._progress_printer(name, args))
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

    def bench(self, args):
        from lab.bench import Benchmark

        table = Benchmark(data_dir=args.data_dir, quick=args.quick,
                          log=self.progress_stream(args, self.err),
                          max_epochs=args.max_epochs).run()
        print(table, file=self.out)
        if args.out:
            Path(args.out).write_text(table + "\n", encoding="utf-8")
        return 0


    def _progress_printer(self, name, args):
        last, stream = {"shown": -1}, self.progress_stream(args, self.err)

        def progress(fraction, message):
            percent = int(fraction * 100)
            if percent // 10 != last["shown"] // 10:
                last["shown"] = percent
                print(f"  {name}: {message} {percent}%", file=stream)
        return progress


def main(argv=None):
    """Run one command; returns the exit status."""
    return CommandLine().run(sys.argv[1:] if argv is None else argv)
