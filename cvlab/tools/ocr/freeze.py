"""Freezing: an onnx2torch ``torch.fx.GraphModule`` (after ``onnx_fix.optimise``) to a
``frozen_graph.FrozenGraph``, the data-only form the OCR tool caches (format and ops described
in frozen_graph.py).

``freeze(gm, info)`` maps each fx node to one frozen op: torch.nn modules by exact type
(Conv2d, ConvTranspose2d, ReLU, Sigmoid, AvgPool2d, MaxPool2d), onnx2torch's modules by class
name (only those the three PaddleOCR graphs contain, with the attributes their ``forward``
reads), the functions onnx_fix's rewrites insert (``F.hardswish``, ``torch.addcmul``,
``scale_shift``/``scale_shift_``, ``onnx_slice``) and ``get_attr`` constants. A Resize's
constant scales become attributes. Anything else raises ``FreezeError`` naming the node and
its kind, and nothing is frozen: the caller keeps the onnx2torch module.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from cvlab.tools.ocr import onnx_fix
from cvlab.tools.ocr.frozen_graph import CAST_DTYPES, FORMAT_VERSION, RESIZE_MODES, FrozenGraph


class FreezeError(ValueError):
    """The graph holds a node kind the frozen format cannot express."""


def _literal(value, where: str):
    if isinstance(value, (tuple, list)):
        return [_literal(v, where) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise FreezeError(f"{where}: argument {value!r} ({type(value).__name__}) cannot be frozen")


def _arg(value, where: str):
    return {"ref": value.name} if isinstance(value, torch.fx.Node) else _literal(value, where)


def _get_attr(gm, target: str) -> torch.Tensor:
    obj = gm
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def _constant_arg(gm, value, where: str) -> list | None:
    """A Resize input given as a constant: its values as a list (None when absent or empty)."""
    if value is None:
        return None
    if not isinstance(value, torch.fx.Node) or value.op != "get_attr":
        raise FreezeError(f"{where}: a Resize with computed scales cannot be frozen")
    tensor = _get_attr(gm, value.target)
    return tensor.tolist() if tensor.numel() else None


def _resize(gm, node, module, where):
    if len(node.args) > 4 or node.kwargs:
        raise FreezeError(f"{where}: unexpected Resize arguments")
    x, roi, scales, sizes = (*node.args, None, None, None)[:4]
    if not module.ignore_roi and _constant_arg(gm, roi, where):
        raise FreezeError(f"{where}: Resize with a region of interest cannot be frozen")
    if _constant_arg(gm, sizes, where) is not None:
        raise FreezeError(f"{where}: Resize to fixed sizes cannot be frozen (only scales)")
    scales = _constant_arg(gm, scales, where)
    if (scales is None or scales[:2] != [1, 1]
            or (module.onnx_mode, len(scales) - 2) not in RESIZE_MODES):
        raise FreezeError(f"{where}: Resize {module.onnx_mode!r} by {scales} cannot be frozen")
    return [x], {"mode": module.onnx_mode, "align_corners": module.align_corners,
                 "scales": scales[2:]}


def _conv(module, transposed: bool):
    if module.padding_mode != "zeros" or isinstance(module.padding, str):
        raise FreezeError(f"a convolution with padding {module.padding!r} "
                          f"({module.padding_mode}) cannot be frozen")
    attrs = {k: list(getattr(module, k)) for k in ("stride", "padding", "dilation")}
    attrs["groups"] = module.groups
    if transposed:
        attrs["output_padding"] = list(module.output_padding)
    tensors = {"weight": module.weight}
    if module.bias is not None:
        tensors["bias"] = module.bias
    return attrs, tensors


def _check_whole_shape(module, where: str) -> None:
    """The frozen ``shape`` op is ONNX Shape without start/end: check the module (whose
    start/end onnx2torch keeps private) gives whole shapes, for a low and a high rank."""
    for dims in ((3,), (2, 3, 4, 5, 6, 7)):
        if module(torch.empty(dims)).tolist() != list(dims):
            raise FreezeError(f"{where}: a Shape with start/end cannot be frozen")


def _onnx2torch_module(gm, node, module, where):
    """(op, args, attrs) for one of onnx2torch's modules."""
    kind = type(module).__name__
    args = list(node.args)
    if kind == "OnnxResize":
        return ("resize", *_resize(gm, node, module, where))
    if node.kwargs:
        raise FreezeError(f"{where}: keyword arguments {sorted(node.kwargs)} cannot be frozen")
    if kind in ("OnnxBinaryMathOperation", "OnnxPow") and module.broadcast == 1 \
            and module.axis is not None:
        raise FreezeError(f"{where}: old-style axis broadcasting cannot be frozen")
    if kind == "OnnxBinaryMathOperation":
        fn = {"add": "add", "sub": "sub", "mul": "mul", "_onnx_div": "div"}.get(
            getattr(module.math_op_function, "__name__", ""))
        if fn is None:
            raise FreezeError(f"{where}: binary op {module.math_op_function} cannot be frozen")
        return "binary", args, {"fn": fn}
    if kind == "OnnxReduceStaticAxes":
        fn = {"ReduceMean": "mean", "ReduceSum": "sum"}.get(module.operation_type)
        if fn is None:
            raise FreezeError(f"{where}: {module.operation_type} cannot be frozen")
        return "reduce", args, {"fn": fn, "axes": module.axes, "keepdims": module.keepdims}
    if kind == "OnnxCast":
        dtype = str(module.torch_dtype).removeprefix("torch.")
        if dtype not in CAST_DTYPES:
            raise FreezeError(f"{where}: a cast to {dtype} cannot be frozen")
        return "cast", args, {"dtype": dtype}
    if kind == "OnnxShape":
        _check_whole_shape(module, where)
        return "shape", args, {}
    simple = {
        # ONNX GlobalAveragePool: the mean over every dim after N and C (onnx2torch fixes them
        # from the inferred input rank, which the runtime input has).
        "OnnxGlobalAveragePoolWithKnownInputShape": ("global_average_pool", lambda m: {}),
        "OnnxHardSigmoid": ("hard_sigmoid", lambda m: {"alpha": m.alpha, "beta": m.beta}),
        "OnnxConcat": ("concat", lambda m: {"axis": m.axis}),
        "OnnxReshape": ("reshape", lambda m: {}),
        "OnnxTranspose": ("transpose", lambda m: {"perm": m.perm}),
        "OnnxPow": ("pow", lambda m: {}),
        "OnnxSqrt": ("sqrt", lambda m: {}),
        "OnnxMatMul": ("matmul", lambda m: {}),
        "OnnxSqueezeStaticAxes": ("squeeze", lambda m: {"axes": m.axes}),
        "OnnxSoftmaxV1V11": ("softmax", lambda m: {"axis": m.axis, "is_log": m.is_log}),
        "OnnxCopyIdentity": ("copy", lambda m: {}),
    }
    if kind not in simple:
        raise FreezeError(f"{where}: {kind} is not supported by the frozen graph format "
                          f"(v{FORMAT_VERSION})")
    op, attrs = simple[kind]
    return op, args, attrs(module)


