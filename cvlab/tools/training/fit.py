"""The "fit" demo: a small MLP learns 2-D data while its decision boundary is redrawn.

Capacity (hidden width, layers) against data size shows under- and overfitting; weight
decay, dropout and early stopping are the remedies. Full-batch Adam on the CPU (a few
hundred points train in milliseconds an epoch). The curves are the data loss and accuracy
on the training and the validation samples, measured after each step with dropout off;
weight decay's penalty is added to the loss the optimiser sees, not to the curves, so
train and validation stay comparable. Early stopping watches the validation loss and,
after ``patience`` epochs without a new best, restores the best weights and stops.

Snapshot "boundary" (a :class:`Boundary`) at most every 0.1 s and at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch
from torch import nn

from cvlab.tools.training import toy_data
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.loop import Pace, Steps, accuracy, generators, init_linear

GRID = 64  # boundary grid cells a side
MARGIN = 0.4  # the grid reaches this far past the data


@dataclass(frozen=True)
class Boundary:
    """What the model says over the plane, with the data, at one epoch.

    Classification: ``probs`` (len(ys)×len(xs) float32) is P(class 1) at each grid point.
    Regression ("curve"): ``probs`` is the fitted y over ``xs``, ``ys`` is empty and
    ``truth`` the noise-free curve over ``xs``. ``points`` N×2, ``labels`` N, ``train`` N
    (True: a training sample, False: a validation one).
    """

    epoch: int
    xs: np.ndarray
    ys: np.ndarray
    probs: np.ndarray
    points: np.ndarray
    labels: np.ndarray
    train: np.ndarray
    regression: bool
    truth: np.ndarray


class SeededDropout(nn.Module):
    """Dropout whose masks come from the run's generator (nn.Dropout uses the global one)."""

    def __init__(self, rate: float, generator: torch.Generator) -> None:
        super().__init__()
        self.rate = rate
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.rate <= 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.rate
        return x * keep / (1.0 - self.rate)


def build_mlp(inputs: int, width: int, layers: int, dropout: float, outputs: int,
              generator: torch.Generator) -> nn.Sequential:
    """``inputs`` → ``layers`` × (Linear(width), ReLU, dropout) → ``outputs``; hidden
    layers He-initialised (ReLU's), the head PyTorch's default."""
    modules: list[nn.Module] = []
    for _ in range(layers):
        linear = nn.Linear(inputs, width)
        init_linear(linear, "he", generator)
        modules += [linear, nn.ReLU(), SeededDropout(dropout, generator)]
        inputs = width
    head = nn.Linear(inputs, outputs)
    init_linear(head, "default", generator)
    modules.append(head)
    return nn.Sequential(*modules)


def l2_penalty(model: nn.Module) -> torch.Tensor:
    """The sum of the squared weights (biases are not decayed)."""
    return sum((p.pow(2).sum() for name, p in model.named_parameters()
                if name.endswith("weight")), torch.zeros(()))


