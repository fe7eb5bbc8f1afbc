"""CT tab, Measure side tab and tag browser: rulers and ROIs on a real chest CT."""

import csv
import math

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication

from cvlab.tools.ct.measure import roi_mask
from cvlab.tools.ct.panel import tags_dialog
from cvlab.tools.ct.panel.tags_dialog import TagsDialog

SPACING_MM = 1.5                 # chest_ct_axial: isotropic 1.5 mm voxels
MID_SLICE = 95                   # the axial slice shown after opening (191 slices)
AIR = (2.0, 2.0, 14.0, 28.0)     # (row0, col0, row1, col1): outside the body, top left
LUNG = (85.0, 48.0, 110.0, 75.0)  # the patient's right lung on the middle slice


def ct_panel_of(window):
    return next(p for p in window.panels if p.spec.id == "ct")


@pytest.fixture
def panel(qtbot, window, test_data):
    panel = ct_panel_of(window)
    window.tabs.setCurrentWidget(panel)
    panel.open_path(test_data / "ct" / "chest_ct_axial")
    qtbot.waitUntil(lambda: panel.volume is not None, timeout=120_000)
    assert panel.active_plane == "axial" and int(panel.point[0]) == MID_SLICE
    return panel


def add_rectangle(box, bounds):
    """A default rectangle, then moved and resized the way a drag does it."""
    drawn = box.add("rectangle")
    row0, col0, row1, col1 = bounds
    drawn.roi.setPos((col0, row0))
    drawn.roi.setSize((col1 - col0, row1 - row0))
    return drawn


def test_ruler_length_is_pixel_distance_times_spacing(panel):
    box = panel.measure_box
    drawn = box.add("distance")
    assert drawn.roi.parentItem() is panel.views["axial"].view.image_group()
    first, second = drawn.roi.getHandles()
    drawn.roi.movePoint(first, QPointF(40, 50))      # (x = col, y = row)
    drawn.roi.movePoint(second, QPointF(100, 130))
    m = drawn.measurement
    assert m.geometry == pytest.approx((50, 40, 130, 100))
    assert m.results["length_mm"] == pytest.approx(math.hypot(60, 80) * SPACING_MM)
    assert drawn.label.toPlainText() == "150.0 mm"
    assert box.table.item(0, 4).text() == "150.0 mm"
    assert [box.table.item(0, c).text() for c in range(4)] == ["1", "Axial",
                                                                str(MID_SLICE + 1), "Distance"]


def test_new_shape_is_centred_in_the_visible_image(panel):
    drawn = panel.measure_box.add("ellipse")
    height, width = panel.fmt.slice("axial", MID_SLICE).shape
    row0, col0, row1, col1 = drawn.measurement.geometry
    assert ((row0 + row1) / 2, (col0 + col1) / 2) == pytest.approx((height / 2, width / 2),
                                                                   abs=1.0)
    assert col1 - col0 == pytest.approx(width / 5, rel=0.05)


def test_rectangle_over_air_and_lung_gives_their_hu(panel):
    box = panel.measure_box
    image = panel.fmt.slice("axial", MID_SLICE)
    air = add_rectangle(box, AIR)
    assert air.measurement.results["mean_hu"] < -900
    lung = add_rectangle(box, LUNG)
    assert lung.measurement.geometry == pytest.approx(LUNG)
    mean = lung.measurement.results["mean_hu"]
    assert -950 < mean < -700
    # Whole-pixel bounds hold exactly those pixels: their centres are half a pixel in.
    assert mean == pytest.approx(image[85:110, 48:75].mean())
    assert lung.measurement.results["area_mm2"] == pytest.approx(25 * 27 * SPACING_MM ** 2)
    assert lung.label.toPlainText().startswith("mean −")
    box.select(lung)
    edges, counts = box.histogram_data()
    assert counts.sum() == 25 * 27
    assert edges[0] >= image[85:110, 48:75].min() - 1e-6
    box.select(box.add("distance"))
    assert box.histogram_data() is None


def test_ellipse_area_is_close_to_pi_a_b(panel):
    drawn = panel.measure_box.add("ellipse")
    drawn.roi.setPos((60, 40))
    drawn.roi.setSize((80, 40))
    pixels = drawn.measurement.results["pixel_count"]
    assert pixels == pytest.approx(math.pi * 40 * 20, rel=0.02)


def test_turned_rectangle_measures_the_pixels_it_covers(panel):
    drawn = add_rectangle(panel.measure_box, (60.0, 60.0, 90.0, 130.0))
    drawn.roi.setAngle(30, centerLocal=(35, 15))      # about its centre, as Alt+drag can
    m = drawn.measurement
    assert m.angle == pytest.approx(30)
    shape = panel.fmt.slice("axial", MID_SLICE).shape
    mask = roi_mask(shape, m.kind, m.geometry, m.angle)
    inside = np.zeros(shape, bool)
    for r in range(40, 115):
        for c in range(40, 150):
            local = drawn.roi.mapFromParent(QPointF(c + 0.5, r + 0.5))
            inside[r, c] = 0 <= local.x() <= 70 and 0 <= local.y() <= 30
    assert inside.sum() > 1500
    assert np.count_nonzero(mask != inside) == 0
    assert m.results["pixel_count"] == inside.sum()


