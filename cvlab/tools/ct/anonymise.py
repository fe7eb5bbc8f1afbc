"""Anonymised copies of a DICOM series (PS3.15 Basic Application Level Confidentiality Profile).

Each file is read, cleaned by the profile's action table (below), stripped of every private
element, given new UIDs (one consistent mapping for the whole run, so references between
the files still hold) and written to the output folder under a neutral name. Pixel data,
geometry, rescale and window attributes are not in the table and pass through untouched.
Text burned into the pixels is not looked for: check secondary captures by eye.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, PYDICOM_ROOT_UID, generate_uid

from cvlab.core.fileio import atomic_write
from cvlab.core.i18n import translate

# LO holds 64 characters at most.
DEIDENTIFICATION_METHOD = "CV Lab: PS3.15 Basic Application Level Confidentiality Profile"

# Action codes of DICOM PS3.15 Table E.1-1 (Basic Profile column), for the attributes CT
# series commonly carry. D: replace with a dummy value; Z: empty (or dummy) value;
# X: remove; U: replace the UID by a new one, consistently within the set of instances.
# Where the table gives a choice (X/Z, X/Z/D, Z/D ...), the code below is the one that keeps
# a CT image's Type 2 attributes present (Z) and removes the rest (X).
PROFILE_ACTIONS: dict[int, str] = {
    0x00080012: "X",  # Instance Creation Date
    0x00080013: "X",  # Instance Creation Time
    0x00080014: "U",  # Instance Creator UID
    0x00080018: "U",  # SOP Instance UID
    0x00080020: "Z",  # Study Date
    0x00080021: "X",  # Series Date
    0x00080022: "X",  # Acquisition Date
    0x00080023: "Z",  # Content Date
    0x0008002A: "X",  # Acquisition DateTime
    0x00080030: "Z",  # Study Time
    0x00080031: "X",  # Series Time
    0x00080032: "X",  # Acquisition Time
    0x00080033: "Z",  # Content Time
    0x00080050: "Z",  # Accession Number
    0x00080080: "X",  # Institution Name
    0x00080081: "X",  # Institution Address
    0x00080082: "X",  # Institution Code Sequence
    0x00080090: "Z",  # Referring Physician's Name
    0x00080092: "X",  # Referring Physician's Address
    0x00080094: "X",  # Referring Physician's Telephone Numbers
    0x00080096: "X",  # Referring Physician Identification Sequence
    0x00080201: "X",  # Timezone Offset From UTC
    0x00081010: "X",  # Station Name
    0x00081030: "X",  # Study Description
    0x0008103E: "X",  # Series Description
    0x00081040: "X",  # Institutional Department Name
    0x00081048: "X",  # Physician(s) of Record
    0x00081049: "X",  # Physician(s) of Record Identification Sequence
    0x00081050: "X",  # Performing Physician's Name
    0x00081052: "X",  # Performing Physician Identification Sequence
    0x00081060: "X",  # Name of Physician(s) Reading Study
    0x00081062: "X",  # Physician(s) Reading Study Identification Sequence
    0x00081070: "X",  # Operators' Name
    0x00081072: "X",  # Operator Identification Sequence
    0x00081080: "X",  # Admitting Diagnoses Description
    0x00081084: "X",  # Admitting Diagnoses Code Sequence
    0x00081120: "X",  # Referenced Patient Sequence
    0x00081155: "U",  # Referenced SOP Instance UID
    0x00082111: "X",  # Derivation Description
    0x00083010: "U",  # Irradiation Event UID
    0x00100010: "Z",  # Patient's Name
    0x00100020: "Z",  # Patient ID
    0x00100021: "X",  # Issuer of Patient ID
    0x00100030: "Z",  # Patient's Birth Date
    0x00100032: "X",  # Patient's Birth Time
    0x00100040: "Z",  # Patient's Sex
    0x00100050: "X",  # Patient's Insurance Plan Code Sequence
    0x00101000: "X",  # Other Patient IDs
    0x00101001: "X",  # Other Patient Names
    0x00101002: "X",  # Other Patient IDs Sequence
    0x00101005: "X",  # Patient's Birth Name
    0x00101010: "X",  # Patient's Age
    0x00101020: "X",  # Patient's Size
    0x00101030: "X",  # Patient's Weight
    0x00101040: "X",  # Patient's Address
    0x00101060: "X",  # Patient's Mother's Birth Name
    0x00101080: "X",  # Military Rank
    0x00101081: "X",  # Branch of Service
    0x00101090: "X",  # Medical Record Locator
    0x00102000: "X",  # Medical Alerts
    0x00102110: "X",  # Allergies
    0x00102150: "X",  # Country of Residence
    0x00102152: "X",  # Region of Residence
    0x00102154: "X",  # Patient's Telephone Numbers
    0x00102160: "X",  # Ethnic Group
    0x00102180: "X",  # Occupation
    0x001021A0: "X",  # Smoking Status
    0x001021B0: "X",  # Additional Patient History
    0x001021C0: "X",  # Pregnancy Status
    0x001021D0: "X",  # Last Menstrual Date
    0x001021F0: "X",  # Patient's Religious Preference
    0x00102297: "X",  # Responsible Person
    0x00102299: "X",  # Responsible Organization
    0x00104000: "X",  # Patient Comments
    0x00180010: "Z",  # Contrast/Bolus Agent
    0x00181000: "X",  # Device Serial Number
    0x00181002: "U",  # Device UID
    0x00181004: "X",  # Plate ID
    0x00181005: "X",  # Generator ID
    0x00181007: "X",  # Cassette ID
    0x00181008: "X",  # Gantry ID
    0x00181030: "X",  # Protocol Name
    0x00181200: "X",  # Date of Last Calibration
    0x00181201: "X",  # Time of Last Calibration
    0x0018700A: "X",  # Detector ID
    0x0020000D: "U",  # Study Instance UID
    0x0020000E: "U",  # Series Instance UID
    0x00200010: "Z",  # Study ID
    0x00200052: "U",  # Frame of Reference UID
    0x00200200: "U",  # Synchronization Frame of Reference UID
    0x00204000: "X",  # Image Comments
    0x00209161: "U",  # Concatenation UID
    0x00209164: "U",  # Dimension Organization UID
    0x00321032: "X",  # Requesting Physician
    0x00321033: "X",  # Requesting Service
    0x00321060: "X",  # Requested Procedure Description
    0x00324000: "X",  # Study Comments
    0x00380010: "X",  # Admission ID
    0x00380300: "X",  # Current Patient Location
    0x00380400: "X",  # Patient's Institution Residence
    0x00380500: "X",  # Patient State
    0x00400006: "X",  # Scheduled Performing Physician's Name
    0x00400241: "X",  # Performed Station AE Title
    0x00400242: "X",  # Performed Station Name
    0x00400243: "X",  # Performed Location
    0x00400244: "X",  # Performed Procedure Step Start Date
    0x00400245: "X",  # Performed Procedure Step Start Time
    0x00400250: "X",  # Performed Procedure Step End Date
    0x00400251: "X",  # Performed Procedure Step End Time
    0x00400253: "X",  # Performed Procedure Step ID
    0x00400254: "X",  # Performed Procedure Step Description
    0x00400275: "X",  # Request Attributes Sequence
    0x00401001: "X",  # Requested Procedure ID
    0x0040A075: "D",  # Verifying Observer Name
    0x0040A123: "D",  # Person Name
    0x0040A124: "U",  # UID
    0x0040A730: "X",  # Content Sequence
    0x00880140: "U",  # Storage Media File-set UID
    0x30060024: "U",  # Referenced Frame of Reference UID
    0x300600C2: "U",  # Related Frame of Reference UID
    0x04000561: "X",  # Original Attributes Sequence
    0xFFFAFFFA: "X",  # Digital Signatures Sequence
}
# Repeating groups 60xx (overlays) and 50xx (curves): the table removes overlay comments,
# overlay data (burned-in marks may carry text) and all curve data.
OVERLAY_ELEMENTS_REMOVED = (0x3000, 0x4000)

# Dummy values for "D", by value representation.
DUMMY_VALUES = {"PN": "ANONYMOUS", "DA": "19000101", "TM": "000000", "DT": "19000101000000",
                "AS": "000Y"}

ProgressCallback = Callable[[float, str], None]


@dataclass
class AnonymiseReport:
    written: list[tuple[str, str]] = field(default_factory=list)  # (input path, output path)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (input path, reason)
    cancelled: bool = False
    # Old UID → new UID. It re-identifies the data: keep it out of anything shared.
    uid_map: dict[str, str] = field(default_factory=dict)


class UidMapper:
    """New UIDs for old ones, the same new UID for the same old UID within one run.

    With ``entropy`` the new UIDs are derived from it and the old UID, so a rerun with the
    same secret gives the same UIDs (a leaked secret lets UIDs be matched to the source).
    """

    def __init__(self, prefix: str | None = None, entropy: str | None = None):
        self.prefix = prefix or PYDICOM_ROOT_UID
        if not self.prefix.endswith("."):
            self.prefix += "."
        self.entropy = entropy
        self.mapping: dict[str, str] = {}

    def __call__(self, old_uid: str) -> str:
        old_uid = str(old_uid).strip()
        if not old_uid:
            return old_uid
        if old_uid not in self.mapping:
            sources = [self.entropy, old_uid] if self.entropy is not None else None
            self.mapping[old_uid] = str(generate_uid(self.prefix, entropy_srcs=sources))
        return self.mapping[old_uid]


def check_output_folder(files: Iterable[str | os.PathLike], out_folder: str | os.PathLike,
                        source_folders: Iterable[str | os.PathLike] = (),
                        overwrite: bool = False) -> Path:
    """Refuse an output folder that could mix with or overwrite the identifiable source."""
    out = Path(out_folder).expanduser().resolve()
    for source in source_folders:
        src = Path(source).expanduser().resolve()
        if out == src or src in out.parents:
            raise ValueError(translate("CtAnonymise", "output folder {0} is inside the source "
                                       "folder {1}: choose a folder outside the data being "
                                       "anonymised").format(out, src))
    for path in files:
        parent = Path(path).expanduser().resolve().parent
        if out == parent:
            raise ValueError(translate("CtAnonymise", "output folder {0} holds the input file "
                                       "{1}: choose another folder").format(out, Path(path).name))
    if out.exists() and not out.is_dir():
        raise ValueError(translate("CtAnonymise", "output folder {0} is a file").format(out))
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ValueError(translate("CtAnonymise", "output folder {0} is not empty: choose an "
                                   "empty folder or allow overwriting").format(out))
    return out


def anonymise_dataset(ds: Dataset, uids: UidMapper) -> None:
    """Apply the profile in place: actions table, private elements, UIDs, identity flags."""
    ds.remove_private_tags()   # recurses into sequences
    _apply_actions(ds, uids)
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = DEIDENTIFICATION_METHOD
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator = "113100", "DCM"
    code.CodeMeaning = "Basic Application Confidentiality Profile"
    ds.DeidentificationMethodCodeSequence = Sequence([code])
    ds.LongitudinalTemporalInformationModified = "REMOVED"   # dates are gone, not shifted
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        # The sending station's title names a place; the instance UID follows the dataset's.
        meta.pop("SourceApplicationEntityTitle", None)
        if "SOPInstanceUID" in ds:
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID   # already the new UID
        elif "MediaStorageSOPInstanceUID" in meta:
            meta.MediaStorageSOPInstanceUID = uids(meta.MediaStorageSOPInstanceUID)
        meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
        meta.ImplementationVersionName = "CVLAB_ANON"


def _apply_actions(ds: Dataset, uids: UidMapper) -> None:
    for tag in list(ds.keys()):
        group, element = tag >> 16, tag & 0xFFFF
        if (group & 0xFF00 == 0x5000 and group % 2 == 0) or (
                group & 0xFF00 == 0x6000 and element in OVERLAY_ELEMENTS_REMOVED):
            del ds[tag]
            continue
        action = PROFILE_ACTIONS.get(int(tag))
        elem = ds[tag]
        if action == "X":
            del ds[tag]
        elif action == "Z":
            elem.value = Sequence() if elem.VR == "SQ" else ""
        elif action == "D":
            elem.value = Sequence() if elem.VR == "SQ" else DUMMY_VALUES.get(elem.VR, "ANONYMISED")
        elif action == "U":
            if isinstance(elem.value, (list, MultiValue)):
                elem.value = [uids(v) for v in elem.value]
            elif elem.value:
                elem.value = uids(elem.value)
        elif elem.VR == "SQ":
            for item in elem.value or []:
                _apply_actions(item, uids)   # the profile applies inside sequences too


def anonymise_series(files: Iterable[str | os.PathLike], out_folder: str | os.PathLike, *,
                     source_folders: Iterable[str | os.PathLike] = (),
                     progress: ProgressCallback | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     uid_root: str | None = None, uid_entropy: str | None = None,
                     overwrite: bool = False) -> AnonymiseReport:
    """Write an anonymised copy of each DICOM file into ``out_folder`` (IM00001.dcm, ...).

    Raises ValueError before writing anything if the output folder is, or is inside, a
    source folder, is the folder of an input file, or is not empty (unless ``overwrite``).
    A file that cannot be read or written is listed in ``report.failed``; the rest go on.
    Outputs get neutral names because source file names may carry patient details.
    """
    files = [Path(f) for f in files]
    out = check_output_folder(files, out_folder, source_folders, overwrite)
    out.mkdir(parents=True, exist_ok=True)
    uids = UidMapper(uid_root, uid_entropy)
    report = AnonymiseReport(uid_map=uids.mapping)
    for number, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress((number - 1) / max(len(files), 1),
                     translate("CtAnonymise", "anonymising {0}").format(path.name))
        try:
            ds = pydicom.dcmread(path)
        except Exception as exc:
            report.failed.append((str(path), translate(
                "CtAnonymise", "not readable as DICOM: {0}").format(exc)))
            continue
        target = out / f"IM{number:05d}.dcm"
        try:
            anonymise_dataset(ds, uids)
            with atomic_write(target, "wb") as fh:   # temporary name in out, then os.replace
                ds.save_as(fh, enforce_file_format=True)
        except Exception as exc:
            report.failed.append((str(path), translate(
                "CtAnonymise", "could not write {0}: {1}").format(target.name, exc)))
            continue
        report.written.append((str(path), str(target)))
    if progress is not None and not report.cancelled:
        progress(1.0, translate("CtAnonymise", "anonymised {0} of {1} files").format(
            len(report.written), len(files)))
    return report
