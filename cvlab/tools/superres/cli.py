"""`cvlab sr upscale|eval`: the super-resolution lab without the window."""

from __future__ import annotations

import argparse
import json

from cvlab.core.terminal import about as _about
from cvlab.core.terminal import fail


def register(subparsers) -> None:
    sr = subparsers.add_parser("sr", help="super-resolution: upscale an image or evaluate methods")
    sub = sr.add_subparsers(dest="sr_command", metavar="SUBCOMMAND", required=True)

    up = sub.add_parser("upscale", help="upscale any image with one method")
    up.add_argument("image")
    add_upscale_options(up)
    up.add_argument("-o", "--output", required=True,
                    help="keeps the input's layout: gray stays gray, alpha is kept "
                         "(bicubic), 16-bit stays 16-bit where the format allows")
    up.set_defaults(func=_upscale)

    ev = sub.add_parser("eval", help="down-sample a ground truth, run methods, print PSNR/SSIM")
    ev.add_argument("image", help="the high-resolution ground truth")
    ev.add_argument("--scale", type=int, default=4)
    ev.add_argument("--models", default="bicubic,srresnet,srgan,realesrgan-x4plus",
                    help="comma-separated method names")
    ev.add_argument("--rgb", action="store_true", help="metrics on RGB instead of Y")
    ev.add_argument("--tile", type=int, default=192)
    _add_precision(ev)
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--figure", help="write the comparison figure (PNG) here")
    ev.add_argument("--csv", help="write the metrics (CSV) here")
    ev.set_defaults(func=_evaluate)

    methods = sub.add_parser("methods", help="list the methods")
    methods.set_defaults(func=_list_methods)


def add_upscale_options(parser) -> None:
    """The method, scale, tile and precision options, shared with ``cvlab batch sr upscale``."""
    parser.add_argument("--model", default="bicubic",
                        help="method name (see `cvlab sr methods`)")
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--tile", type=int, default=192, help="network tile size; 0: no tiling")
    _add_precision(parser)


def _add_precision(parser) -> None:
    parser.add_argument("--precision", choices=("fp32", "bf16", "fp16"), default="fp32",
                        help="network arithmetic: bf16 is about 3× faster on CPUs with native "
                             "bf16 (≈46 dB from fp32 for Real-ESRGAN); fp16 on CUDA only")


def _fail(message: str) -> int:
    return fail("sr", message)


def _device():
    from cvlab.core.device import resolve_device

    return resolve_device()


def _read(path: str):
    from cvlab.core.images import read_image
    from cvlab.tools.superres.resize import to_rgb_float

    return to_rgb_float(read_image(path).array)


def _upscale(args: argparse.Namespace) -> int:
    from cvlab.core.images import check_image_output, read_image, save_image
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.superres.methods import check_upscale_size, upscale_keeping_layout

    try:
        pixels = read_image(args.image).array
        check_upscale_size(*pixels.shape[:2], args.scale)  # said before the output's problem
        check_image_output(args.output, [args.image])  # before the work, not after it
        out, layout = upscale_keeping_layout(
            pixels, args.model, args.scale, models=ToolModels.local("superres", _device()),
            tile=args.tile or None, precision=args.precision)
        save_image(args.output, out, inputs=[args.image])
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        return _fail(_about(args.image, exc))
    print(f"{args.output}: {args.model} ×{args.scale}, {out.shape[1]}×{out.shape[0]} px "
          f"({layout.describe()})")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from cvlab.core.images import save_image
    from cvlab.core.jobs import JobContext
    from cvlab.tools.superres.figure import CropBox, comparison_figure, write_metrics_csv
    from cvlab.tools.superres.methods import evaluate

    names = [n.strip() for n in args.models.split(",") if n.strip()]

    def print_row(o) -> None:  # as each method is scored: bicubic shows at once
        print(f"{o.title:<28}{o.psnr:>9.2f}{o.ssim:>9.4f}{o.seconds:>9.2f}", flush=True)

    try:
        hr = _read(args.image)
        if not args.json:
            print(f"{args.image}  ×{args.scale}  ({'RGB' if args.rgb else 'Y'} channel, "
                  f"{args.scale} px border cropped)")
            print(f"{'method':<28}{'PSNR dB':>9}{'SSIM':>9}{'time s':>9}", flush=True)
        result = evaluate(hr, args.scale, names, y_channel=not args.rgb,
                          ctx=JobContext.local("superres", _device()),
                          tile=args.tile or None, precision=args.precision,
                          on_output=None if args.json else print_row)
        if args.figure:
            box = CropBox.around(result.hr.shape, result.hr.shape[0] / 2,
                                 result.hr.shape[1] / 2, min(result.hr.shape[:2]) // 4)
            images = [result.hr] + [o.image for o in result.outputs]
            captions = ["Ground truth"] + [f"{o.title} {o.psnr:.2f} dB / {o.ssim:.4f}"
                                           for o in result.outputs]
            save_image(args.figure, comparison_figure(images, captions, box),
                       inputs=[args.image])
        if args.csv:
            write_metrics_csv(result.rows(), args.csv, inputs=[args.image])
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        return _fail(_about(args.image, exc))
    if args.json:
        print(json.dumps({"image": args.image, "scale": args.scale,
                          "channel": "RGB" if args.rgb else "Y", "crop_border": args.scale,
                          "lr_kernel": "bicubic (Keys a=-0.5), antialiased as MATLAB imresize",
                          "results": result.rows()}, indent=2))
    return 0


def _list_methods(args: argparse.Namespace) -> int:
    from cvlab.tools.superres.methods import METHODS

    width = max(len(m.name) for m in METHODS) + 2  # the longest name still leaves a gap
    for m in METHODS:
        scales = ",".join(f"×{s}" for s in m.scales)
        print(f"{m.name:<{width}}{m.kind:<15}{scales:<12}{m.description}")
    return 0
