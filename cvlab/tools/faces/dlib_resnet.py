"""dlib's face recognition ResNet (``dlib_face_recognition_resnet_model_v1``) run as PyTorch.

The catalogue entry ``dlib_resnet`` is the ``.dat`` file dlib's ``face_recognition_model_v1``
loads. Its network is dlib's ``anet_type`` (dlib/tools/python/src/face_recognition.cpp): a
7x7/2 convolution with 32 filters, affine, ReLU and 3x3/2 max pooling, then residual blocks
(two 3x3 convolutions, each followed by an affine map, the first by a ReLU too) at 32, 64, 128
and 256 filters, each level after the first entered by a block at stride 2 whose shortcut is
a 2x2/2 average pool; global average pooling and a fully connected layer without bias to 128
values. The file is read by :mod:`cvlab.tools.faces.dlib_format` and the layers are run in
order by :class:`DlibChain`.

Input: 150x150 RGB uint8 face chips as dlib cuts them (``get_face_chip(img, shape, 150,
0.25)``; :func:`cvlab.tools.faces.align.align_face_dlib` makes them from five detector
landmarks). dlib subtracts the mean pixel stored in the file and divides by 256. Descriptors
are not normalised; dlib calls two faces the same person below Euclidean distance 0.6.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.weights.loading import WeightsMissingError, checked_path
from cvlab.tools.faces.dlib_format import DlibNetwork, LayerSpec, read_network_file
from cvlab.tools.faces.weights import get

WEIGHTS_NAME = "dlib_resnet"
FETCH_COMMAND = "cvlab weights fetch dlib_resnet"
INPUT_SIZE = 150
EMBEDDING_SIZE = 128
SAME_PERSON_DISTANCE = 0.6  # dlib's threshold on the Euclidean distance


def _block(filters: int, stride: int) -> list[LayerSpec]:
    # dlib's block<N, affine, stride>: con, affine, relu, con, affine (innermost first).
    return [LayerSpec("con", (filters, 3, stride)), LayerSpec("affine"), LayerSpec("relu"),
            LayerSpec("con", (filters, 3, 1)), LayerSpec("affine")]


def _ares(filters: int) -> list[LayerSpec]:
    # relu<add_prev1<block<tag1<...>>>>: the block's output plus its own input.
    return [LayerSpec("tag", (1,)), *_block(filters, 1), LayerSpec("add_prev", (1,)),
            LayerSpec("relu")]


def _ares_down(filters: int) -> list[LayerSpec]:
    # relu<add_prev2<avg_pool<2,2,2,2,skip1<tag2<block<stride 2, tag1<...>>>>>>>: the strided
    # block's output (tag2) plus the block's input average-pooled (skip1 goes back to tag1).
    return [LayerSpec("tag", (1,)), *_block(filters, 2), LayerSpec("tag", (2,)),
            LayerSpec("skip", (1,)), LayerSpec("avg_pool", (2, 2)), LayerSpec("add_prev", (2,)),
            LayerSpec("relu")]


def anet_stack() -> list[LayerSpec]:
    """dlib's ``anet_type`` layer by layer, innermost (first to run) first."""
    stack = [LayerSpec("con", (32, 7, 2)), LayerSpec("affine"), LayerSpec("relu"),
             LayerSpec("max_pool", (3, 2))]
    stack += _ares(32) * 3                                   # alevel4
    stack += _ares_down(64) + _ares(64) * 3                  # alevel3
    stack += _ares_down(128) + _ares(128) * 2                # alevel2
    stack += _ares_down(256) + _ares(256) * 2                # alevel1
    stack += _ares_down(256)                                 # alevel0
    return stack + [LayerSpec("avg_pool", (0, 1)), LayerSpec("fc", (EMBEDDING_SIZE, False))]


def read_dlib_resnet(path: str | Path) -> DlibNetwork:
    """Parse the ``.dat`` file; DlibFormatError (a ValueError) when it is not this network."""
    return read_network_file(path, anet_stack(), input_size=INPUT_SIZE)


