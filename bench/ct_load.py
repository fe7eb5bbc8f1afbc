"""Benchmark: loading a 300-slice 512×512 CT series — ours against a plain pydicom loop.

    python bench/ct_load.py [--slices 300] [--size 512] [--repeats 3] [--with-simpleitk]

Writes a real DICOM series (CT Image Storage, explicit VR little endian, 12-bit stored
values, RescaleIntercept −1024, proper UIDs and axial geometry, files named in random
order) into a temporary folder, then times in the same run, alternating:

- ours:      scan_paths + load_series (header scan, direct pixel reads, int16 HU)
- baseline:  dcmread every file + pixel_array, sort by ImagePositionPatient z, stack,
             rescale to float32 (volume * slope + intercept)
- SimpleITK: ImageSeriesReader (GDCM), only with --with-simpleitk; it is pip-installed
             into the current environment if missing and never becomes a project
             dependency. Without it the line says it was not measured.

All files sit in the page cache after writing, so the figures compare CPU cost, not disk.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import apply_modality_lut
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summary import record  # noqa: E402

from cvlab.tools.ct.dicom_load import load_series  # noqa: E402
from cvlab.tools.ct.dicom_scan import scan_paths  # noqa: E402

SLICE_SPACING_MM = 1.25
PIXEL_SPACING_MM = 0.7


def write_series(folder: Path, slices: int, size: int, seed: int = 0) -> None:
    """A synthetic but well-formed CT series: a water cylinder with bone and air."""
    rng = np.random.default_rng(seed)
    study_uid, series_uid, frame_uid = generate_uid(), generate_uid(), generate_uid()
    yy, xx = np.mgrid[:size, :size] - size / 2
    radius = np.hypot(yy, xx)
    phantom = np.where(radius < 0.45 * size, 1024 + 40, 0).astype(np.int32)   # water-ish
    phantom[radius < 0.08 * size] = 1024 + 1200                               # bone
    phantom[(np.abs(yy) < 0.05 * size) & (xx > 0.2 * size)] = 1024 - 900      # air
    names = rng.permutation(slices)  # file names say nothing about the order
    for index in range(slices):
        noise = rng.integers(-20, 21, size=(size, size))
        stored = np.clip(phantom + noise, 0, 4095).astype(np.uint16)
        ds = _slice_dataset(study_uid, series_uid, frame_uid, index, size)
        ds.PixelData = stored.tobytes()
        ds.save_as(folder / f"IMG{names[index]:05d}.dcm", enforce_file_format=True)


def _slice_dataset(study_uid: str, series_uid: str, frame_uid: str, index: int,
                   size: int) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.FrameOfReferenceUID = frame_uid
    ds.Modality, ds.PatientName, ds.PatientID = "CT", "Bench^Phantom", "BENCH001"
    ds.StudyDate, ds.StudyTime, ds.SeriesNumber = "20240101", "120000", 1
    ds.SeriesDescription, ds.InstanceNumber = "benchmark phantom", index + 1
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.ImagePositionPatient = [-size * PIXEL_SPACING_MM / 2, -size * PIXEL_SPACING_MM / 2,
                               round(-100 + index * SLICE_SPACING_MM, 3)]
    ds.SliceLocation = ds.ImagePositionPatient[2]
    ds.SliceThickness, ds.PixelSpacing = SLICE_SPACING_MM, [PIXEL_SPACING_MM] * 2
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = 1, -1024, "HU"
    ds.WindowCenter, ds.WindowWidth = 40, 400
    return ds


def ours(folder: Path) -> np.ndarray:
    scan = scan_paths(folder)
    return load_series(scan.largest()).voxels


def baseline(folder: Path) -> np.ndarray:
    datasets = [pydicom.dcmread(path) for path in sorted(folder.iterdir())]
    datasets.sort(key=lambda ds: float(ds.ImagePositionPatient[2]))
    stacked = np.stack([ds.pixel_array for ds in datasets])
    slope = float(datasets[0].RescaleSlope)
    intercept = float(datasets[0].RescaleIntercept)
    return stacked.astype(np.float32) * slope + intercept


def baseline_modality_lut(folder: Path) -> np.ndarray:
    """The same loop with pydicom's own modality LUT per slice (float64, as pydicom gives)."""
    datasets = [pydicom.dcmread(path) for path in sorted(folder.iterdir())]
    datasets.sort(key=lambda ds: float(ds.ImagePositionPatient[2]))
    return np.stack([apply_modality_lut(ds.pixel_array, ds) for ds in datasets])


def simpleitk_loader():
    """SimpleITK's series reader, installing the package on request; None if unavailable."""
    try:
        return importlib.import_module("SimpleITK")
    except ImportError:
        pass
    print("SimpleITK not installed; trying: pip install SimpleITK (benchmark only)")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "SimpleITK"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  pip failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    importlib.invalidate_caches()
    try:
        return importlib.import_module("SimpleITK")
    except ImportError:
        return None


def simpleitk_read(sitk, folder: Path) -> np.ndarray:
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(folder)))  # sorted by position
    return sitk.GetArrayFromImage(reader.Execute())


def time_it(function, *args) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=300)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--with-simpleitk", action="store_true",
                        help="also time SimpleITK (pip-installs it here if missing)")
    args = parser.parse_args()

    methods = {"ours (scan + load_series)": ours,
               "baseline (pydicom loop, float32 rescale)": baseline,
               "baseline (pydicom loop, apply_modality_lut float64)": baseline_modality_lut}
    sitk = simpleitk_loader() if args.with_simpleitk else None
    if sitk is not None:
        methods["SimpleITK ImageSeriesReader"] = lambda folder: simpleitk_read(sitk, folder)

    with tempfile.TemporaryDirectory(prefix="cvlab_ct_bench_") as temp:
        folder = Path(temp)
        start = time.perf_counter()
        write_series(folder, args.slices, args.size)
        print(f"wrote {args.slices} slices of {args.size}×{args.size} in "
              f"{time.perf_counter() - start:.1f} s to {folder}")
        times: dict[str, list[float]] = {name: [] for name in methods}
        reference = None
        for _ in range(args.repeats):  # alternate, so drift hits every method alike
            for name, method in methods.items():
                seconds, volume = time_it(method, folder)
                times[name].append(seconds)
                if reference is None:
                    reference = volume
                elif not np.array_equal(np.asarray(volume, np.float64),
                                        np.asarray(reference, np.float64)):
                    print(f"  WARNING: {name} gives different voxels from ours")
                del volume
        ours_time = statistics.median(times["ours (scan + load_series)"])
        base_time = statistics.median(times["baseline (pydicom loop, float32 rescale)"])
        print(f"median of {args.repeats} runs, {args.slices}×{args.size}×{args.size}:")
        for name, values in times.items():
            print(f"  {name:<55} {statistics.median(values):6.3f} s "
                  f"(min {min(values):.3f}) = {statistics.median(values) / ours_time:.2f}× ours")
        if sitk is None:
            print("  SimpleITK ImageSeriesReader: not measured (run with --with-simpleitk)")
        print(f"ours / baseline = {ours_time / base_time:.2f} (goal ≤ 0.50)")
        record("CT series load", ours_time, "pydicom loop, float32 rescale", base_time,
               f"{args.slices}×{args.size}²")


if __name__ == "__main__":
    main()
