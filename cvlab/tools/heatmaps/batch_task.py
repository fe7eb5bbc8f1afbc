"""`cvlab batch cam`: class activation maps for every image under a root.

The options are ``cvlab cam``' own; each image gives ``<stem>_<method>.png`` overlays in the
mirrored folder; the summary has the top-1 class, the explained class and, for the first
method, where its map peaks and its Average Drop. The classifier is loaded once per worker.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from cvlab.core.batch.task import BatchTask, ItemResult, output_path


def _add_options(parser) -> None:
    from cvlab.tools.heatmaps.cli import add_explain_options

    add_explain_options(parser)


def _options(args) -> dict:
    from cvlab.tools.heatmaps.classifiers import CLASSIFIERS
    from cvlab.tools.heatmaps.cli import parse_methods

    if not 0.0 <= args.alpha <= 1.0:
        raise ValueError(f"--alpha must be between 0 and 1, not {args.alpha}")
    model = args.model
    if model not in {c.name for c in CLASSIFIERS}:
        if not Path(model).is_file():
            raise ValueError(f"--model {model}: neither a built-in classifier nor a model file")
        model = str(Path(model).resolve())   # the workers may run in another folder
    classes = str(Path(args.classes).resolve()) if args.classes else None
    return {"model": model, "arch": args.arch, "classes": classes,
            "methods": parse_methods(args.method), "layer": args.layer,
            "target_class": args.target_class, "colormap": args.colormap, "alpha": args.alpha}


def open_cam(options: dict, device):
    """On a worker: the classifier loaded once, its layers and target class resolved once
    (a wrong layer or class name stops the run before the first image)."""
    from cvlab.tools.heatmaps.cli import (
        Job,
        explain_image,
        heatmap_records,
        load_model,
        resolve_class,
        resolve_layers,
    )

    classifier = load_model(SimpleNamespace(model=options["model"], arch=options["arch"],
                                            classes=options["classes"]), device)
    job = Job(classifier=classifier, methods=options["methods"],
              layers=resolve_layers(classifier, options["layer"]),
              target=resolve_class(classifier, options["target_class"]),
              colormap=options["colormap"], alpha=options["alpha"])

    def process(item, out_dir) -> ItemResult:
        path = Path(item.files[0])
        overlays = [output_path(out_dir, item.stem, f"_{m}.png") for m in job.methods]
        image, explanation = explain_image(job, path)
        records = heatmap_records(job, image, explanation, overlays,
                                  [None] * len(job.methods), inputs=[path])
        _, top_name, top_p = explanation.predictions[0]
        first = records[0]
        return ItemResult(figures={
            "top1_name": top_name, "probability": round(float(top_p), 4),
            "target_name": first["target"]["name"],
            "target_probability": round(first["target"]["probability"], 4),
            "peak_x": first["peak"]["x"], "peak_y": first["peak"]["y"],
            "average_drop": (round(first["faithfulness"]["average_drop"], 3)
                             if first["faithfulness"]["average_drop"] is not None else "")},
            outputs=[p.name for p in overlays])
    return process


TASKS = (
    BatchTask(verb="cam", sub=None,
              summary="class activation maps (Grad-CAM, Layer-CAM, ...) for every image",
              add_options=_add_options, options=_options,
              opener="cvlab.tools.heatmaps.batch_task:open_cam",
              figures=("top1_name", "probability", "target_name", "target_probability",
                       "peak_x", "peak_y", "average_drop")),
)
