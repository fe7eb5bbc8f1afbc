"""A converted OCR model "frozen" to data: a JSON node list plus safetensors weights, run by a
small interpreter (``FrozenGraph``), so a later start needs neither onnx, onnx2torch nor
torchvision, and loading runs no code from any file (no pickle).

``freeze.freeze(gm)`` makes a ``FrozenGraph`` from an onnx2torch GraphModule; ``to_bytes`` /
``from_bytes`` write and read one ``.safetensors`` file; ``read_cache`` / ``write_cache`` keep
it on disk (atomically; a damaged or mismatched file reads as absent).

File format (version ``FORMAT_VERSION``): a safetensors file whose tensors are the graph's
weights and constants, named ``t0``, ``t1``, ... (dtype and shape kept), and whose string
metadata holds:

- ``format``: ``"cvlab.frozen_graph"``; ``version``: ``FORMAT_VERSION`` as text;
- ``key``: what the writer stored it under (the reader must ask for the same key);
- ``data_sha256``: sha256 of the data section (the bytes after the header), so a damaged file
  is refused rather than run;
- ``graph``: JSON ``{"inputs": [name...], "nodes": [node...], "outputs": [arg...]}`` where a
  node is ``{"name", "op", "args": [arg...], "attrs": {...}, "tensors": {role: "tN"}}``. An arg
  is a JSON literal (number, string, bool, null, list of literals) or ``{"ref": name}``: an
  input or an earlier node's output. Nodes are in execution order;
- ``info``: JSON the caller passes through (the OCR tool keeps the ONNX metadata there).

Ops (each means what onnx2torch's module of that role, or the torch function named, does):
``constant`` (tensor ``value``), ``conv2d`` / ``conv_transpose2d`` (tensors ``weight``,
optional ``bias``; attrs stride, padding, dilation, groups, output_padding), ``relu``
(inplace), ``sigmoid``, ``hardswish`` (inplace), ``hard_sigmoid`` (alpha, beta:
clip(alpha x + beta, 0, 1)), ``avg_pool2d`` / ``max_pool2d`` (torch's arguments),
``scale_shift`` / ``scale_shift_`` (onnx_fix's), ``addcmul``, ``global_average_pool`` (the
mean over every dim after N and C), ``binary`` (fn: add, sub, mul, div; div truncates
integers as ONNX does), ``resize`` (ONNX mode, align_corners, scales of the spatial dims),
``concat`` (axis), ``shape`` (the whole shape, int64), ``cast`` (dtype), ``slice``
(onnx_fix.onnx_slice), ``reshape`` (ONNX: 0 copies the input's dim), ``transpose`` (perm),
``reduce`` (fn: mean or sum; axes, keepdims), ``pow``, ``sqrt``, ``matmul``, ``squeeze``
(axes), ``softmax`` (axis, is_log: ONNX v1/v11, over the flattened trailing dims), ``copy``.
``from_bytes`` refuses (``FrozenFormatError``) a file with an unknown op, a dangling
reference, another version or key, or data that fails its checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from cvlab.tools.ocr import onnx_fix

FORMAT = "cvlab.frozen_graph"
FORMAT_VERSION = 1  # bump when the format or an op's meaning changes
CAST_DTYPES = ("float32", "float16", "float64", "int64", "int32", "int8", "uint8", "bool")


class FrozenFormatError(ValueError):
    """A frozen file that is damaged, of another version, or not of this format."""


# ----- the ops, at run time -----------------------------------------------------------------

# (ONNX mode, spatial dims) -> torch's interpolate mode, as onnx2torch maps them.
RESIZE_MODES = {("nearest", 1): "nearest", ("nearest", 2): "nearest", ("nearest", 3): "nearest",
                ("linear", 1): "linear", ("linear", 2): "bilinear", ("linear", 3): "trilinear",
                ("cubic", 2): "bicubic"}


def _onnx_div(a, b):
    if a.is_floating_point() or b.is_floating_point():
        return torch.div(a, b)
    return torch.div(a, b, rounding_mode="trunc")


def _reshape(x, shape):
    dims = [x.shape[i] if d == 0 else d for i, d in enumerate(shape.tolist())]
    return torch.reshape(x, dims)


def _reduce(x, a):
    fn = {"mean": torch.mean, "sum": torch.sum}[a["fn"]]
    axes = a["axes"]
    if not axes:
        if not a["keepdims"]:
            return fn(x)
        axes = list(range(x.dim()))
    return fn(x, dim=axes, keepdim=a["keepdims"])


def _squeeze(x, axes):
    if not axes:
        return torch.squeeze(x)
    for axis in axes:  # sorted high to low, as onnx2torch does
        x = torch.squeeze(x, dim=axis)
    return x


def _softmax(x, a):
    flat = torch.flatten(x, start_dim=a["axis"])
    flat = torch.log_softmax(flat, -1) if a["is_log"] else torch.softmax(flat, -1)
    return torch.reshape(flat, x.shape)


def _transpose(x, perm):
    return x.permute(list(range(x.dim()))[::-1] if perm is None else perm)


# op -> run(args, attrs, tensors by role)
RUN = {
    "constant": lambda v, a, t: t["value"],
    "conv2d": lambda v, a, t: F.conv2d(v[0], t["weight"], t.get("bias"), a["stride"],
                                       a["padding"], a["dilation"], a["groups"]),
    "conv_transpose2d": lambda v, a, t: F.conv_transpose2d(
        v[0], t["weight"], t.get("bias"), a["stride"], a["padding"], a["output_padding"],
        a["groups"], a["dilation"]),
    "relu": lambda v, a, t: F.relu(v[0], inplace=a["inplace"]),
    "sigmoid": lambda v, a, t: torch.sigmoid(v[0]),
    "hardswish": lambda v, a, t: F.hardswish(v[0], inplace=a["inplace"]),
    "hard_sigmoid": lambda v, a, t: torch.clip(v[0] * a["alpha"] + a["beta"], min=0.0, max=1.0),
    "avg_pool2d": lambda v, a, t: F.avg_pool2d(v[0], a["kernel_size"], a["stride"],
                                               a["padding"], a["ceil_mode"],
                                               a["count_include_pad"], a["divisor_override"]),
    "max_pool2d": lambda v, a, t: F.max_pool2d(v[0], a["kernel_size"], a["stride"],
                                               a["padding"], a["dilation"], a["ceil_mode"]),
    "scale_shift": lambda v, a, t: onnx_fix.scale_shift(*v),
    "scale_shift_": lambda v, a, t: onnx_fix.scale_shift_(*v),
    "addcmul": lambda v, a, t: torch.addcmul(*v),
    "global_average_pool": lambda v, a, t: torch.mean(v[0], dim=list(range(2, v[0].dim())),
                                                      keepdim=True),
    "binary": lambda v, a, t: {"add": torch.add, "sub": torch.sub, "mul": torch.mul,
                               "div": _onnx_div}[a["fn"]](*v),
    "resize": lambda v, a, t: F.interpolate(v[0], scale_factor=a["scales"],
                                            mode=RESIZE_MODES[a["mode"], v[0].dim() - 2],
                                            align_corners=a["align_corners"]),
    "concat": lambda v, a, t: torch.cat(v, a["axis"]),
    "shape": lambda v, a, t: torch.tensor(v[0].shape, device=v[0].device),
    "cast": lambda v, a, t: v[0].to(getattr(torch, a["dtype"])),
    "slice": lambda v, a, t: onnx_fix.onnx_slice(*v),
    "reshape": lambda v, a, t: _reshape(*v),
    "transpose": lambda v, a, t: _transpose(v[0], a["perm"]),
    "reduce": lambda v, a, t: _reduce(v[0], a),
    "pow": lambda v, a, t: torch.pow(*v),
    "sqrt": lambda v, a, t: torch.sqrt(v[0]),
    "matmul": lambda v, a, t: torch.matmul(*v),
    "squeeze": lambda v, a, t: _squeeze(v[0], a["axes"]),
    "softmax": lambda v, a, t: _softmax(v[0], a),
    "copy": lambda v, a, t: v[0].clone(),
}


# ----- the interpreter ----------------------------------------------------------------------

class FrozenGraph(nn.Module):
    """Runs a frozen graph. The weights are buffers (``t0``...), so ``.to(device,
    memory_format=...)`` moves them like any module's; ``info`` is the caller's dict."""

    def __init__(self, graph: dict, tensors: dict[str, torch.Tensor], info: dict | None = None):
        super().__init__()
        self.graph = graph
        self.info = dict(info or {})
        for key, tensor in tensors.items():
            self.register_buffer(key, tensor)
        self._compile()

    def _compile(self) -> None:
        graph = self.graph
        slots: dict[str, int] = {}
        for name in graph["inputs"]:
            slots[name] = len(slots)
        self._input_slots = list(range(len(slots)))
        steps, last_use = [], {}

        def refs(args, where):
            template, positions = [], []
            for pos, arg in enumerate(args):
                if isinstance(arg, dict):
                    if set(arg) != {"ref"} or arg["ref"] not in slots:
                        raise FrozenFormatError(f"{where}: bad or dangling reference {arg!r}")
                    positions.append((pos, slots[arg["ref"]]))
                    last_use[slots[arg["ref"]]] = len(steps)
                    template.append(None)
                else:
                    _check_literal(arg, where)
                    template.append(arg)
            return template, positions

        for node in graph["nodes"]:
            name, op = node.get("name"), node.get("op")
            if op not in RUN:
                raise FrozenFormatError(f"node {name!r}: unknown op {op!r}")
            if not isinstance(name, str) or name in slots:
                raise FrozenFormatError(f"node {name!r}: missing or repeated name")
            roles = node.get("tensors", {})
            for key in roles.values():
                if key not in self._buffers:
                    raise FrozenFormatError(f"node {name!r}: no tensor {key!r} in the file")
            attrs = node.get("attrs", {})
            if op == "cast" and attrs.get("dtype") not in CAST_DTYPES:  # read by getattr
                raise FrozenFormatError(f"node {name!r}: cast to {attrs.get('dtype')!r}")
            template, positions = refs(node.get("args", []), f"node {name!r}")
            steps.append([RUN[op], template, positions, attrs, dict(roles),
                          len(slots), []])
            slots[name] = len(slots)
        self._outputs = refs(graph["outputs"], "outputs")
        for slot, step in last_use.items():
            if step < len(steps):
                steps[step][6].append(slot)  # freed after its last reader
        self._steps = steps
        self._slot_count = len(slots)

    def forward(self, *inputs):
        if len(inputs) != len(self._input_slots):
            raise TypeError(f"expected {len(self._input_slots)} input(s), got {len(inputs)}")
        values = [None] * self._slot_count
        for slot, value in zip(self._input_slots, inputs):
            values[slot] = value
        buffers = self._buffers
        for run, template, positions, attrs, roles, out, release in self._steps:
            args = list(template)
            for pos, slot in positions:
                args[pos] = values[slot]
            values[out] = run(args, attrs, {r: buffers[k] for r, k in roles.items()})
            for slot in release:
                values[slot] = None
        template, positions = self._outputs
        outputs = list(template)
        for pos, slot in positions:
            outputs[pos] = values[slot]
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def extra_repr(self) -> str:
        return f"{len(self.graph['nodes'])} nodes, {len(self._buffers)} tensors"


def _check_literal(value, where: str) -> None:
    if isinstance(value, list):
        for item in value:
            _check_literal(item, where)
    elif value is not None and not isinstance(value, (bool, int, float, str)):
        raise FrozenFormatError(f"{where}: {value!r} is not a literal")


# ----- file ---------------------------------------------------------------------------------

def to_bytes(frozen: FrozenGraph, key: str) -> bytes:
    """The frozen graph as one safetensors file (see the module docstring)."""
    from safetensors.torch import save

    tensors = {k: v.detach().to("cpu", memory_format=torch.contiguous_format).clone()
               for k, v in frozen.named_buffers()}
    plain = save(tensors)
    digest = hashlib.sha256(plain[8 + int.from_bytes(plain[:8], "little"):]).hexdigest()
    metadata = {"format": FORMAT, "version": str(FORMAT_VERSION), "key": key,
                "data_sha256": digest, "graph": json.dumps(frozen.graph, separators=(",", ":")),
                "info": json.dumps(frozen.info, separators=(",", ":"))}
    return save(tensors, metadata=metadata)  # the data section is laid out as in ``plain``


def from_bytes(data: bytes, key: str) -> FrozenGraph:
    """A FrozenGraph from ``to_bytes``'s output; FrozenFormatError when it is damaged, of
    another version, or stored under another key."""
    from safetensors import SafetensorError
    from safetensors.torch import load

    try:
        size = int.from_bytes(data[:8], "little")
        if len(data) < 8 + size:
            raise FrozenFormatError("truncated header")
        metadata = json.loads(data[8:8 + size]).get("__metadata__") or {}
        if metadata.get("format") != FORMAT or metadata.get("version") != str(FORMAT_VERSION):
            raise FrozenFormatError(f"not a {FORMAT} v{FORMAT_VERSION} file")
        if metadata.get("key") != key:
            raise FrozenFormatError(f"stored under key {metadata.get('key')!r}, not {key!r}")
        if hashlib.sha256(data[8 + size:]).hexdigest() != metadata.get("data_sha256"):
            raise FrozenFormatError("the tensor data does not match its checksum")
        tensors = load(data)
        return FrozenGraph(json.loads(metadata["graph"]), tensors, json.loads(metadata["info"]))
    except FrozenFormatError:
        raise
    except (SafetensorError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FrozenFormatError(f"unreadable frozen graph: {exc}") from exc



# ----- cache --------------------------------------------------------------------------------

def read_cache(path: str | os.PathLike, key: str) -> FrozenGraph | None:
    """The frozen graph cached at ``path`` under ``key``; None when absent, unreadable,
    damaged, of another format version or stored under another key."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    try:
        return from_bytes(data, key)
    except FrozenFormatError:
        return None


def write_cache(path: str | os.PathLike, frozen: FrozenGraph, key: str,
                stale_glob: str | None = None) -> bool:
    """Write ``frozen`` to ``path`` atomically (mode 0644, shared data like the fetched
    weights), then remove the other files matching ``stale_glob`` beside it (older keys);
    False when the folder cannot be written (the caller works without the cache)."""
    from cvlab.core.fileio import atomic_write

    path = Path(path)
    try:
        with atomic_write(path) as out:
            os.fchmod(out.fileno(), 0o644)
            out.write(to_bytes(frozen, key))
        for stale in path.parent.glob(stale_glob) if stale_glob else ():
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return False
    return True
