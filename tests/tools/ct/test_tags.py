import pydicom
import pytest
from pydicom.dataset import Dataset

from cvlab.tools.ct.tags import MAX_VALUE_CHARS, TagRow, dataset_rows, filter_rows, read_header


@pytest.fixture(scope="module")
def pydicom_files(test_data):
    return test_data / "ct" / "pydicom"


def _by_tag(rows, tag, depth=0):
    return [r for r in rows if r.tag == tag and r.depth == depth]


def test_ct_small_rows_show_public_private_and_file_meta(pydicom_files):
    ds = read_header(pydicom_files / "CT_small.dcm")
    assert "PixelData" not in ds     # header only
    rows = dataset_rows(ds)
    assert rows[0].tag.startswith("(0002,")   # file meta first
    (name,) = _by_tag(rows, "(0010,0010)")
    assert (name.keyword, name.vr, name.value_text) == \
        ("PatientName", "PN", "CompressedSamples^CT1")
    assert not name.is_private
    (creator,) = _by_tag(rows, "(0009,0010)")
    assert creator.is_private and creator.keyword == "Private Creator"
    assert creator.value_text == "GEMS_IDEN_01"
    (fidelity,) = _by_tag(rows, "(0009,1001)")
    assert fidelity.is_private and fidelity.keyword.startswith("Private")
    assert "GEMS_IDEN_01" in fidelity.keyword
    (image_type,) = _by_tag(rows, "(0008,0008)")
    assert image_type.value_text == "ORIGINAL\\PRIMARY\\AXIAL"
    # A sequence: its row, an item row per item, the item's elements one level deeper.
    index = next(i for i, r in enumerate(rows) if r.keyword == "OtherPatientIDsSequence")
    seq, item1, first_id = rows[index], rows[index + 1], rows[index + 2]
    assert (seq.vr, seq.value_text, seq.depth) == ("SQ", "<2 items>", 0)
    assert (item1.keyword, item1.depth) == ("Item", 1)
    assert (first_id.keyword, first_id.value_text, first_id.depth) == \
        ("PatientID", "ABCD1234", 2)


def test_pixel_data_is_summarised_by_size(pydicom_files):
    rows = dataset_rows(pydicom.dcmread(pydicom_files / "CT_small.dcm"))
    (pixels,) = _by_tag(rows, "(7FE0,0010)")
    assert pixels.value_text == f"<{128 * 128 * 2} bytes>"


def test_enhanced_ct_functional_groups_are_flattened(pydicom_files):
    rows = dataset_rows(read_header(pydicom_files / "eCT_Supplemental.dcm"))
    per_frame = next(r for r in rows if r.keyword == "PerFrameFunctionalGroupsSequence")
    assert per_frame.value_text == "<2 items>"
    positions = [r for r in rows if r.keyword == "ImagePositionPatient"]
    assert [r.depth for r in positions] == [4, 4]
    assert positions[0].value_text.endswith("-159.000")
    assert positions[1].value_text.endswith("-149.000")
    # Window centre lives only inside the shared functional groups.
    centres = [r for r in rows if r.keyword == "WindowCenter"]
    assert centres and all(r.depth > 0 for r in centres)


def test_explicit_vr_un_file_reads_with_real_vrs(pydicom_files):
    rows = dataset_rows(pydicom.dcmread(pydicom_files / "explicit_VR-UN.dcm"))
    (name,) = _by_tag(rows, "(0010,0010)")
    assert (name.vr, name.value_text) == ("PN", "PANCREAS_0001")
    private_un = [r for r in rows if r.is_private and r.vr == "UN"]
    assert private_un and all(r.value_text.endswith("bytes>") for r in private_un)
    assert all(r.keyword.startswith("Private") for r in rows if r.is_private)
    (pixels,) = _by_tag(rows, "(7FE0,0010)")
    assert pixels.value_text.startswith("<") and pixels.value_text.endswith(" bytes>")


def test_long_text_is_cut():
    ds = Dataset()
    ds.ImageComments = "x" * 500
    (row,) = dataset_rows(ds)
    assert len(row.value_text) < MAX_VALUE_CHARS + 40
    assert "500 characters" in row.value_text


def test_filter_matches_tag_keyword_and_value(pydicom_files):
    rows = dataset_rows(read_header(pydicom_files / "CT_small.dcm"))
    for query in ("(0010,0010)", "0010,0010", "00100010", "patientname", "compressedsamples"):
        found = filter_rows(rows, query)
        assert any(r.tag == "(0010,0010)" for r in found), query
        assert len(found) < len(rows)
    assert filter_rows(rows, "") == rows
    assert filter_rows(rows, "no such text anywhere") == []


def test_filter_keeps_the_sequence_around_a_nested_match(pydicom_files):
    rows = dataset_rows(read_header(pydicom_files / "CT_small.dcm"))
    found = filter_rows(rows, "1234abcd")
    assert [(r.keyword, r.depth) for r in found] == [
        ("OtherPatientIDsSequence", 0), ("Item", 1), ("PatientID", 2)]
    assert found[-1].value_text == "1234ABCD"


def test_filter_on_hand_made_rows():
    rows = [TagRow("(0028,1050)", "WindowCenter", "DS", "40"),
            TagRow("(0028,1051)", "WindowWidth", "DS", "400")]
    assert filter_rows(rows, "00281051") == [rows[1]]
    assert filter_rows(rows, "WINDOW") == rows
    assert filter_rows(rows, "400") == [rows[1]]