def _build_module(net: DlibNetwork):
    import torch
    import torch.nn.functional as F
    from torch import nn

    def add_padded(a, b):
        # dlib's add_prev: the sum over the larger of the two shapes, the smaller one
        # zero-padded at the end (the stride-2 block's 3x3 output meets a 4x4 pooled input).
        shape = [max(x, y) for x, y in zip(a.shape[1:], b.shape[1:])]

        def grow(t):
            pads = [0, shape[2] - t.shape[3], 0, shape[1] - t.shape[2], 0, shape[0] - t.shape[1]]
            return F.pad(t, pads) if any(pads) else t

        return grow(a) + grow(b)

    class DlibChain(nn.Module):
        """Runs the parsed layers in order with torch functions (float32, NCHW)."""

        def __init__(self):
            super().__init__()
            self.layers = net.layers
            self.names = []
            for i, layer in enumerate(net.layers):
                names = {}
                for key, value in layer.arrays.items():
                    value = np.ascontiguousarray(value)
                    if layer.kind == "affine":
                        value = value.reshape(1, -1, 1, 1)
                    self.register_buffer(f"l{i}_{key}", torch.from_numpy(value))
                    names[key] = f"l{i}_{key}"
                self.names.append(names)
            mean = torch.tensor(net.pixel_mean, dtype=torch.float32).reshape(1, 3, 1, 1)
            self.register_buffer("pixel_mean", mean)

        def forward(self, rgb):
            """(N, 3, 150, 150) float 0-255 RGB to (N, 128) descriptors."""
            x = (rgb - self.pixel_mean) / 256.0
            tags = {}
            for layer, names in zip(self.layers, self.names):
                p = {key: getattr(self, name) for key, name in names.items()}
                kind, args = layer.kind, layer.args
                if kind == "con":
                    _, size, stride = args
                    x = F.conv2d(x, p["weight"], p.get("bias"), stride=stride,
                                 padding=size // 2 if stride == 1 else 0)
                    if layer.flags.get("relu"):
                        x = F.relu(x)
                elif kind == "affine":
                    if not layer.flags.get("disabled"):
                        x = x * p["gamma"] + p["beta"]
                elif kind == "relu":
                    if not layer.flags.get("disabled"):
                        x = F.relu(x)
                elif kind in ("max_pool", "avg_pool"):
                    size, stride = args
                    if size == 0:  # avg_pool_everything
                        x = x.mean(dim=(2, 3), keepdim=True)
                    else:
                        pad = size // 2 if stride == 1 else 0
                        pool = F.max_pool2d if kind == "max_pool" else F.avg_pool2d
                        x = pool(x, size, stride, pad)
                elif kind == "tag":
                    tags[args[0]] = x
                elif kind == "skip":
                    x = tags[args[0]]
                elif kind == "add_prev":
                    x = add_padded(x, tags[args[0]])
                elif kind == "fc":
                    # dlib's weights are (inputs, outputs): x (N, in) times W.
                    x = x.reshape(x.shape[0], -1) @ p["weight"]
                    if "bias" in p:
                        x = x + p["bias"]
                else:  # pragma: no cover - the reader only makes the kinds above
                    raise ValueError(kind)
            return x

    return DlibChain().eval()


def dlib_resnet_path() -> Path:
    """The verified ``.dat`` file; WeightsMissingError names the fetch command."""
    try:
        return checked_path(get(WEIGHTS_NAME))
    except WeightsMissingError as exc:
        raise WeightsMissingError(translate(
            "FaceWeights", "{0}. The dlib ResNet needs its .dat file: run {1}").format(
            exc, FETCH_COMMAND)) from None


class DlibResNet:
    """dlib face descriptors: 150x150 RGB uint8 face chips to 128-d vectors."""

    input_size = INPUT_SIZE

    def __init__(self, net: DlibNetwork, device="cpu"):
        self.device = device
        self.network = net
        self.net = _build_module(net).to(device)

    def raw(self, data_nchw: np.ndarray) -> np.ndarray:
        """The network's output for a float32 (N, 3, 150, 150) batch of 0-255 RGB values."""
        import torch

        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(data_nchw, np.float32)).to(self.device)
            return self.net(x).cpu().numpy()

    def embed(self, chips_rgb: np.ndarray) -> np.ndarray:
        """(N, 128) float32 descriptors of (N, 150, 150, 3) or one (150, 150, 3) RGB uint8
        chips, as dlib gives them (not normalised: compare with Euclidean distance)."""
        chips = np.asarray(chips_rgb)
        if chips.ndim == 3:
            chips = chips[None]
        if chips.shape[1:] != (INPUT_SIZE, INPUT_SIZE, 3) or chips.dtype != np.uint8:
            raise ValueError(f"the dlib ResNet takes 150x150 RGB uint8 face chips, got "
                             f"{chips.shape} {chips.dtype}")
        return self.raw(chips.transpose(0, 3, 1, 2).astype(np.float32))


def load_dlib_resnet(path: str | Path | None = None, device="cpu") -> DlibResNet:
    """The dlib ResNet from ``path`` or the catalogue's ``dlib_resnet`` file."""
    return DlibResNet(read_dlib_resnet(path or dlib_resnet_path()), device)


def euclidean_distance(a: np.ndarray, b: np.ndarray) -> float:
    """dlib's comparison: below :data:`SAME_PERSON_DISTANCE` means the same person."""
    return float(np.linalg.norm(np.asarray(a, np.float64).ravel()
                                - np.asarray(b, np.float64).ravel()))
