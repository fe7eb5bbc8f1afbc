"""`cvlab restore inpaint | colorize | scratches`: the Restore tab without the window."""

from __future__ import annotations

import argparse
import sys
import time

from cvlab.core.terminal import about, fail


def add_inpaint_options(parser) -> None:
    """The method and radius, shared with ``cvlab batch restore inpaint``."""
    from cvlab.tools.restore.methods import INPAINT_METHODS

    parser.add_argument("--method", default="telea", choices=[m.name for m in INPAINT_METHODS])
    parser.add_argument("--radius", type=int, default=5)


def add_colorize_options(parser) -> None:
    """The method and strength, shared with ``cvlab batch restore colorize``."""
    from cvlab.tools.restore.methods import COLOR_METHODS

    parser.add_argument("--method", default="net", choices=[m.name for m in COLOR_METHODS])
    parser.add_argument("--strength", type=float, default=1.0, help="0 gray … 1 full")


def register(subparsers) -> None:
    restore = subparsers.add_parser("restore", help="inpaint, colourise, find scratches")
    sub = restore.add_subparsers(dest="restore_command", metavar="SUBCOMMAND", required=True)

    inpaint = sub.add_parser("inpaint", help="fill the white part of a mask")
    inpaint.add_argument("image")
    inpaint.add_argument("--mask", required=True, help="white (or opaque) = fill here")
    add_inpaint_options(inpaint)
    inpaint.add_argument("-o", "--output", required=True)
    inpaint.set_defaults(func=_inpaint)

    colorize = sub.add_parser("colorize", aliases=["colourise"],
                              help="colourise a gray photo (its luminance is kept)")
    colorize.add_argument("image")
    add_colorize_options(colorize)
    colorize.add_argument("--scribbles", help="PNG of colour scribbles (method scribbles)")
    colorize.add_argument("-o", "--output", required=True)
    colorize.set_defaults(func=_colorize)

    scratches = sub.add_parser("scratches", help="propose a mask of scratches and dust")
    scratches.add_argument("image")
    scratches.add_argument("--sensitivity", type=float, default=0.5)
    scratches.add_argument("-o", "--output", required=True, help="the mask (PNG)")
    scratches.set_defaults(func=_scratches)


def _fail(path: str, exc: BaseException) -> int:
    return fail("restore", about(path, exc))


def _models():
    """The CLI's model cache, on the configured device."""
    from cvlab.core.device import resolve_device
    from cvlab.core.jobs import ToolModels

    return ToolModels.local("restore", resolve_device())


def _inpaint(args: argparse.Namespace) -> int:
    from cvlab.core.images import check_image_output, read_image, save_image
    from cvlab.core.mask_ops import load_mask
    from cvlab.tools.restore.methods import run_inpaint

    try:
        image = read_image(args.image).array
        mask = load_mask(args.mask, image.shape[:2])
        check_image_output(args.output, [args.image, args.mask])  # before the work
        start = time.perf_counter()
        result = run_inpaint(args.method, image, mask, models=_models(), radius=args.radius)
        save_image(args.output, result, inputs=[args.image, args.mask])
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        return _fail(args.image, exc)
    print(f"{args.output}: {args.method}, {mask.mean():.1%} of the image filled in "
          f"{time.perf_counter() - start:.2f} s")
    return 0


def _colorize(args: argparse.Namespace) -> int:
    from cvlab.core.images import check_image_output, read_image, save_image
    from cvlab.tools.restore.methods import run_colorize

    if not 0 <= args.strength <= 1:
        print(f"cvlab restore: --strength must be between 0 and 1, not {args.strength}",
              file=sys.stderr)
        return 1
    try:
        image = read_image(args.image).array
        scribbles = mask = None
        if args.scribbles:
            from cvlab.tools.restore.colorize_levin import scribbles_for_photo

            scribbles, mask = scribbles_for_photo(args.scribbles, image.shape)
        elif args.method == "scribbles":
            raise ValueError("method scribbles needs --scribbles S.png")
        check_image_output(args.output, [args.image] + (
            [args.scribbles] if args.scribbles else []))
        start = time.perf_counter()
        result = run_colorize(args.method, image, scribbles=scribbles, scribble_mask=mask,
                              strength=args.strength, models=_models())
        save_image(args.output, result, inputs=[args.image] + (
            [args.scribbles] if args.scribbles else []))
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        return _fail(args.image, exc)
    print(f"{args.output}: {args.method} in {time.perf_counter() - start:.2f} s")
    return 0


def _scratches(args: argparse.Namespace) -> int:
    from cvlab.core.images import check_image_output, read_image
    from cvlab.core.mask_ops import save_mask
    from cvlab.tools.restore.scratches import detect_scratches

    try:
        image = read_image(args.image).array
        check_image_output(args.output, [args.image])
        mask = detect_scratches(image, sensitivity=args.sensitivity)
        save_mask(args.output, mask, inputs=[args.image])
    except (ValueError, OSError, RuntimeError) as exc:
        return _fail(args.image, exc)
    print(f"{args.output}: {mask.mean():.2%} of the image proposed")
    return 0
