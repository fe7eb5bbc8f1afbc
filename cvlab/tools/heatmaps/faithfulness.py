"""How faithful is a saliency map? Average Drop and Increase in Confidence (no Qt).

From Chattopadhay et al. 2018 (Grad-CAM++), for one image and one target class c:

    Y = softmax(model(x))[c]              the original input
    O = softmax(model(x * S))[c]          the "explanation map": input times the saliency S
    average_drop = max(0, Y - O) / Y * 100     (%; lower is better, averaged over a set)
    increase     = O > Y                       (counted over a set; more is better)

API::

    average_drop_increase(model, tensor, saliency, target) -> {"average_drop": float in
        [0, 100], "increase": bool, "original": Y, "masked": O}

``tensor`` is the (1, C, H, W) PREPROCESSED input on the model's device; ``saliency`` an
(H, W) map in [0, 1] at that resolution (``CamResult.fused``). Masking multiplies the
normalised tensor, so a pixel with saliency 0 becomes 0 after mean/std normalisation, i.e.
the dataset's mean colour (the common convention, also Score-CAM's); saliency 1 keeps it.
Both passes run separately in eval mode under no_grad, so an all-ones map gives O == Y
exactly. The model's training flag is restored afterwards.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch


def average_drop_increase(model: torch.nn.Module, tensor: torch.Tensor,
                          saliency: np.ndarray, target: int) -> dict:
    import torch

    if not isinstance(tensor, torch.Tensor) or tensor.dim() != 4 or tensor.shape[0] != 1:
        shape = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor)
        raise ValueError(f"expected a (1, C, H, W) tensor, got {shape}")
    if isinstance(saliency, torch.Tensor):
        saliency = saliency.detach().cpu().numpy()
    saliency = np.asarray(saliency, dtype=np.float32)
    height, width = tensor.shape[-2:]
    if saliency.shape != (height, width):
        raise ValueError(f"saliency is {saliency.shape}, the input is {height}×{width}: give "
                         "the map at the network input's resolution (CamResult.fused)")
    if not np.isfinite(saliency).all() or saliency.min() < -1e-6 or saliency.max() > 1 + 1e-6:
        raise ValueError("saliency must be finite and in [0, 1]")
    target = operator.index(target)

    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode(False), torch.no_grad():
            x = tensor.clone() if tensor.is_inference() else tensor
            mask = torch.from_numpy(np.clip(saliency, 0.0, 1.0)).to(x.device, x.dtype)
            logits = model(x)
            if not 0 <= target < logits.shape[1]:
                raise ValueError(f"target class {target} is out of range: the model has "
                                 f"{logits.shape[1]} classes")
            original = float(logits[0].float().softmax(dim=0)[target])
            masked = float(model(x * mask).float()[0].softmax(dim=0)[target])
    finally:
        if was_training:
            model.train()
    drop = max(0.0, original - masked) / original * 100.0 if original > 0 else 0.0
    return {"average_drop": float(min(100.0, drop)), "increase": bool(masked > original),
            "original": original, "masked": masked}
