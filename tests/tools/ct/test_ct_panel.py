"""The CT tab driven as a user would: open folders, scroll, window, click, run the lungs."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from cvlab.tools.ct.mpr import PLANES
from cvlab.tools.ct.panel import series_dialog


def ct_panel(window):
    return next(p for p in window.panels if p.spec.id == "ct")


def open_and_wait(qtbot, window, path):
    panel = ct_panel(window)
    previous = panel.volume
    assert window.open_path(Path(path))
    qtbot.waitUntil(lambda: panel.volume is not None and panel.volume is not previous,
                    timeout=60_000)
    return panel


def test_coronal_head_ct_shows_each_plane_in_patient_space(qtbot, window, test_data):
    panel = open_and_wait(qtbot, window, test_data / "ct" / "head_ct_coronal")
    assert window.tabs.currentWidget() is panel
    volume = panel.volume
    assert volume.shape == (108, 256, 256)
    counts = {p: panel.views[p].count for p in PLANES}
    assert counts == {"axial": 256, "coronal": 108, "sagittal": 256}
    # the coronal view at index y is the acquired slice k=y itself
    panel.set_index("coronal", 40)
    shown = panel.views["coronal"].view.image()
    assert np.array_equal(shown, volume.voxels[40])
    # axial reformat: rows are slices (1.5 mm) and columns 0.96 mm → aspect 1.5 / 0.957
    assert panel.views["axial"].view.pixel_aspect() == pytest.approx(1.5 / 0.957, rel=0.01)
    assert panel.active_plane == "coronal"
    assert "coronal" in panel.info_label.text()


def test_one_window_for_all_views_presets_and_right_drag(qtbot, window, test_data):
    panel = open_and_wait(qtbot, window, test_data / "ct" / "chest_ct_axial")
    panel.window_box.choose_preset("Lung")
    for p in PLANES:
        assert panel.views[p].view.levels() == (-1450.0, 50.0)
    corners = panel.views["axial"].corners.text("bottom-right")
    assert "WW: 1500" in corners and "WL: -700" in corners
    # a right-drag in the sagittal view moves every view's window
    panel.views["sagittal"].view.window_drag((-1450.0, 50.0), 128, 0)  # half a width wider
    assert panel.window_box.width == pytest.approx(2250, abs=1)
    for p in PLANES:
        low, high = panel.views[p].view.levels()
        assert high - low == pytest.approx(2250, abs=1)
    panel.window_box.invert_box.setChecked(True)
    assert panel.views["axial"].view.colormap() == "gray-inverted"
    assert "inverted" in panel.views["axial"].corners.text("bottom-right")


def test_click_moves_the_crosshair_and_the_other_planes(qtbot, window, test_data):
    panel = open_and_wait(qtbot, window, test_data / "ct" / "chest_ct_axial")
    z = panel.views["axial"].index
    panel.views["axial"].pointPicked.emit("axial", 50.0, 70.0)
    assert panel.views["coronal"].index == 50
    assert panel.views["sagittal"].index == 70
    assert panel.views["axial"].index == z
    col, row = panel.views["axial"].crosshair.position()
    assert (row, col) == (50, 70)
    # scrolling one plane leaves the others
    panel.views["axial"].request_step(+3)
    assert panel.views["axial"].index == z + 3
    assert panel.views["coronal"].index == 50


def test_cursor_reports_hu_and_patient_millimetres(qtbot, window, test_data):
    panel = open_and_wait(qtbot, window, test_data / "ct" / "chest_ct_axial")
    panel._on_cursor("axial", 10, 12)
    text = panel.cursor_label.text()
    z = panel.views["axial"].index
    hu = panel.fmt.slice("axial", z)[10, 12]
    assert f"{hu} HU" in text and "mm" in text


def test_anonymise_display_hides_the_patient(qtbot, window, test_data):
    panel = open_and_wait(qtbot, window, test_data / "ct" / "head_ct_coronal")
    name = panel.volume.header["PatientName"].replace("^", " ")
    assert name and name[:10] in panel.views["coronal"].corners.text("top-left")
    panel.anonymise_box.setChecked(True)
    text = panel.views["coronal"].corners.text("top-left")
    assert name[:10] not in text and "anonymised" in text


def test_broken_files_are_skipped_and_reported(qtbot, window, test_data, tmp_path):
    folder = tmp_path / "series"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", folder)
    first = sorted(folder.iterdir())[0]
    (folder / "broken.dcm").write_bytes(first.read_bytes()[:300])
    (folder / "notes.txt").write_text("not an image")
    panel = open_and_wait(qtbot, window, folder)
    assert panel.volume.shape[0] == 5
    assert "broken.dcm" in panel.report_text and "notes.txt" in panel.report_text


def test_a_folder_with_nothing_loadable_says_why(qtbot, window, tmp_path):
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "a.dcm").write_bytes(b"\0" * 128 + b"DICM" + b"garbage")
    window.open_path(folder)
    qtbot.waitUntil(lambda: "junk" in window.notifications.current_text(), timeout=30_000)
    assert window.notifications.history[-1].level == "error"
    assert ct_panel(window).volume is None


def test_several_series_open_the_browser(qtbot, window, test_data, tmp_path, monkeypatch):
    folder = tmp_path / "two"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", folder / "a")
    shutil.copy(test_data / "ct" / "pydicom" / "CT_small.dcm", folder / "b.dcm")
    seen = {}

    def fake_exec(dialog):
        seen["rows"] = dialog.table.rowCount()
        seen["thumbs"] = sum(dialog.table.cellWidget(r, 0) is not None
                             for r in range(dialog.table.rowCount()))
        small = next(i for i, s in enumerate(dialog.scan.series) if s.image_count == 1)
        dialog.table.selectRow(small)
        return 1

    monkeypatch.setattr(series_dialog.SeriesDialog, "exec", fake_exec)
    panel = open_and_wait(qtbot, window, folder)
    assert seen == {"rows": 2, "thumbs": 2}
    assert panel.volume.shape == (1, 128, 128)


def test_phantom_sample_lungs_and_nodule_report(qtbot, window):
    action = next(a for a in window.samples_menu.actions() if "phantom" in a.text().lower())
    panel = ct_panel(window)
    action.trigger()
    qtbot.waitUntil(lambda: panel.volume is not None, timeout=120_000)
    assert panel.volume.header.get("PatientName", "").startswith("Phantom")
    panel.lungs_box.run()
    qtbot.waitUntil(lambda: panel.lungs_box.outcome is not None, timeout=180_000)
    box = panel.lungs_box
    assert box.table.rowCount() == len(box.outcome.nodules) >= 8
    assert "suspicious nodule" in box.summary_label.text()
    assert "right lung" in box.volumes_label.text().lower()
    assert "lung-right" in panel.views["axial"].view.overlay_names()
    box.table.selectRow(0)
    nodule = box.outcome.nodules[0]
    expected = np.round(panel.fmt.from_original(nodule.centre_index))
    assert np.array_equal(panel.point, expected)
    assert "nodules" in panel.views["axial"].view.overlay_names()


def test_anonymised_copy_goes_elsewhere_and_never_into_the_source(qtbot, window, test_data,
                                                                  tmp_path):
    import hashlib

    import pydicom

    from cvlab.tools.ct.panel.export_actions import export_anonymised_copy

    source = tmp_path / "source"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", source)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in source.iterdir()}
    panel = open_and_wait(qtbot, window, source)
    assert not export_anonymised_copy(panel, str(source / "inside"))
    assert "source" in window.notifications.current_text()
    out = tmp_path / "anon"
    assert export_anonymised_copy(panel, str(out))
    qtbot.waitUntil(lambda: "Anonymised copy" in window.notifications.current_text(),
                    timeout=60_000)
    written = sorted(out.glob("*.dcm"))
    assert len(written) == 5
    ds = pydicom.dcmread(written[0])
    assert ds.PatientIdentityRemoved == "YES" and not str(ds.get("PatientName", ""))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in source.iterdir()}
    assert after == before


def test_png_export_with_and_without_overlays(qtbot, window, test_data, tmp_path):
    from PIL import Image

    panel = open_and_wait(qtbot, window, test_data / "ct" / "chest_ct_axial")
    panel.window_box.choose_preset("Lung")
    plain, shown = tmp_path / "plain.png", tmp_path / "shown.png"
    assert panel.export_png(str(plain), with_overlays=False)
    assert panel.export_png(str(shown), with_overlays=True)
    image = np.asarray(Image.open(plain))
    assert image.shape == (167, 233)  # the axial slice itself, 1.5 mm square pixels
    from cvlab.tools.ct.windowing import apply_window

    z = panel.views["axial"].index
    assert np.array_equal(image, apply_window(panel.fmt.slice("axial", z), 1500, -700))
    grabbed = np.asarray(Image.open(shown))
    assert grabbed.ndim == 3 and grabbed.shape[:2] != image.shape  # the view as on screen
    # never over an input file
    first = panel.volume_files()[0]
    before = Path(first).read_bytes()
    assert not panel.export_png(first, with_overlays=False)
    assert Path(first).read_bytes() == before


def test_dropping_several_dicom_files_opens_them_as_one_series(qtbot, window, test_data):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    files = sorted((test_data / "ct" / "series_ct5n_5slices_16px").glob("*"))[:3]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    panel = ct_panel(window)
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.CopyAction, mime, Qt.LeftButton,
                                Qt.NoModifier))
    qtbot.waitUntil(lambda: panel.volume is not None, timeout=60_000)
    window.worker.wait_idle(30)
    assert panel.volume.shape[0] == 3
