"""Real-ESRGAN's two generator networks, written from their published descriptions.

Parameter names follow the upstream state-dict keys (BasicSR / Real-ESRGAN), so a user's
``.pth`` of either architecture loads with ``load_state_dict(strict=True)``:

- RRDBNet (ESRGAN, Wang et al. 2018): ``conv_first``, ``body.N.rdbK.convM``, ``conv_body``,
  ``conv_up1``, ``conv_up2``, ``conv_hr``, ``conv_last``.
- SRVGGNetCompact (Real-ESRGAN's compact net): ``body.N`` alternating conv and activation.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

LEAKY_SLOPE = 0.2
# ESRGAN scales each residual branch down before adding it back; it keeps very deep
# generators stable without batch norm.
RESIDUAL_SCALE = 0.2


def _conv3x3(in_channels: int, out_channels: int) -> nn.Conv2d:
    return nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=1, padding=1)


class ResidualDenseBlock(nn.Module):
    """Five convs, each seeing the block input and every earlier conv's output (dense)."""

    def __init__(self, num_feat: int = 64, num_grow_ch: int = 32) -> None:
        super().__init__()
        self.conv1 = _conv3x3(num_feat, num_grow_ch)
        self.conv2 = _conv3x3(num_feat + num_grow_ch, num_grow_ch)
        self.conv3 = _conv3x3(num_feat + 2 * num_grow_ch, num_grow_ch)
        self.conv4 = _conv3x3(num_feat + 3 * num_grow_ch, num_grow_ch)
        self.conv5 = _conv3x3(num_feat + 4 * num_grow_ch, num_feat)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [x]
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            features.append(F.leaky_relu(conv(torch.cat(features, 1)), LEAKY_SLOPE))
        out = self.conv5(torch.cat(features, 1))  # no activation on the last conv
        return out * RESIDUAL_SCALE + x


class RRDB(nn.Module):
    """Residual-in-residual dense block: three dense blocks inside one scaled residual."""

    def __init__(self, num_feat: int = 64, num_grow_ch: int = 32) -> None:
        super().__init__()
        self.rdb1 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb2 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb3 = ResidualDenseBlock(num_feat, num_grow_ch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rdb3(self.rdb2(self.rdb1(x))) * RESIDUAL_SCALE + x


class RRDBNet(nn.Module):
    """ESRGAN's generator. It always upsamples ×4 internally (two nearest ×2 + conv stages);
    the ×2 and ×1 variants first fold the input with pixel-unshuffle, as upstream does."""

    def __init__(self, num_in_ch: int = 3, num_out_ch: int = 3, scale: int = 4,
                 num_feat: int = 64, num_block: int = 23, num_grow_ch: int = 32) -> None:
        super().__init__()
        if scale not in (1, 2, 4):
            raise ValueError(f"RRDBNet supports scale 1, 2 or 4, not {scale}")
        self.scale = scale
        self.unshuffle = 4 // scale  # 1 (none), 2 or 4
        self.conv_first = _conv3x3(num_in_ch * self.unshuffle ** 2, num_feat)
        self.body = nn.Sequential(*(RRDB(num_feat, num_grow_ch) for _ in range(num_block)))
        self.conv_body = _conv3x3(num_feat, num_feat)
        self.conv_up1 = _conv3x3(num_feat, num_feat)
        self.conv_up2 = _conv3x3(num_feat, num_feat)
        self.conv_hr = _conv3x3(num_feat, num_feat)
        self.conv_last = _conv3x3(num_feat, num_out_ch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.unshuffle > 1:
            x = F.pixel_unshuffle(x, self.unshuffle)
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        for conv in (self.conv_up1, self.conv_up2):
            feat = F.leaky_relu(conv(F.interpolate(feat, scale_factor=2, mode="nearest")),
                                LEAKY_SLOPE)
        return self.conv_last(F.leaky_relu(self.conv_hr(feat), LEAKY_SLOPE))


class SRVGGNetCompact(nn.Module):
    """A plain conv + activation stack at low resolution, one PixelShuffle at the end, and the
    nearest-upsampled input added back, so the body only learns the residual detail."""

    def __init__(self, num_in_ch: int = 3, num_out_ch: int = 3, num_feat: int = 64,
                 num_conv: int = 16, upscale: int = 4, act_type: str = "prelu") -> None:
        super().__init__()
        self.upscale = upscale
        self.act_type = act_type
        layers: list[nn.Module] = [_conv3x3(num_in_ch, num_feat), self._activation(num_feat)]
        for _ in range(num_conv):
            layers += [_conv3x3(num_feat, num_feat), self._activation(num_feat)]
        layers.append(_conv3x3(num_feat, num_out_ch * upscale * upscale))
        # A ModuleList (not Sequential) keeps upstream's ``body.N`` keys.
        self.body = nn.ModuleList(layers)
        self.upsampler = nn.PixelShuffle(upscale)

    def _activation(self, num_feat: int) -> nn.Module:
        if self.act_type == "prelu":
            return nn.PReLU(num_parameters=num_feat)
        if self.act_type == "relu":
            return nn.ReLU(inplace=True)
        if self.act_type == "lrelu":
            return nn.LeakyReLU(negative_slope=0.1, inplace=True)
        raise ValueError(f"unknown activation {self.act_type!r} (prelu, relu or lrelu)")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        for layer in self.body:
            out = layer(out)
        base = F.interpolate(x, scale_factor=self.upscale, mode="nearest")
        return self.upsampler(out) + base


def realesrgan_x4plus() -> RRDBNet:
    """RealESRGAN_x4plus: RRDBNet, 64 features, 23 blocks, growth 32, ×4."""
    return RRDBNet(num_in_ch=3, num_out_ch=3, scale=4, num_feat=64, num_block=23,
                   num_grow_ch=32)


def realesrgan_animevideov3() -> SRVGGNetCompact:
    """realesr-animevideov3: SRVGGNetCompact, 64 features, 16 convs, PReLU, ×4."""
    return SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=64, num_conv=16, upscale=4,
                           act_type="prelu")
