"""Plate rectification: a plate's 4 corners to an upright plate image, and its text rows.

Chinese plates (GA 36-2018) come in two layouts:

* one row, 440 x 140 mm (480 x 140 mm for new-energy plates): province, letter, dot and
  5 or 6 characters 90 mm high between 25 and 115 mm from the top;
* two rows, 440 x 220 mm (large vehicles, trailers, some motorcycles: yellow): province and
  letter, 60 mm high, on a top row about 15-75 mm from the top, then 5 characters 110 mm
  high about 90-200 mm from the top.

The plate detector gives corners, not a layout, so the layout is decided from the corners'
aspect (width over height, the mean of the opposite sides): at most ``TWO_ROW_ASPECT`` is two
rows, at least ``ONE_ROW_ASPECT`` one; in between (a one-row plate seen from the side, a
two-row plate seen from below) both layouts are read and the caller keeps the better
reading (``layouts_to_try``).

``rectify(image, corners, width, height)`` warps the quadrilateral onto a width x height
rectangle with ``cv2.getPerspectiveTransform`` (corners clockwise from the top-left go to
(0, 0), (width, 0), (width, height), (0, height)); with ``margin`` the rectangle sits inside
a larger output, so the plate's surroundings show. ``plate_rows(plate, layout)`` cuts the
rectified plate into the rows the recogniser reads: the character band of a one-row plate;
for a two-row plate the top and bottom rows, split at the emptiest line of the plate
between 25 % and 55 % of its height (ink found by Otsu's threshold; the fixed split
``TWO_ROW_SPLIT`` when there is no clear gap).

On two-row plates the detector's top corners sit low (on rendered plates, about 15 % of the
plate's height below the top edge: its training data is mostly one-row plates), so a
two-row plate is rectified with ``TWO_ROW_MARGIN`` around the corners before it is split.
"""

from __future__ import annotations

import numpy as np

from cvlab.core.lazy_import import lazy_module

cv2 = lazy_module("cv2")

ONE_ROW, TWO_ROWS = "one-row", "two-row"
ONE_ROW_ASPECT_MM = 440 / 140
TWO_ROW_ASPECT_MM = 440 / 220
TWO_ROW_ASPECT = 2.3       # measured aspect at or below: two rows
ONE_ROW_ASPECT = 2.8       # at or above: one row; in between: try both
PLATE_HEIGHT = {ONE_ROW: 80, TWO_ROWS: 128}   # rectified plate height in pixels
# Band (top, bottom, left, right) of a one-row plate's characters, fractions of the plate.
ONE_ROW_BAND = (0.15, 0.85, 0.03, 0.97)
# Margin (top, bottom, left, right) added around a two-row plate's corners, fractions of
# the quad's height and width.
TWO_ROW_MARGIN = (0.15, 0.03, 0.03, 0.03)
TWO_ROW_SPLIT = 0.40            # fallback split, fraction of the (margin-extended) height
SPLIT_RANGE = (0.25, 0.55)


