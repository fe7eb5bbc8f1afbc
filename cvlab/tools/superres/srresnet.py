"""SRResNet and the SRGAN discriminator (Ledig et al., "Photo-Realistic Single Image
Super-Resolution Using a Generative Adversarial Network", CVPR 2017).

Generator (SRResNet), as published: conv 9x9 + PReLU, 16 residual blocks of
conv-BN-PReLU-conv-BN, conv-BN plus a long skip, two x2 PixelShuffle stages with PReLU, conv
9x9; 64 channels; x4. Two options the project's weights use (both recorded in the model card):

- ``batch_norm=False`` drops every BN layer (as EDSR later did): on short CPU runs with small
  batches it trains faster and more stably, and inference does not depend on batch statistics.
- ``bicubic_skip=True`` adds the bicubic up-sampling of the input to the output, so the network
  only learns the residual detail; at initialisation it reproduces bicubic exactly.

Discriminator: the published VGG-style stack (8 conv layers 64->512 with LeakyReLU 0.2, BN and
strided convs), but fully convolutional: the two dense layers become 1x1 convs averaged over
space, so it takes any patch size (the project trains on 64-px patches, the paper used 96).

No Qt here.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

SCALE = 4
NUM_BLOCKS = 16
CHANNELS = 64


def bicubic_upsample(image: torch.Tensor, scale: int) -> torch.Tensor:
    """Bicubic up-sampling with the a=-0.5 kernel MATLAB's imresize uses (torch picks that
    kernel when ``antialias=True``; the plain bicubic mode uses OpenCV's a=-0.75)."""
    return F.interpolate(image, scale_factor=scale, mode="bicubic", antialias=True,
                         align_corners=False)


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, batch_norm: bool):
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(channels, channels, 3, padding=1)]
        if batch_norm:
            layers.append(nn.BatchNorm2d(channels))
        layers += [nn.PReLU(), nn.Conv2d(channels, channels, 3, padding=1)]
        if batch_norm:
            layers.append(nn.BatchNorm2d(channels))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class UpsampleStage(nn.Module):
    """conv to 4x channels, PixelShuffle x2, PReLU (the paper's sub-pixel stage)."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels * 4, 3, padding=1)
        self.shuffle = nn.PixelShuffle(2)
        self.act = nn.PReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.shuffle(self.conv(x)))


class SRResNet(nn.Module):
    """x4 SRResNet; takes and returns RGB in [0, 1], shape (N, 3, H, W) -> (N, 3, 4H, 4W)."""

    def __init__(self, num_blocks: int = NUM_BLOCKS, channels: int = CHANNELS,
                 scale: int = SCALE, batch_norm: bool = False, bicubic_skip: bool = True):
        super().__init__()
        if scale != 4:
            raise ValueError("this SRResNet is built for x4 (two x2 PixelShuffle stages)")
        self.scale = scale
        self.bicubic_skip = bicubic_skip
        self.head = nn.Sequential(nn.Conv2d(3, channels, 9, padding=4), nn.PReLU())
        self.blocks = nn.Sequential(*[ResidualBlock(channels, batch_norm)
                                      for _ in range(num_blocks)])
        trunk_end: list[nn.Module] = [nn.Conv2d(channels, channels, 3, padding=1)]
        if batch_norm:
            trunk_end.append(nn.BatchNorm2d(channels))
        self.trunk_end = nn.Sequential(*trunk_end)
        self.upsample = nn.Sequential(UpsampleStage(channels), UpsampleStage(channels))
        self.tail = nn.Conv2d(channels, 3, 9, padding=4)
        if bicubic_skip:
            # Start as (almost) plain bicubic: a small residual keeps early PSNR at bicubic's.
            with torch.no_grad():
                self.tail.weight.mul_(0.1)
                self.tail.bias.zero_()

    def forward(self, lr: torch.Tensor) -> torch.Tensor:
        features = self.head(lr)
        features = features + self.trunk_end(self.blocks(features))
        out = self.tail(self.upsample(features))
        if self.bicubic_skip:
            out = out + bicubic_upsample(lr, self.scale)
        return out


def srresnet_from_state_dict(state: dict, strict: bool = True) -> SRResNet:
    """An SRResNet shaped to fit ``state`` (BN or not, block count, channels), loaded, eval."""
    block_ids = {int(k.split(".")[1]) for k in state if k.startswith("blocks.")}
    channels = state["head.0.weight"].shape[0]
    batch_norm = any(k.endswith("running_mean") for k in state)
    model = SRResNet(num_blocks=len(block_ids), channels=channels, batch_norm=batch_norm,
                     bicubic_skip=True)
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=strict)
    return model.eval()


def _disc_block(in_channels: int, out_channels: int, stride: int, batch_norm: bool) -> list:
    layers: list[nn.Module] = [nn.Conv2d(in_channels, out_channels, 3, stride, padding=1)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(out_channels))
    layers.append(nn.LeakyReLU(0.2, inplace=True))
    return layers


class SRGANDiscriminator(nn.Module):
    """The SRGAN discriminator's conv stack (k3n64s1, k3n64s2, k3n128s1, k3n128s2, k3n256s1,
    k3n256s2, k3n512s1, k3n512s2), fully convolutional: Dense(1024) and Dense(1) become 1x1
    convs, and the logits are averaged over the remaining positions. Returns one logit per
    image (no sigmoid: use ``binary_cross_entropy_with_logits``)."""

    def __init__(self, base_channels: int = 64):
        super().__init__()
        c = base_channels
        plan = [(3, c, 1), (c, c, 2), (c, 2 * c, 1), (2 * c, 2 * c, 2),
                (2 * c, 4 * c, 1), (4 * c, 4 * c, 2), (4 * c, 8 * c, 1), (8 * c, 8 * c, 2)]
        layers: list[nn.Module] = []
        for index, (cin, cout, stride) in enumerate(plan):
            layers += _disc_block(cin, cout, stride, batch_norm=index > 0)  # no BN on the first
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Conv2d(8 * c, 16 * c, 1), nn.LeakyReLU(0.2, True),
                                        nn.Conv2d(16 * c, 1, 1))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        # The paper's discriminator sees images in [-1, 1].
        logits = self.classifier(self.features(image * 2.0 - 1.0))
        return logits.mean(dim=(1, 2, 3))
