"""The super-resolution tab driven as a student would: open, evaluate, compare, export."""

import csv
import re

import numpy as np
import pytest
from PIL import Image


def sr_panel(window):
    panel = next(p for p in window.panels if p.spec.id == "superres")
    window.tabs.setCurrentWidget(panel)
    return panel


def test_evaluate_shows_captioned_outputs_crop_strip_and_exports(qtbot, window, test_data,
                                                                tmp_path):
    panel = sr_panel(window)
    photo = test_data / "photos" / "opencv_dnn_superres_butterfly.png"
    window.open_path(photo)
    qtbot.waitUntil(lambda: panel.image is not None, timeout=60_000)
    panel.set_methods({"bicubic", "lanczos", "nearest"})
    panel.run()
    qtbot.waitUntil(lambda: len(panel.items) == 4, timeout=120_000)
    captions = [c for _, c in panel.items]
    assert captions[0] == "Ground truth"
    assert all(re.search(r"\nPSNR \d+\.\d\d dB · SSIM 0\.\d{4}$", c) for c in captions[1:])
    assert panel.table.rowCount() == 3
    psnr = {r["method"]: r["psnr_db"] for r in panel.rows}
    assert psnr["Lanczos"] > psnr["Bicubic"] > psnr["Nearest"]
    assert [p.caption() for p in panel.compare.panels()] == captions
    strip = panel.strip_view.image()
    assert strip is not None and strip.shape[1] > 4 * 160
    figure_path, csv_path = tmp_path / "fig.png", tmp_path / "m.csv"
    from cvlab.core.images import save_image
    from cvlab.tools.superres.figure import write_metrics_csv

    save_image(figure_path, panel.figure(), inputs=[panel.source])
    write_metrics_csv(panel.rows, csv_path, inputs=[panel.source])
    assert np.asarray(Image.open(figure_path)).shape[1] >= 4 * 256
    assert [r["method"] for r in csv.DictReader(csv_path.open())] == [r["method"]
                                                                      for r in panel.rows]


def test_network_methods_only_offered_at_their_scale(window):
    panel = sr_panel(window)
    panel.scale_box.setCurrentIndex(0)  # ×2
    panel.set_methods({"bicubic", "realesrgan-x4plus"})
    assert panel.chosen_methods() == ["bicubic"]


@pytest.mark.parametrize("kind", ["gray16", "rgba", "one_pixel_wide"])
def test_upscale_mode_takes_odd_inputs_and_saves_them_in_their_layout(qtbot, window, tmp_path,
                                                                      kind):
    from cvlab.core.images import read_image

    rng = np.random.default_rng(2)
    arrays = {"gray16": (rng.random((20, 14)) * 65535).astype(np.uint16),
              "rgba": (rng.random((20, 14, 4)) * 255).astype(np.uint8),
              "one_pixel_wide": (rng.random((1, 25, 3)) * 255).astype(np.uint8)}
    source = tmp_path / f"{kind}.png"
    Image.fromarray(arrays[kind]).save(source)
    panel = sr_panel(window)
    window.open_path(source)
    qtbot.waitUntil(lambda: panel.source == str(source), timeout=60_000)
    panel.upscale_radio.setChecked(True)
    panel.set_methods({"bicubic", "srresnet"})
    panel.run()
    qtbot.waitUntil(lambda: len(panel.upscaled) == 2, timeout=120_000)
    assert panel.table.item(1, 3).text() != ""          # time shown for each method
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    written = panel.save_outputs(out_dir)
    again = panel.save_outputs(out_dir)                 # never over an earlier file
    assert {p.name for p in written}.isdisjoint({p.name for p in again})
    original = read_image(source).array
    for path in written:
        saved = read_image(path).array
        assert saved.shape[:2] == (original.shape[0] * 4, original.shape[1] * 4)
        assert saved.dtype == original.dtype and saved.ndim == original.ndim


def test_a_broken_file_is_reported_and_the_tab_keeps_working(qtbot, window, tmp_path,
                                                            test_data):
    panel = sr_panel(window)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    errors = []
    window.context.worker.error.connect(lambda job_id, failure: errors.append(failure))
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert errors[0].source == str(broken) and panel.source != str(broken)
    assert str(broken) in errors[0].message or "truncated" in errors[0].message.lower()
    window.open_path(test_data / "photos" / "opencv_dnn_superres_butterfly.png")
    qtbot.waitUntil(lambda: panel.image is not None and "butterfly" in panel.source,
                    timeout=60_000)
