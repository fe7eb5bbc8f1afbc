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


def realsr_df2k_x4() -> RRDBNet:
    """RealSR DF2K ×4 (realsr-ncnn-vulkan): the same RRDBNet as x4plus, other weights."""
    return realesrgan_x4plus()


class SPANBlock(nn.Module):
    """SPAN's attention block: three 3×3 convs (SiLU after the first two); the third conv's
    output both forms the residual and, through sigmoid − 0.5, a parameter-free attention
    map that multiplies it."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.c1_r = _conv3x3(channels, channels)
        self.c2_r = _conv3x3(channels, channels)
        self.c3_r = _conv3x3(channels, channels)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        first = F.silu(self.c1_r(x))
        out = self.c3_r(F.silu(self.c2_r(first)))
        attention = torch.sigmoid(out) - 0.5
        return (out + x) * attention, first


class SPAN(nn.Module):
    """SPAN (Wan et al., NTIRE 2024 efficient SR winner) in its deployed form: each block's
    training-time multi-branch convs are already folded into one 3×3 conv per layer.

    The input is centred on the DIV2K mean and scaled by 255; the output is the
    pixel-shuffled last conv, in [0, 1], with no skip from the input."""

    # Buffers the ncnn graph stores as MemoryData arrays, in graph order.
    ncnn_memory_data = ("mean",)

    def __init__(self, num_in_ch: int = 3, num_out_ch: int = 3, num_feat: int = 48,
                 upscale: int = 4, num_blocks: int = 6, img_range: float = 255.0) -> None:
        super().__init__()
        self.upscale = upscale
        self.img_range = img_range
        self.register_buffer("mean", torch.tensor([0.4488, 0.4371, 0.4040])
                             .view(1, 3, 1, 1)[:, :num_in_ch])
        self.conv_1 = _conv3x3(num_in_ch, num_feat)
        self.blocks = nn.ModuleList(SPANBlock(num_feat) for _ in range(num_blocks))
        self.conv_2 = _conv3x3(num_feat, num_feat)
        self.conv_cat = nn.Conv2d(num_feat * 4, num_feat, kernel_size=1)
        self.upsampler = nn.Sequential(_conv3x3(num_feat, num_out_ch * upscale * upscale),
                                       nn.PixelShuffle(upscale))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feature = self.conv_1((x - self.mean) * self.img_range)
        out, first_block_out, last_first = feature, None, None
        for block in self.blocks:
            out, last_first = block(out)
            if first_block_out is None:
                first_block_out = out
        out = self.conv_cat(torch.cat([feature, self.conv_2(out), first_block_out, last_first],
                                      1))
        return self.upsampler(out)


def span_x4_ch48() -> SPAN:
    """spanx4_ch48: SPAN, 48 features, 6 blocks, ×4."""
    return SPAN(num_feat=48, upscale=4)


def span_x2_ch48() -> SPAN:
    """spanx2_ch48: SPAN, 48 features, 6 blocks, ×2."""
    return SPAN(num_feat=48, upscale=2)


# ----- Real-CUGAN (bilibili, 2022): two cascaded U-Nets with squeeze-excitation -----------

CUGAN_SLOPE = 0.1
CUGAN_PAD = 18  # the ×2 net's unpadded convs shrink the image by 18 px a side


class SqueezeExcite(nn.Module):
    """Channel gates from the global mean: linear → ReLU → linear → sigmoid (Real-CUGAN's
    SEBlock, whose 1×1 convs on a 1×1 map are written here as linears)."""

    def __init__(self, channels: int, reduction: int = 8) -> None:
        super().__init__()
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.fc2 = nn.Linear(channels // reduction, channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean(dim=(2, 3))))))
        return x * gate[:, :, None, None]


class CuganConvPair(nn.Module):
    """Two unpadded 3×3 convs with leaky ReLU (0.1), optionally squeeze-excited."""

    def __init__(self, in_ch: int, mid_ch: int, out_ch: int, se: bool) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, mid_ch, 3)
        self.conv2 = nn.Conv2d(mid_ch, out_ch, 3)
        self.se = SqueezeExcite(out_ch) if se else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.leaky_relu(self.conv1(x), CUGAN_SLOPE)
        x = F.leaky_relu(self.conv2(x), CUGAN_SLOPE)
        return self.se(x) if self.se is not None else x


def _crop(x: torch.Tensor, pixels: int) -> torch.Tensor:
    return x[:, :, pixels:-pixels, pixels:-pixels]


class CuganUNet1(nn.Module):
    """The first, shallow U-Net; it ends in the ×2 transposed conv."""

    def __init__(self, in_ch: int = 3, out_ch: int = 3) -> None:
        super().__init__()
        self.conv1 = CuganConvPair(in_ch, 32, 64, se=False)
        self.conv1_down = nn.Conv2d(64, 64, 2, stride=2)
        self.conv2 = CuganConvPair(64, 128, 64, se=True)
        self.conv2_up = nn.ConvTranspose2d(64, 64, 2, stride=2)
        self.conv3 = nn.Conv2d(64, 64, 3)
        self.conv_bottom = nn.ConvTranspose2d(64, out_ch, 4, stride=2, padding=3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.conv1(x)
        x2 = self.conv2(F.leaky_relu(self.conv1_down(x1), CUGAN_SLOPE))
        x2 = F.leaky_relu(self.conv2_up(x2), CUGAN_SLOPE)
        x3 = F.leaky_relu(self.conv3(_crop(x1, 4) + x2), CUGAN_SLOPE)
        return self.conv_bottom(x3)


class CuganUNet2(nn.Module):
    """The second, deeper U-Net, at the output resolution; its result is a residual."""

    def __init__(self, in_ch: int = 3, out_ch: int = 3) -> None:
        super().__init__()
        self.conv1 = CuganConvPair(in_ch, 32, 64, se=False)
        self.conv1_down = nn.Conv2d(64, 64, 2, stride=2)
        self.conv2 = CuganConvPair(64, 64, 128, se=True)
        self.conv2_down = nn.Conv2d(128, 128, 2, stride=2)
        self.conv3 = CuganConvPair(128, 256, 128, se=True)
        self.conv3_up = nn.ConvTranspose2d(128, 128, 2, stride=2)
        self.conv4 = CuganConvPair(128, 64, 64, se=True)
        self.conv4_up = nn.ConvTranspose2d(64, 64, 2, stride=2)
        self.conv5 = nn.Conv2d(64, 64, 3)
        self.conv_bottom = nn.Conv2d(64, out_ch, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.conv1(x)
        x2 = self.conv2(F.leaky_relu(self.conv1_down(x1), CUGAN_SLOPE))
        x3 = self.conv3(F.leaky_relu(self.conv2_down(x2), CUGAN_SLOPE))
        x3 = F.leaky_relu(self.conv3_up(x3), CUGAN_SLOPE)
        x4 = self.conv4(_crop(x2, 4) + x3)
        x4 = F.leaky_relu(self.conv4_up(x4), CUGAN_SLOPE)
        x5 = F.leaky_relu(self.conv5(_crop(x1, 16) + x4), CUGAN_SLOPE)
        return self.conv_bottom(x5)


class UpCunet2x(nn.Module):
    """Real-CUGAN ×2: U-Net 1 upscales, U-Net 2 adds a correction to its (cropped) output.

    The convs are unpadded, so ``forward`` reflect-pads the input by 18 px a side (and to
    an even size) and crops the result back to exactly 2× the input, as the reference
    inference code does; ``forward_padded`` is the bare network the ncnn graph holds."""

    upscale = 2

    def __init__(self, in_ch: int = 3, out_ch: int = 3) -> None:
        super().__init__()
        self.unet1 = CuganUNet1(in_ch, out_ch)
        self.unet2 = CuganUNet2(in_ch, out_ch)

    def forward_padded(self, x: torch.Tensor) -> torch.Tensor:
        up = self.unet1(x)
        return self.unet2(up) + _crop(up, 20)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        height, width = x.shape[-2:]
        pad = CUGAN_PAD
        # Reflect padding needs the pad to be smaller than the side: repeat the edge first
        # for tiny inputs.
        if min(height, width) <= pad + 1:
            x = F.pad(x, (pad, pad + width % 2, pad, pad + height % 2), mode="replicate")
        else:
            x = F.pad(x, (pad, pad + width % 2, pad, pad + height % 2), mode="reflect")
        return self.forward_padded(x)[:, :, :2 * height, :2 * width]

    def ncnn_activation(self, module_name: str) -> tuple[str, float | None]:
        """The activation the ncnn graph fuses into each weighted layer."""
        last = module_name.rsplit(".", 1)[-1]
        if last == "conv_bottom":
            return "none", None
        if last == "fc1":
            return "relu", None
        if last == "fc2":
            return "sigmoid", None
        return "leakyrelu", CUGAN_SLOPE


def realcugan_x2_conservative() -> UpCunet2x:
    """Real-CUGAN models-se up2x-conservative: ×2, SE blocks, mildest restoration."""
    return UpCunet2x()
