"""The "augment" demo: each transform on the sample photos, seeded, no training."""

import numpy as np
import pytest

from tests.tools.training.conftest import run_demo


@pytest.mark.parametrize("transform", ["flip", "rotate", "crop_resize", "color_jitter",
                                       "noise", "elastic"])
def test_each_transform_changes_the_photos_and_strength_zero_does_not(transform):
    final, live = run_demo("augment", transform=transform, strength=1.0, count=2)
    samples = live.snapshot("samples")
    assert samples.originals.shape == (3, 160, 160, 3) and samples.originals.dtype == np.uint8
    assert samples.augmented.shape == (3, 2, 160, 160, 3)
    assert samples.augmented.dtype == np.uint8 and final == {"images": 6}
    assert live.count == 0  # no curves
    changed = [not np.array_equal(version, original)
               for original, versions in zip(samples.originals, samples.augmented)
               for version in versions]
    assert all(changed)
    _, same = run_demo("augment", transform=transform, strength=0.0, count=1)
    kept = same.snapshot("samples")
    if transform != "crop_resize":  # a crop of 100 % still resamples
        assert np.array_equal(kept.augmented[:, 0], kept.originals)


def test_one_seed_gives_the_same_versions():
    _, a = run_demo("augment", seed=5, transform="rotate", count=2)
    _, b = run_demo("augment", seed=5, transform="rotate", count=2)
    _, c = run_demo("augment", seed=6, transform="rotate", count=2)
    assert np.array_equal(a.snapshot("samples").augmented, b.snapshot("samples").augmented)
    assert not np.array_equal(a.snapshot("samples").augmented,
                              c.snapshot("samples").augmented)
