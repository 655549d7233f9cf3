"""The `combine` command (lab.cli.CommandLine takes it from here)."""

import shlex


class CombineCommands:
    """Average saved models of one dataset into one ensemble folder, measured on the test split."""

    def add_combine_parser(self, commands):
        combine = commands.add_parser(
            "combine", help="average saved models into one ensemble model folder",
            description="Average the probabilities of saved models of one dataset (every "
                        "member of an ensemble counts as one model) in one new model folder, "
                        "then measure it on the test split.")
        combine.add_argument("model_dirs", nargs="+", metavar="MODEL",
                             help="two or more model folders of the same dataset")
        combine.add_argument("--out", required=True, metavar="DIR",
                             help="the new model folder (replaced atomically if it exists)")
        combine.set_defaults(handler=self.combine)

    def combine(self, args):
        from lab.core.datasets import load_dataset
        from lab.core.ensemble import combine_saved
        from lab.core.evaluation import evaluate
        from lab.core.storage import check_fits, evaluation_metadata, load_model, save_model

        saved = [load_model(folder) for folder in args.model_dirs]
        command = "python -m lab " + shlex.join(["combine", *args.model_dirs, "--out", args.out])
        model, metadata = combine_saved(saved, command)
        dataset = load_dataset(saved[0].dataset, args.data_dir)
        for one in saved:
            check_fits(one, dataset)
        result = evaluate(model, dataset.test.images, dataset.test.labels, dataset.class_names)
        out = save_model(args.out, model, {**metadata, **evaluation_metadata(result)})
        print(f"{len(metadata['ensemble_members'])} models averaged: test accuracy "
              f"{result.accuracy:.2%} ({result.n:,} images of {dataset.title}), loss "
              f"{result.loss:.4f}", file=self.out)
        for one in saved:
            accuracy = (one.metadata.get("test_metrics") or {}).get("accuracy")
            shown = f"{accuracy:.2%}" if isinstance(accuracy, (int, float)) else "not recorded"
            print(f"  {one.path}: {one.title}, test accuracy {shown}", file=self.out)
        print(f"saved to {out}", file=self.out)
        return 0
