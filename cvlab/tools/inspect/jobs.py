"""The Inspect tab's worker job (no Qt): read an image and measure it, off the GUI thread."""

from __future__ import annotations

from cvlab.core.images import LoadedImage, read_image
from cvlab.tools.inspect.stats import histogram, image_stats


def load_job(ctx, path: str) -> tuple[LoadedImage, list, tuple]:
    loaded = read_image(path)
    return loaded, image_stats(loaded.array), histogram(loaded.array)
