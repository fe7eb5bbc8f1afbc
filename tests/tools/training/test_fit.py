"""The "fit" demo: seeded curves, the decision boundary, overfitting and its remedies."""

import numpy as np
import pytest

from tests.tools.training.conftest import run_demo

SMALL = dict(samples=60, hidden=16, epochs=40)
# Little data (20 training points, 20 held out) and a big model (3 × 128 units).
OVERFIT = dict(dataset="moons", samples=40, validation=0.5, noise=0.3, hidden=128, layers=3,
               epochs=300)


def test_one_seed_gives_the_same_curves_and_another_seed_does_not():
    _, first = run_demo("fit", seed=3, dropout=0.3, **SMALL)
    _, again = run_demo("fit", seed=3, dropout=0.3, **SMALL)
    _, other = run_demo("fit", seed=4, dropout=0.3, **SMALL)
    assert first.points_since(0) == again.points_since(0)
    assert first.points_since(0) != other.points_since(0)
    assert [epoch for epoch, _ in first.points_since(0)] == list(range(1, 41))
    a, b = first.snapshot("boundary"), again.snapshot("boundary")
    assert np.array_equal(a.probs, b.probs) and np.array_equal(a.train, b.train)


@pytest.mark.parametrize("dataset", ["moons", "spirals", "circles"])
def test_classification_curves_and_boundary(dataset):
    final, live = run_demo("fit", dataset=dataset, **SMALL)
    assert set(live.last_values()) == {"train_loss", "val_loss", "train_acc", "val_acc"}
    boundary = live.snapshot("boundary")
    assert boundary.epoch == 40 and not boundary.regression
    assert boundary.probs.shape == (len(boundary.ys), len(boundary.xs))
    assert boundary.probs.dtype == np.float32
    assert 0.0 <= boundary.probs.min() and boundary.probs.max() <= 1.0
    assert boundary.points.shape == (60, 2) and set(np.unique(boundary.labels)) == {0, 1}
    assert boundary.train.sum() == 42  # 30 % of 60 held out
    # The grid covers every point.
    assert boundary.xs[0] < boundary.points[:, 0].min() < boundary.points[:, 0].max() < (
        boundary.xs[-1])
    assert final["train_acc"] == live.last_values()["train_acc"] and "gap" in final


def test_the_curve_is_a_regression_with_a_fitted_line():
    final, live = run_demo("fit", dataset="curve", samples=100, hidden=32, epochs=300,
                           noise=0.1)
    assert set(live.last_values()) == {"train_loss", "val_loss"}
    boundary = live.snapshot("boundary")
    assert boundary.regression and boundary.probs.shape == boundary.xs.shape == (200,)
    assert boundary.truth.shape == (200,) and len(boundary.ys) == 0
    # Fitted: the line is close to the sine it was drawn around (noise 0.1).
    assert np.abs(boundary.probs - boundary.truth).mean() < 0.15
    assert final["val_loss"] < 0.05 and "gap" not in final


def gaps(seeds, **extra) -> float:
    return float(np.mean([run_demo("fit", seed=s, **OVERFIT, **extra)[0]["gap"]
                          for s in seeds]))


@pytest.mark.slow
def test_a_big_model_on_little_data_overfits_and_weight_decay_shrinks_the_gap():
    seeds = range(6)  # 20 validation points: one seed's accuracy moves in steps of 0.05
    plain = gaps(seeds)
    decayed = gaps(seeds, weight_decay=0.1)
    assert plain > 0.15
    assert decayed < plain - 0.07


def test_early_stopping_stops_and_keeps_the_best_weights():
    final, live = run_demo("fit", seed=1, early_stopping=True, patience=20,
                           **{**OVERFIT, "epochs": 2000})
    assert final["stopped_early"] and final["epochs_run"] < 2000
    assert final["epochs_run"] == live.count == final["best_epoch"] + 20
    val = dict(zip(*live.curve("val_loss")))
    assert final["val_loss"] == pytest.approx(min(val.values()), rel=1e-5)
