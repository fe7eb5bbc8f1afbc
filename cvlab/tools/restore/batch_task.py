"""`cvlab batch restore inpaint | colorize`: the Restore tab's engines over a root.

inpaint: each photo's mask is the file beside it named ``<stem>_mask.<any image suffix>``
(white = fill), or, with ``--masks scratches``, the scratch-and-dust mask the tab proposes
(written too, as ``<stem>_mask.png``). colorize: the network methods need nothing more; the
``scribbles`` method takes ``<stem>_scribbles.png`` beside each photo. Mask and scribble
files are inputs of their photo, not items. Outputs: ``<stem>_inpainted.png`` /
``<stem>_colorized.png`` in the mirrored folder.
"""

from __future__ import annotations

from pathlib import Path

from cvlab.core.batch.task import BatchTask, ItemResult, output_path
from cvlab.core.inputs import IMAGE_SUFFIXES

MASK_TAG = "_mask"
SCRIBBLES_TAG = "_scribbles"


def companion(photo: str, tag: str) -> Path | None:
    """The file beside ``photo`` named ``<stem><tag>`` with an image suffix, if any."""
    photo = Path(photo)
    for suffix in sorted(IMAGE_SUFFIXES):
        for candidate in (photo.with_name(f"{photo.stem}{tag}{suffix}"),
                          photo.with_name(f"{photo.stem}{tag}{suffix.upper()}")):
            if candidate.is_file():
                return candidate
    return None


def _tagged(tag: str):
    return lambda path: Path(path).stem.endswith(tag)


# --------------------------------------------------------------------------- inpaint
def _add_inpaint_options(parser) -> None:
    from cvlab.tools.restore.cli import add_inpaint_options

    add_inpaint_options(parser)
    parser.add_argument("--masks", choices=("beside", "scratches"), default="beside",
                        help=f"beside: <stem>{MASK_TAG}.png next to each photo (default); "
                             "scratches: propose each mask with the scratch detector")
    parser.add_argument("--sensitivity", type=float, default=0.5,
                        help="scratches: 0–1 (default 0.5)")


def _inpaint_options(args) -> dict:
    if args.radius < 1:
        raise ValueError(f"--radius must be at least 1 pixel, not {args.radius}")
    if not 0 <= args.sensitivity <= 1:
        raise ValueError(f"--sensitivity must be between 0 and 1, not {args.sensitivity}")
    return {"method": args.method, "radius": args.radius, "masks": args.masks,
            "sensitivity": args.sensitivity}


def open_inpaint(options: dict, device):
    import numpy as np

    from cvlab.core.images import read_image, save_image
    from cvlab.core.jobs import ToolModels
    from cvlab.core.mask_ops import load_mask, save_mask
    from cvlab.tools.restore.methods import run_inpaint
    from cvlab.tools.restore.scratches import detect_scratches

    models = ToolModels.local("restore", device)
    blank = np.zeros((32, 32, 3), np.uint8)
    run_inpaint(options["method"], blank, np.zeros((32, 32), bool) | (np.arange(32) == 16),
                models=models, radius=options["radius"])   # loads a network method now

    def process(item, out_dir) -> ItemResult:
        photo = item.files[0]
        image = read_image(photo).array
        outputs, inputs = [], [photo]
        if options["masks"] == "scratches":
            mask = detect_scratches(image, sensitivity=options["sensitivity"])
            mask_path = output_path(out_dir, item.stem, f"{MASK_TAG}.png")
            save_mask(mask_path, mask, inputs=inputs)
            outputs.append(mask_path.name)
        else:
            beside = companion(photo, MASK_TAG)
            if beside is None:
                raise ValueError(f"{photo}: no mask beside it (expected "
                                 f"{Path(photo).stem}{MASK_TAG}.png; or use --masks "
                                 "scratches)")
            mask = load_mask(beside, image.shape[:2])
            inputs.append(str(beside))
        result = run_inpaint(options["method"], image, mask, models=models,
                             radius=options["radius"])
        target = output_path(out_dir, item.stem, "_inpainted.png")
        save_image(target, result, inputs=inputs)
        outputs.insert(0, target.name)
        return ItemResult(figures={"width": image.shape[1], "height": image.shape[0],
                                   "filled_percent": round(100 * float(mask.mean()), 3)},
                          outputs=outputs)
    return process


# --------------------------------------------------------------------------- colorize
def _add_colorize_options(parser) -> None:
    from cvlab.tools.restore.cli import add_colorize_options

    add_colorize_options(parser)


def _colorize_options(args) -> dict:
    if not 0 <= args.strength <= 1:
        raise ValueError(f"--strength must be between 0 and 1, not {args.strength}")
    return {"method": args.method, "strength": args.strength}


def open_colorize(options: dict, device):
    import numpy as np

    from cvlab.core.images import read_image, save_image
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.restore.colorize_levin import scribbles_for_photo
    from cvlab.tools.restore.methods import run_colorize

    models = ToolModels.local("restore", device)
    if options["method"] != "scribbles":
        run_colorize(options["method"], np.zeros((32, 32), np.uint8), models=models)

    def process(item, out_dir) -> ItemResult:
        photo = item.files[0]
        image = read_image(photo).array
        scribbles = mask = None
        inputs = [photo]
        if options["method"] == "scribbles":
            beside = companion(photo, SCRIBBLES_TAG)
            if beside is None:
                raise ValueError(f"{photo}: no scribbles beside it (expected "
                                 f"{Path(photo).stem}{SCRIBBLES_TAG}.png)")
            scribbles, mask = scribbles_for_photo(beside, image.shape)
            inputs.append(str(beside))
        result = run_colorize(options["method"], image, scribbles=scribbles,
                              scribble_mask=mask, strength=options["strength"], models=models)
        target = output_path(out_dir, item.stem, "_colorized.png")
        save_image(target, result, inputs=inputs)
        return ItemResult(figures={"width": image.shape[1], "height": image.shape[0]},
                          outputs=[target.name])
    return process


TASKS = (
    BatchTask(verb="restore", sub="inpaint",
              summary="fill each photo's mask (beside it, or proposed scratches)",
              add_options=_add_inpaint_options, options=_inpaint_options,
              opener="cvlab.tools.restore.batch_task:open_inpaint",
              figures=("width", "height", "filled_percent"), excluded=_tagged(MASK_TAG)),
    BatchTask(verb="restore", sub="colorize", summary="colourise every gray photo",
              add_options=_add_colorize_options, options=_colorize_options,
              opener="cvlab.tools.restore.batch_task:open_colorize",
              figures=("width", "height"), excluded=_tagged(SCRIBBLES_TAG)),
)