def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
    torch_gen, rng = generators(seed)
    data = toy_data.make(options["dataset"], options["samples"], options["noise"], rng)
    train = toy_data.split(len(data), options["validation"], rng)
    regression = data.regression
    if regression:  # input x, target y
        inputs = torch.from_numpy(data.points[:, :1].copy())
        targets = torch.from_numpy(data.points[:, 1].copy())
    else:
        inputs = torch.from_numpy(data.points)
        targets = torch.from_numpy(data.labels).float()
    train_t, val_t = torch.from_numpy(train), torch.from_numpy(~train)
    model = build_mlp(inputs.shape[1], options["hidden"], options["layers"],
                      options["dropout"], 1, torch_gen)
    loss_fn = nn.MSELoss() if regression else nn.BCEWithLogitsLoss()
    optimiser = torch.optim.Adam(model.parameters(), lr=options["learning_rate"])
    decay = options["weight_decay"]
    steps = Steps(live, options["epochs"], cancelled)
    pace = Pace()
    grid = _grid(data)
    best = (float("inf"), 0, None)  # validation loss, epoch, weights
    waited = 0
    metrics: dict[str, float] = {}
    epoch = 0
    for epoch in range(1, options["epochs"] + 1):
        if steps.cancelled():
            epoch -= 1
            break
        model.train()
        optimiser.zero_grad()
        output = model(inputs[train_t]).reshape(-1)
        loss = loss_fn(output, targets[train_t])
        if decay > 0:
            loss = loss + decay * l2_penalty(model)
        loss.backward()
        optimiser.step()
        metrics = _measure(model, inputs, targets, train_t, val_t, loss_fn, regression)
        live.add(epoch, metrics)
        steps.done(epoch)
        if not steps.cancelled():  # a wide network's boundary takes a while: not after a cancel
            pace.offer(partial(_draw, live, model, data, train, grid, epoch))
        if metrics["val_loss"] < best[0]:
            kept = _weights(model) if options["early_stopping"] else None
            best, waited = (metrics["val_loss"], epoch, kept), 0
        else:
            waited += 1
        if options["early_stopping"] and waited >= options["patience"]:
            break
    final = dict(metrics)
    final["epochs_run"] = epoch
    stopped = options["early_stopping"] and epoch < options["epochs"] and not steps.stopped
    final["stopped_early"] = bool(stopped)
    if options["early_stopping"] and best[2] is not None:
        model.load_state_dict(best[2])  # the remedy keeps the best weights it saw
        final.update(_measure(model, inputs, targets, train_t, val_t, loss_fn, regression))
        final["best_epoch"] = best[1]
    if not regression:
        final["gap"] = final.get("train_acc", 0.0) - final.get("val_acc", 0.0)
    if steps.stopped:
        final["cancelled"] = True
    else:
        _draw(live, model, data, train, grid, epoch)
    return final


def _weights(model: nn.Module) -> dict:
    return {name: value.detach().clone() for name, value in model.state_dict().items()}


@torch.no_grad()
def _measure(model, inputs, targets, train_t, val_t, loss_fn, regression) -> dict:
    model.eval()
    output = model(inputs).reshape(-1)
    metrics = {"train_loss": float(loss_fn(output[train_t], targets[train_t])),
               "val_loss": float(loss_fn(output[val_t], targets[val_t]))}
    if not regression:
        metrics["train_acc"] = accuracy(output[train_t], targets[train_t])
        metrics["val_acc"] = accuracy(output[val_t], targets[val_t])
    return metrics


def _grid(data: toy_data.ToyData) -> tuple[np.ndarray, np.ndarray]:
    if data.regression:
        return np.linspace(*toy_data.CURVE_RANGE, 200, dtype=np.float32), np.zeros(0, np.float32)
    low = data.points.min(0) - MARGIN
    high = data.points.max(0) + MARGIN
    return (np.linspace(low[0], high[0], GRID, dtype=np.float32),
            np.linspace(low[1], high[1], GRID, dtype=np.float32))


def _draw(live, model, data, train, grid, epoch) -> None:
    live.set_snapshot("boundary", _boundary(model, data, train, grid, epoch))


@torch.no_grad()
def _boundary(model, data, train, grid, epoch) -> Boundary:
    model.eval()
    xs, ys = grid
    if data.regression:
        fitted = model(torch.from_numpy(xs)[:, None]).reshape(-1).numpy()
        probs, truth = fitted.astype(np.float32), toy_data.curve_truth(xs)
    else:
        gx, gy = np.meshgrid(xs, ys)
        plane = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1))
        probs = torch.sigmoid(model(plane)).reshape(len(ys), len(xs)).numpy()
        truth = np.zeros(0, np.float32)
    return Boundary(epoch, xs, ys, probs.astype(np.float32), data.points, data.labels,
                    train.copy(), data.regression, truth)
