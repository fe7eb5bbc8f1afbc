"""What every training script of this project does the same way: the seeded, time-boxed start,
the learning-rate schedule, the optimiser step, the weights file, the log, the hardware line of
the model card, the validation photos."""

from __future__ import annotations

import csv
import io
import math
import time
from pathlib import Path

import numpy as np

from cvlab.core.fileio import atomic_write


def start_run(seed: int, minutes: float) -> tuple[np.random.Generator, float, float]:
    """Seed torch and numpy for a time-boxed run: (numpy generator, start time
    (``time.monotonic()``), the budget in seconds)."""
    import torch

    torch.manual_seed(seed)
    return np.random.default_rng(seed), time.monotonic(), minutes * 60


def set_lr(lr: float, *optimizers) -> None:
    """Every parameter group of ``optimizers`` at learning rate ``lr``."""
    for optimizer in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = lr


def optimiser_step(optimizer, loss, clip_norm: float | None = None) -> None:
    """Back-propagate ``loss`` and step ``optimizer``; gradients are cleared first and, with
    ``clip_norm``, clipped to that total norm over the optimiser's parameters."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if clip_norm is not None:
        import torch

        parameters = [p for group in optimizer.param_groups for p in group["params"]]
        torch.nn.utils.clip_grad_norm_(parameters, clip_norm)
    optimizer.step()


def cosine_lr(base: float, fraction_done: float, floor: float = 0.02) -> float:
    """Cosine decay from ``base`` to ``floor`` × base over a run (``fraction_done`` 0…1, here
    the share of the wall-clock budget used, since every run is time-boxed)."""
    fraction_done = min(max(fraction_done, 0.0), 1.0)
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * fraction_done)))


def write_weights(path: Path, model, metadata: dict[str, str]) -> None:
    """The model's state dict as fp32 safetensors (with ``metadata``), written atomically."""
    from safetensors.torch import save

    state = {k: v.detach().float().contiguous() for k, v in model.state_dict().items()}
    with atomic_write(path) as fh:
        fh.write(save(state, metadata=metadata))


def write_log(path: Path, rows: list[dict]) -> None:
    """The training log as CSV (one row per dict, the first row's keys as header)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    with atomic_write(path) as fh:
        fh.write(buffer.getvalue().encode("utf-8"))


def hardware_text() -> str:
    import platform

    import torch

    return (f"CPU only, {torch.get_num_threads()} thread(s) on a 2-core {platform.machine()} "
            f"machine shared with other jobs; no GPU (torch {torch.__version__})")


def validation_photos(folder: Path) -> dict[str, np.ndarray]:
    """The validation photos in ``folder`` (*.jpg|jpeg|png), RGB uint8, by file name."""
    from PIL import Image

    paths = sorted(p for p in Path(folder).iterdir()
                   if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    return {p.name: np.asarray(Image.open(p).convert("RGB")) for p in paths}
