"""The Faces tab's worker jobs (no Qt): functions of (ctx, ...), see :mod:`cvlab.core.jobs`.
Detectors and the embedder load once per device into ``ctx.models``."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def detect_job(ctx, image: np.ndarray, detector: str, threshold: float, min_size: int):
    from cvlab.tools.faces.detection import detect_faces

    return detect_faces(image, detector, threshold=threshold, min_size=min_size,
                        models=ctx.models, progress=ctx.progress, cancelled=ctx.cancelled)


def same_person_job(ctx, image: np.ndarray, box_a, box_b):
    from cvlab.tools.faces.recognition import embed, load_embedder, same_person

    embedder = ctx.models.get("facenet", lambda: load_embedder(ctx.device))
    return same_person(embed(embedder, image, box_a), embed(embedder, image, box_b))


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
