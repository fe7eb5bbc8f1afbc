"""`cvlab cam IMAGE|FOLDER`: class activation maps without the window.

    cvlab cam photo.jpg [--model mobilenet_v2|efficientnet_lite0|resnet18|MODEL_FILE
                         [--arch NAME] [--classes FILE]]
                        [--method gradcam[,layercam,...]] [--layer NAME ...|depths]
                        [--class ID_OR_NAME] [--colormap jet|turbo|inferno] [--alpha 0.5]
                        [-o overlay.png] [--npy map.npy] [--json]
    cvlab cam FOLDER -o OUT_FOLDER [same options]

The whole photo goes to the network, never cropped: the built-in models see it at its own
aspect (shorter side 224), a user's model sees it squashed to 224×224; the header line (and
"input" in --json) says which.

One image: prints the top-5 classes and, per method, where the map peaks (x, y in the
photo's own pixels) and its faithfulness (Average Drop %, Increase in Confidence); writes the
overlay (-o) and the raw map at the photo's size as float32 .npy (--npy). With several
methods, the file names get the method id before the suffix (overlay_gradcam.png).

A folder: every image file in it (sorted, not recursive; other files are noted on stderr
and skipped), one overlay ``<stem>_<method>.png`` per image and method in OUT_FOLDER, and
``summary.csv`` there (one row per image and method). OUT_FOLDER must not be the input
folder nor inside it. An unreadable image is reported and counted; the exit code is then 1.

Errors end with exit code 1 and one line on stderr ("cvlab cam: what went wrong"), never a
traceback. A progress bar goes to stderr only when it is a terminal. torch is imported only
when the command runs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from cvlab.core.folders import unique_stems
from cvlab.core.terminal import (
    CommandError,
    ProgressBar,
    check_output_folder,
    command_folder_images,
    fail,
)
from cvlab.core.terminal import about as _about

SUMMARY_NAME = "summary.csv"
DEPTHS = "depths"
CSV_FIELDS = ("file", "method", "top1_id", "top1_name", "probability", "target",
              "target_name", "target_probability", "peak_x", "peak_y", "average_drop",
              "increase", "overlay")


def add_explain_options(parser) -> None:
    """The model, method, layer, class and overlay options, shared with ``cvlab batch cam``."""
    from cvlab.tools.heatmaps.cam import METHODS
    from cvlab.tools.heatmaps.classifiers import CLASSIFIERS
    from cvlab.tools.heatmaps.engine import COLORMAPS

    builtins = ", ".join(c.name for c in CLASSIFIERS)
    parser.add_argument("--model", default="mobilenet_v2",
                        help=f"a built-in classifier ({builtins}) or the path to your model "
                             "file (TorchScript, or a state dict with --arch)")
    parser.add_argument("--arch", metavar="NAME",
                        help="torchvision architecture of a state-dict model file (resnet18, ...)")
    parser.add_argument("--classes", metavar="FILE",
                        help="class names of your model (one per line, or a JSON list)")
    parser.add_argument("--method", default="gradcam",
                        help=f"one or more, comma-separated: {', '.join(METHODS)} "
                             "(default gradcam)")
    parser.add_argument("--layer", action="append", metavar="NAME",
                        help="layer to look at (default: the model's last conv block); repeat "
                             "or comma-separate to fuse several (Layer-CAM style); "
                             f"'{DEPTHS}': the deepest layer at each resolution")
    parser.add_argument("--class", dest="target_class", metavar="ID_OR_NAME",
                        help="class to explain: an id or a name (default: the top-1 class)")
    parser.add_argument("--colormap", choices=COLORMAPS, default="jet")
    parser.add_argument("--alpha", type=float, default=0.5,
                        help="overlay opacity, 0..1 (default 0.5)")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cam", help="class activation maps (Grad-CAM, Layer-CAM, ...) for an image or folder",
        description="Where does a classifier look? Class activation maps for one image or "
                    "every image in a folder.")
    parser.add_argument("image", metavar="IMAGE", help="an image file, or a folder of images "
                        "(then -o names an output folder)")
    add_explain_options(parser)
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="overlay image to write (a folder when IMAGE is a folder)")
    parser.add_argument("--npy", metavar="FILE",
                        help="write the map at the image's size (float32, 0..1) as .npy "
                             "(one image only)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=cmd_cam)


# --------------------------------------------------------------------------- helpers
def _fail(message: str) -> int:
    return fail("cam", message)


def parse_methods(text: str) -> list[str]:
    from cvlab.tools.heatmaps.cam import METHODS

    names = list(dict.fromkeys(m.strip().lower() for m in text.split(",") if m.strip()))
    unknown = [m for m in names if m not in METHODS]
    if unknown or not names:
        raise CommandError(f"unknown method {', '.join(unknown) or repr(text)}; choose "
                           f"from {', '.join(METHODS)} (comma-separated for several)")
    return names


def resolve_layers(classifier, requested: list[str] | None) -> list[str]:
    """The layer names to use: the default, the given ones, or ``depths`` expanded."""
    from cvlab.tools.heatmaps.engine import depth_layers

    names = [n.strip() for item in (requested or []) for n in item.split(",") if n.strip()]
    if not names:
        names = [classifier.default_layer] if classifier.default_layer else []
    modules = dict(classifier.model.named_modules())
    layers: list[str] = []
    for name in names:
        if name.lower() == DEPTHS:
            layers += depth_layers(classifier)
        elif name in modules and name != "":
            layers.append(name)
        else:
            choices = ", ".join(classifier.layers) or "(none)"
            note = f" ({classifier.note})" if classifier.note else ""
            raise CommandError(f"{classifier.name} has no layer named {name!r}; layers: "
                               f"{choices}, or '{DEPTHS}'{note}")
    if not layers:
        raise CommandError(f"{classifier.name} has no layer to look at"
                           + (f": {classifier.note}" if classifier.note else ""))
    return list(dict.fromkeys(layers))


def _listing(matches: list[tuple[int, str]], limit: int = 12) -> str:
    shown = ", ".join(f"{i} {name!r}" for i, name in matches[:limit])
    return shown + (f", ... ({len(matches) - limit} more)" if len(matches) > limit else "")


def resolve_class(classifier, text: str | None) -> int | None:
    """An id, an exact name (case-insensitive), or a unique substring of a name."""
    if text is None:
        return None
    count = len(classifier.class_names)
    text = text.strip()
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is not None:
        if not 0 <= number < count:
            raise CommandError(f"class id {number} is out of range: {classifier.name} has "
                               f"{count} classes (0..{count - 1})")
        return number
    wanted = text.lower()
    exact = [(i, n) for i, n in enumerate(classifier.class_names) if n.lower() == wanted]
    if len(exact) == 1:
        return exact[0][0]
    if len(exact) > 1:
        raise CommandError(f"class name {text!r} is ambiguous: {_listing(exact)}; "
                           "give the id")
    partial = classifier.search(text) if text else []
    if len(partial) == 1:
        return partial[0][0]
    if len(partial) > 1:
        raise CommandError(f"class {text!r} matches {len(partial)} classes: "
                           f"{_listing(partial)}; give a longer name or the id")
    import difflib

    close = difflib.get_close_matches(wanted, [n.lower() for n in classifier.class_names], n=5)
    hint = (f"; did you mean {', '.join(repr(c) for c in close)}?" if close
            else f"; ids are 0..{count - 1}")
    raise CommandError(f"{classifier.name} has no class named {text!r}{hint}")


def load_model(args, device):
    """The classifier ``--model`` names, through the tool's model cache (a local one)."""
    from cvlab.core.jobs import JobContext
    from cvlab.tools.heatmaps.classifiers import CLASSIFIERS
    from cvlab.tools.heatmaps.jobs import classifier_for

    builtins = [c.name for c in CLASSIFIERS]
    if args.model in builtins:
        if args.arch or args.classes:
            raise CommandError(f"--arch and --classes are for your own model file, not the "
                               f"built-in {args.model}")
        source = ("builtin", args.model)
    elif not Path(args.model).exists():
        raise CommandError(f"--model {args.model}: neither a built-in classifier "
                           f"({', '.join(builtins)}) nor an existing model file")
    else:
        source = ("user", args.model, args.arch, args.classes)
    return classifier_for(JobContext.local("heatmaps", device), source)


