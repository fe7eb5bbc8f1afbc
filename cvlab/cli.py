"""`cvlab` with no arguments starts the GUI; sub-commands do headless work.

Each sub-command lives beside its engine as a module with ``register(subparsers)``, which
adds its parser and sets ``func`` (called with the parsed args, returns an exit code). A tool
declares its commands in its manifest (``ToolSpec.commands``: the tool id <-> CLI verb
mapping, e.g. superres -> sr, heatmaps -> cam, ocr -> ocr and plate); this module adds its
own "weights", "batch" (any tool over a cohort, on Ray: cvlab/core/batch) and "gui".
Sub-command modules are imported only when the command line names one (``cvlab --help``
reads the manifests only), so the GUI start pays nothing for them.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
import warnings

from cvlab import __version__

# The CLI's own commands; every other one is declared by a tool's manifest (ToolSpec.commands).
WEIGHTS_HELP = "list, fetch and verify model weights"
GUI_HELP = "start the desktop app (the default)"


def tool_commands() -> dict[str, tuple[str, str]]:
    """verb -> (module with register(subparsers), help line naming the tool's tab), in tab
    order. Reads the manifests only: no command module is imported."""
    from cvlab.tools import tool_commands as registered

    return {command.verb: (command.module,
                           f"{command.summary or 'see cvlab ' + command.verb + ' --help'} "
                           f"[{spec.title} tab]")
            for spec, command in registered()}


def _register_weights(sub) -> None:
    from cvlab.core.weights.cli import register
    from cvlab.tools import weights_catalogue

    register(sub, weights_catalogue())


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with ``only``'s module registered; every other command is listed (its
    manifest's summary and its tab) without importing its module."""
    parser = argparse.ArgumentParser(
        prog="cvlab", description="CV Lab: a desktop image lab. With no command, starts the GUI.",
        epilog="A tool's commands name its tab in [brackets]; `cvlab COMMAND --help` for more.")
    parser.add_argument("--version", action="version", version=f"cvlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only == "weights":
        _register_weights(sub)
    else:
        sub.add_parser("weights", help=WEIGHTS_HELP)
    if only == "batch":
        from cvlab.core.batch.cli import register as register_batch
        from cvlab.tools import batch_tasks

        register_batch(sub, batch_tasks())
    else:
        from cvlab.core.batch.cli import HELP as BATCH_HELP

        sub.add_parser("batch", help=BATCH_HELP)
    for name, (module, help_line) in tool_commands().items():
        if only == name:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_line)
    gui = sub.add_parser("gui", help=GUI_HELP)
    gui.add_argument("paths", nargs="*", help="files or folders to open")
    return parser


def main(argv: list[str] | None = None) -> int:
    from cvlab.core.cpu_threads import prepare_process

    prepare_process()  # before anything imports torch: see core/cpu_threads.py
    argv = sys.argv[1:] if argv is None else argv
    if argv and not (argv[0] in ("gui", "-") or argv[0].startswith("-")
                     or _is_command(argv[0]) or os.path.lexists(argv[0])):
        return _unknown_command(argv[0])
    if not argv or argv[0] == "gui" or not (argv[0].startswith("-") or _is_command(argv[0])):
        paths = argv[1:] if argv and argv[0] == "gui" else argv
        from cvlab.app import run_gui

        return run_gui(paths)
    command = argv[0] if _is_command(argv[0]) else None
    if not sys.warnoptions:
        # A library's warning (pydicom on a malformed value, Pillow, torch deprecations) is
        # Python-speak with a source line; the command reports what matters in its own
        # words. `python -W default -m cvlab ...` shows them again.
        warnings.simplefilter("ignore")
    args = build_parser(only=command).parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        build_parser().print_help()
        return 2
    return _run_command(command, func, args)


def _run_command(command: str | None, func, args) -> int:
    """Every command's outcome in one place: Ctrl+C and an unusable device are one line."""
    from cvlab.core.device import DeviceUnavailable

    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print(f"cvlab {command}: interrupted", file=sys.stderr)
        return 130
    except DeviceUnavailable as exc:
        print(f"cvlab {command}: {exc}", file=sys.stderr)
        return 1
    except MemoryError:  # what no size check foresaw: still one line, never a traceback
        print(f"cvlab {command}: out of memory: the input is too large for this machine",
              file=sys.stderr)
        return 1


def _unknown_command(word: str) -> int:
    """A first word that is neither a command nor a path: one line, not a GUI that opens
    nothing (and never returns offscreen)."""
    commands = ["weights", "batch", *tool_commands(), "gui"]
    close = difflib.get_close_matches(word, commands, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    print(f"cvlab: {word!r} is neither a command nor a file or folder{hint}; commands: "
          f"{', '.join(commands)}", file=sys.stderr)
    return 2


def _is_command(word: str) -> bool:
    return word in ("weights", "batch") or word in tool_commands()