def _describe(gm, node, where):
    """(op, args, attrs, tensors by role) for a call_module or call_function node."""
    if node.op == "call_module":
        module = gm.get_submodule(node.target)
        kind = type(module)
        if type(module).__module__.startswith("onnx2torch."):
            return (*_onnx2torch_module(gm, node, module, where), {})
        if node.kwargs or len(node.args) != 1:
            raise FreezeError(f"{where}: {kind.__name__} called with unexpected arguments")
        if kind in (nn.Conv2d, nn.ConvTranspose2d):
            op = "conv2d" if kind is nn.Conv2d else "conv_transpose2d"
            return (op, list(node.args), *_conv(module, kind is nn.ConvTranspose2d))
        if kind is nn.ReLU:
            return "relu", list(node.args), {"inplace": module.inplace}, {}
        if kind is nn.Sigmoid:
            return "sigmoid", list(node.args), {}, {}
        if kind is nn.AvgPool2d:
            names = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                     "divisor_override")
            return "avg_pool2d", list(node.args), {k: getattr(module, k) for k in names}, {}
        if kind is nn.MaxPool2d and not module.return_indices:
            names = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
            return "max_pool2d", list(node.args), {k: getattr(module, k) for k in names}, {}
        raise FreezeError(f"{where}: module {kind.__module__}.{kind.__name__} is not supported "
                          f"by the frozen graph format (v{FORMAT_VERSION})")
    if node.op == "call_function":
        functions = {F.hardswish: "hardswish", torch.addcmul: "addcmul",
                     onnx_fix.scale_shift: "scale_shift", onnx_fix.scale_shift_: "scale_shift_",
                     onnx_fix.onnx_slice: "slice"}
        op = functions.get(node.target)
        kwargs = dict(node.kwargs)
        attrs = {"inplace": bool(kwargs.pop("inplace", False))} if op == "hardswish" else {}
        if op is not None and not kwargs:
            return op, list(node.args), attrs, {}
        module = getattr(node.target, "__module__", None) or "torch"
        name = f"{module}.{getattr(node.target, '__name__', repr(node.target))}"
        raise FreezeError(f"{where}: function {name} is not supported by the frozen graph "
                          f"format (v{FORMAT_VERSION})")
    raise FreezeError(f"{where}: fx op {node.op!r} is not supported by the frozen graph format")


