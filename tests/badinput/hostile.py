"""Hostile and broken side files: model files for ``cam --model``, class-name files and the
CT window-presets file. The pickles here try to run code; the corpus checks they never do.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

MARKER_NAME = "PICKLE_CODE_RAN"


class _RunsCode:
    """Unpickling this runs a shell command that creates the marker file beside the model."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch '{self.marker}'",)


def _marker(path: Path) -> Path:
    return path.parent / MARKER_NAME


def evil_torch_zip(path: Path) -> None:
    """torch.save's zip format with code in data.pkl."""
    import torch

    torch.save({"fc.weight": torch.zeros(2, 2), "hook": _RunsCode(_marker(path))}, path)


def evil_legacy_pickle(path: Path) -> None:
    """A bare pickle (the pre-1.6 .pth layout) whose loading runs code."""
    path.write_bytes(pickle.dumps({"state_dict": _RunsCode(_marker(path))}, protocol=2))


def evil_torchscript_extra(path: Path) -> None:
    """A real TorchScript classifier carrying a pickle with code in its extra files."""
    import torch

    script = torch.jit.script(torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(),
                                                  torch.nn.AdaptiveAvgPool2d(1),
                                                  torch.nn.Flatten(), torch.nn.Linear(4, 3)))
    extra = {"data.pkl": pickle.dumps(_RunsCode(_marker(path)))}
    torch.jit.save(script, str(path), _extra_files=extra)


def truncated_torchscript(path: Path) -> None:
    import torch

    script = torch.jit.script(torch.nn.Linear(4, 3))
    full = path.with_suffix(".full")
    torch.jit.save(script, str(full))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 2])


def torchscript_not_a_classifier(path: Path) -> None:
    """Valid TorchScript that maps an image to an image, not to class scores."""
    import torch

    torch.jit.save(torch.jit.script(torch.nn.Conv2d(3, 3, 3, padding=1)), str(path))


def resnet18_state_dict(path: Path) -> None:
    import torch
    import torchvision

    torch.save(torchvision.models.resnet18(num_classes=4).state_dict(), path)


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def text_file(path: Path) -> None:
    path.write_text("model = resnet18(pretrained=True)\n")


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def fifo(path: Path) -> None:
    os.mkfifo(path)


# --------------------------------------------------------------------------- class names
def classes_deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def classes_binary(path: Path) -> None:
    path.write_bytes(b"\xff\xfe\x00\x81" * 256)


def classes_json_object(path: Path) -> None:
    path.write_text(json.dumps({"0": "cat", "1": "dog"}))


# --------------------------------------------------------------------------- window presets
def presets_not_json(path: Path) -> None:
    path.write_text("lung: 1500/-600\n")


def presets_deep(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def presets_wide(path: Path) -> None:
    path.write_text(json.dumps([{"name": "Lung", "width": "wide", "level": -600}]))


def presets_zero_width(path: Path) -> None:
    path.write_text(json.dumps([{"name": "Flat", "width": 0, "level": 40}]))


def presets_nan_width(path: Path) -> None:
    path.write_text('[{"name": "Odd", "width": NaN, "level": 40}]')


def presets_folder(path: Path) -> None:
    path.mkdir()


def presets_binary(path: Path) -> None:
    path.write_bytes(os.urandom(512))
