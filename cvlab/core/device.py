"""Choosing and describing the compute device. Imports torch lazily (it costs seconds)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cvlab.core.cpu_threads import available_cores
from cvlab.core.i18n import translate
from cvlab.core.setting_error import SettingError

ENV_VAR = "CVLAB_DEVICE"


@dataclass(frozen=True)
class DeviceChoice:
    """One entry of the View → Device menu."""

    spec: str   # "auto", "cpu", "cuda:0", "mps"
    label: str  # what the user reads


class DeviceUnavailable(SettingError):
    """The device asked for (an explicit choice or $CVLAB_DEVICE) cannot be used here; the
    message says which and why, in one sentence."""


def requested_spec(explicit: str | None = None) -> str:
    """The device the user asked for: an explicit choice, else $CVLAB_DEVICE, else auto."""
    spec = (explicit or os.environ.get(ENV_VAR) or "auto").strip().lower()
    return spec or "auto"


def resolve_device(spec: str | None = None):
    """Turn a spec into a torch.device: auto picks CUDA, then MPS, then CPU.

    An unavailable or unknown choice raises DeviceUnavailable naming what is missing.
    """
    import torch

    spec = requested_spec(spec)
    if spec == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        if _mps_available(torch):
            return torch.device("mps")
        return torch.device("cpu")
    if spec == "cpu":
        return torch.device("cpu")
    if spec.startswith("cuda"):
        if not torch.cuda.is_available():
            raise DeviceUnavailable(translate(
                "Device", "device {0} was asked for, but CUDA is not available here"
            ).format(repr(spec)))
        try:
            dev = torch.device(spec)
        except RuntimeError:  # "cuda:x"
            raise DeviceUnavailable(_unknown(spec)) from None
        index = dev.index if dev.index is not None else 0
        if index >= torch.cuda.device_count():
            raise DeviceUnavailable(translate(
                "Device", "device {0} was asked for, but only {1} CUDA device(s) exist"
            ).format(repr(spec), torch.cuda.device_count()))
        return torch.device("cuda", index)
    if spec == "mps":
        if not _mps_available(torch):
            raise DeviceUnavailable(translate(
                "Device", "device 'mps' was asked for, but Apple MPS is not available here"))
        return torch.device("mps")
    raise DeviceUnavailable(_unknown(spec))


def _unknown(spec: str) -> str:
    return translate("Device", "unknown device {0}: use auto, cpu, cuda, cuda:N or "
                     "mps").format(repr(spec))


def available_choices() -> list[DeviceChoice]:
    """Every device the user may pick, for the View → Device menu."""
    import torch

    choices = [DeviceChoice("auto", translate("Device", "Automatic (GPU if present)"))]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            choices.append(DeviceChoice(f"cuda:{i}", f"CUDA {i}: {torch.cuda.get_device_name(i)}"))
    if _mps_available(torch):
        choices.append(DeviceChoice("mps", "Apple MPS"))
    choices.append(DeviceChoice("cpu", translate("Device", "CPU ({0} cores)")
                                  .format(available_cores())))
    return choices


def describe_device(device) -> str:
    """One line for the status bar, e.g. 'CUDA: NVIDIA H100 80GB HBM3, 3.1 / 80 GB used'."""
    import torch

    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        name = torch.cuda.get_device_name(index)
        free, total = torch.cuda.mem_get_info(index)
        used_gb, total_gb = (total - free) / 1e9, total / 1e9
        return translate("Device", "CUDA: {0}, {1:.1f} / {2:.0f} GB used").format(
            name, used_gb, total_gb)
    if device.type == "mps":
        return "Apple MPS"
    # Cores, not threads: each job takes those free when it starts (core/cpu_threads.py).
    return translate("Device", "CPU, {0} cores").format(available_cores())


def _mps_available(torch) -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def is_out_of_memory(exc: BaseException) -> bool:
    """A device out-of-memory error (torch.OutOfMemoryError, or its message on older builds)."""
    return type(exc).__name__ == "OutOfMemoryError" or "out of memory" in str(exc).lower()


def retry_with_smaller_tiles(run, tile_size: int, minimum: int = 64, on_retry=None):
    """Call ``run(tile_size)``; on out-of-memory, free the cache and halve the tile until
    ``minimum``. Tiled tools (super-resolution, inpainting) wrap their inference in this."""
    while True:
        try:
            return run(tile_size)
        except Exception as exc:
            if not is_out_of_memory(exc) or tile_size // 2 < minimum:
                raise
            _empty_device_cache()
            tile_size //= 2
            if on_retry is not None:
                on_retry(tile_size)


def _empty_device_cache() -> None:
    import sys

    torch = sys.modules.get("torch")  # only when torch is already in use
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()
