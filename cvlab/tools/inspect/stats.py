"""Per-channel statistics of an image array (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChannelStats:
    name: str
    minimum: float
    maximum: float
    mean: float
    std: float


def channel_names(array: np.ndarray) -> list[str]:
    if array.ndim == 2:
        return ["gray"]
    return ["R", "G", "B", "A"][: array.shape[2]]


def image_stats(array: np.ndarray) -> list[ChannelStats]:
    planes = [array] if array.ndim == 2 else [array[..., i] for i in range(array.shape[2])]
    out = []
    for name, plane in zip(channel_names(array), planes):
        values = plane.astype(np.float64, copy=False)
        out.append(ChannelStats(name, float(values.min()), float(values.max()),
                                float(values.mean()), float(values.std())))
    return out


def histogram(array: np.ndarray, bins: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Counts per channel (channels × bins) over the dtype's range, and the bin edges."""
    if array.dtype == np.uint8:
        top = 256
    elif array.dtype == np.uint16:
        top = 65536
    else:
        top = 1.0
    planes = [array] if array.ndim == 2 else [array[..., i] for i in range(array.shape[2])]
    edges = np.linspace(0, top, bins + 1)
    counts = np.stack([np.histogram(p, bins=edges)[0] for p in planes])
    return counts, edges
