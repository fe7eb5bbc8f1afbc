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


# The suite's own real data (tests/data/MANIFEST.md gives sources and licences); nothing
# outside the repository is read.
TEST_DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO
