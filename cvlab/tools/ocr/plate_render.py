"""Synthetic Chinese licence plates and car-like scenes, for tests and as an app sample.

Proportions follow GA 36-2018: an ordinary plate is 440 x 140 mm with characters 45 x 90 mm,
12 mm apart, and a 34 mm gap holding the dot between the 2nd and 3rd character; a new-energy
plate is 480 x 140 mm with 8 characters 43 x 90 mm, 9 mm apart.  The glyphs come from the
WenQuanYi Micro Hei font (Debian fonts-wqy-microhei), stretched into each character cell; it
is not the plate typeface, but close enough for reading tests.  Simplifications: square
corners, and the large new-energy plate drawn with the small one's white-to-green
gradient (the real one is yellow and green).  ``render_two_row_plate`` draws the 440 x 220 mm
two-row plate of large vehicles: province and letter 80 x 60 mm on the top row, five
characters 65 x 110 mm below.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from cvlab.core.fonts import find_cjk_font  # noqa: F401  (plate text is Chinese)

# kind -> (background top RGB, background bottom RGB, text RGB, border RGB)
PLATE_COLORS = {
    "blue": ((12, 72, 190), (12, 72, 190), (245, 245, 245), (235, 235, 235)),
    "yellow": ((248, 196, 20), (248, 196, 20), (15, 15, 15), (20, 20, 20)),
    "green": ((236, 250, 238), (40, 196, 96), (15, 15, 15), (30, 30, 30)),
    "white": ((240, 240, 236), (240, 240, 236), (15, 15, 15), (20, 20, 20)),
    "black": ((16, 16, 18), (16, 16, 18), (245, 245, 245), (235, 235, 235)),
}
POLICE_RED = (205, 20, 20)


@lru_cache(maxsize=512)
def _glyph(ch: str, cell_w: int, cell_h: int) -> np.ndarray:
    """Coverage (float 0..1, cell_h x cell_w) of one character stretched to fill its cell."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(find_cjk_font(), size=4 * cell_h)
    canvas = Image.new("L", (6 * cell_h, 6 * cell_h), 0)
    ImageDraw.Draw(canvas).text((cell_h, cell_h), ch, fill=255, font=font)
    bbox = canvas.getbbox()
    if bbox is None:
        return np.zeros((cell_h, cell_w), np.float32)
    glyph = canvas.crop(bbox)
    # CJK glyphs fill the cell; narrow Latin glyphs like "1" keep their own width, centred.
    gw, gh = glyph.size
    target_w = cell_w if gw / gh > 0.35 else max(2, int(round(cell_h * gw / gh)))
    glyph = glyph.resize((target_w, cell_h), Image.LANCZOS)
    out = np.zeros((cell_h, cell_w), np.float32)
    x0 = (cell_w - target_w) // 2
    out[:, x0:x0 + target_w] = np.asarray(glyph, np.float32) / 255.0
    return out


def plate_layout(n_chars: int) -> tuple[float, float, float, float, float]:
    """(width, char width, char gap, dot gap, left margin) in mm for 7 or 8 characters."""
    if n_chars >= 8:
        width, cw, gap = 480.0, 43.0, 9.0
    else:
        width, cw, gap = 440.0, 45.0, 12.0
    margin = 15.5
    dot_gap = width - 2 * margin - n_chars * cw - (n_chars - 2) * gap
    return width, cw, gap, dot_gap, margin


