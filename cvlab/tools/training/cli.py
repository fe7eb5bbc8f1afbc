"""`cvlab train`: the Training tab's demos without the window, for checking their claims.

    cvlab train list [--json]
    cvlab train DEMO [--set NAME=VALUE …] [--seed N] [--json]

A run prints the demo's final metrics; ``--json`` prints them with the options used and
the final value of every curve. Options not set keep their defaults (``cvlab train list``
shows them with their ranges); booleans take on/off. The same engine as the tab
(``jobs.train_job``), on the CPU, seeded: one seed, one result.

Errors end with exit code 1 and one line on stderr ("cvlab train: what went wrong").
torch is imported only when a demo runs.
"""

from __future__ import annotations

import json
import math
import os
import sys

from cvlab.core.terminal import CommandError, ProgressBar, fail

LIST = "list"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "train", help="the training demos: overfitting, vanishing gradients, back-propagation, "
                      "plain vs residual CNNs, augmentation",
        description="Run one of the Training tab's demos headless and print its final "
                    "metrics. `cvlab train list` names the demos and their options.")
    parser.add_argument("demo", nargs="?", metavar="DEMO",
                        help="a demo (cvlab train list), or 'list'")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        dest="settings", help="set one option (repeatable), e.g. "
                                              "--set samples=40 --set dropout=0.5")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=lambda args: cmd_train(args, parser))


def cmd_train(args, parser) -> int:
    if args.demo is None:
        parser.print_help()
        return 2
    try:
        if args.demo == LIST:
            return cmd_list(args)
        return _run(args)
    except (CommandError, ValueError, RuntimeError) as exc:
        return fail("train", str(exc))
    except BrokenPipeError:
        return _reader_left()


def _reader_left() -> int:
    """``cvlab train list | head``: the reader closed the pipe; stop quietly (exit 0) and
    keep Python from complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def parse_settings(demo, settings: list[str]) -> dict:
    """``["samples=40", "dropout=0.5"]`` as checked option values."""
    from cvlab.tools.training.options import unknown_option

    known = {option.name: option for option in demo.options}
    values: dict = {}
    for setting in settings:
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise CommandError(f"--set takes NAME=VALUE, not '{setting}'")
        if name not in known:
            raise CommandError(unknown_option(name, tuple(known)))
        values[name] = known[name].parse(text)
    return values


def _run(args) -> int:
    from cvlab.core.jobs import JobContext
    from cvlab.tools.training.demos import checked_options, find_demo
    from cvlab.tools.training.jobs import train_job
    from cvlab.tools.training.live import LiveRun

    demo = find_demo(args.demo)
    options = checked_options(demo, parse_settings(demo, args.settings))
    bar = ProgressBar(name=f"cvlab train {demo.name}", min_interval=0.1)
    live = LiveRun()
    final = train_job(JobContext.local("training", progress=bar), demo.name, options,
                      args.seed, live)
    bar.clear()
    curves = live.last_values()
    if args.json:
        report = {"demo": demo.name, "seed": args.seed, "options": options,
                  "points": live.count,
                  "curves": {name: _finite(curves.get(name)) for name in demo.curves},
                  "final": {name: _finite(value) for name, value in final.items()}}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"{demo.name} ({demo.title}), seed {args.seed}")
    print("options: " + ", ".join(f"{name}={_text(value)}" for name, value in options.items()))
    print(_grid([["METRIC", "FINAL"]] + [[name, _text(value)] for name, value in final.items()]))
    return 0


def cmd_list(args) -> int:
    from cvlab.tools.training.demos import DEMOS

    records = [{"name": demo.name, "title": demo.title, "summary": demo.summary,
                "curves": list(demo.curves),
                "options": [{"name": o.name, "title": o.title, "kind": o.kind,
                             "default": o.default, "minimum": o.minimum,
                             "maximum": o.maximum, "choices": list(o.choices),
                             "help": o.help} for o in demo.options]}
               for demo in DEMOS]
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    for record in records:
        print(f"{record['name']}: {record['title']}. {record['summary']}")
        rows = [["  OPTION", "KIND", "DEFAULT", "RANGE"]]
        rows += [[f"  {o['name']}", o["kind"], _text(o["default"]), _range(o)]
                 for o in record["options"]]
        print(_grid(rows))
        print()
    print("run one: cvlab train DEMO [--set NAME=VALUE …] [--seed N] [--json]")
    return 0


def _range(option: dict) -> str:
    if option["kind"] == "choice":
        return " | ".join(option["choices"])
    if option["kind"] == "bool":
        return "on | off"
    return f"{option['minimum']:g} … {option['maximum']:g}"


def _finite(value):
    """JSON has no NaN: a value that is not a finite number becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _text(value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)
