"""A small standard U-Net (Ronneberger, Fischer and Brox, MICCAI 2015), for the Networks table.

As in the paper: four down steps (2×2 max pooling, then two 3×3 convolutions with ReLU,
doubling the channels from 64 to 1024) and four up steps (a 2×2 transposed convolution that
halves the channels, concatenation with the encoder map of the same size, two 3×3
convolutions), then a 1×1 convolution to the classes. One change, the usual one: the 3×3
convolutions are padded (padding=1), so the output has the input's size and no cropping of
the skip maps is needed; the side must then be a multiple of 16 (four halvings). No batch
normalisation (the paper has none). The defaults are the paper's: 1 grey input channel
(microscopy), 2 classes.
"""

from __future__ import annotations

import torch
from torch import nn

DEPTH = 4  # down (and up) steps
MULTIPLE = 2 ** DEPTH  # the input side must divide by this


class DoubleConv(nn.Sequential):
    """3×3 conv, ReLU, 3×3 conv, ReLU: the unit of every level."""

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__(
            nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU(inplace=True))


class Down(nn.Sequential):
    """One encoder step: halve the size, then a double conv."""

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__(nn.MaxPool2d(2), DoubleConv(c_in, c_out))


class Up(nn.Module):
    """One decoder step: up-convolution, concatenation with the skip map, double conv."""

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__()
        self.up = nn.ConvTranspose2d(c_in, c_out, 2, stride=2)
        self.conv = DoubleConv(2 * c_out, c_out)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        return self.conv(torch.cat([skip, self.up(x)], dim=1))


class UNet(nn.Module):
    def __init__(self, in_channels: int = 1, classes: int = 2, base: int = 64) -> None:
        super().__init__()
        widths = [base * 2 ** i for i in range(DEPTH + 1)]  # 64 … 1024
        self.inc = DoubleConv(in_channels, widths[0])
        self.down1, self.down2, self.down3, self.down4 = (
            Down(widths[i], widths[i + 1]) for i in range(DEPTH))
        self.up1, self.up2, self.up3, self.up4 = (
            Up(widths[i + 1], widths[i]) for i in reversed(range(DEPTH)))
        self.outc = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x = self.down4(x4)
        x = self.up1(x, x4)
        x = self.up2(x, x3)
        x = self.up3(x, x2)
        x = self.up4(x, x1)
        return self.outc(x)
