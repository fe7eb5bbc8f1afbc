"""Make PaddleOCR's ONNX exports convertible by onnx2torch, and the result fast on a CPU.

Two stages:

1. ONNX surgery (``fixed_onnx``, cached on disk, keyed by the source file's sha256):
   - Paddle2ONNX keeps every weight in a ``Constant`` node; onnx2torch wants initializers.
     Each ``Constant`` whose payload is a tensor becomes an initializer of the same name (its
     consumers already refer to that name, so nothing else needs rewiring).
   - The recogniser's input has an unnamed height (``?``) and its BatchNormalization inputs have
     no known rank after plain shape inference, which onnx2torch needs to pick
     BatchNorm1d/2d/3d. The input is pinned to (N, 3, ``input_height``, W) and onnxruntime's
     symbolic shape inference fills every rank in.

2. Module rewrites on the converted ``torch.fx.GraphModule`` (``optimise``, after each
   conversion; it takes milliseconds; models.py then freezes and caches the result).
   onnx2torch maps each ONNX node to one module, so PP-LCNetV3's "learnable affine blocks"
   and hard-swish become 8 passes over memory per conv:
   - ``fold_into_conv``: BatchNorm, and Mul/Add/Sub/Div by a per-channel or scalar constant
     right after a Conv2d (and used only there), are folded into its weight and bias.
   - ``fuse_hardswish``: ``x * relu6(x + 3) / 6`` becomes one ``F.hardswish``.
   - ``fold_into_next_conv``: ``a * x + b`` (scalar constants) feeding an unpadded conv is
     folded into that conv; ``fuse_scale_shift``: elsewhere (before a zero-padded conv, where
     folding b would be wrong at the borders) it becomes one in-place ``torch.add``.
   - ``fuse_gated_residual``: ``x + x * gate`` becomes one ``torch.addcmul``.
   - ``replace_slices`` (always): onnx2torch's Slice indexes with a list, deprecated in torch.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Bump when the surgery changes, so cached files are redone.
SURGERY_VERSION = 1
# Bump when a module rewrite changes, so frozen models (cached after them) are redone.
REWRITES_VERSION = 1


# ----- ONNX surgery -------------------------------------------------------------------------

def constants_to_initializers(model) -> int:
    """Move tensor-valued Constant nodes into graph.initializer (in place); returns the count."""
    import onnx

    graph = model.graph
    kept, moved = [], 0
    for node in graph.node:
        if (node.op_type == "Constant" and len(node.attribute) == 1
                and node.attribute[0].name == "value" and len(node.output) == 1):
            tensor = onnx.TensorProto()
            tensor.CopyFrom(node.attribute[0].t)
            tensor.name = node.output[0]
            graph.initializer.append(tensor)
            moved += 1
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
    if model.ir_version < 4:  # initializers need not be graph inputs from IR 4 on
        model.ir_version = 4
    return moved


def pin_input_shape(model, height: int | None) -> None:
    """Name the batch/width dims and fix the height of the (N,3,H,W) input (in place)."""
    dims = model.graph.input[0].type.tensor_type.shape.dim
    names = ("batch", None, "height", "width")
    for i, dim in enumerate(dims):
        if i == 1:
            continue
        if i == 2 and height is not None:
            dim.ClearField("dim_param")
            dim.dim_value = height
        elif not dim.HasField("dim_value") or dim.dim_value <= 0:
            dim.ClearField("dim_value")
            dim.dim_param = names[i]


def _ranks_known(model) -> bool:
    """Does every BatchNormalization input have a known rank (what onnx2torch needs)?"""
    shaped = {v.name for v in list(model.graph.value_info) + list(model.graph.input)
              if v.type.tensor_type.HasField("shape")}
    return all(n.input[0] in shaped for n in model.graph.node if n.op_type == "BatchNormalization")


def infer_shapes(model):
    """Shapes for the graph's tensors: ONNX's own inference (fast), and where that leaves a
    BatchNormalization input without a rank, onnxruntime's symbolic inference (slower)."""
    import onnx

    inferred = onnx.shape_inference.infer_shapes(model)
    if _ranks_known(inferred):
        return inferred
    from onnxruntime.tools.symbolic_shape_infer import SymbolicShapeInference

    return SymbolicShapeInference.infer_shapes(model, auto_merge=True)


def fix_onnx(model, *, input_height: int | None = None):
    """The surgery above, on a loaded ModelProto; returns the fixed model."""
    constants_to_initializers(model)
    pin_input_shape(model, input_height)
    return infer_shapes(model)


def fixed_onnx_path(source: Path, source_sha256: str, cache_dir: str | os.PathLike | None,
                    input_height: int | None = None) -> Path:
    key = hashlib.sha256(f"{source_sha256}:h{input_height}:v{SURGERY_VERSION}".encode())
    folder = Path(cache_dir) if cache_dir is not None else source.parent
    return folder / f"{source.stem}.fixed-{key.hexdigest()[:16]}.onnx"


def fixed_onnx(source: str | os.PathLike, source_sha256: str, *,
               cache_dir: str | os.PathLike | None = None, input_height: int | None = None):
    """The fixed ModelProto for ``source``: read from the cache, or made and cached atomically
    (beside the source unless ``cache_dir`` is given; older versions there are removed)."""
    import onnx

    from cvlab.core.fileio import atomic_write

    source = Path(source)
    cache = fixed_onnx_path(source, source_sha256, cache_dir, input_height)
    if cache.is_file():
        try:
            return onnx.load(str(cache))
        except Exception:  # noqa: BLE001 - a damaged cache is simply redone
            pass
    model = fix_onnx(onnx.load(str(source)), input_height=input_height)
    try:
        with atomic_write(cache) as out:
            os.fchmod(out.fileno(), 0o644)  # shared data, like the fetched weights
            out.write(model.SerializeToString())
        for stale in cache.parent.glob(f"{source.stem}.fixed-*.onnx"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: work without the cache
    return model


# ----- torch.fx rewrites --------------------------------------------------------------------

def _module(gm, node):
    return gm.get_submodule(node.target) if node.op == "call_module" else None


def _constant(gm, node):
    """The tensor behind a get_attr node (onnx2torch's initializers), else None."""
    if getattr(node, "op", None) != "get_attr":
        return None
    obj = gm
    for part in node.target.split("."):
        obj = getattr(obj, part)
    return obj.detach()


def _binary_op(gm, node) -> str | None:
    """'add'/'sub'/'mul'/'div' for onnx2torch's OnnxBinaryMathOperation (plain broadcasting)."""
    module = _module(gm, node)
    if type(module).__name__ != "OnnxBinaryMathOperation":
        return None
    if module.broadcast == 1 and module.axis is not None:
        return None
    name = getattr(module.math_op_function, "__name__", "")
    return {"add": "add", "sub": "sub", "mul": "mul", "_onnx_div": "div"}.get(name)


def _split_constant(gm, node):
    """(other input node, constant tensor, constant is second) of a binary op, or None."""
    first, second = node.args[:2]
    c = _constant(gm, second)
    if c is not None and _constant(gm, first) is None:
        return first, c, True
    c = _constant(gm, first)
    if c is not None and _constant(gm, second) is None:
        return second, c, False
    return None


def _per_channel(c, channels: int):
    """A constant as a (channels,) vector when it broadcasts per output channel of NCHW."""
    import torch

    if c.numel() == 1:
        return c.reshape(()).float().expand(channels).clone()
    if c.dim() >= 3 and c.shape[-1] == 1 and c.shape[-2] == 1 and c.numel() == channels:
        if c.dim() == 3 or (c.dim() == 4 and c.shape[0] == 1):
            return c.reshape(channels).float().clone()
    return torch.empty(0)


def fold_into_conv(gm) -> int:
    """Fold BatchNorm and constant affine ops that directly follow a Conv2d (or an ungrouped
    ConvTranspose2d) into its weight and bias."""
    import torch
    from torch import nn

    folded = 0
    for node in list(gm.graph.nodes):
        conv = _module(gm, node)
        transposed = isinstance(conv, nn.ConvTranspose2d)
        if not isinstance(conv, nn.Conv2d) and not (transposed and conv.groups == 1):
            continue
        # Output channels lie along weight dim 0 for Conv2d, dim 1 for ConvTranspose2d.
        channel_shape = (1, -1, 1, 1) if transposed else (-1, 1, 1, 1)
        while len(node.users) == 1:
            user = next(iter(node.users))
            weight = conv.weight.detach()
            bias = (conv.bias.detach() if conv.bias is not None
                    else torch.zeros(conv.out_channels, dtype=weight.dtype))
            follower = _module(gm, user)
            if isinstance(follower, nn.BatchNorm2d) and not follower.training:
                std = (follower.running_var + follower.eps).sqrt()
                scale = (follower.weight if follower.affine else 1.0) / std
                shift = (follower.bias if follower.affine else 0.0) - follower.running_mean * scale
                scale, shift = scale.detach(), shift.detach()
            else:
                op = _binary_op(gm, user)
                split = _split_constant(gm, user) if op else None
                if split is None or split[0] is not node:
                    break
                _, c, second = split
                c = _per_channel(c, conv.out_channels)
                if c.numel() == 0 or (op in ("sub", "div") and not second):
                    break
                ones, zeros = torch.ones_like(c), torch.zeros_like(c)
                scale, shift = {"mul": (c, zeros), "div": (1.0 / c, zeros),
                                "add": (ones, c), "sub": (ones, -c)}[op]
            conv.weight = nn.Parameter(weight * scale.reshape(channel_shape), requires_grad=False)
            conv.bias = nn.Parameter(bias * scale + shift, requires_grad=False)
            user.replace_all_uses_with(node)
            gm.graph.erase_node(user)
            folded += 1
    return folded


def _is_scalar(c, value: float | None = None) -> bool:
    return c is not None and c.numel() == 1 and (value is None or float(c) == value)


def fuse_hardswish(gm) -> int:
    """``x * relu6(x + 3) / 6`` (onnx2torch: Add, ReLU6, Mul, Div) -> ``F.hardswish(x)``."""
    import torch.nn.functional as F
    from torch import nn

    fused = 0
    for node in list(gm.graph.nodes):
        if _binary_op(gm, node) != "add":
            continue
        split = _split_constant(gm, node)
        if split is None or not _is_scalar(split[1], 3.0) or len(node.users) != 1:
            continue
        x = split[0]
        relu6 = next(iter(node.users))
        if not isinstance(_module(gm, relu6), nn.ReLU6) or len(relu6.users) != 1:
            continue
        mul = next(iter(relu6.users))
        if _binary_op(gm, mul) != "mul" or set(mul.args[:2]) != {x, relu6} or len(mul.users) != 1:
            continue
        div = next(iter(mul.users))
        split = _split_constant(gm, div) if _binary_op(gm, div) == "div" else None
        if split is None or split[0] is not mul or not split[2] or not _is_scalar(split[1], 6.0):
            continue
        # In place when x is a fresh conv output that nothing else reads (saves an allocation).
        inplace = isinstance(_module(gm, x), nn.Conv2d) and set(x.users) == {node, mul}
        with gm.graph.inserting_before(div):
            new = gm.graph.call_function(F.hardswish, (x,), {"inplace": inplace})
        div.replace_all_uses_with(new)
        for dead in (div, mul, relu6, node):
            gm.graph.erase_node(dead)
        fused += 1
    return fused


def fuse_gated_residual(gm) -> int:
    """``x + x * g`` (a squeeze-excite gate added back to its input) -> ``addcmul(x, x, g)``:
    one pass over the large tensor instead of two."""
    import torch

    fused = 0
    for node in list(gm.graph.nodes):
        if _binary_op(gm, node) != "add":
            continue
        first, second = node.args[:2]
        for x, mul in ((first, second), (second, first)):
            if (getattr(mul, "op", None) == "call_module" and _binary_op(gm, mul) == "mul"
                    and len(mul.users) == 1 and x in mul.args[:2]
                    and _constant(gm, x) is None):
                gate = mul.args[1] if mul.args[0] is x else mul.args[0]
                if _constant(gm, gate) is not None:
                    continue
                with gm.graph.inserting_before(node):
                    new = gm.graph.call_function(torch.addcmul, (x, x, gate))
                node.replace_all_uses_with(new)
                gm.graph.erase_node(node)
                gm.graph.erase_node(mul)
                fused += 1
                break
    return fused


def _scale_shift_pairs(gm):
    """(mul node, add node, x, a, b) for each ``x * a + b`` with scalar constants a, b."""
    for node in list(gm.graph.nodes):
        if _binary_op(gm, node) != "mul" or len(node.users) != 1:
            continue
        split = _split_constant(gm, node)
        if split is None or not _is_scalar(split[1]):
            continue
        add = next(iter(node.users))
        after = _split_constant(gm, add) if _binary_op(gm, add) == "add" else None
        if after is None or after[0] is not node or not _is_scalar(after[1]):
            continue
        yield node, add, split[0], float(split[1]), float(after[1])


def fold_into_next_conv(gm) -> int:
    """``conv(x * a + b)`` -> ``conv'(x)`` for a following unpadded Conv2d (the only reader):
    its weight scaled by a, its bias plus b times the weight's sum over its inputs. Exact only
    without zero padding (padding would see 0, not b), so padded convs are left alone."""
    import torch
    from torch import nn

    folded = 0
    for mul, add, x, a, b in _scale_shift_pairs(gm):
        if len(add.users) != 1:
            continue
        user = next(iter(add.users))
        conv = _module(gm, user)
        if (not isinstance(conv, nn.Conv2d) or user.args[0] is not add
                or any(p != 0 for p in (conv.padding if isinstance(conv.padding, tuple)
                                        else (1,)))):
            continue
        weight = conv.weight.detach()
        bias = (conv.bias.detach() if conv.bias is not None
                else torch.zeros(conv.out_channels, dtype=weight.dtype))
        conv.bias = nn.Parameter(bias + b * weight.sum(dim=(1, 2, 3)), requires_grad=False)
        conv.weight = nn.Parameter(weight * a, requires_grad=False)
        add.replace_all_uses_with(x)
        gm.graph.erase_node(add)
        gm.graph.erase_node(mul)
        folded += 1
    return folded


def fuse_scale_shift(gm) -> int:
    """``x * a + b`` with scalar constants -> one ``scale_shift`` kernel (in place when x is a
    fresh result that nothing else reads)."""
    import torch.nn.functional as F

    fused = 0
    for mul, add, x, a, b in _scale_shift_pairs(gm):
        fresh = x.op == "call_function" and x.target is F.hardswish or (
            x.op == "call_module" and type(_module(gm, x)).__name__ in ("ReLU", "ReLU6"))
        inplace = fresh and len(x.users) == 1
        with gm.graph.inserting_before(add):
            new = gm.graph.call_function(scale_shift_ if inplace else scale_shift, (x, a, b))
        add.replace_all_uses_with(new)
        gm.graph.erase_node(add)
        gm.graph.erase_node(mul)
        fused += 1
    return fused


def scale_shift(x, a: float, b: float):
    """``a * x + b`` in one kernel (torch.add wants a tensor first; a 0-dim one broadcasts)."""
    import torch

    return torch.add(torch.tensor(b, dtype=x.dtype), x, alpha=a)


def scale_shift_(x, a: float, b: float):
    """``a * x + b`` in one kernel, written over x."""
    import torch

    return torch.add(torch.tensor(b, dtype=x.dtype), x, alpha=a, out=x)


def onnx_slice(x, starts, ends, axes=None, steps=None):
    """ONNX Slice with tuple indexing (onnx2torch indexes with a list of slices, which torch
    deprecates and will read as a tensor index)."""
    import torch

    starts, ends = starts.tolist(), ends.tolist()
    axes = list(range(len(starts))) if axes is None else axes.tolist()
    steps = [1] * len(starts) if steps is None else steps.tolist()
    index = [slice(None)] * x.dim()
    flip = []
    for start, end, axis, step in zip(starts, ends, axes, steps):
        axis %= x.dim()
        if step < 0:
            flip.append(axis)
            start, end, step = -start - 1, -end - 1, -step
        index[axis] = slice(start, end, step)
    if flip:
        x = torch.flip(x, dims=flip)
    return x[tuple(index)]


def replace_slices(gm) -> int:
    """Swap onnx2torch's OnnxSlice modules for ``onnx_slice`` (same arguments)."""
    replaced = 0
    for node in list(gm.graph.nodes):
        if type(_module(gm, node)).__name__ != "OnnxSlice":
            continue
        with gm.graph.inserting_before(node):
            new = gm.graph.call_function(onnx_slice, node.args, dict(node.kwargs))
        node.replace_all_uses_with(new)
        gm.graph.erase_node(node)
        replaced += 1
    return replaced


def optimise(gm, *, fold: bool = True, hardswish: bool = True, fuse_affine: bool = True):
    """Apply the rewrites above to an onnx2torch GraphModule (in place); returns it, with a
    ``rewrites`` dict attribute counting what each one changed. Slices are always replaced
    (a correctness fix); the speed rewrites can each be switched off."""
    counts = {"slices": replace_slices(gm)}
    if fold:
        counts["folded_into_conv"] = fold_into_conv(gm)
    if hardswish:
        counts["hardswish"] = fuse_hardswish(gm)
    if fold:
        counts["folded_into_next_conv"] = fold_into_next_conv(gm)
    if fuse_affine:
        counts["scale_shift"] = fuse_scale_shift(gm)
        counts["gated_residual"] = fuse_gated_residual(gm)
    gm.graph.eliminate_dead_code()
    gm.delete_all_unused_submodules()
    gm.graph.lint()
    gm.recompile()
    gm.rewrites = counts
    return gm


__all__ = ["REWRITES_VERSION", "SURGERY_VERSION", "constants_to_initializers", "fix_onnx",
           "fixed_onnx", "fixed_onnx_path", "fold_into_conv", "fuse_hardswish",
           "fuse_scale_shift", "fold_into_next_conv", "fuse_gated_residual", "infer_shapes",
           "onnx_slice", "optimise", "replace_slices", "pin_input_shape", "scale_shift",
           "scale_shift_"]
