"""The `export` command (lab.cli.CommandLine takes it from here)."""

from lab.cli.constants import EXIT_ERROR


class ExportCommands:
    """Write a saved model as a SavedModel, a TFLite or an ONNX file, then check the file."""

    def add_export_command(self, commands):
        from lab.core.export import CHECK_IMAGES, FORMATS, TOLERANCE

        export = commands.add_parser(
            "export", help="write a model for another runtime (SavedModel, TFLite, ONNX)",
            description=f"Write MODEL_DIR in another format, then check the written file: run "
                        f"by its own runtime it must give Keras's probabilities on the first "
                        f"{CHECK_IMAGES} test images of the model's dataset (max difference "
                        f"≤ {TOLERANCE:g}; exit status 2 otherwise).")
        export.add_argument("model_dir", metavar="MODEL_DIR",
                            help="a model folder (model.keras + metadata.json); ensembles too")
        export.add_argument("--format", required=True, choices=FORMATS,
                            help="savedmodel (a folder), tflite or onnx (a file)")
        export.add_argument("--out", required=True, metavar="PATH",
                            help="where to write it (replaced if it exists)")
        export.set_defaults(handler=self.export)

    def export(self, args):
        from lab.core.export import ModelExporter, check_images
        from lab.core.storage import load_model

        saved = load_model(args.model_dir)
        images = check_images(saved, args.data_dir)
        progress = self.progress_stream(args, self.err)
        print(f"exporting {args.model_dir} ({saved.title}) to {args.format}", file=progress)
        check = ModelExporter(saved.model).export(args.format, args.out, images)
        print(f"wrote: {check.path}", file=self.out)
        print(check.summary(), file=self.out)
        return 0 if check.passed else EXIT_ERROR
