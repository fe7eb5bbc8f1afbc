"""An automatic colouriser trained here (see weights/colorize_net/model_card.md).

    model = load_colorize_net("cpu")          # from the catalogue entry ``colorize_net``
    rgb = colorize_net(model, gray_or_rgb)    # strength: a 0..1 multiplier of the default

Architecture ("ColorMobileNet"): the frozen ImageNet MobileNetV2 ``features`` (torchvision's
IMAGENET1K_V1 weights, blocks 0–17) see the image's lightness as a gray RGB picture; their
outputs at strides 4, 8, 16 and 32 feed a small trained decoder (conv, bilinear up-sampling,
concatenated skips, a global-context vector from the stride-32 features, and a small L branch
at half resolution) that predicts ab / 110 at **half** the input's resolution. The net runs
at most at ``MAX_SIDE`` px on the long side; the predicted ab is up-sampled to the full image
and recombined with the input's own full-resolution L (the luminance is kept).

The weights file holds the whole model (encoder blocks + decoder), so loading does not need
the MobileNetV2 catalogue file; its metadata carry ``default_strength``, the chroma scale
chosen on held-out training-side photos. ``strength`` (0..1, the Restore tab's slider)
multiplies that default: 1 = the calibrated colouring, 0 = the gray image.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cvlab.tools.restore import color

ENTRY_NAME = "colorize_net"
ARCHITECTURE = "color_mobilenet_v2"
MAX_SIDE = 512
PAD_MULTIPLE = 32
ENCODER_BLOCKS = 18               # MobileNetV2 features[0:18] (the 1x1 to 1280 is left out)
TAPS = {3: 24, 6: 32, 13: 96, 17: 320}  # block index -> channels (strides 4, 8, 16, 32)
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def build_encoder() -> nn.Sequential:
    """MobileNetV2's first ``ENCODER_BLOCKS`` feature blocks (untrained; weights come from
    the ImageNet file when training, from our safetensors file when loading)."""
    import torchvision

    return torchvision.models.mobilenet_v2(weights=None).features[:ENCODER_BLOCKS]


def light_to_imagenet(light: torch.Tensor) -> torch.Tensor:
    """CIE L (N,1,H,W, 0..100) -> the gray sRGB picture with that L, as 3 equal channels,
    ImageNet-normalised (what the classifier saw in training, minus the colour)."""
    fy = (light + 16.0) / 116.0
    y = torch.where(fy > 6 / 29, fy ** 3, 3 * (6 / 29) ** 2 * (fy - 4 / 29)).clamp(0, 1)
    srgb = torch.where(y <= 0.0031308, 12.92 * y, 1.055 * y.clamp_min(1e-8) ** (1 / 2.4) - 0.055)
    mean = torch.tensor(IMAGENET_MEAN, device=light.device).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, device=light.device).view(1, 3, 1, 1)
    return (srgb.expand(-1, 3, -1, -1) - mean) / std


class ColorMobileNet(nn.Module):
    """L (N,1,H,W, CIE L 0..100; H, W multiples of 32) -> ab / 110 (N,2,H/2,W/2) in (-1, 1).
    The encoder stays frozen and in eval mode (batch norm statistics untouched)."""

    def __init__(self, width: int = 64, dropout: float = 0.0):
        super().__init__()
        w = width
        # Training only: drops whole encoder channels so the decoder cannot memorise the
        # few training photos' textures (no parameters; inactive in eval mode).
        self.drop = nn.Dropout2d(dropout)
        self.encoder = build_encoder()
        for p in self.encoder.parameters():
            p.requires_grad_(False)
        self.global_fc = nn.Linear(TAPS[17], 2 * w)
        self.dec32 = _block(TAPS[17], 2 * w)                       # 1/32
        self.dec16 = nn.Sequential(_block(2 * w + TAPS[13], 2 * w), _block(2 * w, 2 * w))
        self.dec8 = nn.Sequential(_block(2 * w + TAPS[6], w), _block(w, w))
        self.dec4 = nn.Sequential(_block(w + TAPS[3], w), _block(w, w))
        self.light2 = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False),
                                    nn.BatchNorm2d(16), nn.ReLU(inplace=True), _block(16, 16))
        self.dec2 = _block(w + 16, w // 2)
        self.head = nn.Conv2d(w // 2, 2, 3, padding=1)

    def train(self, mode: bool = True):
        super().train(mode)
        self.encoder.eval()
        return self

    def encode(self, light: torch.Tensor) -> dict[int, torch.Tensor]:
        x = light_to_imagenet(light)
        taps = {}
        for index, layer in enumerate(self.encoder):
            x = layer(x)
            if index in TAPS:
                taps[index] = x
        return taps

    def decode(self, light: torch.Tensor, taps: dict[int, torch.Tensor]) -> torch.Tensor:
        def up_cat(x, skip):
            x = F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=False)
            return torch.cat([x, skip], 1)

        taps = {k: self.drop(v) for k, v in taps.items()}
        x = self.dec32(taps[17])
        x = x + self.global_fc(taps[17].mean(dim=(2, 3)))[:, :, None, None]
        x = self.dec16(up_cat(x, taps[13]))
        x = self.dec8(up_cat(x, taps[6]))
        x = self.dec4(up_cat(x, taps[3]))
        x = self.dec2(up_cat(x, self.light2((light - 50.0) / 50.0)))
        return torch.tanh(self.head(x))

    def forward(self, light: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            taps = self.encode(light)
        return self.decode(light, taps)


def load_imagenet_encoder(model: ColorMobileNet) -> None:
    """Copy the ImageNet MobileNetV2 weights (catalogue entry ``mobilenet_v2_imagenet``)
    into the encoder: the starting point of training, never needed to load our file."""
    from cvlab.core.weights.backbones import MOBILENET_V2_IMAGENET
    from cvlab.core.weights.loading import load_state_dict

    state = load_state_dict(MOBILENET_V2_IMAGENET)
    prefix = "features."
    encoder_state = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)
                     and int(k[len(prefix):].split(".")[0]) < ENCODER_BLOCKS}
    model.encoder.load_state_dict(encoder_state, strict=True)


def predict_ab(model: ColorMobileNet, light: np.ndarray) -> np.ndarray:
    """ab (H,W,2) for an L map (H,W) (no resizing beyond padding to a multiple of 32)."""
    device = next(model.parameters()).device
    height, width = light.shape
    tensor = torch.from_numpy(np.asarray(light, np.float32))[None, None]
    pad_h, pad_w = (-height) % PAD_MULTIPLE, (-width) % PAD_MULTIPLE
    tensor = F.pad(tensor, (0, pad_w, 0, pad_h), mode="replicate").to(device)
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        ab = F.interpolate(model(tensor), size=tensor.shape[2:], mode="bilinear",
                           align_corners=False)
    model.train(was_training)
    ab = ab[0, :, :height, :width].permute(1, 2, 0).float().cpu().numpy()
    return ab * color.AB_SCALE


def working_size(shape: tuple[int, int], max_side: int = MAX_SIDE) -> tuple[int, int]:
    height, width = shape
    scale = min(1.0, max_side / max(height, width))
    return max(8, round(height * scale)), max(8, round(width * scale))


def colorize_net(model: ColorMobileNet, image: np.ndarray, *, strength: float = 1.0,
                 chroma_scale: float | None = None, max_side: int = MAX_SIDE,
                 progress: Callable[[float, str], None] | None = None) -> np.ndarray:
    """RGB uint8 colourised by the network; the input's full-resolution L is kept.

    ``strength`` (0..1) multiplies the model's calibrated ``default_strength`` (or
    ``chroma_scale`` when given, which replaces that default: used for calibrating)."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must be in [0, 1], got {strength}")
    scale = getattr(model, "default_strength", 1.0) if chroma_scale is None else chroma_scale
    rgb = color.as_rgb_float(image)
    light = color.lightness(rgb)
    small = working_size(light.shape, max_side)
    if small != light.shape:
        from skimage.transform import resize

        light_small = color.lightness(resize(rgb, small + (3,), order=1, anti_aliasing=True))
    else:
        light_small = light
    if progress:
        progress(0.2, "network")
    ab = predict_ab(model, light_small) * (float(scale) * float(strength))
    if progress:
        progress(0.8, "recombining with full-resolution L")
    return color.recombine(light, ab, 1.0)


def colorize_net_from_state_dict(state: dict, metadata: dict | None = None) -> ColorMobileNet:
    metadata = metadata or {}
    model = ColorMobileNet(width=state["dec8.1.0.weight"].shape[0])
    model.load_state_dict(state, strict=True)
    model.default_strength = float(metadata.get("default_strength", 1.0))
    return model.eval()


def load_colorize_net(device="cpu") -> ColorMobileNet:
    """The committed weights (catalogue entry ``colorize_net``), checked by sha256."""
    from safetensors import safe_open

    from cvlab.core.weights.loading import checked_path, load_state_file
    from cvlab.tools.restore.weights import get

    path = checked_path(get(ENTRY_NAME))
    with safe_open(str(path), framework="pt") as fh:
        metadata = fh.metadata() or {}
    return colorize_net_from_state_dict(load_state_file(path), metadata).to(device)
