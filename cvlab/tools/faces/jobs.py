"""The Faces tab's worker jobs (no Qt): functions of (ctx, ...), see :mod:`cvlab.core.jobs`.
Detectors and the embedder load once per device into ``ctx.models``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate


def detect_job(ctx, image: np.ndarray, detector: str, threshold: float, min_size: int):
    from cvlab.tools.faces.detection import detect_faces

    return detect_faces(image, detector, threshold=threshold, min_size=min_size,
                        models=ctx.models, progress=ctx.progress, cancelled=ctx.cancelled)


def same_person_job(ctx, model: str, image_a: np.ndarray, face_a, image_b: np.ndarray, face_b):
    """verify.Comparison of two detected faces (of one image or two)."""
    from cvlab.tools.faces.verify import compare_faces

    return compare_faces(model, image_a, face_a, image_b, face_b, ctx.models)


def compare_photo_job(ctx, model: str, image_a: np.ndarray, face_a, path_b: str):
    """verify.Comparison of ``face_a`` with the largest face MTCNN finds in ``path_b``."""
    from cvlab.core.images import read_image
    from cvlab.tools.faces.detection import detect_faces
    from cvlab.tools.faces.verify import compare_faces, largest_face

    image_b = read_image(path_b).array
    faces = detect_faces(image_b, "mtcnn", models=ctx.models, cancelled=ctx.cancelled)
    if not faces:
        raise ValueError(translate("FaceVerify", "{0}: no face found (MTCNN)").format(
            Path(path_b).name))
    return compare_faces(model, image_a, face_a, image_b, faces[largest_face(faces)],
                         ctx.models)


def folder_job(ctx, source: str, target: str | None, detector: str, threshold: float,
               min_size: int, anonymise_options: dict | None):
    from cvlab.tools.faces.anonymise import anonymise
    from cvlab.tools.faces.batch import run_folder
    from cvlab.tools.faces.detection import detect_faces

    def detect(image):
        return detect_faces(image, detector, threshold=threshold, min_size=min_size,
                            models=ctx.models, cancelled=ctx.cancelled)

    anonymise_with = None
    if anonymise_options is not None:
        def anonymise_with(image, faces):
            return anonymise(image, np.array([f.box for f in faces]).reshape(-1, 4),
                             **anonymise_options)
    return run_folder(Path(source), Path(target) if target else None, detect=detect,
                      anonymise_with=anonymise_with, progress=ctx.progress,
                      cancelled=ctx.cancelled)
