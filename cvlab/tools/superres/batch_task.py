"""`cvlab batch sr upscale`: upscale every image under a root with one method.

The options are ``cvlab sr upscale``' own; each image gives ``<stem>_<method>_x<scale>.png``
in the mirrored folder, keeping its layout (gray stays gray, 16-bit stays 16-bit), and its
sizes in the summary. A network is loaded once per worker.
"""

from __future__ import annotations

from cvlab.core.batch.task import BatchTask, ItemResult, output_path


def _add_options(parser) -> None:
    from cvlab.tools.superres.cli import add_upscale_options

    add_upscale_options(parser)


def _options(args) -> dict:
    from cvlab.tools.superres.methods import get_method

    method = get_method(args.model)   # KeyError naming the choices
    if args.scale not in method.scales:
        raise ValueError(f"--scale {args.scale}: {args.model} upscales by "
                         f"{', '.join(f'×{s}' for s in method.scales)}")
    if args.tile < 0:
        raise ValueError(f"--tile must be 0 (no tiling) or a size in pixels, not {args.tile}")
    return {"model": args.model, "scale": args.scale, "tile": args.tile,
            "precision": args.precision}


def open_upscale(options: dict, device):
    """On a worker: the network loaded once (a tiny image makes it load now, so missing
    weights are said before the first item), then one image per call."""
    import numpy as np

    from cvlab.core.images import read_image, save_image
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.superres.methods import upscale_keeping_layout

    models = ToolModels.local("superres", device)

    def run(pixels):
        return upscale_keeping_layout(pixels, options["model"], options["scale"],
                                      models=models, tile=options["tile"] or None,
                                      precision=options["precision"])[0]

    run(np.zeros((16, 16, 3), np.uint8))

    def process(item, out_dir) -> ItemResult:
        pixels = read_image(item.files[0]).array
        out = run(pixels)
        target = output_path(out_dir, item.stem,
                             f"_{options['model']}_x{options['scale']}.png")
        save_image(target, out, inputs=list(item.files))
        return ItemResult(figures={"width": pixels.shape[1], "height": pixels.shape[0],
                                   "out_width": out.shape[1], "out_height": out.shape[0]},
                          outputs=[target.name])
    return process


TASKS = (
    BatchTask(verb="sr", sub="upscale", summary="upscale every image with one method",
              add_options=_add_options, options=_options,
              opener="cvlab.tools.superres.batch_task:open_upscale",
              figures=("width", "height", "out_width", "out_height")),
)
