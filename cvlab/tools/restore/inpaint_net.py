"""The Restore tool's learned inpainting (``inpaint_net``), and LaMa through spandrel.

``inpaint_net`` is a small refinement U-Net over three fills (the network itself is in
:mod:`cvlab.tools.restore.inpaint_refine`): OpenCV's Telea and Navier-Stokes fills and a
parameter-free pyramid fill (:func:`smooth_fill`) are computed first, and the network predicts
per-pixel blend weights over them plus a residual. Only its pixels inside the mask are used,
so everything outside the mask is returned bit for bit. Images of any size: reflection-padded
to a multiple of 8 and cropped back; images whose long side exceeds ``MAX_NET_SIDE`` are
filled at a reduced size and the fill is up-sampled and pasted at full resolution inside the
mask only.

    model = load_inpaint_net()            # WeightsMissingError names `cvlab weights fetch ...`
    restored = inpaint_net(model, image, mask)

``image``: (H,W) gray, (H,W,3) RGB or (H,W,4) RGBA (alpha kept as is), uint8, uint16 or float
in [0, 1]; ``mask``: (H,W), nonzero/True = fill. The result has the input's shape and dtype.

LaMa (Suvorov et al. 2022, big-lama as distributed for lama-cleaner/IOPaint) is catalogued
online-only as ``lama``; spandrel (>= 0.3) has a ``LaMa`` architecture that recognises its
state dict (keys ``model.model.1.bn_l.running_mean`` / ``generator.model...``).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cvlab.tools.restore.inpaint_refine import (  # noqa: F401 - re-exported
    ARCHITECTURE,
    LEVELS,
    InpaintRefineNet,
    classical_fills,
    model_metadata,
    refine_net_from_state_dict,
    smooth_fill,
)

MAX_NET_SIDE = 1024


def load_inpaint_net(device="cpu") -> InpaintRefineNet:
    """The committed ``inpaint_net`` weights, checked against the catalogue, in eval mode."""
    from safetensors import safe_open

    from cvlab.core.weights.loading import checked_path, load_state_file
    from cvlab.tools.restore.weights import get

    path = checked_path(get("inpaint_net"))
    with safe_open(str(path), framework="pt") as fh:
        metadata = fh.metadata() or {}
    return refine_net_from_state_dict(load_state_file(path), metadata).to(device)


# ----- running it on images ------------------------------------------------------------------

def _split(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, float]:
    """(RGB float32 in [0,1], alpha or None, the dtype's full scale)."""
    array = np.asarray(image)
    if array.dtype == np.uint8:
        scale = 255.0
    elif array.dtype == np.uint16:
        scale = 65535.0
    elif np.issubdtype(array.dtype, np.floating):
        scale = 1.0
    else:
        raise ValueError(f"unsupported image dtype {array.dtype} (uint8, uint16 or float)")
    alpha = None
    if array.ndim == 2:
        rgb = np.repeat(array[..., None], 3, axis=2)
    elif array.ndim == 3 and array.shape[2] in (3, 4):
        rgb = array[..., :3]
        alpha = array[..., 3] if array.shape[2] == 4 else None
    elif array.ndim == 3 and array.shape[2] == 1:
        rgb = np.repeat(array, 3, axis=2)
    else:
        raise ValueError(f"expected (H,W), (H,W,3) or (H,W,4), got shape {array.shape}")
    return rgb.astype(np.float32) / scale, alpha, scale


def _hole(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    hole = np.asarray(mask)
    if hole.ndim == 3:
        hole = hole.any(axis=2)
    if hole.shape != shape:
        raise ValueError(f"mask shape {hole.shape} does not match the image's {shape}")
    return hole.astype(bool)


def _merge(image: np.ndarray, fill_rgb: np.ndarray, hole: np.ndarray, scale: float) -> np.ndarray:
    """Write ``fill_rgb`` (float [0,1], (H,W,3)) into a copy of ``image`` inside ``hole`` only
    (gray images get the fill's channel mean; an alpha channel is never touched)."""
    array = np.asarray(image)
    out = array.copy()
    fill = np.clip(fill_rgb, 0.0, 1.0) * scale
    if array.ndim == 2 or array.shape[2] == 1:
        fill = fill.mean(axis=2, keepdims=True)
    if np.issubdtype(array.dtype, np.integer):
        fill = np.rint(fill)
    fill = fill.astype(array.dtype)
    if array.ndim == 2:
        out[hole] = fill[..., 0][hole]
    else:
        out[..., :fill.shape[2]][hole] = fill[hole]
    return out


def _resize(array: np.ndarray, size: tuple[int, int], interpolation) -> np.ndarray:
    import cv2

    return cv2.resize(array, size, interpolation=interpolation)


def network_inputs(rgb: np.ndarray, hole: np.ndarray, device="cpu"):
    """(image, mask, classical) tensors for the network, padded to a multiple of 2**LEVELS:
    (H,W,3) float [0,1] + (H,W) bool -> (1,3,H',W') in [-1,1] with the hole at 0,
    (1,1,H',W') mask, (1,6,H',W') Telea and Navier-Stokes fills in [-1,1]."""
    height, width = hole.shape
    multiple = 2 ** LEVELS
    # Whatever the damaged pixels hold (even NaN in float images) never reaches the network.
    rgb = np.where(hole[..., None], np.float32(0), np.nan_to_num(np.clip(rgb, 0, 1)))
    fills = classical_fills(np.rint(rgb * 255).astype(np.uint8), hole)
    x = torch.from_numpy(np.ascontiguousarray(rgb, np.float32)).permute(2, 0, 1)[None] * 2 - 1
    t = torch.from_numpy(fills).permute(2, 0, 1)[None].float() / 127.5 - 1
    m = torch.from_numpy(hole.astype(np.float32))[None, None]
    pad_h, pad_w = (-height) % multiple, (-width) % multiple
    if pad_h or pad_w:
        mode = "reflect" if pad_h < height and pad_w < width else "replicate"
        x, t, m = (F.pad(v, (0, pad_w, 0, pad_h), mode=mode) for v in (x, t, m))
    return x.to(device) * (1 - m.to(device)), m.to(device), t.to(device)


@torch.inference_mode()
def run_network(model: nn.Module, rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """Raw network fill: (H,W,3) float [0,1] + (H,W) bool -> (H,W,3) float [0,1]."""
    device = next(model.parameters()).device
    height, width = hole.shape
    y = model(*network_inputs(rgb, hole, device))[..., :height, :width]
    return ((y[0].permute(1, 2, 0).float().cpu().numpy() + 1) / 2).clip(0, 1)


def fill_holes(model: nn.Module, rgb: np.ndarray, hole: np.ndarray,
               max_side: int = MAX_NET_SIDE) -> np.ndarray:
    """The network's fill for every pixel (only the hole's pixels matter), at full size.

    Big images are filled at a size whose long side is ``max_side`` (area down-scaling, the
    hole grown to cover every pixel it touches) and the fill is up-sampled bicubically."""
    import cv2

    height, width = hole.shape
    if not hole.any():
        return rgb
    if max(height, width) <= max_side:
        return run_network(model, rgb, hole)
    factor = max_side / max(height, width)
    size = (max(8, round(width * factor)), max(8, round(height * factor)))
    rgb = np.where(hole[..., None], np.float32(0.5), np.nan_to_num(np.clip(rgb, 0, 1)))
    small_rgb = _resize(rgb, size, cv2.INTER_AREA)
    small_hole = _resize(hole.astype(np.float32), size, cv2.INTER_AREA) > 0
    small_fill = run_network(model, small_rgb, small_hole)
    return _resize(small_fill, (width, height), cv2.INTER_CUBIC)


def inpaint_net(model: nn.Module, image: np.ndarray, mask: np.ndarray,
                max_side: int = MAX_NET_SIDE) -> np.ndarray:
    """Fill ``mask`` in ``image`` with the trained U-Net; pixels outside the mask are kept.

    The network sees at most ``max_side`` pixels along the long side (bigger images are
    filled at that size and the fill is up-sampled, inside the mask only)."""
    rgb, _alpha, scale = _split(image)
    hole = _hole(mask, rgb.shape[:2])
    if not hole.any():
        return np.asarray(image).copy()
    return _merge(image, fill_holes(model, rgb, hole, max_side), hole, scale)


# ----- LaMa (online-only weights, run by spandrel) --------------------------------------------

def _is_torchscript(path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.split("/")[1:2] == ["code"] for n in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _lama_state_dict(path) -> dict:
    """LaMa tensors from a state-dict file (safetensors / ``weights_only`` torch.load), or from
    lama-cleaner/IOPaint's TorchScript ``big-lama.pt``. ``torch.load(weights_only=True)``
    refuses TorchScript archives, so for those (and only after the catalogue's sha256 check
    passed) the parameters are read with ``torch.jit.load``, which deserialises TorchScript
    modules and tensors, not arbitrary pickled Python objects; only the tensors are kept."""
    from cvlab.core.weights.loading import load_state_file

    if _is_torchscript(path):
        scripted = torch.jit.load(str(path), map_location="cpu")
        state = {k: v.detach().clone() for k, v in scripted.state_dict().items()}
    else:
        state = load_state_file(path)
    # The generator traced on its own has keys "model.1...."; spandrel wants "model.model...".
    if "model.1.bn_l.running_mean" in state and "model.model.1.bn_l.running_mean" not in state:
        state = {f"model.{k}": v for k, v in state.items()}
    return state


def load_lama(device="cpu"):
    """LaMa (big-lama) through spandrel: WeightsMissingError naming
    ``cvlab weights fetch lama`` when the file is not on this machine."""
    from cvlab.core.weights.loading import checked_path
    from cvlab.tools.restore.weights import get

    path = checked_path(get("lama"))
    import spandrel

    state = spandrel.canonicalize_state_dict(_lama_state_dict(path))
    descriptor = spandrel.ModelLoader().load_from_state_dict(state)
    if descriptor.architecture.id != "LaMa":
        raise ValueError(f"{path}: spandrel sees {descriptor.architecture.id}, not LaMa")
    return descriptor.model.eval().to(device)


@torch.inference_mode()
def _run_lama(model: nn.Module, rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    device = next(model.parameters()).device
    height, width = hole.shape
    pad_h, pad_w = (-height) % 8, (-width) % 8
    x = torch.from_numpy(np.ascontiguousarray(rgb)).permute(2, 0, 1)[None].to(device)
    m = torch.from_numpy(hole.astype(np.float32))[None, None].to(device)
    if pad_h or pad_w:
        mode = "reflect" if pad_h < height and pad_w < width else "replicate"
        x = F.pad(x, (0, pad_w, 0, pad_h), mode=mode)
        m = F.pad(m, (0, pad_w, 0, pad_h), mode=mode)
    y = model(x, m)[..., :height, :width]  # spandrel's LaMa: RGB [0,1] and mask in, RGB out
    return y[0].permute(1, 2, 0).float().cpu().numpy().clip(0, 1)


def inpaint_lama(model: nn.Module, image: np.ndarray, mask: np.ndarray,
                 max_side: int = MAX_NET_SIDE) -> np.ndarray:
    """Fill ``mask`` with LaMa; same conventions as :func:`inpaint_net`."""
    import cv2

    rgb, _alpha, scale = _split(image)
    hole = _hole(mask, rgb.shape[:2])
    if not hole.any():
        return np.asarray(image).copy()
    height, width = hole.shape
    if max(height, width) <= max_side:
        fill = _run_lama(model, rgb, hole)
    else:
        factor = max_side / max(height, width)
        size = (max(16, round(width * factor)), max(16, round(height * factor)))
        small = _run_lama(model, _resize(rgb, size, cv2.INTER_AREA),
                          _resize(hole.astype(np.float32), size, cv2.INTER_AREA) > 0)
        fill = _resize(small, (width, height), cv2.INTER_CUBIC)
    return _merge(image, fill, hole, scale)
