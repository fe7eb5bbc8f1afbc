"""`cvlab nets`: layer tables, parameters and MACs of the classic networks, without the window.

    cvlab nets list [--json]
    cvlab nets table ARCH [ARCH …] [--input SIDE] [--json]
    cvlab nets table resnet-course [--json]

One ARCH: its layer table (every leaf layer as it runs: output shape, parameters, MACs and
the main path's receptive field; a shortcut's layers are marked "branch"), its stages and
its totals. Two or more: their totals side by side. ``resnet-course`` is the course's
ResNet table (He et al. 2015) beside ours for the paper's and torchvision's ResNets. Each
ARCH is measured on a SIDE×SIDE zero image (its own default, 224 for all, without
--input); nothing is downloaded (no weights are needed to count).

Errors end with exit code 1 and one line on stderr ("cvlab nets: what went wrong"), never a
traceback. torch is imported only when a table is made.
"""

from __future__ import annotations

import json
import os
import sys

from cvlab.core.terminal import CommandError, fail

COURSE = "resnet-course"
MAX_INPUT = 4096  # a bound a meta pass does not need, but the CPU fallback would


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "nets", help="layer tables, parameters and MACs of classic networks",
        description="What is inside AlexNet, VGG, the ResNets, DenseNet, MobileNetV2, "
                    "EfficientNet-Lite0, FCN, U-Net and ViT: measured, not quoted.")
    verbs = parser.add_subparsers(dest="nets_command", metavar="VERB")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

    listing = verbs.add_parser("list", help="the architectures one can measure")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_list)

    table = verbs.add_parser(
        "table", help="one network's layer table, or several networks' totals side by side",
        description="One ARCH: its layer table, stages and totals; several: their totals "
                    f"side by side; '{COURSE}': the course's ResNet table beside ours.")
    table.add_argument("archs", nargs="+", metavar="ARCH",
                       help=f"an architecture (cvlab nets list), or '{COURSE}'")
    table.add_argument("--input", type=int, metavar="SIDE",
                       help="the side of the square input in pixels (default: each "
                            "network's own, 224)")
    table.add_argument("--json", action="store_true", help="machine-readable output")
    table.set_defaults(func=cmd_table)


# --------------------------------------------------------------------------- formatting
def _reader_left() -> int:
    """``cvlab nets table vgg16 | head``: the reader closed the pipe; stop quietly (exit 0)
    and keep Python from complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _grid(rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    """Columns padded to their widest cell; the ``right`` ones aligned right (numbers)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
                     for row in rows)


def shape_text(shape) -> str:
    return "×".join(str(n) for n in shape) if shape else "—"


def field_text(size: int | None) -> str:
    return "all" if size is None else str(size)


def millions(count: int) -> str:
    return f"{count / 1e6:,.2f} M"


def billions(count: float) -> str:
    return f"{count / 1e9:,.3f}"


# --------------------------------------------------------------------------- list
def cmd_list(args) -> int:
    try:
        return _list(args)
    except BrokenPipeError:
        return _reader_left()


def _list(args) -> int:
    from cvlab.tools.nets.architectures import ARCHITECTURES

    records = [{"name": a.name, "title": a.title, "family": a.family,
                "description": a.description, "input_size": a.input_size,
                "in_channels": a.in_channels, "min_input": a.min_input,
                "multiple": a.multiple} for a in ARCHITECTURES]
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    rows = [["NAME", "TITLE", "FAMILY", "INPUT", "DESCRIPTION"]]
    rows += [[r["name"], r["title"], r["family"],
              f"{r['in_channels']}×{r['input_size']}×{r['input_size']}", r["description"]]
             for r in records]
    print(_grid(rows))
    print(f"and '{COURSE}' for `cvlab nets table`: the course's ResNet table")
    return 0


