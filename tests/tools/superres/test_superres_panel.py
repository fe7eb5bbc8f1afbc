"""The super-resolution tab driven as a student would: open, evaluate, compare, export."""

import csv

import numpy as np
from PIL import Image


def sr_panel(window):
    panel = next(p for p in window.panels if p.spec.id == "superres")
    window.tabs.setCurrentWidget(panel)
    return panel


def test_evaluate_shows_captioned_outputs_crop_strip_and_exports(qtbot, window, shared_data,
                                                                tmp_path):
    panel = sr_panel(window)
    photo = shared_data / "photos" / "opencv_dnn_superres_butterfly.png"
    window.open_path(photo)
    qtbot.waitUntil(lambda: panel.image is not None, timeout=60_000)
    panel.set_methods({"bicubic", "lanczos", "nearest"})
    panel.run()
    qtbot.waitUntil(lambda: len(panel.items) == 4, timeout=120_000)
    captions = [c for _, c in panel.items]
    assert captions[0] == "Ground truth"
    assert all(" dB / " in c for c in captions[1:])
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
