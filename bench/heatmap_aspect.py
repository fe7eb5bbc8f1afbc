"""How close is the Heatmaps tool's preprocessing to torchvision's reference, before and after
keeping the photo's aspect (issue 17, point 4)?

For every photo at hand (tests/data/{photos,faces,ocr}, resources/samples/{photos,ocr},
/work/shared/data/{photos,faces,ocr} and the offline scikit-image photos: rocket, coffee,
chelsea, astronaut, hubble_deep_field, retina; duplicates by pixel content counted once) and
every built-in classifier whose weights are on this machine, three inputs are classified:

* reference - torchvision's evaluation recipe: resize the shorter side to 256 (bilinear,
  antialiased), centre crop 224×224, the model's mean/std (ImageNet's; EfficientNet-Lite0's
  own 127/128, the one it was trained with);
* squash    - the tool before: the whole photo resized to 224×224 (aspect not kept);
* aspect    - the tool now: the whole photo, shorter side 224, longer side at the photo's
  aspect rounded to 32 (``Classifier.input_shape``), no crop.

Printed: one row per photo (top-1 of each), the rocket photo's top-5 for each, and one
summary table per model (and its photos that are not square, where the two inputs
differ): top-1 agreement with the reference (share of photos with the same
top-1) and top-5 overlap (mean share of the reference's top-5 also in the input's top-5).
Agreement is not accuracy (there are no labels, and the crop can cut the object too); it
measures how far each whole-photo input is from the recipe the weights were evaluated with.
Not timed, so it adds no row to bench/summary.py's time table.

Usage: python bench/heatmap_aspect.py [--models mobilenet_v2,efficientnet_lite0,resnet18]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path("/work/shared/data")
FOLDERS = [ROOT / "tests/data/photos", ROOT / "tests/data/faces", ROOT / "tests/data/ocr",
           ROOT / "resources/samples/photos", ROOT / "resources/samples/ocr",
           SHARED / "photos", SHARED / "faces", SHARED / "ocr"]
SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}
SKIMAGE = ("rocket", "coffee", "chelsea", "astronaut", "hubble_deep_field", "retina")


def photos() -> list[tuple[str, np.ndarray]]:
    """(name, image) for every distinct photo found."""
    from cvlab.core.images import load_image

    found, seen = [], set()

    def add(name: str, image: np.ndarray) -> None:
        digest = hashlib.sha256(np.ascontiguousarray(image).tobytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            found.append((name, image))

    for folder in FOLDERS:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in SUFFIXES:
                    add(path.name, load_image(path))
    try:
        import skimage.data
    except ImportError:
        return found
    for name in SKIMAGE:
        try:
            add(f"skimage {name}", getattr(skimage.data, name)())
        except Exception as exc:  # some skimage images need a download
            print(f"skipped skimage {name}: {exc}", file=sys.stderr)
    return found


def reference_input(classifier, image: np.ndarray):
    """torchvision's recipe: shorter side 256 (bilinear, antialias), centre crop 224."""
    import torch
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms import functional as TF

    from cvlab.core.images import to_float01

    array = to_float01(image)
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    tensor = torch.from_numpy(np.ascontiguousarray(array[..., :3], dtype=np.float32))
    tensor = tensor.permute(2, 0, 1)
    tensor = TF.resize(tensor, 256, interpolation=InterpolationMode.BILINEAR, antialias=True)
    tensor = TF.center_crop(tensor, [224, 224])
    tensor = TF.normalize(tensor, list(classifier.mean), list(classifier.std))
    return tensor[None].to(classifier.device)


def top5(classifier, tensor) -> list[int]:
    import torch

    with torch.inference_mode():
        logits = classifier.model(tensor)
    return logits[0].topk(5).indices.tolist()


def measure(classifier, images) -> list[dict]:
    rows = []
    for name, image in images:
        row = {"photo": name, "size": f"{image.shape[1]}×{image.shape[0]}",
               "reference": top5(classifier, reference_input(classifier, image))}
        for variant, keep in (("squash", False), ("aspect", True)):
            classifier.keep_aspect = keep
            row[variant] = top5(classifier, classifier.preprocess(image))
            row[f"{variant}_shape"] = classifier.input_shape(*image.shape[:2])
        classifier.keep_aspect = True
        rows.append(row)
    return rows


def agreement(rows: list[dict], variant: str) -> tuple[float, float]:
    top1 = np.mean([r[variant][0] == r["reference"][0] for r in rows])
    overlap = np.mean([len(set(r[variant]) & set(r["reference"])) / 5 for r in rows])
    return float(top1), float(overlap)


def _cell(row: dict, variant: str, names: list[str], width: int) -> str:
    mark = "*" if row[variant][0] == row["reference"][0] else " "
    return f"{mark}{names[row[variant][0]][:width - 2]:<{width - 1}}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="mobilenet_v2,efficientnet_lite0,resnet18")
    args = parser.parse_args()

    import torch

    from cvlab.tools.heatmaps.classifiers import load_classifier

    torch.manual_seed(0)
    images = photos()
    print(f"{len(images)} distinct photos; torch {torch.__version__}, CPU")
    summary = []
    for name in [m.strip() for m in args.models.split(",") if m.strip()]:
        try:
            classifier = load_classifier(name)
        except Exception as exc:
            print(f"\n{name}: skipped ({str(exc).splitlines()[0]})")
            summary.append((name, None, None, 0))
            continue
        rows = measure(classifier, images)
        names = classifier.class_names
        print(f"\n{classifier.title}: top-1 per photo (* = same as the reference)")
        print(f"{'photo':<34}{'size':>11}  {'reference':<22}{'squash':<24}{'aspect (input)':<30}")
        for r in rows:
            shape = "×".join(str(s) for s in reversed(r["aspect_shape"]))
            print(f"{r['photo'][:33]:<34}{r['size']:>11}  {names[r['reference'][0]][:21]:<22}"
                  f"{_cell(r, 'squash', names, 24)}{_cell(r, 'aspect', names, 22)}{shape:>8}")
        for r in rows:
            if "rocket" in r["photo"]:
                print(f"\n{r['photo']} ({r['size']}), {classifier.title} top-5:")
                for variant in ("reference", "squash", "aspect"):
                    print(f"  {variant:<10}" + ", ".join(names[i] for i in r[variant]))
        summary.append((name, agreement(rows, "squash"), agreement(rows, "aspect"), len(rows)))
        # Where squash and aspect differ at all: the photos that are not (nearly) square.
        oblong = [r for r in rows if r["squash_shape"] != r["aspect_shape"]]
        if oblong:
            summary.append(("  not square", agreement(oblong, "squash"),
                            agreement(oblong, "aspect"), len(oblong)))

    print("\nAgreement with torchvision's reference (resize 256, centre crop 224)")
    print(f"{'model':<20}{'photos':>7}{'top-1 squash':>14}{'top-1 aspect':>14}"
          f"{'top-5 squash':>14}{'top-5 aspect':>14}")
    for name, before, after, count in summary:
        if before is None:
            print(f"{name:<20}{'—':>7}  (weights not on this machine)")
            continue
        print(f"{name:<20}{count:>7}{before[0]:>14.0%}{after[0]:>14.0%}"
              f"{before[1]:>14.0%}{after[1]:>14.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
