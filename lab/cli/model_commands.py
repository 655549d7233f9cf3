"""The `evaluate` and `predict` commands (lab.cli.CommandLine takes them from here)."""

import json
from pathlib import Path

from lab.cli.constants import EXIT_ERROR
from lab.core.errors import LabError


class ModelCommands:
    """Score a saved model on the test split or on drawings; read characters in images."""

    def evaluate(self, args):
        from lab.core.datasets import load_dataset
        from lab.core.evaluation import evaluate
        from lab.core.storage import check_fits, load_model

        for option, given in (("--medium", args.medium), ("--mistakes", args.mistakes)):
            if given and args.drawings is None:
                raise LabError(f"{option} is about drawings: use it with --drawings")
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

    def info(self, args):
        from lab.core.model_card import card_lines, model_card
        from lab.core.storage import load_model

        card = model_card(load_model(args.model_dir))
        if args.json:
            json.dump(card, self.out, indent=2)
            print(file=self.out)
        else:
            print(f"{args.model_dir}: " + "\n".join(card_lines(card)), file=self.out)
        return 0

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
            score = score_folder(predictor, folder, medium=args.medium)
            misread = [{"file": Path(m["path"]).relative_to(folder).as_posix(),
                        "label": m["label"], "read": m["predicted"],
                        "confidence": m["confidence"]} for m in score.misread()]
        if args.json:
            json.dump({"accuracy": score.accuracy, "n": score.n, "correct": score.correct,
                       "per_class": score.per_class, "skipped": score.skipped,
                       "medium": args.medium, "mistakes": misread}, self.out, indent=2)
            print(file=self.out)
            return 0
        what = ("the generated drawn test set (50 per class, seed 0)"
                if args.drawings == "generated" else args.drawings)
        if args.medium:
            what += f", each read as a paper copy ({args.medium})"
        print(f"{args.model_dir} on {what}: {score.summary()}", file=self.out)
        if args.mistakes:
            if misread:
                print(f"most common misreadings: {', '.join(score.confusions())}", file=self.out)
            print(f"misread: {len(misread)}, the surest misreading first", file=self.out)
            for m in misread:
                print(f"  {m['file']}: {m['label']} read as {m['read'] or '(nothing)'} "
                      f"({m['confidence']:.0%})", file=self.out)
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
