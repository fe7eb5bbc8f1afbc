"""`cvlab batch TOOL [SUB] INPUT_ROOT OUT_ROOT [tool options] [--cluster ...]`.

The tools and their options come from the manifests (``ToolSpec.batch``); registering this
parser imports each tool's small batch module, never an engine. Exit codes: 0 all done,
1 some item failed (each said on stderr, all in ``batch_failures.csv``) or the run could not
start, 130 Ctrl+C or SIGTERM (the journal keeps what finished; the same command resumes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from functools import partial
from pathlib import Path

from cvlab.core.terminal import CommandError, ProgressBar, check_output_folder, fail

HELP = "run a tool over a cohort (a folder tree) on Ray: resumable, one summary"
SHOWN_FAILURES = 20


def register(subparsers, tasks) -> None:
    """Add ``batch`` with a parser per task (the registry's ``batch_tasks()``, handed in:
    core never imports the tools)."""
    parser = subparsers.add_parser(
        "batch", help=HELP,
        description="Run one tool over every item under INPUT_ROOT (image files, or the DICOM "
                    "series found folder by folder) on a local Ray instance or a Ray "
                    "cluster. Outputs mirror the input tree under OUT_ROOT, with "
                    "batch_summary.csv/.json (a row per item), batch_failures.csv and the "
                    "journal batch_manifest.jsonl: run the same command again and the items "
                    "already done (same inputs, same options) are skipped.")
    tools = parser.add_subparsers(dest="batch_tool", metavar="TOOL", required=True)
    by_verb: dict[str, list] = {}
    for task in tasks:
        by_verb.setdefault(task.verb, []).append(task)
    for verb, tasks in by_verb.items():
        if len(tasks) == 1 and tasks[0].sub is None:
            _add_task_parser(tools, verb, tasks[0])
            continue
        tool = tools.add_parser(verb, help=", ".join(t.sub for t in tasks))
        subs = tool.add_subparsers(dest="batch_sub", metavar="SUBCOMMAND", required=True)
        for task in tasks:
            _add_task_parser(subs, task.sub, task)


def _add_task_parser(subparsers, name: str, task) -> None:
    parser = subparsers.add_parser(name, help=task.summary, description=task.summary)
    parser.add_argument("input_root", metavar="INPUT_ROOT", help="the cohort's folder (read only)")
    parser.add_argument("out_root", metavar="OUT_ROOT",
                        help="where outputs, summaries and the journal go (not inside "
                             "INPUT_ROOT)")
    task.add_options(parser)
    run = parser.add_argument_group("how it runs")
    run.add_argument("--cluster", default="local", metavar="local|auto|ray://HOST:PORT",
                     help="local: start Ray on this machine (default); auto: join the "
                          "cluster this machine belongs to; ray://HOST:PORT: a remote one")
    run.add_argument("--workers", type=int, metavar="N",
                     help="actors, each holding the model once (default: one per GPU, "
                          "else one per 4 CPUs)")
    run.add_argument("--gpus-per-worker", type=float, metavar="F",
                     help="GPUs each actor asks for (default 1 where the cluster has GPUs)")
    run.add_argument("--json", action="store_true", help="print the run's report as JSON")
    parser.set_defaults(func=partial(_run, task))


def _run(task, args: argparse.Namespace) -> int:
    from cvlab.core.batch.driver import BatchError, BatchInterrupted, run_batch
    from cvlab.core.batch.ledger import LedgerError

    command = f"batch {task.name}"
    source = Path(args.input_root)
    progress = ProgressBar(name="batch", min_interval=0.2)
    try:
        if not source.is_dir():
            raise CommandError(f"{args.input_root}: not a folder (INPUT_ROOT is the cohort's "
                               "folder)")
        out = check_output_folder("OUT_ROOT", args.out_root, source, required=True)
        options = task.options(args)
        # Absolute: a worker may run in another folder, or on another node. Anything a
        # library prints during the run goes to stderr: stdout is the report's (--json).
        with contextlib.redirect_stdout(sys.stderr):
            report = run_batch(task, options, source.resolve(), out, cluster=args.cluster,
                               workers=args.workers, gpus_per_worker=args.gpus_per_worker,
                               progress=progress, note=progress.note)
    except BatchInterrupted as stop:
        progress.clear()
        r = stop.report
        print(f"cvlab {command}: interrupted after {r.done + r.failed} item(s) this run; "
              f"what finished is kept in {args.out_root}: run the same command again to "
              "resume", file=sys.stderr)
        return 130
    except (CommandError, BatchError, LedgerError, ValueError, OSError) as exc:
        progress.clear()
        return fail(command, str(exc))
    progress.clear()
    if not (report.done or report.failed or report.skipped):
        return fail(command, f"{args.input_root}: no {task.items_are} under this folder")
    for key, why in report.failures[:SHOWN_FAILURES]:
        print(f"cvlab {command}: {why if key in why or why.startswith('/') else key + ': ' + why}",
              file=sys.stderr)
    if len(report.failures) > SHOWN_FAILURES:
        print(f"cvlab {command}: … {len(report.failures) - SHOWN_FAILURES} more in "
              f"{out / 'batch_failures.csv'}", file=sys.stderr)
    if args.json:
        print(json.dumps({"task": task.name, "options": options, "input_root": str(source),
                          "out_root": str(out), "done": report.done, "failed": report.failed,
                          "skipped": report.skipped, "retried": report.retried,
                          "workers": report.workers, "seconds": round(report.seconds, 3),
                          "startup_seconds": round(report.startup_seconds, 3),
                          "items_seconds": round(report.items_seconds, 3),
                          "work_seconds": round(report.work_seconds, 3),
                          "items_per_second": round(report.items_per_second, 4),
                          "summaries": [str(p) for p in report.summaries]}, indent=2))
    elif not report.workers:
        print(f"{task.name}: nothing to do: {report.skipped} item(s) done before with the "
              f"same inputs and options; summary: {out / 'batch_summary.csv'}")
    else:
        retried = (f"; {report.retried} retried after their worker died"
                   if report.retried else "")
        print(f"{task.name}: {report.done} done, {report.failed} failed, {report.skipped} "
              f"skipped (done before){retried}; {report.seconds:.1f} s, "
              f"{report.items_per_second:.2f} items/s on {report.workers} worker(s); "
              f"summary: {out / 'batch_summary.csv'}")
    return 1 if report.failed else 0