def render_plate(text: str, kind: str = "blue", *, px_per_mm: float = 1.0) -> np.ndarray:
    """An RGB uint8 image of a plate showing ``text`` (no separator: ``京A12345``).

    ``kind``: blue, yellow, green, white or black.  Plates of 8 characters use the
    new-energy size (480 x 140 mm), others the ordinary 440 x 140 mm.  On a white plate a
    final 警 is red, as on police plates.
    """
    if kind not in PLATE_COLORS:
        raise ValueError(f"unknown plate kind {kind!r}; one of {', '.join(PLATE_COLORS)}")
    text = text.replace("·", "")
    s = float(px_per_mm)
    width_mm, cw, gap, dot_gap, margin = plate_layout(len(text))
    w, h = int(round(width_mm * s)), int(round(140 * s))
    img, ink = _blank_plate(kind, w, h, s)
    cell_w, cell_h = int(round(cw * s)), int(round(90 * s))
    y0 = int(round(25 * s))
    x = margin
    for i, ch in enumerate(text):
        if i == 2:
            # The separator dot, 10 mm across, centred in the wide gap.
            cx, cy, r = (x - gap + dot_gap / 2) * s, (y0 / s + 45) * s, 5 * s
            yy, xx = np.ogrid[:h, :w]
            img[(xx - cx) ** 2 + (yy - cy) ** 2 <= r * r] = ink
            x += dot_gap - gap
        color = np.array(POLICE_RED if (kind == "white" and ch == "警") else ink, np.float32)
        cov = _glyph(ch, cell_w, cell_h)[..., None]
        x0 = int(round(x * s))
        region = img[y0:y0 + cell_h, x0:x0 + cell_w]
        cov = cov[:region.shape[0], :region.shape[1]]
        region[:] = region * (1 - cov) + color * cov
        x += cw + gap
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def _blank_plate(kind: str, w: int, h: int, s: float) -> tuple[np.ndarray, np.ndarray]:
    """(float32 (h, w, 3) plate background with its border, ink colour) for ``kind``."""
    top, bottom, ink, border = (np.array(c, np.float32) for c in PLATE_COLORS[kind])
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    img = np.broadcast_to(top * (1 - t) + bottom * t, (h, w, 3)).copy()
    # Rounded-corner look without antialiasing work: a border line inset 4 mm, 2 mm thick.
    inset, thick = int(round(4 * s)), max(1, int(round(2 * s)))
    img[inset:inset + thick, inset:w - inset] = border
    img[h - inset - thick:h - inset, inset:w - inset] = border
    img[inset:h - inset, inset:inset + thick] = border
    img[inset:h - inset, w - inset - thick:w - inset] = border
    return img, ink


def render_two_row_plate(text: str, kind: str = "yellow", *,
                         px_per_mm: float = 1.0) -> np.ndarray:
    """An RGB uint8 image of a two-row plate (440 x 220 mm): ``text``'s first two characters
    (province, letter) on the top row, the rest (five) on the bottom row."""
    if kind not in PLATE_COLORS:
        raise ValueError(f"unknown plate kind {kind!r}; one of {', '.join(PLATE_COLORS)}")
    text = text.replace("·", "")
    if len(text) != 7:
        raise ValueError(f"a two-row plate holds 7 characters, got {text!r}")
    s = float(px_per_mm)
    w, h = int(round(440 * s)), int(round(220 * s))
    img, ink = _blank_plate(kind, w, h, s)
    # (x mm, y mm, width mm, height mm) of each character cell.
    cells = [(110, 15, 80, 60), (250, 15, 80, 60)]
    cells += [(27.5 + i * 80, 95, 65, 110) for i in range(5)]
    for ch, (x, y, cw, chh) in zip(text, cells):
        cov = _glyph(ch, int(round(cw * s)), int(round(chh * s)))[..., None]
        x0, y0 = int(round(x * s)), int(round(y * s))
        region = img[y0:y0 + cov.shape[0], x0:x0 + cov.shape[1]]
        cov = cov[:region.shape[0], :region.shape[1]]
        region[:] = region * (1 - cov) + ink * cov
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def render_sign(text: str, *, height: int = 140) -> np.ndarray:
    """A plate-sized white sign with dark text (a plate look-alike that is no plate)."""
    cell = int(height * 0.64)
    width = int(height * 0.3) + len(text) * int(cell * 0.8)
    img = np.full((height, width, 3), 238, np.float32)
    x = int(height * 0.15)
    for ch in text:
        cov = _glyph(ch, int(cell * 0.7), cell)[..., None]
        y0 = (height - cell) // 2
        img[y0:y0 + cell, x:x + cov.shape[1]] *= 1 - cov * 0.85
        x += int(cell * 0.8)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def car_scene(size: tuple[int, int] = (1280, 720), seed: int = 0) -> np.ndarray:
    """A car-like scene without a plate: RGB uint8 (height, width, 3)."""
    scene = _scene_background(size, np.random.default_rng(seed))
    return np.clip(scene + 0.5, 0, 255).astype(np.uint8)


