"""The three MTCNN networks (Zhang et al. 2016), laid out so that facenet-pytorch's converted
state dicts (catalogue entries ``mtcnn_pnet``, ``mtcnn_rnet``, ``mtcnn_onet``) load strictly.

Every net takes float images already normalised to ``(v - 127.5) / 128`` and returns raw
heads: the face probability comes out as one channel (softmax over [background, face]).
The dense layers were converted from a (H, W, C)-ordered framework: before flattening, the
feature map is put in (W, H, C) order, which is what the stored dense weights expect.
"""

from __future__ import annotations

import torch
from torch import nn


def _face_probability(logits: torch.Tensor) -> torch.Tensor:
    """Softmax over two classes along dim 1, face column only (keeps the spatial dims)."""
    return torch.softmax(logits, dim=1)[:, 1]


class PNet(nn.Module):
    """Proposal net: fully convolutional; one output cell per 12x12 window at stride 2."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 10, 3)
        self.prelu1 = nn.PReLU(10)
        self.pool1 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(10, 16, 3)
        self.prelu2 = nn.PReLU(16)
        self.conv3 = nn.Conv2d(16, 32, 3)
        self.prelu3 = nn.PReLU(32)
        self.conv4_1 = nn.Conv2d(32, 2, 1)   # face / not face
        self.conv4_2 = nn.Conv2d(32, 4, 1)   # box offsets (dx0, dy0, dx1, dy1)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(N,3,H,W) -> offsets (N,4,h,w), face probability (N,h,w)."""
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.prelu3(self.conv3(self.prelu2(self.conv2(x))))
        return self.conv4_2(x), _face_probability(self.conv4_1(x))


class RNet(nn.Module):
    """Refine net: 24x24 crops."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 28, 3)
        self.prelu1 = nn.PReLU(28)
        self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(28, 48, 3)
        self.prelu2 = nn.PReLU(48)
        self.pool2 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv3 = nn.Conv2d(48, 64, 2)
        self.prelu3 = nn.PReLU(64)
        self.dense4 = nn.Linear(3 * 3 * 64, 128)
        self.prelu4 = nn.PReLU(128)
        self.dense5_1 = nn.Linear(128, 2)
        self.dense5_2 = nn.Linear(128, 4)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(N,3,24,24) -> offsets (N,4), face probability (N,)."""
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.pool2(self.prelu2(self.conv2(x)))
        x = self.prelu3(self.conv3(x))
        x = self.prelu4(self.dense4(x.permute(0, 3, 2, 1).flatten(1)))
        return self.dense5_2(x), _face_probability(self.dense5_1(x))


class ONet(nn.Module):
    """Output net: 48x48 crops; also five landmarks."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3)
        self.prelu1 = nn.PReLU(32)
        self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.prelu2 = nn.PReLU(64)
        self.pool2 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv3 = nn.Conv2d(64, 64, 3)
        self.prelu3 = nn.PReLU(64)
        self.pool3 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv4 = nn.Conv2d(64, 128, 2)
        self.prelu4 = nn.PReLU(128)
        self.dense5 = nn.Linear(3 * 3 * 128, 256)
        self.prelu5 = nn.PReLU(256)
        self.dense6_1 = nn.Linear(256, 2)
        self.dense6_2 = nn.Linear(256, 4)
        self.dense6_3 = nn.Linear(256, 10)   # 5 x, then 5 y, as fractions of the crop

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(N,3,48,48) -> offsets (N,4), landmarks (N,10), face probability (N,)."""
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.pool2(self.prelu2(self.conv2(x)))
        x = self.pool3(self.prelu3(self.conv3(x)))
        x = self.prelu4(self.conv4(x))
        x = self.prelu5(self.dense5(x.permute(0, 3, 2, 1).flatten(1)))
        return self.dense6_2(x), self.dense6_3(x), _face_probability(self.dense6_1(x))
