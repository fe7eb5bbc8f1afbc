"""Zhang et al.'s automatic colourisers, rebuilt with the released PyTorch module structure.

- ECCV 2016, "Colorful Image Colorization" (Zhang, Isola, Efros): a VGG-style net on L at
  256x256 predicting a distribution over 313 quantised ab bins at 64x64; the released PyTorch
  port (richzhang/colorization, colorizers/eccv16.py, file colorization_release_v2) turns the
  softmax into ab with a fixed 1x1 conv (``model_out``, 313 -> 2, no bias: the bins' ab
  centres; the paper's annealed mean at T=0.38 is replaced by this expectation in the
  port) and up-samples x4.
- SIGGRAPH 2017, "Real-Time User-Guided Image Colorization with Learned Deep Priors" (Zhang,
  Zhu, Isola, Geng, Lin, Yu, Efros): a U-Net on L + ab hints + hint mask, regressing ab at
  full input resolution through tanh; used here with no hints (zeros).

Both take L normalised as (L - 50) / 100 and give ab / 110. Module and parameter names match
colorizers/eccv16.py and colorizers/siggraph17.py so the released state dicts load strictly;
see tests/tools/restore/test_colorize.py for the key/shape list this was checked against
(written from the published source, the files themselves are not reachable offline).

    model = load_zhang("zhang_eccv16", "cpu")    # WeightsMissingError names the fetch command
    rgb = colorize_zhang(model, gray_or_rgb)
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from cvlab.tools.restore import color

INPUT_SIZE = 256
L_CENT, L_NORM, AB_NORM = 50.0, 100.0, 110.0
ENTRIES = {"zhang_eccv16": "eccv16", "zhang_siggraph17": "siggraph17"}


def _conv(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=True)


def _stage(cin: int, cout: int, convs: int, *, last_stride: int = 1, dilation: int = 1,
           norm: bool = True) -> nn.Sequential:
    """conv-ReLU x ``convs`` then BatchNorm (indices 0, 2, 4 ... as in the released code)."""
    layers: list[nn.Module] = []
    for i in range(convs):
        stride = last_stride if i == convs - 1 else 1
        layers += [_conv(cin if i == 0 else cout, cout, stride, dilation), nn.ReLU(True)]
    if norm:
        layers.append(nn.BatchNorm2d(cout))
    return nn.Sequential(*layers)


class ECCVGenerator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model1 = _stage(1, 64, 2, last_stride=2)
        self.model2 = _stage(64, 128, 2, last_stride=2)
        self.model3 = _stage(128, 256, 3, last_stride=2)
        self.model4 = _stage(256, 512, 3)
        self.model5 = _stage(512, 512, 3, dilation=2)
        self.model6 = _stage(512, 512, 3, dilation=2)
        self.model7 = _stage(512, 512, 3)
        self.model8 = nn.Sequential(
            nn.ConvTranspose2d(512, 256, 4, stride=2, padding=1, bias=True), nn.ReLU(True),
            _conv(256, 256), nn.ReLU(True), _conv(256, 256), nn.ReLU(True),
            nn.Conv2d(256, 313, 1, bias=True))
        self.softmax = nn.Softmax(dim=1)
        self.model_out = nn.Conv2d(313, 2, 1, bias=False)
        self.upsample4 = nn.Upsample(scale_factor=4, mode="bilinear")

    def forward(self, input_l: torch.Tensor) -> torch.Tensor:
        """L in [0, 100] (N,1,H,W) -> ab (N,2,H,W)."""
        x = (input_l - L_CENT) / L_NORM
        for stage in (self.model1, self.model2, self.model3, self.model4, self.model5,
                      self.model6, self.model7, self.model8):
            x = stage(x)
        return self.upsample4(self.model_out(self.softmax(x))) * AB_NORM


class SIGGRAPHGenerator(nn.Module):
    def __init__(self, classes: int = 529):
        super().__init__()
        self.model1 = _stage(4, 64, 2)
        self.model2 = _stage(64, 128, 2)
        self.model3 = _stage(128, 256, 3)
        self.model4 = _stage(256, 512, 3)
        self.model5 = _stage(512, 512, 3, dilation=2)
        self.model6 = _stage(512, 512, 3, dilation=2)
        self.model7 = _stage(512, 512, 3)
        self.model8up = nn.Sequential(nn.ConvTranspose2d(512, 256, 4, stride=2, padding=1))
        self.model3short8 = nn.Sequential(_conv(256, 256))
        self.model8 = nn.Sequential(nn.ReLU(True), _conv(256, 256), nn.ReLU(True),
                                    _conv(256, 256), nn.ReLU(True), nn.BatchNorm2d(256))
        self.model9up = nn.Sequential(nn.ConvTranspose2d(256, 128, 4, stride=2, padding=1))
        self.model2short9 = nn.Sequential(_conv(128, 128))
        self.model9 = nn.Sequential(nn.ReLU(True), _conv(128, 128), nn.ReLU(True),
                                    nn.BatchNorm2d(128))
        self.model10up = nn.Sequential(nn.ConvTranspose2d(128, 128, 4, stride=2, padding=1))
        self.model1short10 = nn.Sequential(_conv(64, 128))
        self.model10 = nn.Sequential(nn.ReLU(True), _conv(128, 128), nn.LeakyReLU(0.2))
        self.model_class = nn.Sequential(nn.Conv2d(256, classes, 1, bias=True))
        self.model_out = nn.Sequential(nn.Conv2d(128, 2, 1, bias=True), nn.Tanh())

    def forward(self, input_l: torch.Tensor, input_ab: torch.Tensor | None = None,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """L in [0, 100] (N,1,H,W), optional ab hints (N,2,H,W) and mask (N,1,H,W) -> ab."""
        if input_ab is None:
            input_ab = torch.zeros_like(input_l).repeat(1, 2, 1, 1)
        if mask is None:
            mask = torch.zeros_like(input_l)
        x = torch.cat([(input_l - L_CENT) / L_NORM, input_ab / AB_NORM, mask], dim=1)
        conv1 = self.model1(x)
        conv2 = self.model2(conv1[:, :, ::2, ::2])
        conv3 = self.model3(conv2[:, :, ::2, ::2])
        x = self.model7(self.model6(self.model5(self.model4(conv3[:, :, ::2, ::2]))))
        x = self.model8(self.model8up(x) + self.model3short8(conv3))
        x = self.model9(self.model9up(x) + self.model2short9(conv2))
        x = self.model10(self.model10up(x) + self.model1short10(conv1))
        return self.model_out(x) * AB_NORM


def build_zhang(name: str) -> nn.Module:
    kind = ENTRIES.get(name, name)
    if kind == "eccv16":
        return ECCVGenerator()
    if kind == "siggraph17":
        return SIGGRAPHGenerator()
    raise ValueError(f"unknown Zhang model {name!r}; known: {sorted(ENTRIES)}")


def zhang_from_state_dict(name: str, state: dict) -> nn.Module:
    """Build and load strictly, except BatchNorm's ``num_batches_tracked`` counters, which
    files converted from Caffe may lack (they are not used in eval mode)."""
    model = build_zhang(name)
    result = model.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or result.unexpected_keys:
        raise ValueError(f"{name}: state dict does not match the architecture: missing "
                         f"{missing[:5]}, unexpected {result.unexpected_keys[:5]}")
    return model.eval()


def load_zhang(name: str, device="cpu") -> nn.Module:
    """``zhang_eccv16`` or ``zhang_siggraph17`` from the catalogue (online URL sources);
    raises WeightsMissingError naming ``cvlab weights fetch <name>`` when not fetched."""
    from cvlab.core.weights.loading import load_state_dict
    from cvlab.tools.restore.weights import get

    entry = name if name in ENTRIES else {v: k for k, v in ENTRIES.items()}.get(name, name)
    if entry not in ENTRIES:
        raise ValueError(f"unknown Zhang model {name!r}; known: {sorted(ENTRIES)}")
    return zhang_from_state_dict(entry, load_state_dict(get(entry))).to(device)


def colorize_zhang(model: nn.Module, image: np.ndarray, *, strength: float = 1.0) -> np.ndarray:
    """RGB uint8: L resized to 256x256 -> predicted ab -> up-sampled bilinearly to the full
    size -> recombined with the input's full-resolution L (as the authors' demo does)."""
    from skimage.transform import resize

    rgb = color.as_rgb_float(image)
    light = color.lightness(rgb)
    small = resize(rgb, (INPUT_SIZE, INPUT_SIZE, 3), order=3, anti_aliasing=True)
    light_small = color.lightness(np.clip(small, 0.0, 1.0))
    device = next(model.parameters()).device
    tensor = torch.from_numpy(light_small.astype(np.float32))[None, None].to(device)
    with torch.inference_mode():
        ab = model.eval()(tensor)
    ab = ab[0].permute(1, 2, 0).float().cpu().numpy()
    return color.recombine(light, ab, strength)
