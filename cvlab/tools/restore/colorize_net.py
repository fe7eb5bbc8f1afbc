"""A small automatic colouriser trained here (see weights/colorize_net/model_card.md).

    model = load_colorize_net("cpu")          # from the catalogue entry ``colorize_net``
    rgb = colorize_net(model, gray_or_rgb, strength=1.0)

Input: the image's CIE L (normalised (L - 50) / 50). Output: ab / 110 at half the input's
resolution (chroma is low-frequency; the first layer strides by 2), up-sampled bilinearly.
The network runs at most at ``MAX_SIDE`` px on the long side; the predicted ab is up-sampled
to the full image and recombined with the input's own full-resolution L.

Architecture ("ColorUNet"): a 3-level U-Net with batch norm and ReLU, a global-context branch
(the bottleneck's spatial mean through a linear layer, added back everywhere, as in Iizuka et
al. 2016's global features), skip connections by concatenation, and a tanh output.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cvlab.tools.restore import colour

ENTRY_NAME = "colorize_net"
ARCHITECTURE = "color_unet"
MAX_SIDE = 512
DEFAULT_WIDTHS = (16, 32, 64, 128)


def _block(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ColorUNet(nn.Module):
    """L (N,1,H,W) normalised -> ab / 110 (N,2,H/2,W/2) in (-1, 1). H, W multiples of 16
    are fastest; other sizes are padded by ``predict_ab``."""

    def __init__(self, widths: tuple[int, int, int, int] = DEFAULT_WIDTHS):
        super().__init__()
        w0, w1, w2, w3 = widths
        self.stem = _block(1, w0)                                     # 1
        self.enc1 = nn.Sequential(_block(w0, w1, 2), _block(w1, w1))  # 1/2
        self.enc2 = nn.Sequential(_block(w1, w2, 2), _block(w2, w2))  # 1/4
        self.enc3 = nn.Sequential(_block(w2, w3, 2), _block(w3, w3))  # 1/8
        self.mid = nn.Sequential(_block(w3, w3, dilation=2), _block(w3, w3, dilation=2))
        self.global_fc = nn.Linear(w3, w3)
        self.dec2 = nn.Sequential(_block(w3 + w2, w2), _block(w2, w2))  # 1/4
        self.dec1 = nn.Sequential(_block(w2 + w1, w1), _block(w1, w1))  # 1/2
        self.head = nn.Conv2d(w1, 2, 1)

    def forward(self, light: torch.Tensor) -> torch.Tensor:
        x1 = self.enc1(self.stem(light))
        x2 = self.enc2(x1)
        x3 = self.enc3(x2)
        x = self.mid(x3)
        x = x + self.global_fc(x.mean(dim=(2, 3)))[:, :, None, None]
        x = F.interpolate(x, size=x2.shape[2:], mode="bilinear", align_corners=False)
        x = self.dec2(torch.cat([x, x2], 1))
        x = F.interpolate(x, size=x1.shape[2:], mode="bilinear", align_corners=False)
        x = self.dec1(torch.cat([x, x1], 1))
        return torch.tanh(self.head(x))


def normalise_light(light: np.ndarray | torch.Tensor):
    return (light - 50.0) / 50.0


def predict_ab(model: ColorUNet, light: np.ndarray) -> np.ndarray:
    """ab (H,W,2) for an L map (H,W) (no resizing beyond padding to a multiple of 8)."""
    device = next(model.parameters()).device
    height, width = light.shape
    tensor = torch.from_numpy(normalise_light(np.asarray(light, np.float32)))[None, None]
    pad_h, pad_w = (-height) % 8, (-width) % 8
    tensor = F.pad(tensor, (0, pad_w, 0, pad_h), mode="replicate").to(device)
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        ab = model(tensor)
        ab = F.interpolate(ab, scale_factor=2, mode="bilinear", align_corners=False)
    model.train(was_training)
    ab = ab[0, :, :height, :width].permute(1, 2, 0).float().cpu().numpy()
    return ab * colour.AB_SCALE


def working_size(shape: tuple[int, int], max_side: int = MAX_SIDE) -> tuple[int, int]:
    height, width = shape
    scale = min(1.0, max_side / max(height, width))
    return max(8, round(height * scale)), max(8, round(width * scale))


def colorize_net(model: ColorUNet, image: np.ndarray, *, strength: float = 1.0,
                 max_side: int = MAX_SIDE,
                 progress: Callable[[float, str], None] | None = None) -> np.ndarray:
    """RGB uint8 colourised by the network; the input's full-resolution L is kept."""
    rgb = colour.as_rgb_float(image)
    light = colour.lightness(rgb)
    small = working_size(light.shape, max_side)
    if small != light.shape:
        from skimage.transform import resize

        light_small = colour.lightness(resize(rgb, small + (3,), order=1, anti_aliasing=True))
    else:
        light_small = light
    if progress:
        progress(0.2, "network")
    ab = predict_ab(model, light_small)
    if progress:
        progress(0.8, "recombining with full-resolution L")
    return colour.recombine(light, ab, strength)


def colorize_net_from_state_dict(state: dict) -> ColorUNet:
    widths = (state["stem.0.weight"].shape[0], state["enc1.0.0.weight"].shape[0],
              state["enc2.0.0.weight"].shape[0], state["enc3.0.0.weight"].shape[0])
    model = ColorUNet(widths)
    model.load_state_dict(state, strict=True)
    return model.eval()


def load_colorize_net(device="cpu") -> ColorUNet:
    """The committed weights (catalogue entry ``colorize_net``), checked by sha256."""
    from cvlab.core.weights.loading import load_state_dict

    return colorize_net_from_state_dict(load_state_dict(ENTRY_NAME)).to(device)
