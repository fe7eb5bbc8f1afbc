"""`cvlab ocr IMAGE|FOLDER`: read the text of an image without the window.

    cvlab ocr page.png [--backend torch|onnxruntime] [--box-threshold 0.5]
                       [--text-threshold 0.5] [--det-limit 960] [--no-cls]
                       [--roi X,Y,W,H] [--document] [--json] [-o OUT.txt|.json|.csv]
    cvlab ocr FOLDER -o OUT_FOLDER [same options]

One image: prints the text, one line per text line in reading order (with --document,
paragraphs are separated by a blank line), or with --json
``{image, size, backend, device, det_size, timings, text, lines: [{text, confidence,
box_score, box [[x, y] * 4], rotated_180}]}`` (--document adds ``paragraphs`` and
``key_values``). -o also writes it to a file, by suffix: .txt (the text), .json (as --json)
or .csv (text, confidence, x1, y1, ..., x4, y4 per line).

A folder: every image file in it (sorted, not recursive; other files are noted on stderr
and skipped), ``<stem>.json`` per image in OUT_FOLDER and ``summary.csv`` there (file,
lines, characters, mean_confidence, seconds). OUT_FOLDER must not be the input folder nor
inside it. An unreadable image is reported and counted; the exit code is then 1.

The default box threshold is 0.5, not PaddleOCR's 0.6, which dropped faint lines of real
page photos. The backend is loaded once per run: torch on ``cvlab.core.device``'s device
(CVLAB_DEVICE), onnxruntime on the CPU. Errors end with exit code 1 and one line on stderr
("cvlab ocr: what went wrong"), never a traceback. A progress bar goes to stderr only when
it is a terminal. torch is imported only for the torch backend.

The helpers here (source check, backend loading, writers) are shared with ``cvlab plate``
(:mod:`cvlab.tools.ocr.plate_cli`); the progress bar, folder listing and output-folder check
every batch command shares are in :mod:`cvlab.core.terminal`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

from cvlab.core.folders import unique_stems
from cvlab.core.terminal import (
    CommandError,
    ProgressBar,
    about,
    check_output_folder,
    command_folder_images,
    fail,
)

SUMMARY_NAME = "summary.csv"
OUTPUT_SUFFIXES = (".txt", ".json", ".csv")
OCR_SUMMARY_FIELDS = ("file", "lines", "characters", "mean_confidence", "seconds")
LINE_CSV_FIELDS = ("text", "confidence", "x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4")


# --------------------------------------------------------------------------- shared helpers
def add_backend_option(parser) -> None:
    from cvlab.tools.ocr.models import BACKENDS

    parser.add_argument("--backend", choices=BACKENDS, default="torch",
                        help="run the PP-OCRv4 models in PyTorch (on the CVLAB_DEVICE device, "
                             "the default) or in onnxruntime (CPU; loads faster)")


def check_source(image: str) -> Path:
    source = Path(image)
    if not source.exists():
        raise CommandError(f"{image}: no such file or folder")
    return source


def read_input(source: Path, progress: ProgressBar, command: str):
    """(a folder's images, None) or (None, one image's RGB array), before the backend loads
    (seconds, with torch): a bad image or an empty folder is said at once."""
    if source.is_dir():
        return command_folder_images(source, progress, command), None
    return None, read_rgb(source)


def load_ocr_backend(name: str):
    """The OCR backend, once per run: torch on the configured device, onnxruntime on the CPU,
    through the tool's model cache (a local one).

    Missing weights raise CommandError with the message naming ``cvlab weights fetch ...``.
    """
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.ocr.models import load_backend

    try:
        if name == "torch":
            from cvlab.core.device import resolve_device

            models = ToolModels.local("ocr", resolve_device())
            return models.get(name, lambda: load_backend("torch", str(models.device)))
        # threads=0: onnxruntime's own default (the physical cores); also keeps torch unloaded
        return ToolModels.local("ocr").get(
            name, lambda: load_backend("onnxruntime", "cpu", threads=0))
    except (OSError, ValueError, RuntimeError, KeyError, ImportError) as exc:
        raise CommandError(str(exc).strip("'\"") or type(exc).__name__) from exc


def read_rgb(path: Path):
    from cvlab.core.images import read_image, to_rgb8

    return to_rgb8(read_image(path).array)


def write_text(path: Path, text: str) -> None:
    from cvlab.tools.ocr.export import write_text as write_utf8

    write_utf8(path, text)


def write_json(path: Path, data) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_csv(path: Path, fields, rows) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(path, text.getvalue())


def rounded(timings: dict) -> dict:
    return {k: round(float(v), 4) for k, v in timings.items()}


# --------------------------------------------------------------------------- ocr
def add_reading_options(parser) -> None:
    """The backend, threshold, ROI and layout options, shared with ``cvlab batch ocr``."""
    add_backend_option(parser)
    parser.add_argument("--box-threshold", type=float, default=0.5, metavar="P",
                        help="least mean detection probability of a text box (default 0.5; "
                             "PaddleOCR's 0.6 drops faint lines)")
    parser.add_argument("--text-threshold", type=float, default=0.5, metavar="P",
                        help="least recognition confidence of a kept line (default 0.5)")
    parser.add_argument("--det-limit", type=int, default=960, metavar="PX",
                        help="the detector sees the image shrunk to this longest side "
                             "(default 960; larger finds smaller print, slower)")
    parser.add_argument("--no-cls", dest="use_cls", action="store_false",
                        help="skip the direction classifier (lines read upside down stay so)")
    parser.add_argument("--roi", metavar="X,Y,W,H",
                        help="read only this rectangle (pixels); boxes stay in image coordinates")
    parser.add_argument("--document", action="store_true",
                        help="group lines into paragraphs and find key: value pairs")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ocr", help="read the text of an image or folder (PP-OCRv4, Chinese and English)",
        description="Read the text lines of one image, or of every image in a folder, with "
                    "PaddleOCR's PP-OCRv4 models.")
    parser.add_argument("image", metavar="IMAGE", help="an image file, or a folder of images "
                        "(then -o names an output folder)")
    add_reading_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="also write the result: .txt, .json or .csv (a folder when IMAGE "
                             "is a folder)")
    parser.set_defaults(func=cmd_ocr)


def parse_roi(text: str | None) -> tuple[int, int, int, int] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    try:
        x, y, w, h = (int(round(float(p))) for p in parts)
    except ValueError:
        raise CommandError(f"--roi {text}: give four numbers X,Y,W,H (pixels), "
                           "e.g. --roi 0,0,400,120") from None
    if w <= 0 or h <= 0:
        raise CommandError(f"--roi {text}: the width and height must be positive")
    return x, y, w, h


def check_reading_options(args) -> None:
    for option, value in (("--box-threshold", args.box_threshold),
                          ("--text-threshold", args.text_threshold)):
        if not 0.0 <= value <= 1.0:
            raise CommandError(f"{option} must be between 0 and 1, not {value}")
    if args.det_limit < 32:
        raise CommandError(f"--det-limit must be at least 32 pixels, not {args.det_limit}")


def _check_ocr_output(args, source: Path) -> Path | None:
    """Refuse impossible output requests before the model loads."""
    if source.is_dir():
        return check_output_folder("-o", args.output, source, required=True)
    if not args.output:
        return None
    from cvlab.core.fileio import UnsafeOutputError, check_output_path

    if Path(args.output).suffix.lower() not in OUTPUT_SUFFIXES:
        raise CommandError(f"-o {args.output}: give a file name ending in .txt, .json or .csv")
    try:
        return check_output_path(args.output, [source])
    except UnsafeOutputError as exc:
        raise CommandError(f"-o {args.output}: {exc}") from None


def check_roi_on_image(path: Path, roi, rgb) -> None:
    """CommandError naming the file when a --roi lies off the image."""
    from cvlab.tools.ocr.geometry import clip_roi

    if roi is None:
        return
    height, width = rgb.shape[:2]
    _, _, rw, rh = clip_roi(roi, width, height)
    if rw < 2 or rh < 2:
        raise CommandError(f"{path}: --roi {','.join(map(str, roi))} lies outside the "
                           f"image ({width}×{height} px)")


def ocr_image(path: Path, backend, args, roi, progress=None, rgb=None):
    """Read one image (unless its ``rgb`` is given): its OcrResult. A --roi off the image
    is an error naming the file."""
    from cvlab.tools.ocr.pipeline import read_text

    if rgb is None:
        rgb = read_rgb(path)
    check_roi_on_image(path, roi, rgb)
    return read_text(rgb, backend, box_threshold=args.box_threshold,
                     text_threshold=args.text_threshold, det_limit=args.det_limit,
                     use_cls=args.use_cls, roi=roi, progress=progress)


def _line_json(line) -> dict:
    from cvlab.tools.ocr.export import line_dict

    return line_dict(line)


def ocr_report(path: Path, result, document: bool, device: str) -> dict:
    """The --json form of one result."""
    report = {
        "image": str(path),
        "size": {"width": int(result.image_size[0]), "height": int(result.image_size[1])},
        "backend": result.backend, "device": device,
        "det_size": [int(v) for v in result.det_size],
        "timings": rounded(result.timings),
        "text": plain_text(result, document),
        "lines": [_line_json(line) for line in result.lines],
    }
    if document:
        from cvlab.tools.ocr.document import document_json

        doc = document_json(result)
        report["paragraphs"] = doc["paragraphs"]
        report["key_values"] = doc["key_values"]
    return report


def plain_text(result, document: bool) -> str:
    from cvlab.tools.ocr.export import result_text

    return result_text(result, document=document)


def line_rows(result) -> list[dict]:
    rows = []
    for line in result.lines:
        row = {"text": line.text, "confidence": f"{float(line.confidence):.4f}"}
        for k, (x, y) in enumerate(line.box, start=1):
            row[f"x{k}"], row[f"y{k}"] = f"{float(x):.1f}", f"{float(y):.1f}"
        rows.append(row)
    return rows


def _write_single(target: Path, result, report: dict, document: bool) -> None:
    suffix = target.suffix.lower()
    if suffix == ".json":
        write_json(target, report)
    elif suffix == ".csv":
        write_csv(target, LINE_CSV_FIELDS, line_rows(result))
    else:
        text = plain_text(result, document)
        write_text(target, text + "\n" if text else "")


def _run_ocr_single(args, source: Path, rgb, target: Path | None, backend, device: str,
                    progress: ProgressBar) -> int:
    roi = parse_roi(args.roi)
    try:
        result = ocr_image(source, backend, args, roi, progress, rgb)
    finally:
        progress.clear()
    report = ocr_report(source, result, args.document, device)
    if target is not None:
        _write_single(target, result, report, args.document)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        text = plain_text(result, args.document)
        if text:
            print(text)
        else:
            print(f"cvlab ocr: {source}: no text found", file=sys.stderr)
    return 0


def _run_ocr_folder(args, source: Path, images: list[Path], out: Path, backend, device: str,
                    progress: ProgressBar) -> int:
    roi = parse_roi(args.roi)
    stems = unique_stems(images)
    out.mkdir(parents=True, exist_ok=True)
    rows, failed = [], []
    for number, path in enumerate(images):
        def part(fraction, text="", number=number, path=path):
            progress((number + fraction) / len(images), f"{number + 1}/{len(images)} {path.name}")

        part(0.0)
        start = time.perf_counter()
        try:
            result = ocr_image(path, backend, args, roi, part)
            write_json(out / f"{stems[path]}.json",
                       ocr_report(path, result, args.document, device))
        except (CommandError, ValueError, OSError, RuntimeError) as exc:
            failed.append(about(path, exc))
            progress.note(f"cvlab ocr: {failed[-1]}")
            continue
        confidences = [float(line.confidence) for line in result.lines]
        rows.append({
            "file": path.name, "lines": len(result.lines),
            "characters": sum(len(line.text) for line in result.lines),
            "mean_confidence": (f"{sum(confidences) / len(confidences):.4f}"
                                if confidences else ""),
            "seconds": f"{time.perf_counter() - start:.3f}",
        })
    progress.clear()
    summary = out / SUMMARY_NAME
    write_csv(summary, OCR_SUMMARY_FIELDS, rows)
    message = (f"{len(rows)} of {len(images)} image(s) read; JSON per image and {summary} "
               f"written" + (f"; {len(failed)} failed" if failed else ""))
    if args.json:
        print(json.dumps({"folder": str(source), "output": str(out), "summary": str(summary),
                          "images": rows, "failed": failed}, indent=2, ensure_ascii=False))
    else:
        print(message)
    return 1 if failed else 0


def cmd_ocr(args) -> int:
    progress = ProgressBar()
    try:
        check_reading_options(args)
        parse_roi(args.roi)
        source = check_source(args.image)
        target = _check_ocr_output(args, source)
        images, rgb = read_input(source, progress, "ocr")
        if rgb is not None:  # one image: a --roi off it is said before the models load
            check_roi_on_image(source, parse_roi(args.roi), rgb)
        backend = load_ocr_backend(args.backend)
        device = str(getattr(backend, "device", "cpu"))
        if source.is_dir():
            return _run_ocr_folder(args, source, images, target, backend, device, progress)
        return _run_ocr_single(args, source, rgb, target, backend, device, progress)
    except CommandError as exc:
        return fail("ocr", str(exc))
    except (ValueError, OSError, RuntimeError, KeyError) as exc:
        return fail("ocr", about(args.image, exc))
    except KeyboardInterrupt:
        progress.clear()
        return fail("ocr", "interrupted")