# --------------------------------------------------------------------------- tables
def print_profile(profile) -> None:
    print(f"{profile.title} ({profile.arch}), input {shape_text(profile.input_shape)}")
    rows = [["#", "LAYER", "TYPE", "OUTPUT", "PARAMS", "MACS", "RF"]]
    for number, row in enumerate(profile.rows, 1):
        field = field_text(row.receptive_field) if row.main else (
            "branch" if row.type != "Parameter" else "")
        rows.append([str(number), row.name, row.type, shape_text(row.output_shape),
                     f"{row.params:,}", f"{row.macs:,}", field])
    print(_grid(rows, right=frozenset({0, 4, 5})))
    print()
    rows = [["STAGE", "LAYERS", "OUTPUT", "PARAMS", "MACS ×10⁹", "RF AT END"]]
    rows += [[s.name, str(s.count), shape_text(s.output_shape), millions(s.params),
              billions(s.macs), field_text(s.receptive_field)] for s in profile.stages]
    print(_grid(rows, right=frozenset({1, 3, 4, 5})))
    print()
    print(f"total: {profile.params:,} parameters ({millions(profile.params)}), "
          f"{profile.macs:,} MACs ({billions(profile.macs)} ×10⁹ multiply-adds)")
    for note in profile.notes:
        print(f"note: {note}")


def comparison_record(profile) -> dict:
    return {"arch": profile.arch, "title": profile.title,
            "input_shape": list(profile.input_shape), "params": profile.params,
            "macs": profile.macs, "layers": len(profile.rows),
            "stages": len(profile.stages),
            "output_shape": list(profile.stages[-1].output_shape) if profile.stages else []}


def print_comparison(records: list[dict]) -> None:
    rows = [["ARCH", "TITLE", "INPUT", "PARAMS", "MACS ×10⁹", "LAYERS", "OUTPUT"]]
    rows += [[r["arch"], r["title"], shape_text(r["input_shape"]), millions(r["params"]),
              billions(r["macs"]), str(r["layers"]), shape_text(r["output_shape"])]
             for r in records]
    print(_grid(rows, right=frozenset({3, 4, 5})))


def print_course(rows, explanation: str) -> None:
    grid = [["RESNET", "PARAMS", "COURSE ×10⁹", "PAPER VARIANT", "DIFF", "TORCHVISION",
             "DIFF"]]
    grid += [[f"ResNet-{r.depth}", millions(r.params), f"{r.course_macs / 1e9:.1f}",
              billions(r.paper_macs), f"{r.paper_difference:+.1%}",
              billions(r.torchvision_macs), f"{r.torchvision_difference:+.1%}"] for r in rows]
    print("The course's ResNet table (He et al. 2015, 224×224; MACs = multiply-adds) "
          "beside ours")
    print(_grid(grid, right=frozenset(range(1, 7))))
    print(explanation)


def _input_side(args) -> int | None:
    if args.input is not None and not 1 <= args.input <= MAX_INPUT:
        raise CommandError(f"--input must be between 1 and {MAX_INPUT} pixels, "
                           f"not {args.input}")
    return args.input


def cmd_table(args) -> int:
    try:
        side = _input_side(args)
        course = COURSE in args.archs
        names = list(dict.fromkeys(a for a in args.archs if a != COURSE))
        if course and side is not None and side != 224:
            raise CommandError(f"{COURSE} is for 224×224 (the course's figures); "
                               "leave out --input or give --input 224")
        from cvlab.tools.nets.architectures import get

        for name in names:
            get(name)  # every name checked before anything is measured
        from cvlab.tools.nets.profile import profile

        profiles = [profile(name, side) for name in names]
        report: dict = {}
        if course:
            from cvlab.core.i18n import translate
            from cvlab.tools.nets.resnet_table import EXPLANATION, resnet_table

            table, explanation = resnet_table(), translate("NetsTable", EXPLANATION)
            report["resnet_course"] = {"explanation": explanation,
                                       "rows": [r.as_dict() for r in table]}
        if len(profiles) == 1:
            report["profile"] = profiles[0].as_dict()
        elif profiles:
            report["comparison"] = [comparison_record(p) for p in profiles]
        if args.json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
            return 0
        if course:
            print_course(table, explanation)
            if profiles:
                print()
        if len(profiles) == 1:
            print_profile(profiles[0])
        elif profiles:
            print_comparison(report["comparison"])
        return 0
    except (CommandError, ValueError) as exc:
        return fail("nets", str(exc))
    except BrokenPipeError:
        return _reader_left()
