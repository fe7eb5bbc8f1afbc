"""The CT engines' texts go through the translator (issue 18): with one installed, corner
texts, plane names, the nodule sentence, the load report and a skipped file's reason come
out in its language; with none (the CLI, the other tests) they stay English.

The translator here is a small table, so the test does not depend on the shipped .qm."""

from types import SimpleNamespace

import pytest

from cvlab.core import i18n
from cvlab.tools.ct.geometry import plane_name
from cvlab.tools.ct.load_report import LoadReport, SkippedFile
from cvlab.tools.ct.nodules import summary_text
from cvlab.tools.ct.overlay_text import MAX_LINE, ViewState, _fit, corner_texts
from cvlab.tools.ct.volume import SliceInfo

CHINESE = {
    ("CtPlanes", "Axial"): "轴位",
    ("CtPlanes", "coronal"): "冠状位",
    ("CtOverlay", "{0} (inverted)"): "{0}（反相）",
    ("CtOverlay", "Zoom: {0:.2f}"): "缩放：{0:.2f}",
    ("CtOverlay", "Im: {0}  ({1}/{2})"): "图像：{0}（{1}/{2}）",
    ("CtOverlay", "(anonymised display)"): "（匿名显示）",
    ("CtNodules", "solid"): "实性",
    ("CtNodules", "ground-glass"): "磨玻璃",
    ("CtNodules", "{0} suspicious nodules: {1}"): "{0} 个可疑结节：{1}",
    ("CtNodules", "slice {0} {1}"): "第 {0} 层（{1}）",
    ("CtNodules", ", "): "，",
    ("CtLoadReport", "{0} slice(s) loaded"): "已加载 {0} 层",
    ("CtLoadReport", ", {0} file(s) skipped ({1})"): "，跳过 {0} 个文件：{1}",
    ("CtLoadReport", "{0}× {1}"): "{1}（{0} 个）",
    ("CtLoadReport", "; "): "；",
    ("DicomHeader", "not a DICOM file"): "不是 DICOM 文件",
}


@pytest.fixture
def chinese():
    i18n.set_translator(lambda context, text: CHINESE.get((context, text), text))
    yield
    i18n.set_translator(None)


def test_corner_texts_and_plane_names_are_translated(chinese):
    state = ViewState("axial", 33, 191, 1500, -600, invert=True, zoom=1.5)
    texts = corner_texts({"SeriesNumber": "3"}, state, SliceInfo("a.dcm", 34, (0, 0, 0)))
    assert texts["bottom-right"].split("\n") == ["轴位（反相）", "WW: 1500  WL: -600",
                                                 "缩放：1.50"]
    assert "图像：34（34/191）" in texts["top-right"]
    assert corner_texts({"PatientName": "X"}, state, anonymise=True)["top-left"] == "（匿名显示）"
    assert plane_name("coronal") == "冠状位" and plane_name("") == ""


def test_english_corner_texts_are_as_before():
    state = ViewState("sagittal", 0, 10, 400, 40, invert=True, zoom=2.0)
    assert corner_texts({}, state)["bottom-right"] == ("Sagittal (inverted)\n"
                                                      "WW: 400  WL: 40\nZoom: 2.00")


def test_a_chinese_character_takes_two_columns_of_a_corner_line():
    name = "张" * 20
    cut = _fit(name)
    assert cut.endswith("…") and 2 * (len(cut) - 1) + 1 <= MAX_LINE
    assert _fit("x" * 40) == "x" * (MAX_LINE - 1) + "…"   # Latin text: one column each
    assert _fit("张" * 15) == "张" * 15                    # exactly MAX_LINE columns


def test_the_nodule_sentence_is_translated_but_the_report_file_stays_english(chinese):
    nodules = [SimpleNamespace(slice_number=48, density="ground-glass"),
               SimpleNamespace(slice_number=34, density="solid")]
    assert summary_text(nodules) == "2 个可疑结节：第 34 层（实性），第 48 层（磨玻璃）"
    assert summary_text(nodules, translated=False) == (
        "2 suspicious nodules: slice 34 solid, slice 48 ground-glass")


def test_the_load_report_groups_chinese_reasons_on_their_full_width_colon(chinese):
    report = LoadReport(loaded=5, skipped=[SkippedFile("a", "DICOM 文件头损坏：一"),
                                           SkippedFile("b", "DICOM 文件头损坏：二")])
    assert report.summary() == "已加载 5 层，跳过 2 个文件：DICOM 文件头损坏：一（2 个）"


def test_a_skipped_file_says_why_in_the_interface_language(chinese, tmp_path):
    from cvlab.tools.ct.dicom_scan import scan_paths

    (tmp_path / "notes.dcm").write_text("not an image")
    scan = scan_paths(tmp_path)
    assert [s.reason for s in scan.skipped] == ["不是 DICOM 文件"]
