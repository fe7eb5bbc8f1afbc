"""`cvlab ct info | render | nodules`: the CT viewer's engines from the command line.

Errors end with exit code 1 and one line on stderr ("cvlab ct: what went wrong"), never a
traceback. Progress goes to stderr only when it is a terminal, so pipes and logs stay clean.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from cvlab.core.fileio import UnsafeOutputError
from cvlab.core.folders import check_outside
from cvlab.core.images import save_image
from cvlab.core.terminal import CommandError, fail
from cvlab.tools.ct.dicom_load import LoadResult, load_series_with_report
from cvlab.tools.ct.dicom_scan import (
    ScanResult,
    SeriesInfo,
    order_series_slices,
    scan_paths,
)
from cvlab.tools.ct.load_report import DicomLoadError, summarise_reasons
from cvlab.tools.ct.mpr import PLANES, reformatter

TEACHING_NOTE = ("Teaching aid only: not a diagnostic device; do not use these results "
                 "for patient care.")


def register(subparsers) -> None:
    parser = subparsers.add_parser("ct", help="inspect, render and analyse CT DICOM series")
    sub = parser.add_subparsers(dest="ct_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

    info = sub.add_parser("info", help="the series in a folder or file, their geometry "
                          "and slice order, and the files left out")
    info.add_argument("path", metavar="PATH", help="DICOM folder, DICOMDIR or file")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(func=cmd_info)

    render = sub.add_parser("render", help="save one plane as an 8-bit PNG (square pixels)")
    render.add_argument("path", metavar="PATH", help="DICOM folder, DICOMDIR or file")
    render.add_argument("--plane", choices=PLANES, default="axial")
    render.add_argument("--index", type=int, default=None,
                        help="slice index from 0 (default: the middle slice)")
    render.add_argument("--window", default="default",
                        help="preset name (lung, bone, ...), W,L such as 1500,-700, or "
                             "'default' (the file's own window)")
    render.add_argument("-o", "--output", required=True, help="image file to write (.png)")
    render.add_argument("--series", metavar="UID", help="series to render (default: largest)")
    render.add_argument("--invert", action="store_true", help="white for low values")
    render.set_defaults(func=cmd_render)

    nodules = sub.add_parser("nodules", help="segment the lungs and list nodule candidates "
                             "(teaching aid, not a diagnostic device)")
    nodules.add_argument("path", metavar="PATH", help="DICOM folder, DICOMDIR or file")
    nodules.add_argument("--json", action="store_true", help="machine-readable output")
    nodules.add_argument("--series", metavar="UID", help="series to analyse (default: largest)")
    nodules.set_defaults(func=cmd_nodules)


# --------------------------------------------------------------------------- helpers
def _fail(message: str) -> int:
    return fail("ct", message)


class StepProgress:
    """One stderr line per step (e.g. "reading headers"), only on a terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_step = None

    def __call__(self, fraction: float, text: str) -> None:
        step = re.sub(r"[\d.]+(/\d+)?", "#", text)  # "Reading slices 3/108" → one step
        if self.enabled and step != self._last_step:
            self._last_step = step
            self.stream.write(f"{fraction:4.0%} {text}\n")
            self.stream.flush()


def _scan(path: str, progress: StepProgress) -> ScanResult:
    scan = scan_paths(path, progress=progress)
    if not scan.series:
        why = summarise_reasons(scan.skipped, name_files=True) or "no files found"
        raise CommandError(f"{path}: no loadable DICOM image ({why})")
    return scan


