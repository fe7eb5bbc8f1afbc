import csv
import math

import numpy as np
import pytest

from cvlab.tools.ct.measure import (
    CSV_HEADER,
    Measurement,
    distance_mm,
    measure_distance,
    measure_roi,
    measurements_to_csv,
    roi_histogram,
    roi_mask,
    roi_stats,
)


def test_distance_uses_row_and_column_spacing_separately():
    # 3 rows at 2 mm and 4 columns at 0.5 mm: legs of 6 mm and 2 mm.
    assert distance_mm((1, 1), (4, 5), (2.0, 0.5)) == pytest.approx(math.hypot(6.0, 2.0))
    # Swapping the spacing must change the answer: 1.5 mm and 8 mm legs.
    assert distance_mm((1, 1), (4, 5), (0.5, 2.0)) == pytest.approx(math.hypot(1.5, 8.0))
    assert distance_mm((2.5, 3.5), (2.5, 3.5), (1, 1)) == 0.0


def test_large_ellipse_area_matches_pi_a_b_in_mm2():
    spacing = (0.8, 0.5)
    # Semi-axes of 150 and 200 pixels: 120 mm down the rows, 100 mm along the columns.
    bounds = (50.0, 40.0, 350.0, 440.0)        # 300 × 400 px box
    mask = roi_mask((400, 480), "ellipse", bounds)
    stats = roi_stats(np.zeros((400, 480)), mask, spacing)
    a_mm, b_mm = 150 * spacing[0], 200 * spacing[1]
    assert stats.area_mm2 == pytest.approx(math.pi * a_mm * b_mm, rel=5e-3)
    assert stats.pixel_count == int(mask.sum())


def test_rotated_ellipse_keeps_its_area_and_turns():
    upright = roi_mask((200, 200), "ellipse", (80, 40, 120, 160))   # wide, short
    turned = roi_mask((200, 200), "ellipse", (80, 40, 120, 160), angle=90)
    assert abs(int(turned.sum()) - int(upright.sum())) <= 0.01 * upright.sum()
    # Turned a quarter, the long axis runs down the rows instead of along the columns.
    assert upright[100, 45] and not upright[45, 100]
    assert turned[45, 100] and not turned[100, 45]


def test_rectangle_takes_pixels_whose_centres_are_inside():
    mask = roi_mask((6, 6), "rectangle", (1.0, 2.0, 3.0, 5.0))
    expected = np.zeros((6, 6), bool)
    expected[1:3, 2:5] = True
    assert np.array_equal(mask, expected)
    # Corners given in the other order select the same pixels.
    assert np.array_equal(roi_mask((6, 6), "rectangle", (3.0, 5.0, 1.0, 2.0)), expected)
    # Edges at 0.6 and 2.6 hold centres 1.5 and 2.5, not 0.5 nor 3.5.
    frac = roi_mask((6, 6), "rectangle", (0.6, 0.6, 2.6, 2.6))
    assert frac.sum() == 4 and frac[1:3, 1:3].all()
    assert roi_mask((6, 6), "rectangle", (0.6, 0.6, 2.4, 2.4)).sum() == 1


def test_rectangle_stats_on_known_values():
    values = np.arange(36, dtype=np.int16).reshape(6, 6) * 10 - 100
    mask = roi_mask(values.shape, "rectangle", (1, 1, 3, 4))   # rows 1-2, cols 1-3
    picked = np.array([-30, -20, -10, 30, 40, 50], float)
    stats = roi_stats(values, mask, (0.5, 0.25))
    assert stats.pixel_count == 6
    assert stats.mean == pytest.approx(picked.mean())
    assert stats.sd == pytest.approx(picked.std(ddof=1))
    assert (stats.minimum, stats.maximum) == (-30.0, 50.0)
    assert stats.median == pytest.approx(10.0)
    assert stats.area_mm2 == pytest.approx(6 * 0.5 * 0.25)
    counts, edges = roi_histogram(values, mask, bins=4, value_range=(-40, 60))
    assert counts.tolist() == [2, 1, 1, 2]
    assert edges[0] == -40 and edges[-1] == 60


def test_empty_roi_is_a_clear_error():
    values = np.zeros((10, 10))
    outside = roi_mask(values.shape, "ellipse", (20, 20, 30, 30))
    assert not outside.any()
    with pytest.raises(ValueError, match="no pixel"):
        roi_stats(values, outside, (1, 1))
    with pytest.raises(ValueError, match="no pixel"):
        roi_histogram(values, outside)
    with pytest.raises(ValueError, match="does not match"):
        roi_stats(values, np.ones((5, 5), bool), (1, 1))
    with pytest.raises(ValueError, match="unknown ROI kind"):
        roi_mask((4, 4), "polygon", (0, 0, 2, 2))


def test_csv_round_trip_has_units_and_one_row_each(tmp_path):
    values = np.full((20, 20), 40, dtype=np.int16)
    values[5:10, 5:10] = -1000
    items = [
        measure_distance(1, "axial", 3, (2.0, 2.0), (5.0, 6.0), (0.5, 0.5), label="lesion"),
        measure_roi(2, "rectangle", "coronal", 7, values, (5, 5, 10, 10), (1.5, 0.5),
                    label="air, left"),
        measure_roi(3, "ellipse", "sagittal", 0, values, (10, 10, 18, 16), (1.0, 1.0),
                    angle=30.0),
    ]
    out = tmp_path / "sub" / "measurements.csv"
    measurements_to_csv(items, out)
    with open(out, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert tuple(header) == CSV_HEADER
    assert {"length (mm)", "area (mm²)", "mean (HU)"} <= set(header)
    assert len(body) == 3
    record = [dict(zip(header, row)) for row in body]
    assert float(record[0]["length (mm)"]) == pytest.approx(2.5)
    assert record[0]["mean (HU)"] == "" and record[0]["label"] == "lesion"
    assert record[1]["label"] == "air, left" and record[1]["plane"] == "coronal"
    assert float(record[1]["mean (HU)"]) == -1000.0
    assert float(record[1]["area (mm²)"]) == pytest.approx(25 * 1.5 * 0.5)
    assert int(record[1]["pixel count"]) == 25 and record[1]["length (mm)"] == ""
    assert float(record[2]["angle (deg)"]) == 30.0
    assert float(record[2]["mean (HU)"]) == items[2].results["mean_hu"]
    assert [float(record[2][k]) for k in ("row0 (px)", "col0 (px)", "row1 (px)", "col1 (px)")] \
        == [10.0, 10.0, 18.0, 16.0]
    # Nothing left behind from the atomic write.
    assert [p.name for p in out.parent.iterdir()] == ["measurements.csv"]


def test_measurement_rejects_unknown_kind():
    with pytest.raises(ValueError, match="unknown measurement kind"):
        Measurement(1, "angle", "axial", 0, (0, 0, 1, 1))
