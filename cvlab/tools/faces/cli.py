"""`cvlab faces`: detect, count or anonymise faces without the window; `cvlab faces same A B`
says whether two photos show the same person."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cvlab.core.terminal import (
    CommandError,
    ProgressBar,
    about,
    check_output_folder,
    command_folder_images,
    fail,
)


def add_detection_options(parser, anonymise_help: str) -> None:
    """The detector and anonymising options, shared with ``cvlab batch faces``."""
    from cvlab.tools.faces.anonymise import METHODS as ANONYMISE_METHODS
    from cvlab.tools.faces.detection import DETECTORS

    parser.add_argument("--detector", default="mtcnn", choices=tuple(DETECTORS))
    parser.add_argument("--threshold", type=float, default=None,
                        help="score threshold (default: the detector's own)")
    parser.add_argument("--min-size", type=int, default=20, help="smallest face side, px")
    parser.add_argument("--anonymize", "--anonymise", dest="anonymise",
                        choices=ANONYMISE_METHODS, help=anonymise_help)
    parser.add_argument("--strength", type=float, default=0.5, help="0–1 (blur / block size)")
    parser.add_argument("--margin", type=float, default=0.15,
                        help="fraction of each box added around it")


def register(subparsers) -> None:
    from cvlab.tools.faces.verify import DEFAULT_VERIFIER, VERIFIERS

    faces = subparsers.add_parser(
        "faces", help="detect faces (boxes, landmarks), anonymise them, or compare two",
        usage="cvlab faces [options] IMAGE\n       cvlab faces same A B [--model M] "
              "[--face-a N] [--face-b N] [--json]",
        description="IMAGE may be a folder: every image in it is counted, or anonymised "
                    "into -o FOLDER with a summary CSV. 'same A B' compares the largest face "
                    "in photo A with the largest in photo B (A and B may be one photo with "
                    "--face-a/--face-b) and says whether they are the same person.")
    faces.add_argument("image", nargs="+", metavar="IMAGE",
                       help="an image file or a folder of images; or: same A B")
    add_detection_options(faces, anonymise_help="write an anonymised copy (-o)")
    faces.add_argument("-o", "--output", help="anonymised image, or a folder for a folder")
    faces.add_argument("--json", action="store_true", help="print boxes, scores, landmarks")
    faces.add_argument("--model", default=DEFAULT_VERIFIER, choices=tuple(VERIFIERS),
                       help="same: the face-recognition model (default %(default)s)")
    faces.add_argument("--face-a", type=int, metavar="N",
                       help="same: face N of photo A as `cvlab faces A` numbers them "
                            "(default: the largest)")
    faces.add_argument("--face-b", type=int, metavar="N", help="same: face N of photo B")
    faces.set_defaults(func=_run)


def _fail(message: str) -> int:
    return fail("faces", message)


def _run(args: argparse.Namespace) -> int:
    from cvlab.core.images import read_image
    from cvlab.tools.faces.detection import DEFAULT_THRESHOLD

    if args.image[0] == "same":
        return _run_same(args)
    if len(args.image) != 1:
        return _fail("takes one image or folder (or: same A B); a file named 'same' is ./same")
    source = Path(args.image[0])
    threshold = DEFAULT_THRESHOLD[args.detector] if args.threshold is None else args.threshold
    if not 0 <= threshold <= 1 and args.detector != "haar":
        return _fail(f"--threshold must be between 0 and 1, not {threshold}")
    if args.anonymise and not args.output:
        return _fail("--anonymize needs -o (an image, or a folder for a folder)")
    progress = ProgressBar()
    try:
        # The input is read (or the folder listed) before torch and the detector load
        # (seconds), so a bad file or an empty folder is said at once.
        if source.is_dir():
            target = _folder_target(args, source)
            images = command_folder_images(source, progress, "faces")
        else:
            image = read_image(source).array
        detect = _detector(args, threshold)
        if source.is_dir():
            return _run_folder(args, source, target, images, detect, progress)
        return _run_image(args, source, image, detect)
    except CommandError as exc:
        return _fail(str(exc))
    except (ValueError, OSError, RuntimeError, KeyError) as exc:
        return _fail(about(source, exc))


def _detector(args, threshold: float, models=None):
    from cvlab.core.device import resolve_device
    from cvlab.core.jobs import ToolModels
    from cvlab.tools.faces.detection import detect_faces

    models = models or ToolModels.local("faces", resolve_device())

    def detect(image):
        return detect_faces(image, args.detector, threshold=threshold, min_size=args.min_size,
                            models=models)
    return detect


def _folder_target(args, source: Path) -> Path | None:
    """The output folder: none when only counting, else checked before any work."""
    if args.anonymise is None and args.output is None:
        return None
    return check_output_folder("-o", args.output, source, required=False)


def _anonymiser(args):
    from cvlab.tools.faces.anonymise import anonymise_faces

    def run(image, faces):
        return anonymise_faces(image, faces, args.anonymise, strength=args.strength,
                               margin=args.margin)
    return run


def _run_image(args, source: Path, image, detect) -> int:
    from cvlab.core.images import save_image
    from cvlab.tools.faces.detection import faces_to_json

    faces = detect(image)
    if args.anonymise:
        save_image(args.output, _anonymiser(args)(image, faces), inputs=[source])
    if args.json:
        print(json.dumps({"image": str(source), "detector": args.detector,
                          "size": {"width": image.shape[1], "height": image.shape[0]},
                          "count": len(faces), "faces": faces_to_json(faces),
                          "output": args.output if args.anonymise else None}, indent=2))
    else:
        print(f"{source}: {len(faces)} face(s) ({args.detector})")
        for n, face in enumerate(faces, start=1):
            x0, y0, x1, y1 = (float(v) for v in face.box)
            print(f"  {n}: score {face.score:.3f}  box {x0:.0f},{y0:.0f} – {x1:.0f},{y1:.0f}")
        if args.anonymise:
            print(f"anonymised ({args.anonymise}) → {args.output}")
    return 0


def _run_folder(args, source: Path, target: Path | None, images: list[Path], detect,
                progress: ProgressBar) -> int:
    from cvlab.tools.faces.batch import run_folder

    report = run_folder(source, target, detect=detect,
                        anonymise_with=_anonymiser(args) if args.anonymise else None,
                        progress=progress, images=images)
    progress.clear()
    for path, why in report.failed:
        print(f"cvlab faces: {path}: {why}", file=sys.stderr)
    if args.json:
        print(json.dumps({"folder": str(source), "images": report.rows,
                          "failed": [{"file": p, "error": w} for p, w in report.failed]},
                         indent=2))
    else:
        for row in report.rows:
            print(f"{row['file']}: {row['faces']} face(s)")
        written = f"; wrote {target}" if target is not None else ""
        print(f"{len(report.rows)} image(s), {report.faces} face(s){written}"
              + (f"; {len(report.failed)} failed" if report.failed else ""))
    return 1 if report.failed else 0


def _run_same(args: argparse.Namespace) -> int:
    """`cvlab faces same A B`: one face from each photo, one verdict."""
    from cvlab.core.images import read_image

    if len(args.image) != 3:
        return _fail("same takes two photos: cvlab faces same A B")
    if args.detector != "mtcnn":
        return _fail("same finds faces with MTCNN (it needs the five landmarks); "
                     "leave --detector out")
    paths = [Path(p) for p in args.image[1:]]
    current = paths[0]
    try:
        images = []
        for current in paths:
            images.append(read_image(current).array)
        from cvlab.core.device import resolve_device
        from cvlab.core.jobs import ToolModels
        from cvlab.tools.faces.verify import compare_faces

        models = ToolModels.local("faces", resolve_device())
        detect = _detector(args, args.threshold if args.threshold is not None else 0.7, models)
        chosen = []
        for current, image, wanted in zip(paths, images, (args.face_a, args.face_b)):
            faces = detect(image)
            chosen.append((faces, _pick_face(current, faces, wanted)))
        current = paths[0]
        result = compare_faces(args.model, images[0], chosen[0][0][chosen[0][1]], images[1],
                               chosen[1][0][chosen[1][1]], models)
    except CommandError as exc:
        return _fail(str(exc))
    except (ValueError, OSError, RuntimeError, KeyError) as exc:
        return _fail(about(current, exc))
    if args.json:
        print(json.dumps({"a": {"image": str(paths[0]), "face": chosen[0][1] + 1,
                                "faces": len(chosen[0][0])},
                          "b": {"image": str(paths[1]), "face": chosen[1][1] + 1,
                                "faces": len(chosen[1][0])},
                          **result.to_dict()}, indent=2))
    else:
        print(f"{paths[0]} face {chosen[0][1] + 1} vs {paths[1]} face {chosen[1][1] + 1}: "
              f"{result.sentence()} [{args.model}]")
    return 0


def _pick_face(path: Path, faces: list, wanted: int | None) -> int:
    """Index of face ``wanted`` (1-based, score order), or of the largest face."""
    from cvlab.tools.faces.verify import largest_face

    if not faces:
        raise CommandError(f"{path}: no face found (MTCNN)")
    if wanted is None:
        return largest_face(faces)
    if not 1 <= wanted <= len(faces):
        raise CommandError(f"{path}: has {len(faces)} face(s), so there is no face {wanted}")
    return wanted - 1
