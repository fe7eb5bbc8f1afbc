"""A tool's `cvlab` command through argparse alone: its ``register`` on a fresh parser, then
the parsed command's ``func`` (no subprocess, so a test can look at the engine's result)."""

import argparse


def run_registered(capsys, register, *argv):
    """(exit code, stdout, stderr) of ``cvlab ARGV`` with only ``register``'s command."""
    parser = argparse.ArgumentParser(prog="cvlab")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err
