import csv

import numpy as np
import pytest

from cvlab.tools.superres.figure import CropBox, comparison_figure, crop_strip, write_metrics_csv


def _images():
    rng = np.random.default_rng(0)
    hr = rng.random((120, 160, 3)).astype(np.float32)
    lr = hr[::4, ::4]
    return hr, lr


def test_crop_box_stays_inside_and_scales_to_the_lr_input():
    box = CropBox.around((120, 160), 5, 158, 40)
    assert (box.top, box.left, box.height, box.width) == (0, 120, 40, 40)
    small = box.scaled_to((120, 160), (30, 40))
    assert (small.top, small.left, small.height, small.width) == (0, 30, 10, 10)


def test_strip_shows_the_same_region_of_each_image_enlarged():
    hr, lr = _images()
    box = CropBox(10, 20, 16, 16)
    strip = crop_strip([hr, lr], ["HR", "LR"], box, size=64, pad=4)
    assert strip.shape[1] == 4 + 2 * (64 + 4)
    first = strip[4:68, 4:68]
    expected = np.rint(hr[10:26, 20:36] * 255).astype(np.uint8)
    assert np.array_equal(first[::4, ::4], expected)  # nearest enlargement ×4
    second = strip[4:68, 72:136]
    assert np.array_equal(second[::16, ::16], np.rint(lr[2:6, 5:9] * 255).astype(np.uint8))


def test_figure_draws_the_box_and_has_room_for_captions():
    hr, lr = _images()
    box = CropBox(30, 40, 40, 40)
    fig = comparison_figure([hr, lr, hr], ["HR", "bicubic 21.6 dB", "ours"], box,
                            panel_width=160, pad=8)
    assert fig.dtype == np.uint8 and fig.shape[1] >= 3 * 168
    # the box outline is red on the first panel at its scaled position (scale 1 here)
    assert tuple(fig[8 + 30, 8 + 60]) == (230, 40, 40)


def test_metrics_csv_round_trip_and_refuses_inputs(tmp_path):
    rows = [{"method": "bicubic", "scale": 4, "psnr_db": 21.59, "ssim": 0.6423,
             "channel": "Y", "crop_border": 4, "seconds": 0.01}]
    out = tmp_path / "m.csv"
    write_metrics_csv(rows, out)
    back = list(csv.DictReader(out.open()))
    assert back[0]["method"] == "bicubic" and float(back[0]["psnr_db"]) == 21.59
    src = tmp_path / "photo.png"
    src.write_bytes(b"x")
    with pytest.raises(ValueError):
        write_metrics_csv(rows, src, inputs=[src])


def test_long_captions_are_shrunk_to_their_panel():
    from PIL import Image, ImageDraw

    from cvlab.tools.superres.figure import _caption, _font

    image = Image.new("RGB", (400, 40), "white")
    _caption(ImageDraw.Draw(image), "Real-ESRGAN x4plus  22.43 dB / 0.8234", 0, 5, 160,
             _font(14))
    ink = np.where((np.asarray(image)[:, :, 0] < 128).any(axis=0))[0]
    assert ink.size and ink.max() < 160