def quad_aspect(corners: np.ndarray) -> float:
    """Width over height of a quadrilateral (clockwise from the top-left): mean top/bottom
    side length over mean left/right side length."""
    c = np.asarray(corners, np.float64).reshape(4, 2)
    width = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    height = (np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
    return float(width / max(height, 1e-6))


def layouts_to_try(corners: np.ndarray) -> tuple[str, ...]:
    """The layouts worth reading for a plate with these corners, likelier first."""
    aspect = quad_aspect(corners)
    if aspect <= TWO_ROW_ASPECT:
        return (TWO_ROWS,)
    if aspect >= ONE_ROW_ASPECT:
        return (ONE_ROW,)
    middle = (TWO_ROW_ASPECT + ONE_ROW_ASPECT) / 2
    return (TWO_ROWS, ONE_ROW) if aspect < middle else (ONE_ROW, TWO_ROWS)


def plate_size(layout: str) -> tuple[int, int]:
    """(width, height) of the rectified plate: the layout's height and standard aspect. One
    row is always 440 x 140 mm: the corners' aspect is too changed by the view to tell the
    480 mm new-energy plate apart, and the recogniser reads either at that aspect."""
    height = PLATE_HEIGHT[layout]
    aspect = TWO_ROW_ASPECT_MM if layout == TWO_ROWS else ONE_ROW_ASPECT_MM
    return int(round(height * aspect)), height


def perspective_matrix(corners: np.ndarray, width: int, height: int) -> np.ndarray:
    """The 3x3 homography taking the corners (clockwise from the top-left) to the corners
    of a width x height rectangle."""
    dst = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    return cv2.getPerspectiveTransform(np.asarray(corners, np.float32).reshape(4, 2), dst)


def rectify(image: np.ndarray, corners: np.ndarray, width: int, height: int,
            margin: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)) -> np.ndarray:
    """The plate inside ``corners`` warped upright to width x height (cubic, borders
    replicated, as PaddleOCR crops text lines). ``margin`` (top, bottom, left, right,
    fractions of height and width) adds that much of the surroundings: the output is then
    larger and the corners land at (left, top) ... inside it."""
    top, bottom, left, right = margin
    ox, oy = width * left, height * top
    m = perspective_matrix(corners, width, height)
    m = np.array([[1, 0, ox], [0, 1, oy], [0, 0, 1]], np.float64) @ m
    size = (int(round(width * (1 + left + right))), int(round(height * (1 + top + bottom))))
    return cv2.warpPerspective(np.ascontiguousarray(image), m, size,
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def rectify_plate(image: np.ndarray, corners: np.ndarray, layout: str) -> np.ndarray:
    """The plate rectified to its layout's standard size (``plate_size``), a two-row plate
    with ``TWO_ROW_MARGIN`` around it."""
    margin = TWO_ROW_MARGIN if layout == TWO_ROWS else (0.0, 0.0, 0.0, 0.0)
    return rectify(image, corners, *plate_size(layout), margin=margin)


def _band(plate: np.ndarray, band: tuple[float, float, float, float]) -> np.ndarray:
    h, w = plate.shape[:2]
    top, bottom, left, right = band
    return plate[int(round(h * top)):int(round(h * bottom)),
                 int(round(w * left)):int(round(w * right))]


def row_split(plate: np.ndarray) -> int:
    """The row between a two-row plate's rows: the one with the least ink between
    ``SPLIT_RANGE`` of the height (ink: the minority side of Otsu's threshold, ignoring a
    10 % border at each side), or ``TWO_ROW_SPLIT`` of the height without a clear gap."""
    grey = cv2.cvtColor(np.ascontiguousarray(plate), cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    inner = grey[:, int(w * 0.1):w - int(w * 0.1)]
    _, binary = cv2.threshold(inner, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = binary if binary.mean() < 0.5 else 1 - binary
    profile = np.convolve(ink.mean(axis=1), np.ones(3) / 3, mode="same")
    lo, hi = int(h * SPLIT_RANGE[0]), int(h * SPLIT_RANGE[1])
    row = lo + int(np.argmin(profile[lo:hi]))
    if profile[row] > 0.5 * np.median(profile[int(h * 0.6):]):
        return int(round(h * TWO_ROW_SPLIT))
    return row


def plate_rows(plate: np.ndarray, layout: str) -> list[np.ndarray]:
    """The text rows of a rectified plate (``rectify_plate``), top first."""
    if layout == ONE_ROW:
        return [_band(plate, ONE_ROW_BAND)]
    if layout == TWO_ROWS:
        h, w = plate.shape[:2]
        split = row_split(plate)
        # Side trims: the top row's two characters sit mid-plate; the bottom row's crop
        # leaves out the plate's frame (read as a "1") inside the margin.
        return [plate[:split, int(w * 0.12):w - int(w * 0.12)],
                plate[split:, int(w * 0.05):w - int(w * 0.05)]]
    raise ValueError(f"unknown plate layout {layout!r}; use {ONE_ROW!r} or {TWO_ROWS!r}")
