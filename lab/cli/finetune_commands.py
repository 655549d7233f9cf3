"""The `finetune` command (lab.cli.CommandLine takes it from here)."""

import json

from lab.cli.terminal_reporter import TerminalReporter


class FinetuneCommands:
    """Teach a saved model someone's handwriting from a folder of labelled drawings."""

    def add_finetune_parser(self, commands):
        from lab.core.finetune import FinetuneSettings

        defaults = FinetuneSettings()
        finetune = commands.add_parser(
            "finetune", help="fine-tune a model on your own drawings and save the copy")
        finetune.add_argument("model_dir", metavar="MODEL", help="the model folder to start from")
        finetune.add_argument("--drawings", metavar="FOLDER",
                              help="labelled drawings, FOLDER/<label>/*.png (default: the ones "
                                   "saved from the Draw tab for the model's dataset)")
        finetune.add_argument("--out", required=True, metavar="DIR",
                              help="the new model folder to write")
        finetune.add_argument("--epochs", type=int, default=defaults.epochs,
                              help="passes over the drawings and the replay sample")
        finetune.add_argument("--holdout", type=float, default=defaults.holdout,
                              help="share of each class's drawings kept out to measure")
        finetune.add_argument("--min-per-class", type=int, default=defaults.min_per_class,
                              help="drawings a class needs before it can be learned")
        finetune.add_argument("--seed", type=int, default=defaults.seed,
                              help="chooses the held-out drawings and the replay sample")
        finetune.add_argument("--json", action="store_true",
                              help="print the report as JSON instead of a table")
        finetune.set_defaults(handler=self.finetune)

    def finetune(self, args):
        from lab.core.datasets import load_dataset
        from lab.core.drawings import drawings_dir
        from lab.core.finetune import FinetuneSettings, finetune
        from lab.core.storage import load_model

        saved = load_model(args.model_dir)
        dataset = load_dataset(saved.dataset, args.data_dir)
        folder = args.drawings or drawings_dir(saved.dataset)
        settings = FinetuneSettings(epochs=args.epochs, holdout=args.holdout,
                                    min_per_class=args.min_per_class, seed=args.seed)
        reporter = TerminalReporter(self.progress_stream(args, self.err))
        tuned = finetune(saved, folder, dataset, reporter, settings=settings)
        out = tuned.save(args.out)
        report = tuned.report
        if args.json:
            json.dump({**report.to_dict(), "model_dir": str(out), "name": tuned.name},
                      self.out, indent=2)
            print(file=self.out)
            return 0
        learned = ", ".join(f"{name}: {n}" for name, n in sorted(report.trained_per_class.items()))
        print(f"{tuned.name}: learned from {learned} drawings in {folder}", file=self.out)
        for line in report.table():
            print(line, file=self.out)
        if report.skipped:
            print(f"skipped {len(report.skipped)} drawing(s): " + "; ".join(report.skipped[:3])
                  + (" …" if len(report.skipped) > 3 else ""), file=self.out)
        print(f"saved to {out}", file=self.out)
        return 0
