"""The "backprop" demo: back-propagation by hand on a 2-2-1 network and one example.

    x1, x2 ──w_hidden, b_hidden──▶ z1, z2 ─σ─▶ h1, h2 ──w_out, b_out──▶ z ─σ─▶ y
    loss L = (y - target)² / 2

Every step computes the forward values, then the gradients by the chain rule written out
(no autograd: the tests check them against ``torch.autograd``), then moves every weight by
``-learning_rate × dL/dw``. Each step's :class:`Network` becomes the snapshot "network",
and the tuple of all of them so far the snapshot "history", so the tab can step through;
"after" is the network with the weights the last step left (its forward values).
The starting weights are drawn from the seed (uniform in ±1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.loop import Steps


@dataclass(frozen=True)
class Weights:
    hidden: np.ndarray      # 2×2: hidden[j, i] from input i to hidden unit j
    hidden_bias: np.ndarray  # 2
    out: np.ndarray         # 2: from hidden unit j to the output
    out_bias: float


@dataclass(frozen=True)
class Network:
    """One step: the weights before it, the forward values, the gradients.

    ``grad`` holds dL/d(parameter) with the same shapes as ``weights``; ``delta_hidden``
    (dL/dz1, dL/dz2) and ``delta_out`` (dL/dz) are the error signals at each unit's input.
    """

    step: int
    inputs: np.ndarray       # x1, x2
    target: float
    weights: Weights
    hidden_pre: np.ndarray   # z1, z2
    hidden: np.ndarray       # h1, h2 = σ(z)
    output_pre: float        # z
    output: float            # y = σ(z)
    loss: float
    delta_out: float
    delta_hidden: np.ndarray
    grad: Weights


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward_backward(step: int, inputs: np.ndarray, target: float, w: Weights) -> Network:
    """The forward pass, the loss and every gradient, by hand."""
    hidden_pre = w.hidden @ inputs + w.hidden_bias
    hidden = sigmoid(hidden_pre)
    output_pre = float(w.out @ hidden + w.out_bias)
    output = float(sigmoid(output_pre))
    loss = 0.5 * (output - target) ** 2
    # dL/dy = y - t; dy/dz = y (1 - y)
    delta_out = (output - target) * output * (1.0 - output)
    # dL/dh_j = delta_out · w_out[j]; dh_j/dz_j = h_j (1 - h_j)
    delta_hidden = delta_out * w.out * hidden * (1.0 - hidden)
    grad = Weights(hidden=np.outer(delta_hidden, inputs), hidden_bias=delta_hidden.copy(),
                   out=delta_out * hidden, out_bias=float(delta_out))
    return Network(step, inputs.copy(), float(target), w, hidden_pre, hidden, output_pre,
                   output, float(loss), float(delta_out), delta_hidden, grad)


def updated(w: Weights, grad: Weights, rate: float) -> Weights:
    """One gradient-descent step."""
    return Weights(w.hidden - rate * grad.hidden, w.hidden_bias - rate * grad.hidden_bias,
                   w.out - rate * grad.out, w.out_bias - rate * grad.out_bias)


def initial_weights(seed: int) -> Weights:
    rng = np.random.default_rng(int(seed))
    return Weights(rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, 2), rng.uniform(-1, 1, 2),
                   float(rng.uniform(-1, 1)))


def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
    inputs = np.array([options["x1"], options["x2"]], dtype=np.float64)
    target = float(options["target"])
    weights = initial_weights(seed)
    steps = Steps(live, options["steps"], cancelled, unit="step")
    history: tuple[Network, ...] = ()
    for step in range(1, options["steps"] + 1):
        if steps.cancelled():
            break
        network = forward_backward(step, inputs, target, weights)
        history += (network,)
        live.set_snapshot("network", network)
        live.set_snapshot("history", history)
        live.add(step, {"loss": network.loss})
        steps.done(step)
        weights = updated(weights, network.grad, options["learning_rate"])
    final = {"loss": history[-1].loss if history else float("nan"),
             "output": history[-1].output if history else float("nan"),
             "steps": len(history)}
    if history:
        after = forward_backward(len(history) + 1, inputs, target, weights)
        final["loss_after"] = after.loss
        live.set_snapshot("after", after)
    if steps.stopped:
        final["cancelled"] = True
    return final

