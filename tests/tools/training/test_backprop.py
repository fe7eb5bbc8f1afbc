"""The "backprop" demo: back-propagation by hand equals torch.autograd, step by step."""

import numpy as np
import pytest
import torch

from cvlab.tools.training.backprop import Weights, forward_backward, initial_weights
from tests.tools.training.conftest import run_demo


def autograd(inputs, target, w: Weights):
    """The same network written with torch and differentiated by autograd (float64)."""
    params = {name: torch.tensor(np.asarray(value, float), dtype=torch.float64,
                                 requires_grad=True)
              for name, value in vars(w).items()}
    x = torch.tensor(inputs, dtype=torch.float64)
    hidden = torch.sigmoid(params["hidden"] @ x + params["hidden_bias"])
    output = torch.sigmoid(params["out"] @ hidden + params["out_bias"])
    loss = 0.5 * (output - target) ** 2
    loss.backward()
    grads = {name: p.grad.numpy() for name, p in params.items()}
    return float(loss.detach()), hidden.detach().numpy(), grads


@pytest.mark.parametrize("seed", range(5))
def test_hand_written_gradients_equal_autograd(seed):
    rng = np.random.default_rng(100 + seed)
    inputs, target = rng.uniform(-2, 2, 2), float(rng.uniform(0, 1))
    weights = Weights(rng.normal(0, 2, (2, 2)), rng.normal(0, 1, 2), rng.normal(0, 2, 2),
                      float(rng.normal()))
    network = forward_backward(1, inputs, target, weights)
    loss, hidden, grads = autograd(inputs, target, weights)
    assert network.loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(network.hidden, hidden, rtol=1e-12)
    for name, grad in grads.items():
        np.testing.assert_allclose(getattr(network.grad, name), grad, rtol=1e-10, atol=1e-15)


def test_steps_go_downhill_and_every_step_is_kept():
    final, live = run_demo("backprop", seed=2, steps=25, learning_rate=1.0, target=0.1)
    history = live.snapshot("history")
    assert [n.step for n in history] == list(range(1, 26)) and live.count == 25
    assert live.snapshot("network") is history[-1]
    losses = [n.loss for n in history]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    assert final["loss_after"] < final["loss"] == losses[-1]
    # Each step's weights are the last one's minus the learning rate times its gradient.
    first, second = history[0], history[1]
    np.testing.assert_allclose(second.weights.hidden,
                               first.weights.hidden - 1.0 * first.grad.hidden)
    assert np.array_equal(first.weights.hidden, initial_weights(2).hidden)
    assert first.inputs.tolist() == [0.6, -0.4] and first.target == 0.1
