""""Same person?": compare two faces with a face-recognition embedder and a set threshold.

Each :class:`Verifier` names an embedder, how it wants a face cut out (its *chip*), how two
embeddings are scored and the threshold that turns the score into a verdict:

- ``sface`` (offline): SFace, a 112x112 chip warped onto the ArcFace five-landmark template
  (:func:`cvlab.tools.faces.align.align_face`); cosine similarity, same person at or above
  the threshold.
- ``dlib`` (offline): dlib's face recognition ResNet, a 150x150 chip warped onto dlib's own
  mean face (:func:`cvlab.tools.faces.align.align_face_dlib`); Euclidean distance of the raw
  128-d descriptors, same person below the threshold.
- ``facenet`` (online weights): FaceNet VGGFace2, a 160x160 box crop with a margin, as
  facenet-pytorch feeds it; Euclidean distance of unit embeddings, same person below it.

The thresholds and where they come from are in :data:`VERIFIERS` (``threshold_source``):
each is the score at which 1 % of impostor pairs pass, measured by ``bench/face_verify.py``
on real photos of seven known people (``bench/identity_photos.py``: the "5 Celebrity Faces"
set and face_recognition's test photos). The models' own published thresholds (SFace 0.363,
dlib 0.6) are stricter: about 0.05-0.08 % false positives there, but 15 % of genuine pairs
missed.

Landmarks: a face from MTCNN carries the five points alignment needs. A face from another
detector (BlazeFace's keypoints lack mouth corners, Haar has none) is looked up again with
MTCNN inside its box grown by half (:func:`five_landmarks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.tools.faces.detection import MTCNN_LANDMARKS, Face

# The MTCNN search around a box without five landmarks: the box grown by this share of
# its side on each side, and a low face-probability bar (the box is already a face).
_LANDMARK_SEARCH_MARGIN = 0.5
_LANDMARK_SEARCH_THRESHOLD = 0.5


@dataclass(frozen=True)
class Verifier:
    name: str
    title: str
    weights: str                      # the catalogue entry its weights come from
    metric: str                       # "cosine" (higher is closer) or "distance" (lower)
    threshold: float
    threshold_source: str
    chip: str                         # "arcface" / "dlib" (aligned by landmarks), "box"
    normalise: bool = True            # compare unit vectors (dlib's threshold is on raw ones)

    @property
    def needs_landmarks(self) -> bool:
        return self.chip != "box"

    def is_same(self, score: float) -> bool:
        return score >= self.threshold if self.metric == "cosine" else score < self.threshold


VERIFIERS: dict[str, Verifier] = {
    "sface": Verifier(
        name="sface", title=QT_TRANSLATE_NOOP(
            "SamePersonBox", "SFace (offline)"), weights="sface", metric="cosine",
        threshold=0.275,
        threshold_source=QT_TRANSLATE_NOOP(
            "SamePersonBox", "cosine 0.275: a false-positive rate of 1 % on 1357 genuine and 6024 "
                         "impostor pairs of real photos of 7 people (bench/face_verify.py; "
                         "TPR 0.93 there, 0.92 held out); OpenCV publishes 0.363 (TPR 0.84, "
                         "FPR 0.05 % on the same pairs)"),
        chip="arcface"),
    "dlib": Verifier(
        name="dlib", title=QT_TRANSLATE_NOOP(
            "SamePersonBox", "dlib ResNet (offline)"), weights="dlib_resnet", metric="distance",
        threshold=0.664,
        threshold_source=QT_TRANSLATE_NOOP(
            "SamePersonBox", "distance 0.664: a false-positive rate of 1 % on 1357 genuine and "
                         "6024 impostor pairs of real photos of 7 people (bench/face_verify.py;"
                         " TPR 0.95 there, 0.95 held out); dlib publishes 0.6 (TPR 0.85, FPR "
                         "0.08 % on the same pairs)"),
        chip="dlib", normalise=False),
    "facenet": Verifier(
        name="facenet", title=QT_TRANSLATE_NOOP(
            "SamePersonBox", "FaceNet VGGFace2 (online weights)"), weights="facenet_vggface2",
        metric="distance", threshold=1.1,
        threshold_source=QT_TRANSLATE_NOOP(
            "SamePersonBox", "a commonly quoted distance for FaceNet VGGFace2 embeddings (1.1)"),
        chip="box"),
}
DEFAULT_VERIFIER = "sface"


@dataclass(frozen=True)
class Comparison:
    """The answer for one pair: the score, the verdict and the two chips the embedder saw."""

    verifier: str
    metric: str
    score: float
    threshold: float
    same: bool
    chip_a: np.ndarray
    chip_b: np.ndarray

    def sentence(self) -> str:
        """"same person (cosine 0.71, threshold 0.36)"."""
        verdict = "same person" if self.same else "different people"
        return f"{verdict} ({self.metric} {self.score:.3f}, threshold {self.threshold:.3f})"

    def to_dict(self) -> dict:
        return {"model": self.verifier, "metric": self.metric,
                "score": round(self.score, 4), "threshold": self.threshold,
                "same_person": self.same}


def get_verifier(name: str) -> Verifier:
    if name not in VERIFIERS:
        raise ValueError(f"unknown face model {name!r}; choose one of {', '.join(VERIFIERS)}")
    return VERIFIERS[name]


def five_landmarks(image: np.ndarray, face: Face, models=None) -> np.ndarray:
    """The face's (5, 2) MTCNN landmarks: its own, or MTCNN's inside its grown box.

    Raises ValueError when MTCNN finds no face there (the box is not a clear face)."""
    if face.landmarks is not None and tuple(face.landmark_names) == MTCNN_LANDMARKS:
        return np.asarray(face.landmarks, np.float64)
    from cvlab.tools.faces.boxes import box_iou
    from cvlab.tools.faces.detection import detect_faces

    x0, y0, x1, y1 = (float(v) for v in face.box)
    grow = _LANDMARK_SEARCH_MARGIN * max(x1 - x0, y1 - y0)
    height, width = image.shape[:2]
    left, top = int(max(0, x0 - grow)), int(max(0, y0 - grow))
    right, bottom = int(min(width, x1 + grow)), int(min(height, y1 + grow))
    found = detect_faces(image[top:bottom, left:right], "mtcnn",
                         threshold=_LANDMARK_SEARCH_THRESHOLD, min_size=8, models=models)
    if not found:
        raise ValueError(translate("FaceVerify", "no facial landmarks found in that face's box; "
                                   "try the MTCNN detector"))
    shifted = np.array([f.box for f in found], np.float64) + [left, top, left, top]
    best = int(np.argmax(box_iou(shifted, face.box)[:, 0]))
    return np.asarray(found[best].landmarks, np.float64) + [left, top]


def face_chip(verifier: Verifier, image: np.ndarray, face: Face, models=None) -> np.ndarray:
    """The square uint8 RGB crop ``verifier``'s embedder takes."""
    from cvlab.core.images import to_rgb8
    from cvlab.tools.faces import align

    rgb = to_rgb8(image)
    if verifier.chip == "box":
        from cvlab.tools.faces.recognition import face_crop

        return face_crop(rgb, face.box)
    points = five_landmarks(rgb, face, models)
    if verifier.chip == "dlib":
        return align.align_face_dlib(rgb, points)
    return align.align_face(rgb, points)


def load_embedder(verifier: Verifier, device="cpu") -> Callable[[np.ndarray], np.ndarray]:
    """``embed(chips (N, S, S, 3) uint8) -> (N, D)`` unit vectors for ``verifier``."""
    if verifier.name == "sface":
        from cvlab.tools.faces.sface import load_sface

        return load_sface(device).embed
    if verifier.name == "dlib":
        from cvlab.tools.faces.dlib_resnet import load_dlib_resnet

        return load_dlib_resnet(device=device).embed
    from cvlab.tools.faces.recognition import embed_crops
    from cvlab.tools.faces.recognition import load_embedder as load_facenet

    model = load_facenet(device)
    return lambda chips: embed_crops(model, chips)


def score(verifier: Verifier, a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity, or Euclidean distance (of unit vectors unless the verifier's
    threshold is on raw ones), as the verifier uses."""
    a = np.asarray(a, np.float64).ravel()
    b = np.asarray(b, np.float64).ravel()
    if verifier.metric == "cosine" or verifier.normalise:
        a = a / max(np.linalg.norm(a), 1e-12)
        b = b / max(np.linalg.norm(b), 1e-12)
    return float(a @ b) if verifier.metric == "cosine" else float(np.linalg.norm(a - b))


def compare_faces(verifier_name: str, image_a: np.ndarray, face_a: Face, image_b: np.ndarray,
                  face_b: Face, models) -> Comparison:
    """Compare ``face_a`` in ``image_a`` with ``face_b`` in ``image_b`` (they may be one image).

    ``models`` is a :class:`cvlab.core.jobs.ToolModels`: the embedder loads once per device."""
    verifier = get_verifier(verifier_name)
    chips = np.stack([face_chip(verifier, image_a, face_a, models),
                      face_chip(verifier, image_b, face_b, models)])
    embed = models.get(("verifier", verifier.name),
                       lambda: load_embedder(verifier, models.device))
    vectors = embed(chips)
    value = score(verifier, vectors[0], vectors[1])
    return Comparison(verifier.name, verifier.metric, value, verifier.threshold,
                      verifier.is_same(value), chips[0], chips[1])


def largest_face(faces: list[Face]) -> int:
    """Index of the face with the largest box (the subject of a portrait)."""
    if not faces:
        raise ValueError(translate("FaceVerify", "no face found"))
    return max(range(len(faces)), key=lambda i: faces[i].width * faces[i].height)
