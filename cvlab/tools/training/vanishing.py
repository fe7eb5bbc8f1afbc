"""The "vanishing" demo: a deep MLP's gradient at every layer, sigmoid vs ReLU vs residual.

``depth`` linear layers (2 → width, width → width …, width → 1) learn the two moons (300
points, full-batch Adam, binary cross-entropy). Back-propagation multiplies the gradient by
each layer's weights and its activation's slope on the way to the input; sigmoid's slope is
at most 1/4, so with Glorot's initialisation (the one meant for it) the gradient shrinks
about fourfold a layer and the first layers hardly learn. ReLU with He's initialisation
keeps its size; "residual" adds each hidden layer's input to its output (h + ReLU(W h)),
an identity path the gradient takes unchanged (the branches start at 1/sqrt(depth) of He's
size so the sum does not grow layer by layer).

Snapshot "grad_norms" after every step: a float64 array, the Frobenius norm of each
layer's weight gradient, layer 1 on the input side. The final metrics add the mean over
the run of the first and the last layer's norm (``grad_norm_first_layer``,
``grad_norm_last_layer``) and those at the first step (``initial_grad_norm_*``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from cvlab.tools.training import toy_data
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.loop import Steps, accuracy, generators, init_linear

SAMPLES = 300
NOISE = 0.15


class DeepMLP(nn.Module):
    """``depth`` linear layers with sigmoid or ReLU between them, optionally residual."""

    def __init__(self, depth: int, width: int, activation: str,
                 generator: torch.Generator) -> None:
        super().__init__()
        self.residual = activation == "residual"
        self.act = nn.Sigmoid() if activation == "sigmoid" else nn.ReLU()
        sizes = [2] + [width] * (depth - 1) + [1]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        rule = "xavier" if activation == "sigmoid" else "he"
        for number, layer in enumerate(self.layers):
            hidden = 0 < number < depth - 1
            gain = 1.0 / depth ** 0.5 if self.residual and hidden else 1.0
            init_linear(layer, rule if number < depth - 1 else "default", generator, gain)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        last = len(self.layers) - 1
        for number, layer in enumerate(self.layers):
            if number == last:
                return layer(x).reshape(-1)
            out = self.act(layer(x))
            x = x + out if self.residual and number > 0 else out
        return x

    def grad_norms(self) -> np.ndarray:
        return np.array([float(layer.weight.grad.norm()) for layer in self.layers])


def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
    torch_gen, rng = generators(seed)
    data = toy_data.make("moons", SAMPLES, NOISE, rng)
    inputs = torch.from_numpy(data.points)
    targets = torch.from_numpy(data.labels).float()
    model = DeepMLP(options["depth"], options["width"], options["activation"], torch_gen)
    optimiser = torch.optim.Adam(model.parameters(), lr=options["learning_rate"])
    loss_fn = nn.BCEWithLogitsLoss()
    steps = Steps(live, options["epochs"], cancelled)
    history: list[np.ndarray] = []
    final: dict = {}
    for epoch in range(1, options["epochs"] + 1):
        if steps.cancelled():
            break
        optimiser.zero_grad()
        output = model(inputs)
        loss = loss_fn(output, targets)
        loss.backward()
        norms = model.grad_norms()
        history.append(norms)
        live.set_snapshot("grad_norms", norms)
        optimiser.step()
        # The loss and accuracy of the weights the gradient was measured at.
        final = {"train_loss": float(loss.detach()),
                 "train_acc": accuracy(output.detach(), targets)}
        live.add(epoch, final)
        steps.done(epoch)
    if history:
        norms = np.stack(history)
        final.update(grad_norm_first_layer=float(norms[:, 0].mean()),
                     grad_norm_last_layer=float(norms[:, -1].mean()),
                     initial_grad_norm_first_layer=float(norms[0, 0]),
                     initial_grad_norm_last_layer=float(norms[0, -1]))
    if steps.stopped:
        final["cancelled"] = True
    return final
