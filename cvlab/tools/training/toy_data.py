"""The 2-D data of the toy demos, drawn from a seeded numpy generator.

Classification sets (points N×2 float32, labels N int64 in {0, 1}), each roughly within
[-1.5, 1.5]² so one grid and one learning rate suit them all:

* ``moons``   - two interleaving half circles;
* ``spirals`` - two arms of a spiral, one and a half turns each;
* ``circles`` - a small circle inside a larger one.

Regression: ``curve`` is a sine on [-3, 3] with Gaussian noise on y (points are (x, y),
labels all 0). ``noise`` is the standard deviation of the Gaussian added to every
coordinate (to y alone for the curve), in the data's units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLASSIFICATION = ("moons", "spirals", "circles")
REGRESSION = ("curve",)
CURVE_RANGE = (-3.0, 3.0)


@dataclass(frozen=True)
class ToyData:
    points: np.ndarray   # N×2 float32
    labels: np.ndarray   # N int64 (classes; zeros for the curve)
    regression: bool

    def __len__(self) -> int:
        return len(self.points)


def curve_truth(x: np.ndarray) -> np.ndarray:
    """The noise-free curve the regression data is drawn around."""
    return np.sin(1.5 * x).astype(np.float32)


def make(name: str, count: int, noise: float, rng: np.random.Generator) -> ToyData:
    """``count`` samples of the data set ``name`` (half per class, the odd one to class 1)."""
    if name == "curve":
        x = np.sort(rng.uniform(*CURVE_RANGE, count))
        y = curve_truth(x) + rng.normal(0.0, noise, count)
        return ToyData(np.stack([x, y], 1).astype(np.float32),
                       np.zeros(count, np.int64), True)
    makers = {"moons": _moons, "spirals": _spirals, "circles": _circles}
    if name not in makers:
        raise ValueError(f"unknown data set {name!r}")
    first = count // 2
    labels = np.r_[np.zeros(first, np.int64), np.ones(count - first, np.int64)]
    points = makers[name](labels, rng)
    points = points + rng.normal(0.0, noise, points.shape)
    order = rng.permutation(count)
    return ToyData(points[order].astype(np.float32), labels[order], False)


def _moons(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    angle = rng.uniform(0.0, np.pi, len(labels))
    upper = np.stack([np.cos(angle), np.sin(angle)], 1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], 1)
    points = np.where(labels[:, None] == 0, upper, lower)
    return (points - [0.5, 0.25]) * 1.2  # centred on the origin


def _spirals(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    turn = np.sqrt(rng.uniform(0.0, 1.0, len(labels)))  # as many points far out as near
    angle = turn * 3.0 * np.pi + np.pi * labels
    radius = 1.4 * turn
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)


def _circles(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    angle = rng.uniform(0.0, 2.0 * np.pi, len(labels))
    radius = np.where(labels == 0, 1.2, 0.5)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)


def split(count: int, validation: float, rng: np.random.Generator) -> np.ndarray:
    """A boolean mask, True for the training samples: ``validation`` of them (at least
    one, and at least one left to train on) are held out at random."""
    held = min(max(int(round(count * validation)), 1), count - 1)
    mask = np.ones(count, bool)
    mask[rng.permutation(count)[:held]] = False
    return mask
