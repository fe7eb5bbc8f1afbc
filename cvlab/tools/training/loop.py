"""What every demo's training loop does the same way.

* Seeding: each run draws from its own ``torch.Generator`` and ``numpy`` generator made from
  the seed (weights, data, dropout masks, shuffles), never from the global RNGs, so two
  runs with one seed give the same curves whatever else runs, and a snapshot (which draws
  nothing) taken at a different moment changes nothing.
* Pacing: ``Pace.offer(make)`` takes a snapshot when one is due: at most every 0.1 s and
  within a quarter of the run's time, so the tab gets several a second without the run
  spending its time drawing.
* Cancel and progress: ``Steps`` asks ``cancelled()`` and reports progress to the LiveRun.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch

from cvlab.core.i18n import translate
from cvlab.tools.training.live import LiveRun

SNAPSHOT_INTERVAL = 0.1  # seconds: up to 10 pictures a second, the tab redraws at 5+


def generators(seed: int) -> tuple[torch.Generator, np.random.Generator]:
    """The run's torch and numpy generators, both from ``seed``."""
    return torch.Generator().manual_seed(int(seed)), np.random.default_rng(int(seed))


class Pace:
    """Takes snapshots at most every ``interval`` seconds, and spends at most about a
    ``share`` of the run's time on them (a wide network's boundary costs a forward pass
    over the whole grid): ``pace.offer(make)`` calls ``make()`` when one is due."""

    def __init__(self, interval: float = SNAPSHOT_INTERVAL, share: float = 0.25) -> None:
        self.interval = interval
        self.share = share
        self._next = float("-inf")

    def offer(self, make: Callable[[], None]) -> bool:
        start = time.monotonic()
        if start < self._next:
            return False
        make()
        cost = time.monotonic() - start
        self._next = start + max(self.interval, cost / self.share)
        return True


class Steps:
    """A run of ``total`` epochs (or steps): progress to the LiveRun, the cancel question."""

    def __init__(self, live: LiveRun, total: int, cancelled: Callable[[], bool],
                 unit: str = "epoch") -> None:  # "epoch" | "step" | "image"
        self.live = live
        self.total = max(int(total), 1)
        self._cancelled = cancelled
        self.unit = unit
        self._reported = float("-inf")
        self.stopped = False

    def cancelled(self) -> bool:
        """True once the user cancelled (and from then on)."""
        if not self.stopped and self._cancelled():
            self.stopped = True
        return self.stopped

    def done(self, count: int) -> None:
        """``count`` epochs are done: report it (at most 20 times a second, and the last)."""
        now = time.monotonic()
        if count < self.total and now - self._reported < 0.05:
            return
        self._reported = now
        if self.unit == "step":
            text = translate("TrainingJobs", "step {0} of {1}").format(count, self.total)
        elif self.unit == "image":
            text = translate("TrainingJobs", "image {0} of {1}").format(count, self.total)
        else:
            text = translate("TrainingJobs", "epoch {0} of {1}").format(count, self.total)
        self.live.report(count / self.total, text)


def init_linear(layer: torch.nn.Linear | torch.nn.Conv2d, rule: str,
                generator: torch.Generator, gain: float = 1.0) -> None:
    """Weights by ``rule`` ("he": ReLU's, Kaiming normal; "xavier": sigmoid's, Glorot
    normal; "default": PyTorch's uniform ±1/sqrt(fan_in)) times ``gain``; biases 0."""
    weight = layer.weight
    with torch.no_grad():
        if rule == "he":
            torch.nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
        elif rule == "xavier":
            torch.nn.init.xavier_normal_(weight, generator=generator)
        else:
            fan_in = weight[0].numel()
            bound = 1.0 / fan_in ** 0.5
            weight.uniform_(-bound, bound, generator=generator)
        weight.mul_(gain)
        if layer.bias is not None:
            layer.bias.zero_()


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The fraction right: one logit per sample (two classes) or a row of class scores."""
    if logits.ndim == 1 or logits.shape[-1] == 1:
        predicted = (logits.reshape(-1) > 0).to(labels.dtype)
    else:
        predicted = logits.argmax(dim=1)
    return float((predicted == labels.reshape(predicted.shape)).float().mean())