def freeze(gm, info: dict | None = None) -> FrozenGraph:
    """A FrozenGraph computing what ``gm`` (onnx2torch + onnx_fix.optimise) computes; raises
    FreezeError naming the first node kind the format cannot express."""
    tensors: dict[str, torch.Tensor] = {}
    keys: dict[int, str] = {}  # id(tensor) -> key, so a shared tensor is stored once

    def key_of(tensor) -> str:
        if id(tensor) not in keys:
            keys[id(tensor)] = f"t{len(tensors)}"
            tensors[keys[id(tensor)]] = tensor.detach().cpu().clone()
        return keys[id(tensor)]

    inputs, nodes, outputs = [], [], None
    for node in gm.graph.nodes:
        where = f"node {node.name!r}"
        if node.op == "placeholder":
            inputs.append(node.name)
        elif node.op == "output":
            result = node.args[0]
            outputs = [_arg(v, where) for v in (result if isinstance(result, tuple)
                                                else (result,))]
        elif node.op == "get_attr":
            nodes.append({"name": node.name, "op": "constant", "args": [], "attrs": {},
                          "tensors": {"value": key_of(_get_attr(gm, node.target))}})
        else:
            op, args, attrs, roles = _describe(gm, node, where)
            nodes.append({"name": node.name, "op": op, "args": [_arg(a, where) for a in args],
                          "attrs": {k: _literal(v, where) for k, v in attrs.items()},
                          "tensors": {role: key_of(t) for role, t in roles.items()}})
    if outputs is None:
        raise FreezeError("the graph has no output")
    # Constants only Resize read (now in its attrs) are dropped, with their tensors.
    used = {a["ref"] for n in nodes for a in n["args"] if isinstance(a, dict)}
    used |= {a["ref"] for a in outputs if isinstance(a, dict)}
    nodes = [n for n in nodes if n["op"] != "constant" or n["name"] in used]
    kept = {k for n in nodes for k in n["tensors"].values()}
    graph = {"inputs": inputs, "nodes": nodes, "outputs": outputs}
    return FrozenGraph(graph, {k: v for k, v in tensors.items() if k in kept}, info)
