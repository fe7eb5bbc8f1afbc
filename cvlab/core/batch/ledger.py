"""``batch_manifest.jsonl``: the journal of a batch run in OUT_ROOT.

The first line names the task; then one JSON line per finished item (done or failed), with
its fingerprint, the SHA-256 of its input bytes, the options' hash, its figures and outputs.
A line is written with one ``write`` and flushed to disk before the next item is counted, so
a crash or Ctrl+C loses at most the items still in flight; a torn last line (power cut) is
ignored when the journal is read back. Appending is what keeps a run of 10,000 items cheap:
nothing is rewritten per item.

An item counts as done on a rerun when its latest line says "done" with the same options
and its outputs still exist, and its inputs are unchanged: the same fingerprint, or, when
names, sizes or times changed (a copy, a ``touch``), the same content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from cvlab.core.batch.items import Item, content_hash

MANIFEST_NAME = "batch_manifest.jsonl"


class LedgerError(ValueError):
    """OUT_ROOT holds another task's run, or a journal that is not ours."""


def options_hash(task_name: str, options: dict) -> str:
    text = json.dumps({"task": task_name, "options": options}, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Ledger:
    """The journal of one OUT_ROOT; thread-safe (discovery checks while the driver writes)."""

    def __init__(self, out_root: Path, task_name: str, options: dict) -> None:
        self.out_root = Path(out_root)
        self.path = self.out_root / MANIFEST_NAME
        self.task_name = task_name
        self.options = options
        self.options_hash = options_hash(task_name, options)
        self.records: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._read()

    def _read(self) -> None:
        if not self.path.exists():
            return
        lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines):
            try:
                record = json.loads(line)
            except ValueError:
                if number == len(lines) - 1:
                    continue  # torn last line: that item was not finished
                raise LedgerError(f"{self.path}: line {number + 1} is not a journal "
                                  "entry; is this a cvlab batch output folder?") from None
            if number == 0:
                if record.get("task") != self.task_name:
                    raise LedgerError(
                        f"{self.out_root} holds a `cvlab batch {record.get('task', '?')}` run; "
                        f"give `cvlab batch {self.task_name}` an output folder of its own")
                continue
            self.records[record["key"]] = record

    def is_done(self, item: Item) -> bool:
        """Whether ``item`` was done before with these options and the same inputs."""
        with self._lock:
            record = self.records.get(item.key)
        if (record is None or record.get("status") != "done"
                or record.get("options_hash") != self.options_hash
                or not all((self.out_root / p).is_file() for p in record.get("outputs", []))):
            return False
        if record.get("fingerprint") == item.fingerprint:
            return True
        if record.get("content_hash") != content_hash(item.files):
            return False
        self.append({**record, "fingerprint": item.fingerprint})  # same bytes, new stat
        return True

    def append(self, record: dict) -> None:
        """Journal one finished item (durably: flushed and synced before returning)."""
        record = {**record, "options_hash": self.options_hash}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.out_root.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self._drop_torn_tail()
            new = not self.path.exists() or self.path.stat().st_size == 0
            with open(self.path, "a", encoding="utf-8") as fh:
                if new:
                    fh.write(json.dumps({"task": self.task_name, "options": self.options})
                             + "\n")
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
            self.records[record["key"]] = record

    def _drop_torn_tail(self) -> None:
        """Cut a torn last line (a crash mid-write) so the next line starts clean."""
        with open(self.path, "r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return              # every append but the first after a crash ends here
            fh.seek(0)
            fh.truncate(fh.read().rfind(b"\n") + 1)
