"""The `combine` command (lab.cli.CommandLine takes it from here)."""

import re
import shlex
from pathlib import Path

MEMBER_PICK = r"(.+)#(\d+(?:,\d+)*)"   # FOLDER#1,2,3: only those members of FOLDER


class CombineCommands:
    """Average saved models of one dataset into one ensemble folder, measured on the test split."""

    def add_combine_parser(self, commands):
        combine = commands.add_parser(
            "combine", help="average saved models into one ensemble model folder",
            description="Average the probabilities of saved models of one dataset (every "
                        "member of an ensemble counts as one model) in one new model folder, "
                        "then measure it on the test split.")
        combine.add_argument("model_dirs", nargs="+", metavar="MODEL",
                             help="model folders of one dataset, two or more models in all; "
                                  "FOLDER#1,2,3 takes only those members of an ensemble")
        combine.add_argument("--out", required=True, metavar="DIR",
                             help="the new model folder (replaced atomically if it exists)")
        combine.set_defaults(handler=self.combine)

    def combine(self, args):
        from lab.core.datasets import load_dataset
        from lab.core.ensemble import combine_saved, pick_members
        from lab.core.evaluation import evaluate
        from lab.core.storage import check_fits, evaluation_metadata, load_model, save_model

        saved = []
        for given in args.model_dirs:
            folder, numbers = _member_pick(given)
            one = load_model(folder)
            saved.append(pick_members(one, numbers) if numbers else one)
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
            picked = one.metadata.get("picked_members")
            where = f"{one.path}#{','.join(map(str, picked))}" if picked else one.path
            print(f"  {where}: {one.title}, test accuracy {shown}"
                  + (" (the whole folder)" if picked else ""), file=self.out)
        print(f"saved to {out}", file=self.out)
        return 0


def _member_pick(given):
    """'FOLDER#1,3' → (FOLDER, [1, 3]); a plain folder (even one named with #) → (it, [])."""
    match = re.fullmatch(MEMBER_PICK, str(given))
    if match is None or Path(given).exists():
        return given, []
    return match.group(1), [int(n) for n in match.group(2).split(",")]
