"""The Inspect tab's state and the controller that changes it (no Qt).

:class:`InspectState` is what the tab shows: the opened image and its path, its facts (file,
format, size, array, how it was stored, EXIF), per-channel statistics, the histogram, the
readout under the cursor, and the open job running. The panel renders from it;
:class:`InspectController` is the only code that changes it, so these rules hold:

- facts, statistics, histogram and readout always belong to the same image: a new image
  replaces all of them at once and clears the readout of the one before;
- an open that fails or is cancelled leaves the image on screen as it was;
- the result of an older open (a newer one asked for since) is ignored;
- the readout is cleared when the cursor leaves the image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.images import LoadedImage
from cvlab.core.state import StateModel

FACT_KEYS = ("file", "format", "size", "type", "mode", "exif")


def image_facts(loaded: LoadedImage) -> dict[str, str]:
    """The Image box's lines, by key (see :data:`FACT_KEYS`)."""
    a = loaded.array
    channels = 1 if a.ndim == 2 else a.shape[2]
    return {"file": loaded.path,
            "format": loaded.format or "?",
            "size": f"{a.shape[1]} × {a.shape[0]} px",
            "type": translate("InspectState", "{0}, {1} channel(s), shape {2}").format(
                a.dtype, channels, a.shape),
            "mode": translate("InspectState", "{0}, {1}-bit").format(
                loaded.source_mode, loaded.bit_depth),
            "exif": (translate("InspectState", "applied (rotated upright)")
                     if loaded.exif_transposed else translate("InspectState", "none"))}


def cursor_text(x: int, y: int, value) -> str | None:
    """``(x, y) = [r, g, b]``, or None where there is no pixel under the cursor."""
    return None if value is None else f"({x}, {y}) = {np.asarray(value).tolist()}"


@dataclass(eq=False)
class InspectState(StateModel):
    path: str | None = None
    loaded: LoadedImage | None = None
    facts: dict | None = None             # key -> text, see image_facts
    stats: tuple = ()                     # ChannelStats per channel
    histogram: tuple | None = None        # (counts per channel, bin edges)
    cursor: str | None = None             # the readout under the cursor, None: nothing
    opening: int | None = None            # the open job running (its request number)
    requests: int = 0                     # opens asked for so far: tells results apart


class InspectController:
    """Changes an :class:`InspectState`. The panel calls :meth:`open_requested` when it
    submits an open job and passes the number it returns back with the job's outcome."""

    def __init__(self, state: InspectState) -> None:
        self.state = state

    def open_requested(self) -> int:
        s = self.state
        s.update(requests=s.requests + 1, opening=s.requests + 1)
        return s.requests

    def opened(self, request: int, loaded: LoadedImage, stats, histogram) -> bool:
        """Show the image the open job ``request`` read; False if a newer open was asked."""
        if request != self.state.requests:
            return False
        self.state.update(path=loaded.path, loaded=loaded, facts=image_facts(loaded),
                          stats=tuple(stats), histogram=tuple(histogram), cursor=None,
                          opening=None)
        return True

    def open_ended(self, request: int) -> None:
        """The open job ``request`` failed or was cancelled: the image shown stays."""
        if self.state.opening == request:
            self.state.opening = None

    def cursor_moved(self, x: int, y: int, value) -> None:
        self.state.cursor = cursor_text(x, y, value) if self.state.loaded is not None else None

    def cursor_left(self) -> None:
        self.state.cursor = None