def suffixed(path: str, method: str, several: bool) -> Path:
    """``path`` itself, or ``stem_method.suffix`` when there are several methods."""
    p = Path(path)
    return p.with_name(f"{p.stem}_{method}{p.suffix}") if several else p


@dataclass
class Job:
    """The resolved options, shared by every image."""
    classifier: object
    methods: list[str]
    layers: list[str]
    target: int | None
    colormap: str
    alpha: float


def explain_image(job: Job, path: Path, progress=None, image=None):
    """Read (unless ``image`` is given) and explain one image: (image array, Explanation)."""
    from cvlab.core.images import read_image
    from cvlab.core.jobs import JobContext
    from cvlab.tools.heatmaps.engine import Request, explain

    if image is None:
        image = read_image(path).array
    requests = [Request(m, tuple(job.layers), job.target) for m in job.methods]
    ctx = JobContext.local("heatmaps", job.classifier.device, progress=progress)
    return image, explain(job.classifier, image, requests, ctx=ctx)


def heatmap_records(job: Job, image, explanation, overlay_paths, npy_paths, inputs) -> list:
    """Write the overlays / maps asked for and describe each heat map."""
    import numpy as np

    from cvlab.core.fileio import atomic_write, check_output_path
    from cvlab.core.images import save_image
    from cvlab.tools.heatmaps.engine import overlay

    height, width = image.shape[:2]
    names = job.classifier.class_names
    records = []
    for heatmap, overlay_path, npy_path in zip(explanation.heatmaps, overlay_paths, npy_paths,
                                               strict=True):
        result = heatmap.result
        x, y = result.peak(height, width)  # the map at the photo's size only when saved
        written = {}
        if overlay_path is not None:
            picture = overlay(explanation.image, result.fused, job.colormap, job.alpha)
            written["overlay"] = str(save_image(overlay_path, picture, inputs=inputs))
            del picture
        if npy_path is not None:
            target_path = check_output_path(npy_path, inputs)
            with atomic_write(target_path) as fh:
                np.save(fh, heatmap.on_image(height, width))
            written["npy"] = str(target_path)
        readout = heatmap.faithfulness
        records.append({
            "method": result.method, "title": heatmap.title, "layers": list(result.layers),
            "target": {"id": result.target, "name": names[result.target],
                       "probability": float(result.probabilities[result.target])},
            "peak": {"x": int(x), "y": int(y)},
            "faithfulness": {"average_drop": readout.get("average_drop"),
                             "increase": readout.get("increase")},
            "outputs": written,
        })
    return records


