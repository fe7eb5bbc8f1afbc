"""`cvlab batch ocr`: read the text of every image under a root (an invoice archive).

The options are ``cvlab ocr``' own; each image gives ``<stem>.json`` (the report
``cvlab ocr --json`` prints: lines, boxes, confidences) and ``<stem>.txt`` in the mirrored
folder; the summary has its line and character counts and mean confidence.
"""

from __future__ import annotations

from types import SimpleNamespace

from cvlab.core.batch.task import BatchTask, ItemResult, output_path


def _add_options(parser) -> None:
    from cvlab.tools.ocr.cli import add_reading_options

    add_reading_options(parser)


def _options(args) -> dict:
    from cvlab.core.terminal import CommandError
    from cvlab.tools.ocr.cli import check_reading_options, parse_roi

    try:
        check_reading_options(args)
        roi = parse_roi(args.roi)
    except CommandError as exc:
        raise ValueError(str(exc)) from None
    return {"backend": args.backend, "box_threshold": args.box_threshold,
            "text_threshold": args.text_threshold, "det_limit": args.det_limit,
            "use_cls": args.use_cls, "roi": list(roi) if roi else None,
            "document": args.document}


def open_ocr(options: dict, device):
    """On a worker: the detector, direction classifier and recogniser loaded once."""
    from cvlab.tools.ocr.cli import (
        load_ocr_backend,
        ocr_image,
        ocr_report,
        plain_text,
        write_json,
        write_text,
    )

    backend = load_ocr_backend(options["backend"])
    shown_device = str(getattr(backend, "device", "cpu"))
    args = SimpleNamespace(**options)
    roi = tuple(options["roi"]) if options["roi"] else None

    def process(item, out_dir) -> ItemResult:
        from pathlib import Path

        path = Path(item.files[0])
        result = ocr_image(path, backend, args, roi)
        report = ocr_report(path, result, options["document"], shown_device)
        report_path = output_path(out_dir, item.stem, ".json")
        write_json(report_path, report)
        text = plain_text(result, options["document"])
        text_path = output_path(out_dir, item.stem, ".txt")
        write_text(text_path, text + "\n" if text else "")
        confidences = [float(line.confidence) for line in result.lines]
        return ItemResult(figures={
            "lines": len(result.lines),
            "characters": sum(len(line.text) for line in result.lines),
            "mean_confidence": (round(sum(confidences) / len(confidences), 4)
                                if confidences else "")},
            outputs=[report_path.name, text_path.name])
    return process


TASKS = (
    BatchTask(verb="ocr", sub=None, summary="read the text of every image (PP-OCRv4)",
              add_options=_add_options, options=_options,
              opener="cvlab.tools.ocr.batch_task:open_ocr",
              figures=("lines", "characters", "mean_confidence")),
)
