"""The "digits" demo: a deeper plain CNN trains worse; a residual one does not (He et al.).

The course's ResNet figure ("training error on CIFAR-10 with 20-layer and 56-layer plain
networks") on a set small enough for a CPU: 8×8 handwritten digits (``digits_data``).
The network is ``depth`` 3×3 convolutions of ``channels`` feature maps with ReLU and no
batch normalisation (which would hide the effect), global average pooling and a linear
classifier. With ``residual`` the convolutions after the first come in pairs whose input
is added to their output (a basic block without batch normalisation; the second
convolution of each pair starts at zero, so every block starts as the identity).

Mini-batch SGD with momentum 0.9 as in the paper, seeded shuffles; 20 % of the digits are
held out. (Adam's per-weight step sizes hide the effect at this size: with Adam, lr 1e-3,
the 20-layer plain network reached a lower training loss than the 8-layer one.)
Curves per epoch: ``train_loss`` and ``train_acc`` are averaged over the epoch's batches
(as the course's figure plots training error), ``val_loss`` and ``val_acc`` are measured
after the epoch. Snapshot "predictions" after each epoch: a :class:`Predictions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cvlab.tools.training import digits_data
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.loop import Steps, generators, init_linear

VALIDATION = 0.2
SHOWN = 24  # validation digits in the "predictions" snapshot
MOMENTUM = 0.9
CHUNK_MACS = 2e8  # multiply-adds per forward chunk: some 0.05 s forward and backward


@dataclass(frozen=True)
class Predictions:
    """The first validation digits and what the network says they are, after an epoch."""

    epoch: int
    images: np.ndarray     # K×8×8 uint8 (0..255)
    labels: np.ndarray     # K int64
    predicted: np.ndarray  # K int64


class DigitsCNN(nn.Module):
    """``depth`` 3×3 convolutions (the stem plus pairs), pooling, a linear classifier."""

    def __init__(self, depth: int, channels: int, residual: bool,
                 generator: torch.Generator) -> None:
        super().__init__()
        self.residual = residual
        self.stem = nn.Conv2d(1, channels, 3, padding=1)
        init_linear(self.stem, "he", generator)
        pairs = []
        for _ in range((depth - 1) // 2):
            first = nn.Conv2d(channels, channels, 3, padding=1)
            second = nn.Conv2d(channels, channels, 3, padding=1)
            init_linear(first, "he", generator)
            init_linear(second, "he", generator, gain=0.0 if residual else 1.0)
            pairs.append(nn.ModuleList([first, second]))
        self.pairs = nn.ModuleList(pairs)
        # An even depth gets one more plain convolution after the pairs.
        self.extra = nn.Conv2d(channels, channels, 3, padding=1) if depth % 2 == 0 else None
        if self.extra is not None:
            init_linear(self.extra, "he", generator)
        self.head = nn.Linear(channels, 10)
        init_linear(self.head, "default", generator)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.stem(x))
        for first, second in self.pairs:
            out = second(F.relu(first(x)))
            x = F.relu(x + out) if self.residual else F.relu(out)
        if self.extra is not None:
            x = F.relu(self.extra(x))
        return self.head(x.mean(dim=(2, 3)))


def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
    torch_gen, rng = generators(seed)
    data = digits_data.load()
    train_idx, val_idx = digits_data.split(len(data.labels), VALIDATION, rng)
    images = torch.from_numpy(data.images).unsqueeze(1)
    images = (images - images.mean()) / images.std()  # zero mean, unit spread: a quicker start
    labels = torch.from_numpy(data.labels)
    train_x, train_y = images[train_idx], labels[train_idx]
    val_x, val_y = images[val_idx], labels[val_idx]
    shown = np.round(data.images[val_idx[:SHOWN]] * 255).astype(np.uint8)
    model = DigitsCNN(options["depth"], options["channels"], options["residual"], torch_gen)
    optimiser = make_optimiser(model, options["learning_rate"])
    steps = Steps(live, options["epochs"], cancelled)
    batch = options["batch_size"]
    chunk = chunk_size(options["depth"], options["channels"])
    metrics: dict = {}
    for epoch in range(1, options["epochs"] + 1):
        model.train()
        order = torch.randperm(len(train_y), generator=torch_gen)
        loss_sum, right = 0.0, 0
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            done = _step(model, optimiser, train_x[chosen], train_y[chosen], chunk, steps)
            if done is None:
                break
            loss_sum, right = loss_sum + done[0], right + done[1]
        validation = None if steps.stopped else _validate(model, val_x, val_y, chunk, steps)
        if validation is None:
            break
        metrics = {"train_loss": loss_sum / len(order), "train_acc": right / len(order),
                   **validation[0]}
        live.add(epoch, metrics)
        live.set_snapshot("predictions", Predictions(
            epoch, shown, data.labels[val_idx[:SHOWN]].copy(), validation[1][:SHOWN].numpy()))
        steps.done(epoch)
    final = dict(metrics)
    final["epochs_run"] = live.count
    if steps.stopped:
        final["cancelled"] = True
    return final


def chunk_size(depth: int, channels: int) -> int:
    """Images per forward pass: a batch is run in chunks of about CHUNK_MACS multiply-adds
    (its gradients summed), so a cancel is seen within 0.1 s whatever the network's size."""
    per_image = depth * channels * channels * 9 * 64
    return max(1, int(CHUNK_MACS // per_image))


def _step(model, optimiser, images, labels, chunk: int, steps: Steps) -> tuple | None:
    """One SGD step on a batch: (summed loss, right answers), None when cancelled."""
    optimiser.zero_grad()
    loss_sum, right = 0.0, 0
    for start in range(0, len(labels), chunk):
        if steps.cancelled():
            return None
        x, y = images[start:start + chunk], labels[start:start + chunk]
        logits = model(x)
        loss = F.cross_entropy(logits, y, reduction="sum")
        (loss / len(labels)).backward()  # the batch's mean loss, in pieces
        loss_sum += float(loss.detach())
        right += int((logits.argmax(1) == y).sum())
    optimiser.step()
    return loss_sum, right


def make_optimiser(model: nn.Module, rate: float) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=rate, momentum=MOMENTUM)


@torch.no_grad()
def _validate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, chunk: int,
              steps: Steps) -> tuple[dict, torch.Tensor] | None:
    """(validation loss and accuracy, the predicted classes), in chunks; None when
    cancelled."""
    model.eval()
    loss_sum, predicted = 0.0, []
    for start in range(0, len(labels), chunk):
        if steps.cancelled():
            return None
        x, y = images[start:start + chunk], labels[start:start + chunk]
        logits = model(x)
        loss_sum += float(F.cross_entropy(logits, y, reduction="sum"))
        predicted.append(logits.argmax(1))
    classes = torch.cat(predicted)
    return ({"val_loss": loss_sum / len(labels),
             "val_acc": float((classes == labels).float().mean())}, classes)