def _load(path: str, series_uid: str | None, progress: StepProgress) -> tuple[ScanResult,
                                                                              LoadResult]:
    """Scan, choose a series (the given UID, else the largest that loads) and load it.

    The report's ``skipped`` lists what the scan skipped as well, as ``open_dicom``'s does.
    """
    scan = _scan(path, progress)
    candidates = sorted(scan.series, key=lambda s: -s.image_count)
    if series_uid is not None:
        candidates = [s for s in candidates if s.uid == series_uid]
        if not candidates:
            uids = ", ".join(dict.fromkeys(s.uid for s in scan.series))
            raise CommandError(f"{path}: no series with UID {series_uid} (found: {uids})")
    failed = []
    for number, series in enumerate(candidates):
        try:
            result = load_series_with_report(series, progress=progress)
        except DicomLoadError as exc:
            failed += exc.skipped
            continue
        if series_uid is None and len(scan.series) > 1:
            others = [s for s in scan.series if s is not series]
            print(f"cvlab ct: {len(scan.series)} series found; using the "
                  f"{'largest' if number == 0 else 'largest loadable'}, {series.uid} "
                  f"({series.image_count} images); others: "
                  + ", ".join(f"{s.uid} ({s.image_count})" for s in others)
                  + "; choose one with --series UID", file=sys.stderr)
        result.report.skipped = scan.skipped + failed + result.report.skipped
        return scan, result
    why = summarise_reasons(failed, name_files=True) or "every series failed to load"
    raise CommandError(f"{path}: no loadable DICOM image ({why})")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def left_out_warning(scan: ScanResult, result: LoadResult) -> str | None:
    """One sentence on what the loaded volume lacks (files left out, gaps), or None.

    ``ct info`` lists each file; a render or an analysis only says that something is
    missing, in the one line its contract allows.
    """
    report, parts = result.report, []
    if report.skipped:
        seen = {image.path for s in scan.series for image in s.images}
        seen |= {s.path for s in scan.skipped}
        left_out = {s.path for s in report.skipped}
        parts.append(f"{len(left_out)} of {_plural(len(seen | left_out), 'file')} left out "
                     f"({summarise_reasons(report.skipped, name_files=True)})")
    if report.gaps:
        largest = max(step for _, step in report.gaps)
        parts.append(f"the volume has {_plural(len(report.gaps), 'gap')} in slice spacing "
                     f"(up to {largest:.3g} mm; median {result.volume.spacing[0]:.3g} mm)")
    return "; ".join(parts) or None


def _warn_left_out(scan: ScanResult, result: LoadResult) -> None:
    warning = left_out_warning(scan, result)
    if warning:
        print(f"cvlab ct: warning: {warning}", file=sys.stderr)


