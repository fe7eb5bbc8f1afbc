"""The project's own SRResNet / SRGAN x4 weights: they load strictly and beat bicubic."""

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cvlab.core.weights.loading import load_state_file
from cvlab.tools.superres.srresnet import SRGANDiscriminator, SRResNet, srresnet_from_state_dict
from cvlab.tools.superres.training.data import psnr_y
from cvlab.tools.superres.weights import get

REPO = Path(__file__).resolve().parents[3]
SCALE = 4
HR_CROP = 128  # small central crop: a few seconds on the CPU


def _weights(name: str) -> dict:
    entry = get(name)
    path = REPO / entry.source.path
    if not path.is_file():
        pytest.skip(f"{path} not committed yet")
    return load_state_file(path)


def _central_crop(image: np.ndarray, size: int) -> np.ndarray:
    top, left = (image.shape[0] - size) // 2, (image.shape[1] - size) // 2
    return image[top:top + size, left:left + size]


def _to_tensor(image: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1)[None].float()


def _to_image(tensor: torch.Tensor) -> np.ndarray:
    return tensor[0].clamp(0, 1).permute(1, 2, 0).numpy()


@pytest.mark.parametrize("name", ["srresnet_x4", "srgan_x4"])
def test_committed_weights_load_strictly(name):
    state = _weights(name)
    model = SRResNet(batch_norm=False, bicubic_skip=True)
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    assert sum(1 for k in state if k.startswith("blocks.") and k.endswith("body.0.weight")) == 16
    assert state["head.0.weight"].shape[0] == 64


def test_output_is_four_times_the_input():
    model = SRResNet().eval()
    with torch.no_grad():
        out = model(torch.rand(1, 3, 10, 13))
    assert out.shape == (1, 3, 40, 52)


def test_untrained_model_starts_near_bicubic():
    """The global bicubic skip: an untrained net's output is close to bicubic."""
    torch.manual_seed(0)
    model = SRResNet().eval()
    lr = torch.rand(1, 3, 12, 12)
    with torch.no_grad():
        out = model(lr)
    bicubic = torch.nn.functional.interpolate(lr, scale_factor=4, mode="bicubic",
                                              antialias=True, align_corners=False)
    assert (out - bicubic).abs().mean() < 0.05


def test_discriminator_gives_one_logit_per_image():
    logits = SRGANDiscriminator()(torch.rand(2, 3, 64, 64))
    assert logits.shape == (2,)


def test_srresnet_beats_bicubic_on_a_validation_photo(test_data):
    photo = np.asarray(Image.open(test_data / "photos" / "opencv_dnn_superres_butterfly.png")
                       .convert("RGB"), dtype=np.float32) / 255
    hr = _central_crop(photo, HR_CROP)
    lr_tensor = torch.nn.functional.interpolate(_to_tensor(hr), scale_factor=1 / SCALE,
                                                mode="bicubic", antialias=True,
                                                align_corners=False).clamp(0, 1)
    model = srresnet_from_state_dict(_weights("srresnet_x4"))
    with torch.no_grad():
        sr = model(lr_tensor)
        bicubic = torch.nn.functional.interpolate(lr_tensor, scale_factor=SCALE, mode="bicubic",
                                                  antialias=True, align_corners=False)
    assert sr.shape[-2:] == (HR_CROP, HR_CROP)
    sr_psnr = psnr_y(_to_image(sr), hr, SCALE)
    bicubic_psnr = psnr_y(_to_image(bicubic), hr, SCALE)
    assert sr_psnr > bicubic_psnr + 0.5, (sr_psnr, bicubic_psnr)
