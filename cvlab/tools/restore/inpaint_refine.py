"""The ``inpaint_net`` network: a small refinement U-Net over two classical fills.

Its candidates for every hole pixel are OpenCV's Telea and Navier-Stokes fills
(``cv2.inpaint``, radius 5 on 8-bit RGB, the same calls as the Restore tool's and the bench's)
and a parameter-free pyramid fill (:func:`smooth_fill`). From the photo with its hole blanked
(RGB in [-1, 1], hole = 0), the mask and the three candidates (13 channels) the U-Net
predicts, per pixel, softmax weights over the candidates plus an RGB residual:

    output = w_telea * telea + w_ns * ns + w_smooth * smooth + residual

The last convolution starts at zero, so an untrained network returns the equal-weight blend
of the candidates and training only has to improve on it. Three stride-2 levels, a bottleneck of
dilated residual blocks at 1/8 scale (context for wide holes), a decoder with skip
connections; inputs are padded to a multiple of 8 by the caller (inpaint_net.run_network).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

LEVELS = 3  # stride-2 steps: inputs are padded to a multiple of 2**LEVELS
DEFAULT_CHANNELS = (24, 48, 64, 96)
DEFAULT_DILATIONS = (2, 4, 8)
ARCHITECTURE = "inpaint_refine_unet"
# Telea / Navier-Stokes radius, as cvlab.tools.restore.inpaint_classical.inpaint's default
# (the bench's)
RADIUS = 5
CANDIDATES = 3  # Telea, Navier-Stokes, smooth_fill
IN_CHANNELS = 3 + 1 + 3 * CANDIDATES


def _conv(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation)


def _act() -> nn.Module:
    return nn.LeakyReLU(0.2, inplace=True)


class DilatedBlock(nn.Module):
    """x + conv1x1(act(dilated conv3x3(x)))."""

    def __init__(self, channels: int, dilation: int):
        super().__init__()
        self.conv1 = _conv(channels, channels, dilation=dilation)
        self.conv2 = nn.Conv2d(channels, channels, 1)
        self.act = _act()

    def forward(self, x):
        return x + self.conv2(self.act(self.conv1(x)))


def smooth_fill(image, mask):
    """A smooth first guess for the hole (no parameters): normalised convolution over an
    average-pooling pyramid; each hole pixel takes the mean of the known pixels in the finest
    pyramid cell that has any, coarse levels bilinearly up-sampled. Known pixels are kept.
    ``image`` (B,C,H,W), ``mask`` (B,1,H,W) with 1 = hole."""
    valid = 1 - mask
    nums, dens = [image * valid], [valid]
    while min(nums[-1].shape[-2:]) > 2:
        nums.append(F.avg_pool2d(nums[-1], 2, ceil_mode=True))
        dens.append(F.avg_pool2d(dens[-1], 2, ceil_mode=True))
    estimate = nums[-1].sum(dim=(2, 3), keepdim=True) / dens[-1].sum(
        dim=(2, 3), keepdim=True).clamp_min(1e-6)
    estimate = estimate.expand_as(nums[-1])
    for num, den in zip(reversed(nums), reversed(dens)):
        coarse = F.interpolate(estimate, size=num.shape[-2:], mode="bilinear",
                               align_corners=False)
        estimate = torch.where(den > 1e-3, num / den.clamp_min(1e-3), coarse)
    return image * valid + estimate * mask


def classical_fills(rgb_u8: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """OpenCV Telea and Navier-Stokes on an (H,W,3) uint8 image and (H,W) bool hole ->
    (H,W,6) uint8 (Telea RGB, then Navier-Stokes RGB)."""
    import cv2

    rgb_u8, hole_u8 = np.ascontiguousarray(rgb_u8), hole.astype(np.uint8)
    return np.concatenate([cv2.inpaint(rgb_u8, hole_u8, RADIUS, flag)
                           for flag in (cv2.INPAINT_TELEA, cv2.INPAINT_NS)], axis=2)


class InpaintRefineNet(nn.Module):
    """(masked RGB in [-1,1] with holes = 0, mask in {0,1}, Telea and Navier-Stokes fills in
    [-1,1] as 6 channels) -> RGB in [-1,1] (not composited): a learnt per-pixel blend of
    Telea, Navier-Stokes and :func:`smooth_fill` plus a learnt residual."""

    def __init__(self, channels: tuple[int, ...] = DEFAULT_CHANNELS,
                 dilations: tuple[int, ...] = DEFAULT_DILATIONS):
        super().__init__()
        c0, c1, c2, c3 = channels
        self.channels = tuple(channels)
        self.dilations = tuple(dilations)
        self.head = nn.Sequential(nn.Conv2d(IN_CHANNELS, c0, 3, padding=1), _act())
        self.down1 = nn.Sequential(_conv(c0, c1, stride=2), _act(), _conv(c1, c1), _act())
        self.down2 = nn.Sequential(_conv(c1, c2, stride=2), _act(), _conv(c2, c2), _act())
        self.down3 = nn.Sequential(_conv(c2, c3, stride=2), _act())
        self.middle = nn.Sequential(*(DilatedBlock(c3, d) for d in dilations))
        self.up2 = nn.Sequential(_conv(c3 + c2, c2), _act())
        self.up1 = nn.Sequential(_conv(c2 + c1, c1), _act())
        self.up0 = nn.Sequential(_conv(c1 + c0, c0), _act())
        self.tail = nn.Conv2d(c0, CANDIDATES + 3, 3, padding=1)
        nn.init.zeros_(self.tail.weight)  # step 0: the 50/50 blend, no residual
        nn.init.zeros_(self.tail.bias)

    @staticmethod
    def _up(x, skip):
        return torch.cat([F.interpolate(x, size=skip.shape[-2:], mode="bilinear",
                                        align_corners=False), skip], dim=1)

    def candidates(self, image, mask, classical):
        image = image * (1 - mask)
        return image, [*classical.split(3, dim=1), smooth_fill(image, mask)]

    def forward(self, image, mask, classical):
        image, cands = self.candidates(image, mask, classical)
        x0 = self.head(torch.cat([image, mask, *cands], dim=1))
        x1 = self.down1(x0)
        x2 = self.down2(x1)
        x = self.middle(self.down3(x2))
        x = self.up2(self._up(x, x2))
        x = self.up1(self._up(x, x1))
        x = self.up0(self._up(x, x0))
        out = self.tail(x)
        weights = torch.softmax(out[:, :CANDIDATES], dim=1)
        blend = sum(weights[:, i:i + 1] * c for i, c in enumerate(cands))
        return blend + out[:, CANDIDATES:]


def model_metadata(model: InpaintRefineNet) -> dict[str, str]:
    return {"architecture": ARCHITECTURE,
            "channels": ",".join(map(str, model.channels)),
            "dilations": ",".join(map(str, model.dilations)),
            "radius": str(RADIUS)}


def refine_net_from_state_dict(state: dict, metadata: dict | None = None) -> InpaintRefineNet:
    """Rebuild the network from its tensors (channel widths read from the shapes)."""
    metadata = metadata or {}
    if metadata.get("architecture", ARCHITECTURE) != ARCHITECTURE:
        raise ValueError(f"weights are {metadata['architecture']!r}, not {ARCHITECTURE!r}")
    channels = (state["head.0.weight"].shape[0], state["down1.0.weight"].shape[0],
                state["down2.0.weight"].shape[0], state["down3.0.weight"].shape[0])
    blocks = sorted({int(k.split(".")[1]) for k in state if k.startswith("middle.")})
    if "dilations" in metadata:
        dilations = tuple(int(d) for d in metadata["dilations"].split(","))
    else:
        dilations = tuple(DEFAULT_DILATIONS[:len(blocks)])
    if len(dilations) != len(blocks):
        raise ValueError(f"{len(blocks)} bottleneck blocks but dilations {dilations}")
    model = InpaintRefineNet(channels, dilations)
    model.load_state_dict(state, strict=True)
    return model.eval()
