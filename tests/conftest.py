import os
import tempfile
from pathlib import Path

import pytest

# Qt aborts on an empty QT_QPA_PLATFORM; only fill it in when unset or empty.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

os.environ.setdefault("CVLAB_DEVICE", "cpu")
# Generated samples go to a throw-away folder, never the user's cache.
os.environ.setdefault("CVLAB_CACHE", tempfile.mkdtemp(prefix="cvlab-test-cache-"))

REPO = Path(__file__).resolve().parents[1]


def _shared_data() -> Path:
    env = os.environ.get("CVLAB_SHARED_DATA")
    path = Path(env) if env else REPO.parent / "shared" / "data"
    if not (path / "MANIFEST.md").is_file():
        raise RuntimeError(f"shared test data not found at {path} (set CVLAB_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return _shared_data()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO
