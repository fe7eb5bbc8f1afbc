"""Load a user's super-resolution weights file, recognising the architecture from its keys.

spandrel knows dozens of SR architectures (ESRGAN/RRDBNet, SRVGGNetCompact, SwinIR, EDSR,
HAT, ...) and sizes each from the tensors' shapes. We read the file ourselves first
(safetensors, or ``torch.load(weights_only=True)``) so no pickled code ever runs, then hand
the tensors to spandrel. Without spandrel, our own recognition covers RRDBNet and
SRVGGNetCompact, the two architectures in cvlab/tools/superres/archs.py.
"""

from __future__ import annotations

import math
import os
import pickle
import re
from pathlib import Path

from torch import nn

from cvlab.core.i18n import translate
from cvlab.core.weights.loading import load_state_file
from cvlab.tools.superres.archs import RRDBNet, SRVGGNetCompact

# Training checkpoints often wrap the weights (BasicSR saves "params_ema" and "params").
WRAPPER_KEYS = ("params_ema", "params-ema", "params", "state_dict", "model_state_dict",
                "model", "net")
KEY_EXAMPLES = 6


def read_state_dict(path: str | os.PathLike) -> dict:
    """The tensors in a .pth/.pt/.safetensors file, unwrapped from a training checkpoint."""
    path = Path(path)
    try:
        state = load_state_file(path)
    except (pickle.UnpicklingError, RuntimeError, OSError, EOFError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(translate(
            "SrUserModel", "{0}: cannot be read as a weights file ({1}); only plain tensors are "
            "loaded, never pickled code").format(path, first_line)) from None
    for key in WRAPPER_KEYS:
        if isinstance(state.get(key), dict):
            state = state[key]
            break
    if any(not hasattr(v, "shape") for v in state.values()):
        raise ValueError(translate(
            "SrUserModel", "{0}: holds non-tensor entries ({1}), not a model's state dict").format(
                path, ", ".join(k for k, v in state.items() if not hasattr(v, "shape"))))
    # DataParallel / torch.compile prefixes would hide the architecture's keys.
    for prefix in ("module.", "_orig_mod."):
        if state and all(k.startswith(prefix) for k in state):
            state = {k[len(prefix):]: v for k, v in state.items()}
    return state


def _describe_keys(state: dict) -> str:
    keys = list(state)
    shown = ", ".join(f"{k} {tuple(state[k].shape)}" for k in keys[:KEY_EXAMPLES])
    more = (translate("SrUserModel", " and {0} more").format(len(keys) - KEY_EXAMPLES)
            if len(keys) > KEY_EXAMPLES else "")
    if not keys:
        return translate("SrUserModel", "no tensors")
    return translate("SrUserModel", "{0} tensors: {1}{2}").format(len(keys), shown, more)


def load_user_model(path: str | os.PathLike) -> tuple[nn.Module, int, str]:
    """(module in eval mode on the CPU, scale, architecture name) for a user's SR weights."""
    path = Path(path)
    state = read_state_dict(path)
    try:
        import spandrel
    except ImportError:
        return _load_own(path, state, translate("SrUserModel", "without spandrel"))
    try:
        descriptor = spandrel.ModelLoader().load_from_state_dict(
            spandrel.canonicalize_state_dict(state))
    except spandrel.UnsupportedModelError:
        return _load_own(path, state, translate(
            "SrUserModel", "spandrel {0} found no match").format(spandrel.__version__))
    except (RuntimeError, KeyError, ValueError) as exc:
        # Recognised, but spandrel guessed a size wrong (it assumes RRDBNet's growth is 32,
        # for one): our own recognition reads every size from the shapes.
        first_line = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        return _load_own(path, state, translate(
            "SrUserModel", "spandrel {0} could not load it: {1}: {2}").format(
                spandrel.__version__, type(exc).__name__, first_line))
    name = descriptor.architecture.name
    # spandrel calls ×1 image-to-image models "Restoration"; they run like SR models.
    if (not isinstance(descriptor, spandrel.ImageModelDescriptor)
            or descriptor.purpose not in ("SR", "Restoration")):
        raise ValueError(translate(
            "SrUserModel", "{0}: a {1} model for {2!r}, not super-resolution").format(
                path, name, descriptor.purpose))
    return descriptor.model.eval(), int(descriptor.scale), name


# ----- our own recognition (without spandrel, or when it fails) -------------------------

def _recognise_rrdbnet(state: dict) -> nn.Module | None:
    needed = ("conv_first.weight", "conv_body.weight", "conv_up1.weight", "conv_up2.weight",
              "conv_hr.weight", "conv_last.weight", "body.0.rdb1.conv1.weight")
    if not all(k in state for k in needed):
        return None
    blocks = {int(m.group(1)) for k in state if (m := re.match(r"body\.(\d+)\.rdb1\.conv1\.", k))}
    num_feat, folded_in = state["conv_first.weight"].shape[:2]
    num_out = state["conv_last.weight"].shape[0]
    # ×2 and ×1 models fold the input with pixel-unshuffle: 4× or 16× the input channels.
    scale = {1: 4, 4: 2, 16: 1}.get(folded_in // num_out) if folded_in % num_out == 0 else None
    if scale is None:
        return None
    return RRDBNet(folded_in * scale * scale // 16, num_out, scale=scale, num_feat=num_feat,
                   num_block=len(blocks), num_grow_ch=state["body.0.rdb1.conv1.weight"].shape[0])


def _recognise_srvgg(state: dict) -> nn.Module | None:
    matches = (re.fullmatch(r"body\.(\d+)\.weight", k) for k in state)
    indices = sorted(int(m.group(1)) for m in matches if m)
    if not indices or indices != list(range(len(indices))) or len(indices) < 3:
        return None  # PReLU slopes sit between the convs, so PReLU models number densely
    convs = [i for i in indices if state[f"body.{i}.weight"].ndim == 4]
    if convs != list(range(0, len(indices), 2)):
        return None
    num_feat, num_in = state["body.0.weight"].shape[:2]
    last_out = state[f"body.{convs[-1]}.weight"].shape[0]
    upscale = math.isqrt(last_out // num_in)
    if upscale * upscale * num_in != last_out:
        return None
    return SRVGGNetCompact(num_in, num_in, num_feat=num_feat, num_conv=len(convs) - 2,
                           upscale=upscale, act_type="prelu")


def _load_own(path: Path, state: dict, why: str) -> tuple[nn.Module, int, str]:
    """Our recognition of RRDBNet and SRVGGNetCompact; ``why`` says why spandrel did not."""
    for name, recognise in (("RRDBNet", _recognise_rrdbnet),
                            ("SRVGGNetCompact", _recognise_srvgg)):
        model = recognise(state)
        if model is None:
            continue
        try:
            model.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            detail = str(exc).strip().splitlines()[-1].strip()[:160]
            raise ValueError(translate(
                "SrUserModel", "{0}: has {1} keys but does not load ({2}); {3}").format(
                    path, name, detail, why)) from None
        scale = model.scale if isinstance(model, RRDBNet) else model.upscale
        return model.eval(), scale, name
    raise ValueError(translate(
        "SrUserModel", "{0}: not a super-resolution architecture this lab recognises ({1}; it "
        "is neither RRDBNet nor SRVGGNetCompact). The file holds {2}").format(
            path, why, _describe_keys(state)))
