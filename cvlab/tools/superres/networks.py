"""Building the network methods on a device from their catalogue weights (no Qt)."""

from __future__ import annotations

# method name -> catalogue entry of the weights trained by this project
TRAINED_HERE = {"srresnet": "srresnet_x4", "srgan": "srgan_x4"}


def build_network(name: str, device):
    """An eval-mode torch module for a network method, on ``device``, in channels_last
    (NHWC) memory format, the convolution layout oneDNN and cuDNN run fastest."""
    import torch

    return _build(name, device).to(memory_format=torch.channels_last)


def _build(name: str, device):
    if name in TRAINED_HERE:
        from cvlab.core.weights.loading import load_state_dict
        from cvlab.tools.superres.srresnet import srresnet_from_state_dict
        from cvlab.tools.superres.weights import get

        model = srresnet_from_state_dict(load_state_dict(get(TRAINED_HERE[name])))
        return model.to(device).eval()
    from cvlab.tools.superres.ncnn_convert import NCNN_MODELS, load_realesrgan

    if name in NCNN_MODELS:
        return load_realesrgan(name, device)
    raise KeyError(f"{name!r} is not a network method")
