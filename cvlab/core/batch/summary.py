"""The summaries of a batch run, rewritten (atomically) at the end of every run, also an
interrupted one, from the journal: so they describe the whole cohort in OUT_ROOT, items done
by earlier runs included.

* ``batch_summary.csv``  -- a row per item: status, seconds, attempts, the worker, outputs,
  the error if any, then the tool's figures (its declared columns).
* ``batch_summary.json`` -- the same rows with the task, options and counts.
* ``batch_failures.csv`` -- a row per failed item and its reason, in one sentence.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from cvlab.core.fileio import atomic_write

SUMMARY_CSV = "batch_summary.csv"
SUMMARY_JSON = "batch_summary.json"
FAILURES_CSV = "batch_failures.csv"
BASE_COLUMNS = ("item", "status", "seconds", "attempts", "worker", "outputs", "error")


def summary_rows(records: dict[str, dict], figures: tuple[str, ...]) -> list[dict]:
    rows = []
    for key in sorted(records):
        record = records[key]
        row = {"item": key, "status": record.get("status", ""),
               "seconds": record.get("seconds", ""), "attempts": record.get("attempts", 1),
               "worker": record.get("worker", ""),
               "outputs": "; ".join(record.get("outputs", [])),
               "error": record.get("error", "")}
        values = record.get("figures", {})
        row.update({name: values.get(name, "") for name in figures})
        rows.append(row)
    return rows


def counts(records: dict[str, dict]) -> dict[str, int]:
    tally = Counter(r.get("status") for r in records.values())
    return {"items": len(records), "done": tally["done"], "failed": tally["failed"],
            "retried": sum(1 for r in records.values() if r.get("attempts", 1) > 1)}


def _csv(columns, rows) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def write_summaries(out_root: Path, task_name: str, options: dict, input_root: Path,
                    records: dict[str, dict], figures: tuple[str, ...]) -> list[Path]:
    """Write the three files; returns their paths."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    rows = summary_rows(records, figures)
    failures = [{"item": r["item"], "reason": r["error"]} for r in rows
                if r["status"] == "failed"]
    written = []
    for name, data in (
            (SUMMARY_CSV, _csv(BASE_COLUMNS + figures, rows)),
            (FAILURES_CSV, _csv(("item", "reason"), failures)),
            (SUMMARY_JSON, (json.dumps({
                "task": task_name, "options": options, "input_root": str(input_root),
                "counts": counts(records), "items": rows}, indent=2, ensure_ascii=False)
                + "\n").encode("utf-8"))):
        with atomic_write(out_root / name) as fh:
            fh.write(data)
        written.append(out_root / name)
    return written
