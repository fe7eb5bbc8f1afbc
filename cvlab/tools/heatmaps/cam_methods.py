"""The per-layer formulas of the class-activation-map methods (no Qt, no hooks, no state).

Each function takes one layer's activations ``A`` (K, h, w) — and, for the gradient methods,
the gradients ``g`` = d(target logit)/dA of the same shape — as float32 torch tensors and
returns the layer's map (h, w), >= 0, not normalised. :mod:`cvlab.tools.heatmaps.cam` does
the forward pass, the hooks and the fusion; this module is only the published maths:

- CAM (Zhou et al. 2016):           M = ReLU(sum_k w^c_k A^k), w^c = fc weights of class c
- Grad-CAM (Selvaraju et al. 2017): w_k = mean_ij g^k_ij;              M = ReLU(sum_k w_k A^k)
- Grad-CAM++ (Chattopadhay 2018):   a^k_ij = g^2 / (2 g^2 + sum_ab A^k_ab g^3)   (0 where the
                                    denominator is 0), w_k = sum_ij a^k_ij ReLU(g^k_ij);
                                    the closed form that the paper's exp(score) trick gives
- XGrad-CAM (Fu et al. 2020):       w_k = sum_ij A^k_ij g^k_ij / (sum_ij A^k_ij + eps)
- Layer-CAM (Jiang et al. 2021):    M = ReLU(sum_k ReLU(g^k) * A^k)   (element-wise weights)
- Eigen-CAM (Muhammad & Yeasin 2020): M = ReLU(A' v1), A' the (h*w, K) activation matrix
                                    NOT centred (as in the paper and pytorch-grad-cam), v1 its
                                    first right singular vector, its sign chosen so that the
                                    projection sums to >= 0; class-independent
- Score-CAM (Wang et al. 2020):     see :func:`score_cam`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cvlab.core.cancel import Cancelled

if TYPE_CHECKING:
    import torch

EPS = 1e-7


def _weighted_sum(weights: torch.Tensor, activations: torch.Tensor) -> torch.Tensor:
    return (weights[:, None, None] * activations).sum(dim=0).clamp_min(0)


def cam(activations: torch.Tensor, fc_weights: torch.Tensor) -> torch.Tensor:
    """``fc_weights``: (K,) row of the final linear layer for the target class."""
    return _weighted_sum(fc_weights, activations)


def gradcam(activations: torch.Tensor, gradients: torch.Tensor) -> torch.Tensor:
    return _weighted_sum(gradients.mean(dim=(1, 2)), activations)


def gradcam_plus_plus(activations: torch.Tensor, gradients: torch.Tensor) -> torch.Tensor:
    import torch

    g2 = gradients.pow(2)
    g3 = g2 * gradients
    total = activations.sum(dim=(1, 2), keepdim=True)
    denominator = 2 * g2 + total * g3
    safe = torch.where(denominator != 0, denominator, torch.ones_like(denominator))
    alpha = torch.where(denominator != 0, g2 / safe, torch.zeros_like(g2))
    weights = (alpha * gradients.clamp_min(0)).sum(dim=(1, 2))
    return _weighted_sum(weights, activations)


def xgradcam(activations: torch.Tensor, gradients: torch.Tensor) -> torch.Tensor:
    weights = (activations * gradients).sum(dim=(1, 2)) / (activations.sum(dim=(1, 2)) + EPS)
    return _weighted_sum(weights, activations)


def layercam(activations: torch.Tensor, gradients: torch.Tensor) -> torch.Tensor:
    return (gradients.clamp_min(0) * activations).sum(dim=0).clamp_min(0)


def eigencam(activations: torch.Tensor) -> torch.Tensor:
    import torch

    k, h, w = activations.shape
    matrix = activations.reshape(k, h * w).T  # (h*w, K), not centred
    _, _, vh = torch.linalg.svd(matrix, full_matrices=False)
    projection = matrix @ vh[0]
    if projection.sum() < 0:
        projection = -projection
    return projection.reshape(h, w).clamp_min(0)


GRADIENT_FORMULAS: dict[str, Callable] = {
    "gradcam": gradcam, "gradcam++": gradcam_plus_plus, "xgradcam": xgradcam,
    "layercam": layercam,
}


def score_cam(model: torch.nn.Module, tensor: torch.Tensor, activations: torch.Tensor,
              target: int, batch: int, cancelled: Callable[[], bool] | None = None,
              progress: Callable[[float], None] | None = None) -> torch.Tensor:
    """Score-CAM for one layer: ``activations`` (K, h, w), ``tensor`` (1, C, H, W) the
    preprocessed input.

    Each channel is upsampled bilinearly to H×W and min-max normalised to a mask H_k in
    [0, 1]; the masked input is ``tensor * H_k`` — the PREPROCESSED (mean/std normalised)
    tensor, so a masked-out pixel becomes 0, i.e. the dataset's mean colour. The weight of
    channel k is the softmax probability of ``target`` for its masked input, as in the
    paper's Algorithm 1 and its authors' code (no baseline subtracted, and no second softmax
    over channels as pytorch-grad-cam adds, which flattens the weights towards uniform).
    A constant channel has no normalised mask; it gets mask 0 (the all-mean input, one
    shared forward pass). M = ReLU(sum_k w_k A^k).

    Runs ``batch`` masked inputs per forward pass; ``cancelled()`` is checked before each
    one (raising :class:`Cancelled`), ``progress(fraction)`` is called after each.
    The caller holds ``torch.no_grad`` and puts the model in eval mode.
    """
    import torch
    import torch.nn.functional as F

    k = activations.shape[0]
    height, width = tensor.shape[-2:]
    flat = activations.reshape(k, -1)
    low, high = flat.amin(dim=1), flat.amax(dim=1)
    varying = torch.nonzero(high > low).flatten()
    constant = torch.nonzero(high <= low).flatten()
    weights = torch.zeros(k, dtype=torch.float32, device=activations.device)
    batch = max(1, int(batch))
    chunks = [varying[i:i + batch] for i in range(0, len(varying), batch)]
    done = 0

    def check():
        if cancelled is not None and cancelled():
            raise Cancelled(f"Score-CAM cancelled after {done} of {len(chunks)} batches")

    for chunk in chunks:
        check()
        maps = F.interpolate(activations[chunk, None].to(tensor.dtype), size=(height, width),
                             mode="bilinear", align_corners=False)
        lo = maps.amin(dim=(2, 3), keepdim=True)
        hi = maps.amax(dim=(2, 3), keepdim=True)
        masks = (maps - lo) / (hi - lo).clamp_min(torch.finfo(maps.dtype).tiny)
        # channels_last: oneDNN's NHWC kernels ran MobileNetV2 batches 1.7× faster on a CPU
        masked = (tensor * masks).contiguous(memory_format=torch.channels_last)
        scores = model(masked).float().softmax(dim=1)[:, target]
        weights[chunk] = scores
        done += 1
        if progress is not None:
            progress(done / len(chunks))
    if len(constant):
        check()
        baseline = model(torch.zeros_like(tensor)).float().softmax(dim=1)[0, target]
        weights[constant] = baseline
    return _weighted_sum(weights, activations)