def _top5(explanation) -> list[dict]:
    return [{"id": i, "name": name, "probability": p} for i, name, p in explanation.predictions]


def _input(classifier, image) -> dict:
    """The network input's size for ``image`` and how it was made."""
    height, width = classifier.input_shape(image.shape[0], image.shape[1])
    return {"width": width, "height": height, "rule": classifier.resize_rule}


# --------------------------------------------------------------------------- one image
def run_single(args, job: Job, image, progress: ProgressBar) -> int:
    source = Path(args.image)
    several = len(job.methods) > 1
    overlays = [suffixed(args.output, m, several) if args.output else None for m in job.methods]
    npys = [suffixed(args.npy, m, several) if args.npy else None for m in job.methods]
    try:
        image, explanation = explain_image(job, source, progress, image)
    finally:
        progress.clear()
    records = heatmap_records(job, image, explanation, overlays, npys, inputs=[source])
    first = records[0]
    report = {
        "image": str(source), "size": {"width": image.shape[1], "height": image.shape[0]},
        "model": job.classifier.name, "input": _input(job.classifier, image),
        "methods": job.methods, "layers": job.layers,
        "target": first["target"], "top5": _top5(explanation), "heatmaps": records,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    shown = report["input"]
    print(f"{source}  {image.shape[1]}×{image.shape[0]} px  {job.classifier.title}  "
          f"(input {shown['width']}×{shown['height']}: {shown['rule']})")
    for row in report["top5"]:
        print(f"  {row['id']:>5}  {row['name']:<32}{row['probability']:>7.1%}")
    target = first["target"]
    print(f"target: {target['id']} {target['name']} ({target['probability']:.1%}); "
          f"layer(s): {', '.join(job.layers)}")
    for record in records:
        readout = record["faithfulness"]
        drop = ("" if readout["average_drop"] is None else
                f"; average drop {readout['average_drop']:.1f}%"
                + (", confidence increased" if readout["increase"] else ""))
        files = "".join(f"  -> {p}" for p in record["outputs"].values())
        print(f"{record['title'].split(' · ')[0]}: peak at x={record['peak']['x']}, "
              f"y={record['peak']['y']}{drop}{files}")
    return 0


# --------------------------------------------------------------------------- folder
def _overlay_names(images: list[Path], methods: list[str], out: Path) -> dict:
    """<stem>_<method>.png, or <stem>_<ext>_<method>.png where two inputs share a stem."""
    return {path: [out / f"{stem}_{m}.png" for m in methods]
            for path, stem in unique_stems(images).items()}


def run_folder(args, job: Job, images: list[Path], progress: ProgressBar) -> int:
    from cvlab.core.fileio import atomic_write

    folder = Path(args.image)
    out = Path(args.output).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    overlay_names = _overlay_names(images, job.methods, out)
    rows, processed, failed = [], [], []
    for number, path in enumerate(images):
        def part(fraction, text="", number=number, path=path):
            progress((number + fraction) / len(images),
                     f"{number + 1}/{len(images)} {path.name}")

        part(0.0)
        try:
            image, explanation = explain_image(job, path, part)
            records = heatmap_records(job, image, explanation, overlay_names[path],
                                      [None] * len(job.methods), inputs=[path])
        except (ValueError, OSError, RuntimeError) as exc:
            failed.append({"file": str(path), "error": _about(str(path), exc)})
            progress.note(f"cvlab cam: {failed[-1]['error']}")
            continue
        top_id, top_name, top_p = explanation.predictions[0]
        for record in records:
            rows.append({
                "file": path.name, "method": record["method"], "top1_id": top_id,
                "top1_name": top_name, "probability": f"{top_p:.6f}",
                "target": record["target"]["id"], "target_name": record["target"]["name"],
                "target_probability": f"{record['target']['probability']:.6f}",
                "peak_x": record["peak"]["x"], "peak_y": record["peak"]["y"],
                "average_drop": f"{record['faithfulness']['average_drop']:.3f}",
                "increase": int(bool(record["faithfulness"]["increase"])),
                "overlay": Path(record["outputs"]["overlay"]).name,
            })
        processed.append({"image": str(path), "top5": _top5(explanation), "heatmaps": records})
    progress.clear()
    summary = out / SUMMARY_NAME
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with atomic_write(summary, "w") as fh:
        fh.write(text.getvalue())
    if args.json:
        print(json.dumps({"folder": str(folder), "output": str(out), "summary": str(summary),
                          "model": job.classifier.name, "methods": job.methods,
                          "layers": job.layers, "images": processed, "failed": failed},
                         indent=2))
    else:
        print(f"{len(processed)} of {len(images)} image(s) explained "
              f"({', '.join(job.methods)} on {', '.join(job.layers)}); "
              f"{len(rows)} overlay(s) and {summary} written"
              + (f"; {len(failed)} failed" if failed else ""))
    return 1 if failed else 0


# --------------------------------------------------------------------------- command
def _check_outputs(args) -> None:
    """Refuse impossible output requests before the model loads (seconds)."""
    if not 0.0 <= args.alpha <= 1.0:
        raise CommandError(f"--alpha must be between 0 and 1, not {args.alpha}")
    source = Path(args.image)
    if not source.exists():
        raise CommandError(f"{args.image}: no such file or folder")
    if source.is_dir():
        if args.output and args.npy:
            raise CommandError("--npy is for one image; with a folder, only the overlays "
                               "and summary.csv are written")
        check_output_folder("-o", args.output, source, required=True)
    else:
        for option, value in (("-o", args.output), ("--npy", args.npy)):
            if value and Path(value).expanduser().resolve() == source.resolve():
                raise CommandError(f"{option} {value}: refusing to overwrite the input "
                                   "image; choose another name")
        from cvlab.core.image_save import SAVE_FORMATS

        if args.output and Path(args.output).suffix.lower() not in SAVE_FORMATS:
            raise CommandError(f"-o {args.output}: give an image file name ending in "
                               f"{', '.join(sorted(SAVE_FORMATS))} (e.g. overlay.png)")


def cmd_cam(args) -> int:
    progress = ProgressBar()
    try:
        methods = parse_methods(args.method)
        _check_outputs(args)
        # The input before torch and the model (seconds): a bad file is said at once.
        if Path(args.image).is_dir():
            images = command_folder_images(Path(args.image), progress, "cam")
        else:
            from cvlab.core.images import read_image

            image = read_image(args.image).array
        from cvlab.core.device import resolve_device
        from cvlab.tools.heatmaps.classifiers import CLASSIFIERS

        try:
            classifier = load_model(args, resolve_device())
        except (ValueError, OSError, RuntimeError, KeyError) as exc:
            builtin = args.model in {c.name for c in CLASSIFIERS}   # its message says it all
            raise CommandError(str(exc).strip("'\"") if builtin
                               else _about(args.model, exc)) from exc
        job = Job(classifier=classifier, methods=methods,
                  layers=resolve_layers(classifier, args.layer),
                  target=resolve_class(classifier, args.target_class),
                  colormap=args.colormap, alpha=args.alpha)
        if Path(args.image).is_dir():
            return run_folder(args, job, images, progress)
        return run_single(args, job, image, progress)
    except CommandError as exc:
        return _fail(str(exc))
    except (ValueError, OSError, RuntimeError, KeyError) as exc:
        return _fail(_about(args.image, exc))
    except KeyboardInterrupt:
        progress.clear()
        return _fail("interrupted")