def _run(command, args) -> int:
    try:
        return command(args)
    except (CommandError, DicomLoadError, UnsafeOutputError, ValueError, IndexError,
            OSError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")


# --------------------------------------------------------------------------- info
def series_record(series: SeriesInfo) -> dict:
    order = order_series_slices(series.images)
    row_mm, col_mm = series.pixel_spacing or (None, None)
    return {
        "uid": series.uid, "part": series.sub_index + 1, "description": series.description,
        "modality": series.modality, "series_number": series.series_number,
        "images": series.image_count, "files": len(series.images),
        "rows": series.rows, "columns": series.columns, "rgb": series.is_rgb,
        "spacing_mm": {"row": row_mm, "column": col_mm, "slice": series.slice_spacing},
        "orientation": series.orientation_label or "unknown",
        "image_orientation_patient": list(series.orientation) if series.orientation else None,
        "slice_order": {
            "by_position": bool(order.by_position) if order else False,
            "duplicates": len(order.duplicates) if order else 0,
            "unplaced": len(order.unplaced) if order else 0,
            "gaps": [{"after_slice": i + 1, "step_mm": round(step, 3)}
                     for i, step in order.gaps] if order else [],
            "tilt_degrees": round(order.tilt_degrees, 2) if order else 0.0,
        },
        "warnings": list(series.warnings),
        "split_off": [{"path": s.path, "reason": s.reason} for s in series.split_off],
    }


def info_record(scan: ScanResult) -> dict:
    return {"source": scan.source, "files_seen": scan.files_seen,
            "series": [series_record(s) for s in scan.series],
            "skipped": [{"path": s.path, "reason": s.reason} for s in scan.skipped]}


def _mm(value) -> str:
    return f"{value:.4g}" if value is not None else "?"


def _order_text(order: dict) -> str:
    if not order["by_position"]:
        return "ordered by InstanceNumber (no positions)"
    parts = ["ordered by position"]
    parts.append(f"{len(order['gaps'])} gap(s)" if order["gaps"] else "no gaps")
    parts.append(f"{order['duplicates']} duplicate(s)" if order["duplicates"] else "no duplicates")
    if order["tilt_degrees"] > 0.5:
        parts.append(f"tilt {order['tilt_degrees']:.1f}°")
    return ", ".join(parts)


def info_text(record: dict) -> str:
    lines = [f"{record['source']}: {len(record['series'])} series in "
             f"{record['files_seen']} file(s)"]
    for number, s in enumerate(record["series"], 1):
        spacing = s["spacing_mm"]
        part = f" (part {s['part']})" if s["part"] > 1 else ""
        lines += [
            f"\nSeries {number}{part}: {s['description'] or '(no description)'}",
            f"  UID          {s['uid']}",
            f"  modality     {s['modality'] or '?'}{'  (RGB)' if s['rgb'] else ''}",
            f"  images       {s['images']} ({s['rows']} rows × {s['columns']} columns)",
            f"  spacing      row {_mm(spacing['row'])} mm, column {_mm(spacing['column'])} mm, "
            f"slice {_mm(spacing['slice'])} mm",
            f"  orientation  {s['orientation']}",
            f"  slice order  {_order_text(s['slice_order'])}",
        ]
        lines += [f"  warning: {w}" for w in s["warnings"]]
    if record["skipped"]:
        lines.append(f"\nSkipped {len(record['skipped'])} file(s):")
        lines += [f"  {s['path']}: {s['reason']}" for s in record["skipped"]]
    return "\n".join(lines)


def cmd_info(args) -> int:
    def run(args) -> int:
        scan = scan_paths(args.path, progress=StepProgress())
        record = info_record(scan)
        print(json.dumps(record, indent=2) if args.json else info_text(record))
        if not scan.series:
            why = summarise_reasons(scan.skipped) or "no files found"
            return _fail(f"{args.path}: no loadable DICOM image ({why})")
        return 0
    return _run(run, args)


# --------------------------------------------------------------------------- render
def cmd_render(args) -> int:
    def run(args) -> int:
        from cvlab.tools.ct.render import parse_window, render_plane
        from cvlab.tools.ct.windowing import load_presets_with_notice

        if Path(args.path).is_dir():  # the rule every tool follows for a folder input
            check_outside(args.output, args.path, shown=f"-o {args.output}")
        _, notice = load_presets_with_notice()
        if notice:  # said, not fatal: the built-in presets are used
            print(f"cvlab ct: note: {notice}", file=sys.stderr)
        progress = StepProgress()
        scan, result = _load(args.path, args.series, progress)
        volume = result.volume
        width, level = parse_window(args.window, volume)
        index = args.index
        if index is None:
            index = reformatter(volume).count(args.plane) // 2
        image = render_plane(volume, args.plane, index, width, level, invert=args.invert)
        inputs = [image.path for s in scan.series for image in s.images]
        inputs += [s.path for s in scan.skipped]
        target = save_image(args.output, image, inputs=inputs)
        window = "RGB, no window" if volume.is_rgb else f"W {width:g} / L {level:g}"
        print(f"{target}: {args.plane} slice {index}, {image.shape[1]}×{image.shape[0]} px, "
              f"{window}")
        _warn_left_out(scan, result)  # after the work: a failure stays one line
        return 0
    return _run(run, args)


# --------------------------------------------------------------------------- nodules
def nodules_text(report: dict) -> str:
    lungs = report["lungs"]
    lines = [f"Right lung: {lungs['right_volume_ml']:.0f} mL",
             f"Left lung:  {lungs['left_volume_ml']:.0f} mL", ""]
    if report["rows"]:
        header = ["No", "image", "size mm", "volume mm³", "density"]
        rows = [[str(r["No"]), str(r["image"]), f"{r['size_mm']:.1f}",
                 f"{r['volume_mm3']:.0f}", r["density"]] for r in report["rows"]]
        widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
        for row in [header] + rows:
            lines.append("  ".join(cell.rjust(w) if i < 4 else cell
                                   for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
        lines.append("")
    lines.append(report["summary"])
    lines += [f"warning: {w}" for w in report["warnings"]]
    lines.append(report["disclaimer"])
    return "\n".join(lines)


def cmd_nodules(args) -> int:
    def run(args) -> int:
        from cvlab.tools.ct.nodules import screen_volume

        progress = StepProgress()
        scan, result = _load(args.path, args.series, progress)
        report = screen_volume(result.volume, progress=progress)
        report["disclaimer"] = TEACHING_NOTE
        left_out = left_out_warning(scan, result)
        if args.json and left_out:  # for readers of the JSON alone; the text has stderr
            report["warnings"].append(left_out)
        print(json.dumps(report, indent=2) if args.json else nodules_text(report))
        _warn_left_out(scan, result)
        return 0
    return _run(run, args)
