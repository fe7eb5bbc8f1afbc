"""The "digits" demo and its data: the shipped 8×8 digits, a short seeded CNN run."""

import gzip
import hashlib

import numpy as np
import pytest

from cvlab.tools.training import digits_data
from cvlab.tools.training.digits import DigitsCNN
from tests.tools.training.conftest import run_demo


def test_the_shipped_digits_are_the_uci_set():
    data = digits_data.load()
    assert data.images.shape == (1797, 8, 8) and data.images.dtype == np.float32
    assert data.images.min() == 0.0 and data.images.max() == 1.0
    assert np.bincount(data.labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174,
                                                 180]
    raw = digits_data.path().read_bytes()
    assert hashlib.sha256(raw).hexdigest() == digits_data.SHA256
    manifest = (digits_data.path().parent / "MANIFEST.md").read_text()
    assert digits_data.SHA256 in manifest and "CC BY 4.0" in manifest


def test_a_damaged_copy_is_one_sentence(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / digits_data.FILE).write_bytes(gzip.compress(b"0,1,2\n"))
    monkeypatch.setenv("CVLAB_RESOURCES", str(tmp_path))
    digits_data.load.cache_clear()
    try:
        with pytest.raises(digits_data.DigitsMissing, match="is damaged .*reinstall CV Lab"):
            digits_data.load()
        (folder / digits_data.FILE).unlink()
        with pytest.raises(digits_data.DigitsMissing, match="is missing: reinstall CV Lab"):
            digits_data.load()
    finally:
        digits_data.load.cache_clear()


@pytest.mark.parametrize("depth", [2, 7, 8, 20])
def test_the_network_has_the_asked_number_of_convolutions(depth):
    import torch

    for residual in (False, True):
        net = DigitsCNN(depth, 8, residual, torch.Generator().manual_seed(0))
        convs = [m for m in net.modules() if isinstance(m, torch.nn.Conv2d)]
        assert len(convs) == depth
        assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in net.modules())
        assert net(torch.zeros(3, 1, 8, 8)).shape == (3, 10)


def test_a_short_run_learns_and_is_seeded():
    options = dict(depth=4, channels=8, epochs=5, batch_size=32, learning_rate=0.05)
    final, live = run_demo("digits", seed=1, **options)
    assert live.count == 5 and final["epochs_run"] == 5
    assert set(live.last_values()) == {"train_loss", "val_loss", "train_acc", "val_acc"}
    losses = live.curve("train_loss")[1]
    assert losses[-1] < 0.5 * losses[0] and final["val_acc"] > 0.5  # chance is 0.1
    shown = live.snapshot("predictions")
    assert shown.epoch == 5 and shown.images.shape == (24, 8, 8)
    assert shown.images.dtype == np.uint8 and shown.images.max() == 255
    assert shown.labels.shape == shown.predicted.shape == (24,)
    assert (shown.labels == shown.predicted).mean() > 0.4
    _, again = run_demo("digits", seed=1, **options)
    assert live.points_since(0) == again.points_since(0)
