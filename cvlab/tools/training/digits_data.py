"""The 8×8 handwritten digits the "digits" demo trains on, read from resources/datasets.

1,797 images of the UCI "Optical Recognition of Handwritten Digits" set, as scikit-learn
ships them (source, licence and checksum in resources/datasets/MANIFEST.md). The file's
sha256 is checked before it is read, so a damaged copy is an error in one sentence, not
a strange training curve.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.samples import resources_dir

FILE = "digits.csv.gz"
SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
COUNT = 1797
LEVELS = 16  # pixel values are 0..16


class DigitsMissing(RuntimeError):
    """The shipped data set is missing or damaged."""


@dataclass(frozen=True)
class Digits:
    images: np.ndarray  # N×8×8 float32 in 0..1
    labels: np.ndarray  # N int64, 0..9


def path() -> Path:
    return resources_dir() / "datasets" / FILE


@lru_cache(maxsize=1)
def load() -> Digits:
    """All 1,797 digits (read once per process)."""
    source = path()
    try:
        raw = source.read_bytes()
    except OSError:
        raise DigitsMissing(translate(
            "TrainingJobs", "the digits data set {0} is missing: reinstall CV Lab").format(
            source)) from None
    if hashlib.sha256(raw).hexdigest() != SHA256:
        raise DigitsMissing(translate(
            "TrainingJobs", "the digits data set {0} is damaged (its checksum differs): "
                            "reinstall CV Lab").format(source))
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",",
                       dtype=np.int64)
    images = (table[:, :64].reshape(-1, 8, 8) / LEVELS).astype(np.float32)
    return Digits(images, table[:, 64].copy())


def split(count: int, validation: float, rng: np.random.Generator) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """(training indices, validation indices), drawn at random."""
    order = rng.permutation(count)
    held = int(round(count * validation))
    return order[held:], order[:held]