def _scene_background(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    w, h = size
    sky = rng.uniform(150, 220, 3)
    ground = rng.uniform(60, 110, 3)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = np.broadcast_to(sky * (1 - t) + ground * t, (h, w, 3)).astype(np.float32).copy()
    # A car body (muted colour, never a plate colour) with a bumper, windscreen and lights.
    body = rng.uniform(70, 140) + rng.uniform(-10, 10, 3)
    bx0, bx1, by0, by1 = int(w * 0.2), int(w * 0.8), int(h * 0.3), int(h * 0.92)
    img[by0:by1, bx0:bx1] = body
    img[by0:by0 + int(h * 0.18), int(w * 0.28):int(w * 0.72)] = body * 0.45      # windscreen
    img[int(h * 0.74):int(h * 0.8), bx0:bx1] = body * 0.7                         # bumper line
    for lx in (int(w * 0.25), int(w * 0.68)):
        img[int(h * 0.55):int(h * 0.62), lx:lx + int(w * 0.07)] = (235, 232, 220)  # lights
    img += rng.normal(0, 4, img.shape)
    return img


def place_in_scene(plate: np.ndarray, size: tuple[int, int] = (1280, 720), *,
                   perspective: float = 0.0, blur_sigma: float = 0.0,
                   plate_width: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Put ``plate`` into a car-like scene of ``size`` (width, height).

    ``perspective`` (0..0.3) moves each corner by up to that fraction of the plate height
    (vertically) and width (horizontally, half of it); ``blur_sigma`` blurs the whole scene.
    Returns (scene RGB uint8, quad (4, 2) float: top-left, top-right, bottom-right,
    bottom-left, in scene pixels).
    """
    import cv2

    rng = np.random.default_rng(seed)
    w, h = size
    scene = _scene_background(size, rng)
    ph, pw = plate.shape[:2]
    out_w = float(plate_width or round(w * 0.2))
    out_h = out_w * ph / pw
    cx, cy = w * (0.5 + rng.uniform(-0.05, 0.05)), h * (0.68 + rng.uniform(-0.03, 0.03))
    quad = np.array([[-out_w / 2, -out_h / 2], [out_w / 2, -out_h / 2],
                     [out_w / 2, out_h / 2], [-out_w / 2, out_h / 2]], np.float64)
    if perspective > 0:
        # A yaw-like view: one side shorter, plus a little random jitter and tilt.
        side = rng.choice([-1.0, 1.0])
        shrink = perspective * out_h
        quad[[1, 2] if side > 0 else [0, 3], 1] *= 1 - perspective
        quad[:, 0] += rng.uniform(-0.25, 0.25, 4) * perspective * out_w / 2
        quad[:, 1] += rng.uniform(-0.25, 0.25, 4) * shrink
        tilt = np.deg2rad(rng.uniform(-8, 8) * perspective / 0.3)
        rot = np.array([[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]])
        quad = quad @ rot.T
    quad += (cx, cy)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(plate.astype(np.float32), m, (w, h), flags=cv2.INTER_AREA
                                 if out_w < pw else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    scene = scene * (1 - mask[..., None]) + warped * mask[..., None]
    if blur_sigma > 0:
        scene = cv2.GaussianBlur(scene, (0, 0), blur_sigma)
    return np.clip(scene + 0.5, 0, 255).astype(np.uint8), quad


SAMPLE_TEXT, SAMPLE_KIND = "粤B12345", "blue"


def make_sample_plate() -> Path:
    """A generated car-like scene (1280 x 720 PNG) with a blue plate 粤B·12345 seen at an angle,
    written atomically under cvlab.core.samples.cache_dir()/"plates"; returns its path."""
    from cvlab.core.image_save import save_image
    from cvlab.core.samples import cache_dir

    path = cache_dir() / "plates" / "sample_plate_v1.png"
    if path.is_file():
        return path
    plate = render_plate(SAMPLE_TEXT, SAMPLE_KIND, px_per_mm=2.0)
    scene, _ = place_in_scene(plate, (1280, 720), perspective=0.12, blur_sigma=0.7,
                              plate_width=300, seed=7)
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_image(path, scene)
