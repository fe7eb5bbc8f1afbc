"""A real local Ray instance for the in-process batch tests (one per test module)."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def ray_cluster():
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False,
             object_store_memory=100 << 20,
             logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


def tree_state(root: Path) -> dict:
    """Every entry under ``root``: a regular file's SHA-256, else what it is."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file():
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[rel] = "dir" if path.is_dir() else "special"
    return state


def photo_cohort(test_data: Path, root: Path, copies: int = 1) -> Path:
    """The four people photos in a small tree (``copies`` times), with a text file named
    .png and a named pipe named .png among them."""
    people = sorted((test_data / "faces" / "people").glob("*.jpg"))
    for copy in range(copies):
        for number, photo in enumerate(people):
            folder = root / f"site{copy}" / ("day1" if number < 2 else "day2")
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(photo, folder / photo.name)
    (root / "site0" / "notes.png").write_text("not a photo\n")
    os.mkfifo(root / "site0" / "pipe.png")
    return root
