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


def test_long_captions_wrap_inside_their_panel_at_a_readable_size():
    """Real-ESRGAN's caption used to be shrunk to 8 px to fit one line; now it wraps and
    keeps the size of its neighbours."""
    from cvlab.tools.superres.figure import caption_lines, crop_strip

    caption = "Real-ESRGAN x4plus\nPSNR 22.10 dB · SSIM 0.7375"
    assert caption_lines(caption, 320) == ["Real-ESRGAN x4plus", "PSNR 22.10 dB · SSIM 0.7375"]
    assert caption_lines(caption, 160) == ["Real-ESRGAN x4plus", "PSNR 22.10 dB",
                                           "SSIM 0.7375"]
    assert caption_lines("a much longer method name than fits", 100)[0] != \
        "a much longer method name than fits"
    image = np.full((64, 64, 3), 0.5, np.float32)
    strip = crop_strip([image, image], ["Bicubic", caption], CropBox(0, 0, 32, 32), size=160)
    text_rows = strip[8 + 160 + 2:]                       # under the tiles
    ink = (text_rows[..., 0] < 128)
    first, second = ink[:, 8:8 + 160], ink[:, 8 + 168:8 + 168 + 160]
    assert not ink[:, 8 + 160:8 + 168].any()              # nothing spills into the gap
    rows = np.where(second.any(axis=1))[0]
    # two lines of a 14 px font: ink spans well over one 8 px line
    assert rows.max() - rows.min() > 2 * 14
    assert np.where(first.any(axis=1))[0].size > 6        # the short one as tall as before
