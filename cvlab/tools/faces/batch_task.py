"""`cvlab batch faces`: count and anonymise the faces of every photo under a root.

The options are ``cvlab faces``' own; each photo gives ``<stem>_anonymised.png`` (with
``--anonymize``) in the mirrored folder, and its face count and best score in the summary.
"""

from __future__ import annotations

from cvlab.core.batch.task import BatchTask, ItemResult, output_path


def _add_options(parser) -> None:
    from cvlab.tools.faces.cli import add_detection_options

    add_detection_options(parser, anonymise_help="write an anonymised copy of each photo "
                                                 "(else only count)")


def _options(args) -> dict:
    from cvlab.tools.faces.detection import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD[args.detector] if args.threshold is None else args.threshold
    if not 0 <= threshold <= 1 and args.detector != "haar":
        raise ValueError(f"--threshold must be between 0 and 1, not {threshold}")
    if not 0 <= args.strength <= 1:
        raise ValueError(f"--strength must be between 0 and 1, not {args.strength}")
    if args.min_size < 1:
        raise ValueError(f"--min-size must be at least 1 pixel, not {args.min_size}")
    return {"detector": args.detector, "threshold": threshold, "min_size": args.min_size,
            "anonymise": args.anonymise, "strength": args.strength, "margin": args.margin}


def open_faces(options: dict, device):
    """On a worker: the detector loaded once (a blank frame makes it load now, so missing
    weights are said before the first photo), then one photo per call."""
    import numpy as np

    from cvlab.core.images import read_image, save_image
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.faces.anonymise import anonymise_faces
    from cvlab.tools.faces.detection import detect_faces

    models = ToolModels.local("faces", device)

    def detect(image):
        return detect_faces(image, options["detector"], threshold=options["threshold"],
                            min_size=options["min_size"], models=models)

    detect(np.zeros((64, 64, 3), np.uint8))

    def process(item, out_dir) -> ItemResult:
        image = read_image(item.files[0]).array
        faces = detect(image)
        result = ItemResult(figures={
            "width": image.shape[1], "height": image.shape[0], "faces": len(faces),
            "best_score": round(max((float(f.score) for f in faces), default=0.0), 4)})
        if options["anonymise"]:
            picture = anonymise_faces(image, faces, options["anonymise"],
                                      strength=options["strength"], margin=options["margin"])
            target = output_path(out_dir, item.stem, "_anonymised.png")
            save_image(target, picture, inputs=list(item.files))
            result.outputs.append(target.name)
        return result
    return process


TASKS = (
    BatchTask(verb="faces", sub=None,
              summary="count the faces in every photo, and anonymise them (--anonymize)",
              add_options=_add_options, options=_options,
              opener="cvlab.tools.faces.batch_task:open_faces",
              figures=("width", "height", "faces", "best_score")),
)
