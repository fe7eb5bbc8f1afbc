"""`cvlab` with no arguments starts the GUI; sub-commands do headless work.

Each sub-command lives beside its engine as a module with ``register(subparsers)``, which
adds its parser and sets ``func`` (called with the parsed args, returns an exit code).
Sub-command modules are imported only when the command line names one, so
the GUI start pays nothing for them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cvlab import __version__

# name -> module with register(subparsers); one line per command.
COMMANDS: dict[str, str] = {
    "weights": "cvlab.core.weights.cli",
    "ct": "cvlab.tools.ct.cli",
    "sr": "cvlab.tools.superres.cli",
    "cam": "cvlab.tools.heatmaps.cli",
    "ocr": "cvlab.tools.ocr.cli",
    "plate": "cvlab.tools.ocr.plate_cli",
    "faces": "cvlab.tools.faces.cli",
    "restore": "cvlab.tools.restore.cli",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cvlab", description="CV Lab: a desktop image lab. With no command, starts the GUI.")
    parser.add_argument("--version", action="version", version=f"cvlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or only == name:
            importlib.import_module(module).register(sub)
        else:  # listed in --help without importing its module
            sub.add_parser(name, help=f"(see cvlab {name} --help)")
    gui = sub.add_parser("gui", help="start the desktop app (the default)")
    gui.add_argument("paths", nargs="*", help="files or folders to open")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] == "gui" or not (argv[0].startswith("-") or argv[0] in COMMANDS):
        paths = argv[1:] if argv and argv[0] == "gui" else argv
        from cvlab.app import run_gui

        return run_gui(paths)
    command = argv[0] if argv[0] in COMMANDS else None
    args = build_parser(only=command).parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        build_parser().print_help()
        return 2
    return int(func(args) or 0)