def test_roi_shows_only_on_its_slice_and_selection_jumps_back(panel):
    box = panel.measure_box
    drawn = add_rectangle(box, LUNG)
    assert drawn.roi.isVisible() and drawn.label.isVisible()
    panel.set_index("coronal", 10)                   # another plane: still shown
    assert drawn.roi.isVisible()
    panel.set_index("axial", MID_SLICE + 5)
    assert not drawn.roi.isVisible() and not drawn.label.isVisible()
    box.table.clearSelection()
    box.table.selectRow(0)
    assert int(panel.point[0]) == MID_SLICE
    assert panel.views["axial"].index == MID_SLICE
    assert drawn.roi.isVisible() and drawn.label.isVisible()
    assert drawn.roi.pen.color().getRgb()[:3] == (255, 210, 0)   # highlighted


def test_delete_and_new_volume_remove_shapes(panel):
    box = panel.measure_box
    ruler = box.add("distance")
    rect = add_rectangle(box, AIR)
    box.select(ruler)
    box.delete_selected()
    assert ruler.roi.scene() is None and ruler.label.scene() is None
    assert [d.measurement.kind for d in box.drawn] == ["rectangle"]
    assert box.table.rowCount() == 1
    box.volume_changed(panel.volume)
    assert box.drawn == [] and box.table.rowCount() == 0
    assert rect.roi.scene() is None


def test_csv_export_round_trips_the_rows(panel, tmp_path):
    box = panel.measure_box
    ruler = box.add("distance")
    ruler.roi.movePoint(ruler.roi.getHandles()[0], QPointF(10, 20))
    ruler.roi.movePoint(ruler.roi.getHandles()[1], QPointF(10, 60))
    lung = add_rectangle(box, LUNG)
    out = tmp_path / "measurements.csv"
    assert box.export_csv(out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert [r["kind"] for r in rows] == ["distance", "rectangle"]
    assert {r["plane"] for r in rows} == {"axial"}
    assert {r["slice index"] for r in rows} == {str(MID_SLICE)}
    assert float(rows[0]["length (mm)"]) == pytest.approx(40 * SPACING_MM)
    assert rows[0]["mean (HU)"] == ""
    assert float(rows[1]["mean (HU)"]) == lung.measurement.results["mean_hu"]
    assert [float(rows[1][k]) for k in ("row0 (px)", "col0 (px)", "row1 (px)", "col1 (px)")] \
        == pytest.approx(LUNG)


def test_csv_export_refuses_an_input_file(panel):
    box = panel.measure_box
    box.add("distance")
    source = panel.volume_files()[0]
    before = open(source, "rb").read()
    assert not box.export_csv(source)
    assert open(source, "rb").read() == before
    notifications = panel.window().notifications
    assert notifications.history[-1].level == "error"
    assert "refusing" in notifications.current_text()


def test_tags_dialog_filters_by_tag_and_copies(qtbot, test_data):
    dialog = TagsDialog(test_data / "ct" / "pydicom" / "CT_small.dcm")
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    assert everything > 50
    dialog.search.setText("0010,0010")
    shown = dialog.shown_rows()
    assert [(r.tag, r.keyword, r.vr) for r in shown] == [("(0010,0010)", "PatientName", "PN")]
    assert dialog.model.rowCount() == 1
    dialog.table.selectRow(0)
    dialog.copy_selected()
    assert QGuiApplication.clipboard().text() == "\t".join(
        ("(0010,0010)", "PatientName", "PN", shown[0].value_text))
    dialog.search.setText("")
    assert dialog.model.rowCount() == everything


def test_tags_dialog_reports_an_unreadable_file(qtbot, tmp_path):
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"not a dicom file")
    dialog = TagsDialog(junk)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert "Cannot read" in dialog.status_label.text()


def test_dicom_tags_button_opens_the_shown_slice(panel, monkeypatch):
    opened = []

    class FakeDialog:
        def __init__(self, path, parent=None):
            opened.append(path)

        def exec(self):
            return 0

    monkeypatch.setattr(tags_dialog, "TagsDialog", FakeDialog)  # imported when opened
    panel.set_index("axial", 20)
    panel.tags_button.click()
    assert len(opened) == 1
    position = pydicom.dcmread(opened[0], stop_before_pixels=True).ImagePositionPatient
    kij = panel.fmt.to_original(panel.point)
    assert float(position[2]) == pytest.approx(panel.volume.index_to_patient(*kij)[2])


def test_dicom_tags_button_without_a_volume_says_so(window):
    panel = ct_panel_of(window)
    panel.tags_button.click()
    assert "open a series" in window.notifications.current_text()
