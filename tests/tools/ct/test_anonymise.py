import hashlib
import shutil

import numpy as np
import pydicom
import pytest

from cvlab.tools.ct.anonymise import (
    DEIDENTIFICATION_METHOD,
    UidMapper,
    anonymise_series,
    check_output_folder,
)

GEOMETRY_AND_DISPLAY = ("ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing",
                        "SliceThickness", "RescaleIntercept", "RescaleSlope",
                        "WindowCenter", "WindowWidth", "Rows", "Columns", "SOPClassUID")
UID_KEYWORDS = ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
                "FrameOfReferenceUID")


@pytest.fixture()
def series(test_data, tmp_path):
    """A private copy of the real 5-slice series (the shared data stays read-only)."""
    source = tmp_path / "source" / "ct5n"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", source)
    return source


def _hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


def _private_tags(ds):
    found = []
    ds.walk(lambda _, elem: found.append(elem.tag) if elem.tag.is_private else None)
    return found


def test_series_is_anonymised_with_consistent_new_uids(series, tmp_path):
    files = sorted(series.iterdir())
    before = _hashes(series)
    originals = [pydicom.dcmread(f) for f in files]
    assert _private_tags(originals[0])             # the test data has something to remove
    assert str(originals[0].PatientName) == "Doe^Peter"
    out = tmp_path / "anon"
    fractions = []
    report = anonymise_series(files, out, source_folders=[series],
                              progress=lambda f, text: fractions.append(f),
                              uid_root="1.2.3.4.")
    assert _hashes(series) == before               # sources byte-identical
    assert not report.failed and not report.cancelled
    assert len(report.written) == len(files) and fractions[-1] == 1.0
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [f"IM{i:05d}.dcm" for i in range(1, 6)]
    results = [pydicom.dcmread(out_path) for _, out_path in report.written]

    for original, anon in zip(originals, results):
        for keyword in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
                        "AccessionNumber", "StudyID", "StudyDate"):
            assert str(anon.get(keyword, "")) == "", keyword
        for keyword in ("PatientAge", "InstitutionName", "SeriesDescription",
                        "SeriesDate", "PerformedProcedureStepStartDate", "OtherPatientIDs"):
            assert keyword not in anon, keyword
        assert _private_tags(anon) == []
        assert "SourceApplicationEntityTitle" not in anon.file_meta
        assert anon.PatientIdentityRemoved == "YES"
        assert anon.DeidentificationMethod == DEIDENTIFICATION_METHOD
        for keyword in GEOMETRY_AND_DISPLAY:
            assert anon[keyword].value == original[keyword].value, keyword
        assert np.array_equal(anon.pixel_array, original.pixel_array)
        for keyword in UID_KEYWORDS:
            old, new = original[keyword].value, anon[keyword].value
            assert new != old and new.startswith("1.2.3.4.")
            assert report.uid_map[old] == new
        assert anon.file_meta.MediaStorageSOPInstanceUID == anon.SOPInstanceUID
        assert anon.InstanceNumber == original.InstanceNumber

    # One new study, series and frame of reference shared by all; instances stay distinct.
    for keyword in ("StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID"):
        assert len({ds[keyword].value for ds in results}) == 1
    assert len({ds.SOPInstanceUID for ds in results}) == len(files)
    # No original UID survives anywhere in the written bytes.
    all_bytes = b"".join(p.read_bytes() for p in written)
    for old in report.uid_map:
        assert old.encode() not in all_bytes
    assert b"Doe^Peter" not in all_bytes and b"98890234" not in all_bytes


def test_references_inside_sequences_follow_the_mapping(series, tmp_path):
    files = sorted(series.iterdir())
    # Make slice 1 reference slice 0 (in a copy: a real derived image would do this).
    first, second = pydicom.dcmread(files[0]), pydicom.dcmread(files[1])
    ref = pydicom.Dataset()
    ref.ReferencedSOPClassUID = first.SOPClassUID
    ref.ReferencedSOPInstanceUID = first.SOPInstanceUID
    second.ReferencedImageSequence = [ref]
    second.save_as(files[1])
    report = anonymise_series(files, tmp_path / "anon")
    new_first = pydicom.dcmread(report.written[0][1])
    new_second = pydicom.dcmread(report.written[1][1])
    new_ref = new_second.ReferencedImageSequence[0]
    assert new_ref.ReferencedSOPInstanceUID == new_first.SOPInstanceUID
    assert new_ref.ReferencedSOPClassUID == first.SOPClassUID   # class UIDs are not remapped


def test_unreadable_file_is_reported_and_the_rest_go_on(series, tmp_path):
    junk = tmp_path / "source" / "notes.txt"
    junk.write_text("not a DICOM file")
    files = sorted(series.iterdir())[:2] + [junk]
    report = anonymise_series(files, tmp_path / "anon")
    assert len(report.written) == 2
    assert [path for path, _ in report.failed] == [str(junk)]
    assert "DICOM" in report.failed[0][1]


def test_cancel_stops_between_files(series, tmp_path):
    calls = []
    report = anonymise_series(sorted(series.iterdir()), tmp_path / "anon",
                              cancelled=lambda: len(calls) >= 2,
                              progress=lambda f, text: calls.append(f))
    assert report.cancelled and len(report.written) == 2


def test_refuses_unsafe_output_folders(series, tmp_path):
    files = sorted(series.iterdir())
    before = _hashes(series)
    with pytest.raises(ValueError, match="inside the source folder") as err:
        anonymise_series(files, series, source_folders=[series])
    assert str(series) in str(err.value)
    with pytest.raises(ValueError, match="inside the source folder"):
        anonymise_series(files, series / "anon", source_folders=[series.parent])
    with pytest.raises(ValueError, match="holds the input file"):
        anonymise_series(files, series)          # same folder, even without source_folders
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        anonymise_series(files, busy)
    assert _hashes(series) == before and not (series / "anon").exists()
    report = anonymise_series(files[:1], busy, overwrite=True)
    assert len(report.written) == 1 and (busy / "keep.txt").exists()
    assert check_output_folder(files, tmp_path / "fresh") == (tmp_path / "fresh").resolve()


def test_uid_mapper_is_consistent_and_deterministic_with_entropy():
    random_ids = UidMapper("1.2.3")
    assert random_ids("1.9.9") == random_ids("1.9.9") != random_ids("1.9.8")
    assert random_ids("1.9.9").startswith("1.2.3.")
    assert UidMapper("1.2.3")("1.9.9") != random_ids("1.9.9")
    keyed_a, keyed_b = UidMapper("1.2.3.", "secret"), UidMapper("1.2.3.", "secret")
    assert keyed_a("1.9.9") == keyed_b("1.9.9")
    assert UidMapper("1.2.3.", "other")("1.9.9") != keyed_a("1.9.9")
