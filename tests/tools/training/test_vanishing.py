"""The "vanishing" demo: sigmoid's gradient fades towards the input; ReLU's and residual
connections' does not."""

import numpy as np

from tests.tools.training.conftest import run_demo


def test_sigmoid_first_layer_gradient_is_orders_smaller_at_depth_20():
    finals = {}
    for activation in ("sigmoid", "relu", "residual"):
        final, live = run_demo("vanishing", activation=activation, depth=20, epochs=5)
        norms = live.snapshot("grad_norms")
        assert norms.shape == (20,) and np.all(np.isfinite(norms))
        assert final["initial_grad_norm_first_layer"] > 0
        assert set(live.last_values()) == {"train_loss", "train_acc"} and live.count == 5
        finals[activation] = final
    sigmoid = finals["sigmoid"]["grad_norm_first_layer"]
    assert sigmoid < 1e-4 * finals["relu"]["grad_norm_first_layer"]
    assert sigmoid < 1e-4 * finals["residual"]["grad_norm_first_layer"]
    # Within sigmoid's own network the fading runs from the output back to the input.
    assert sigmoid < 1e-6 * finals["sigmoid"]["grad_norm_last_layer"]
    assert finals["relu"]["grad_norm_first_layer"] > 1e-2 * finals["relu"][
        "grad_norm_last_layer"]


def test_a_shallow_sigmoid_network_still_learns_and_runs_are_seeded():
    final, live = run_demo("vanishing", activation="sigmoid", depth=4, epochs=150,
                           learning_rate=0.03)
    assert final["train_acc"] > 0.8
    _, again = run_demo("vanishing", activation="sigmoid", depth=4, epochs=150,
                        learning_rate=0.03)
    assert live.points_since(0) == again.points_since(0)
