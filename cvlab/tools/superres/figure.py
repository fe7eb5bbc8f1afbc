"""The course's comparison figure: whole images with captions, and a zoom-crop strip
(the same region of every output, enlarged side by side). Qt-free: numpy + Pillow."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from cvlab.core.fileio import atomic_write, check_output_path
from cvlab.core.images import to_rgb8

BOX_COLOR = (230, 40, 40)
BACKGROUND = (255, 255, 255)
TEXT = (20, 20, 20)


@dataclass(frozen=True)
class CropBox:
    """A region of the ground truth (HR pixel coordinates)."""

    top: int
    left: int
    height: int
    width: int

    @staticmethod
    def around(shape, centre_row: float, centre_col: float, size: int) -> CropBox:
        """A square of ``size`` pixels centred on a point, kept inside the image."""
        height, width = shape[:2]
        size = int(max(4, min(size, height, width)))
        top = int(np.clip(round(centre_row - size / 2), 0, height - size))
        left = int(np.clip(round(centre_col - size / 2), 0, width - size))
        return CropBox(top, left, size, size)

    def scaled_to(self, reference_shape, shape) -> CropBox:
        """The same region in an image of another size (an LR input beside HR outputs)."""
        fy, fx = shape[0] / reference_shape[0], shape[1] / reference_shape[1]
        return CropBox(int(self.top * fy), int(self.left * fx),
                       max(1, round(self.height * fy)), max(1, round(self.width * fx)))


def _font(size: int, text: str = ""):
    from cvlab.core.fonts import pil_font

    return pil_font(size, text)  # a CJK font for a caption in Chinese


def _text_width(draw: ImageDraw.ImageDraw, text: str, font) -> int:
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    return right - left


def caption_lines(text: str, width: int, font_size: int = 14) -> list[str]:
    """The caption as it is drawn under a panel ``width`` px wide: its own lines ("\n"),
    each broken at " · " and then at spaces to fit. The font keeps its size, so every
    caption stays as readable as its neighbours (shrinking a long one to one line made
    Real-ESRGAN's unreadable)."""
    draw, font = ImageDraw.Draw(Image.new("RGB", (1, 1))), _font(font_size, text)
    paragraphs: list[str] = []
    for paragraph in text.split("\n"):  # "PSNR … · SSIM …" too wide: one score a line
        fits = _text_width(draw, paragraph, font) <= width
        paragraphs += [paragraph] if fits else paragraph.split(" · ")
    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _text_width(draw, candidate, font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _line_height(font_size: int) -> int:
    return font_size + 4


def _captions_height(titles: Sequence[str], width: int, font_size: int) -> int:
    most = max((len(caption_lines(t, width, font_size)) for t in titles), default=1)
    return most * _line_height(font_size) + 4


def _caption(draw: ImageDraw.ImageDraw, text: str, x: int, y: int, width: int,
             font_size: int) -> None:
    """Centred under a panel, wrapped to its width (see caption_lines)."""
    font = _font(font_size, text)
    for n, line in enumerate(caption_lines(text, width, font_size)):
        draw.text((x + max(0, (width - _text_width(draw, line, font)) // 2),
                   y + n * _line_height(font_size)), line, fill=TEXT, font=font)


def crop_strip(images: Sequence[np.ndarray], titles: Sequence[str], box: CropBox,
               size: int = 192, pad: int = 8, font_size: int = 14) -> np.ndarray:
    """The same region of each image, enlarged to ``size`` px (nearest, so pixels stay
    visible), side by side with a title under each. Images smaller than the first (an LR
    input) are cropped at the matching place."""
    reference = images[0].shape
    title_h = _captions_height(titles, size, font_size)
    canvas = Image.new("RGB", (pad + len(images) * (size + pad), pad + size + title_h + pad),
                       BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for n, (image, title) in enumerate(zip(images, titles)):
        b = box.scaled_to(reference, image.shape)
        crop = to_rgb8(image)[b.top:b.top + b.height, b.left:b.left + b.width]
        tile = Image.fromarray(crop).resize((size, size), Image.NEAREST)
        x = pad + n * (size + pad)
        canvas.paste(tile, (x, pad))
        _caption(draw, title, x, pad + size + 4, size, font_size)
    return np.asarray(canvas)


def comparison_figure(images: Sequence[np.ndarray], captions: Sequence[str], box: CropBox,
                      panel_width: int = 256, pad: int = 8, font_size: int = 14) -> np.ndarray:
    """Row 1: every image at the same width with the crop box drawn, captioned.
    Row 2: the crop strip. The layout of the course's SRGAN comparison slide."""
    title_h = _captions_height(captions, panel_width, font_size)
    reference = images[0].shape
    panel_height = round(panel_width * reference[0] / reference[1])
    strip = crop_strip(images, captions, box, size=panel_width, pad=pad, font_size=font_size)
    width = max(pad + len(images) * (panel_width + pad), strip.shape[1])
    height = pad + panel_height + title_h + strip.shape[0]
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for n, (image, caption) in enumerate(zip(images, captions)):
        x = pad + n * (panel_width + pad)
        panel = Image.fromarray(to_rgb8(image)).resize((panel_width, panel_height),
                                                        Image.BICUBIC)
        canvas.paste(panel, (x, pad))
        sy, sx = panel_height / reference[0], panel_width / reference[1]
        draw.rectangle([x + box.left * sx, pad + box.top * sy,
                        x + (box.left + box.width) * sx, pad + (box.top + box.height) * sy],
                       outline=BOX_COLOR, width=2)
        _caption(draw, caption, x, pad + panel_height + 4, panel_width, font_size)
    canvas.paste(Image.fromarray(strip), (0, pad + panel_height + title_h))
    return np.asarray(canvas)


def write_metrics_csv(rows: Sequence[dict], path, inputs=()) -> None:
    """One row per method (method, scale, PSNR dB, SSIM, seconds), written atomically."""
    target = check_output_path(path, inputs)
    columns = ["method", "scale", "psnr_db", "ssim", "channel", "crop_border", "seconds"]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    with atomic_write(target, "w") as fh:
        fh.write(text.getvalue())
