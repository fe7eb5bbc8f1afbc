"""Image cases of the bad-input corpus: broken, forged, odd and huge images through every
tool that reads one, and broken masks and scribbles."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from tests.badinput import images
from tests.badinput.corpus import Builder, Case, Check, combined, given, one_file

GOOD_PHOTO = one_file("photo.png", lambda p: images.small_photo().save(p))
GOOD_MASK = one_file("mask.png", images.write_mask, role="mask")

# One command line per tool that reads an image; {img} is the image under test.
IMAGE_COMMANDS = {
    "sr": ("sr", "upscale", "{img}", "--model", "bicubic", "--scale", "2", "-o",
           "{out}/up.png"),
    "inpaint": ("restore", "inpaint", "{img}", "--mask", "{mask}", "-o", "{out}/filled.png"),
    "colorize": ("restore", "colorize", "{img}", "-o", "{out}/colour.png"),
    "scratches": ("restore", "scratches", "{img}", "-o", "{out}/scratches.png"),
    "cam": ("cam", "{img}", "-o", "{out}/cam.png"),
    "ocr": ("ocr", "{img}"),
    "plate": ("plate", "{img}"),
    "faces": ("faces", "{img}"),
}

# name, file name, writer, what the one line must say (a regular expression)
BROKEN_IMAGES = [
    ("text", "notes.png", images.write_text, "not an image"),
    ("empty", "empty.png", images.write_empty, "empty"),
    ("html", "page.jpg", images.write_html, "not an image"),
    ("random-bytes", "noise.png", images.write_random, "not an image"),
    ("truncated-png", "cut.png", images.write_truncated_png, "truncated|cut short"),
    ("truncated-jpeg", "cut.jpg", images.write_truncated_jpeg, "truncated|cut short"),
    ("bad-crc", "crc.png", images.write_png_bad_crc, "damaged|broken|CRC|corrupt|truncated"),
    ("header-only", "header.png", images.write_png_header_only, "truncated|cut short|damaged"),
    ("zero-width", "zero.png", images.write_png_zero_width, "damaged|0 ×|0×|size|invalid"),
    ("bomb-60000", "bomb.png", images.write_bomb, "pixels"),
    ("claims-13000", "claims.png", partial(images.write_png_claiming, width=13000,
                                           height=13000), "truncated|cut short|damaged"),
    ("tiff-claims-1e10", "claims.tif", partial(images.write_tiff_claiming, width=100000,
                                               height=100000), "pixels"),
    ("tiff-claims-144mp", "claims_mid.tif", partial(images.write_tiff_claiming, width=12000,
                                                    height=12000),
     "truncated|cut short|damaged"),
    ("fifo", "pipe.png", images.make_fifo, "named pipe"),
    ("symlink-loop", "loop.png", images.make_symlink_loop, "symbolic links|loop"),
    ("dangling-link", "dangling.png", images.make_dangling_link, "does not exist|no such"),
    ("missing", "missing.png", lambda p: None, "does not exist|no such"),
]

# name, file name, writer; each must work in every tool
ODD_IMAGES = [
    ("gray16", "gray16.png", images.write_gray16),
    ("cmyk-jpeg", "cmyk.jpg", images.write_cmyk_jpeg),
    ("palette-transparent", "palette.png", images.write_palette_transparent),
    ("rgba", "rgba.png", images.write_rgba),
    ("gray-alpha", "la.png", images.write_gray_alpha),
    ("float-tiff", "float.tif", images.write_float_tiff),
    ("one-bit", "bits.png", images.write_one_bit),
    ("exif-rotated", "rotated.jpg", images.write_exif_rotated),
    ("one-pixel", "dot.png", images.write_one_pixel),
    ("progressive-jpeg", "progressive.jpg", images.write_progressive_jpeg),
    ("animated-gif", "anim.gif", images.write_animated_gif),
    ("webp", "photo.webp", images.write_webp),
    ("bmp", "photo.bmp", images.write_bmp),
    ("png-named-jpg", "really_png.jpg", images.write_png_named_jpg),
    ("chinese-path", "病人 照片 1.png", lambda p: images.small_photo().save(p)),
    ("thin-strip", "strip.png", images.write_thin_strip),
]


def _upright_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).size


def _odd_builder(filename: str, writer) -> Builder:
    """The odd image and a mask of its upright size (for inpaint)."""
    def build(folder: Path) -> dict[str, Path]:
        path = folder / filename
        writer(path)
        mask = folder / "mask.png"
        images.write_mask(mask, _upright_size(path))
        return {"img": path, "mask": mask}
    return build


def _output_size(expected_scale: int, output: str, gray16: bool = False,
                 may_be_flat: bool = False) -> Check:
    def check(paths: dict[str, Path], stdout: str) -> str | None:
        target = paths["out"] / output
        if not target.is_file():
            return f"{output} was not written"
        width, height = _upright_size(paths["img"])
        with Image.open(target) as result:
            if result.size != (width * expected_scale, height * expected_scale):
                return (f"{output} is {result.size}, expected "
                        f"{(width * expected_scale, height * expected_scale)}")
            if gray16 and result.mode not in ("I;16", "I"):
                return f"16-bit gray came back as mode {result.mode}"
            if (not may_be_flat and np.asarray(result).std() == 0
                    and np.asarray(Image.open(paths["img"])).std()):
                return f"{output} is one flat colour"
        return None
    return check


ODD_CHECKS = {"sr": partial(_output_size, 2, "up.png"),
              "inpaint": partial(_output_size, 1, "filled.png"),
              "colorize": partial(_output_size, 1, "colour.png"),
              # no scratches in a 1-bit drawing or a single pixel: an empty mask is right
              "scratches": partial(_output_size, 1, "scratches.png", may_be_flat=True),
              "cam": partial(_output_size, 1, "cam.png")}


def image_cases() -> list[Case]:
    cases = []
    for name, filename, writer, cause in BROKEN_IMAGES:
        for tool, argv in IMAGE_COMMANDS.items():
            cases.append(Case(f"image/{name}/{tool}", "broken image",
                              combined(one_file(filename, writer), GOOD_MASK), argv,
                              names=(filename,), cause=cause))
    for tool, argv in IMAGE_COMMANDS.items():
        cases.append(Case(f"image/dev-zero/{tool}", "broken image",
                          combined(given("img", "/dev/zero"), GOOD_MASK), argv,
                          names=("/dev/zero",), cause="character device"))
    for name, filename, writer in ODD_IMAGES:
        for tool, argv in IMAGE_COMMANDS.items():
            check = ODD_CHECKS.get(tool)
            if check is not None:
                check = check(gray16=(name == "gray16" and tool == "sr"))
            cases.append(Case(f"odd/{name}/{tool}", "odd but valid image",
                              _odd_builder(filename, writer), argv, expect="ok",
                              notes=1, check=check))
    return cases


def side_image_cases() -> list[Case]:
    """The second image a command reads (masks, scribbles, the second photo of `faces same`),
    and the plate path with its own models."""
    cases = []
    inpaint = ("restore", "inpaint", "{img}", "--mask", "{mask}", "-o", "{out}/filled.png")
    scribble = ("restore", "colorize", "{img}", "--method", "scribbles", "--scribbles",
                "{scribbles}", "-o", "{out}/colour.png")
    for name, filename, writer, cause in BROKEN_IMAGES:
        if name in ("text", "truncated-png", "fifo", "bomb-60000", "missing", "empty"):
            cases.append(Case(f"mask/{name}", "broken second image",
                              combined(GOOD_PHOTO, one_file(filename, writer, "mask")), inpaint,
                              names=(filename,), cause=cause))
            cases.append(Case(f"scribbles/{name}", "broken second image",
                              combined(GOOD_PHOTO, one_file(filename, writer, "scribbles")),
                              scribble, names=(filename,), cause=cause))
    # the second photo of `faces same`, and the plate path that has its own models
    same = ("faces", "same", "{img}", "{second}")
    clpr = ("plate", "{img}", "--engine", "clpr")
    for name, filename, writer, cause in BROKEN_IMAGES:
        if name in ("text", "truncated-png", "fifo", "bomb-60000", "missing", "empty"):
            cases.append(Case(f"second-photo/{name}", "broken second image",
                              combined(GOOD_PHOTO, one_file(filename, writer, "second")), same,
                              names=(filename,), cause=cause))
            cases.append(Case(f"image/{name}/plate-clpr", "broken image",
                              one_file(filename, writer), clpr, names=(filename,), cause=cause))
    cases.append(Case("second-photo/no-face", "broken second image",
                      combined(GOOD_PHOTO, one_file("other.png", lambda p:
                                                    images.small_photo().save(p), "second")),
                      same, names=("photo.png",), cause="no face"))
    for name, filename, writer in ODD_IMAGES:
        if name in ("gray16", "exif-rotated", "one-pixel", "cmyk-jpeg"):
            cases.append(Case(f"odd/{name}/plate-clpr", "odd but valid image",
                              _odd_builder(filename, writer), clpr, expect="ok", notes=1))
    small_mask = one_file("small_mask.png", partial(images.write_mask, size=(10, 10)), "mask")
    cases.append(Case("mask/other-size", "broken second image",
                      combined(GOOD_PHOTO, small_mask), inpaint, names=("small_mask.png",),
                      cause="10×10|size"))
    small = one_file("small_scribbles.png", lambda p: Image.new("RGB", (8, 8)).save(p),
                 "scribbles")
    cases.append(Case("scribbles/other-size", "broken second image",
                      combined(GOOD_PHOTO, small), scribble, names=("small_scribbles.png",),
                      cause="8×8|size"))
    return cases


# --------------------------------------------------------------------------- large images
def large_image_cases() -> list[Case]:
    """13000×13000 (under Pillow's limit): refused in one sentence where a tool cannot hold
    it, worked where it can."""
    huge = combined(one_file("huge.png", images.write_huge_valid), GOOD_MASK)
    refused = {"sr": "8192", "inpaint": "MP|megapixel|pixels", "colorize": "MP|megapixel|pixels",
               "scratches": "MP|megapixel|pixels"}
    cases = [Case(f"large/13000/{tool}", "large image", huge, IMAGE_COMMANDS[tool],
                  names=("huge.png",), cause=cause, timeout=180)
             for tool, cause in refused.items()]
    cases += [Case(f"large/13000/{tool}", "large image", huge, IMAGE_COMMANDS[tool],
                   expect="ok", notes=1, timeout=240)
              for tool in ("cam", "ocr", "plate", "faces")]
    return cases
