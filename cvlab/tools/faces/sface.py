"""SFace face embeddings (OpenCV model zoo, int8 block-quantised ONNX) run as PyTorch.

The catalogue entry ``sface`` is ``face_recognition_sface_2021dec_int8bq.onnx`` (opset 21). Its
graph is a plain chain — a MobileFaceNet-like stack of 3x3 depthwise / 1x1 pointwise
convolutions, each followed by batch norm and PReLU, then batch norm, dropout, flatten, a
fully connected layer and a last batch norm to the 128-d ``fc1`` — whose convolution and
fully connected weights are stored as int8 with one float32 scale and one int8 zero point per
block of ``block_size`` values along one axis (``DequantizeLinear`` with ``block_size``).

Loading reads the graph with the ``onnx`` package, folds the weight-only nodes
(``DequantizeLinear``, ``Reshape``, ``Constant``) into float32 tensors once, and keeps the
rest as a list of nodes that :class:`OnnxChain` runs with torch functions. Only the op types
the SFace graph holds are supported; any other raises ``ValueError`` naming it.

Input: ``data`` (N, 3, 112, 112) float pixel values 0-255, RGB (OpenCV's
``FaceRecognizerSF::feature`` makes the blob with ``swapRB=true`` from a BGR image); the
graph itself computes ``(x - 127.5) / 128``. The face should first be aligned to the 112x112
five-landmark template (:func:`cvlab.tools.faces.align.align_face`). Embeddings are
compared by cosine similarity; no threshold is set here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.weights.loading import WeightsMissingError, checked_path
from cvlab.tools.faces.weights import get

WEIGHTS_NAME = "sface"
FETCH_COMMAND = "cvlab weights fetch sface"
INPUT_SIZE = 112
EMBEDDING_SIZE = 128

# Nodes whose inputs are all constants: evaluated once at load.
_FOLDED = {"DequantizeLinear", "Reshape", "Constant"}
# Nodes run on the activations.
_RUN = {"Sub", "Mul", "Conv", "BatchNormalization", "PRelu", "Dropout", "Flatten", "Gemm"}


def dequantize_blocked(q: np.ndarray, scale: np.ndarray, zero_point: np.ndarray | None = None,
                       *, axis: int = 1, block_size: int = 0) -> np.ndarray:
    """ONNX ``DequantizeLinear``: ``(q - zero_point) * scale`` in float32.

    ``block_size > 0``: ``scale`` and ``zero_point`` have ``q``'s shape except along ``axis``,
    where they have ``ceil(q.shape[axis] / block_size)`` entries, one per block of
    ``block_size`` consecutive values (the last block may be short). ``block_size == 0``:
    per-tensor (scalar ``scale``) or per-axis (1-D ``scale`` along ``axis``).
    """
    q = np.asarray(q)
    scale = np.asarray(scale, np.float32)
    zp = np.zeros((), np.int32) if zero_point is None else np.asarray(zero_point, np.int32)
    axis = axis % max(q.ndim, 1)
    if block_size > 0:
        n = q.shape[axis]
        blocks = -(-n // block_size)
        if scale.shape[axis] != blocks:
            raise ValueError(f"DequantizeLinear: {blocks} blocks of {block_size} along axis "
                             f"{axis} of {q.shape}, but scale has shape {scale.shape}")
        scale = np.take(np.repeat(scale, block_size, axis=axis), np.arange(n), axis=axis)
        if zp.ndim:
            zp = np.take(np.repeat(zp, block_size, axis=axis), np.arange(n), axis=axis)
    elif scale.ndim == 1 and q.ndim > 1:
        shape = [1] * q.ndim
        shape[axis] = -1
        scale = scale.reshape(shape)
        if zp.ndim:
            zp = zp.reshape(shape)
    return ((q.astype(np.int32) - zp).astype(np.float32) * scale).astype(np.float32)


@dataclass
class Node:
    op: str
    inputs: list[str]
    outputs: list[str]
    attrs: dict = field(default_factory=dict)


@dataclass
class ChainGraph:
    """An ONNX graph with its weight-only nodes folded: float32 constants and the nodes left."""

    input_name: str
    output_name: str
    constants: dict[str, np.ndarray]
    nodes: list[Node]


def read_onnx_chain(path: str | Path) -> ChainGraph:
    """Read an ONNX file, dequantise and fold its constant nodes; the rest must be in _RUN."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    # Old exporters list the weights among the graph inputs too; the real input is the one
    # that is neither an initializer nor produced by a folded node.
    produced = {o for n in graph.node for o in n.output}
    inputs = [i.name for i in graph.input if i.name not in constants and i.name not in produced]
    nodes: list[Node] = []
    for n in graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type in _FOLDED:
            if n.op_type == "Constant":
                constants[n.output[0]] = numpy_helper.to_array(attrs["value"])
                continue
            if not all(i in constants for i in n.input if i):
                raise ValueError(f"{n.op_type} node {n.name!r} has a non-constant input")
            args = [constants[i] if i else None for i in n.input]
            if n.op_type == "DequantizeLinear":
                value = dequantize_blocked(args[0], args[1], args[2] if len(args) > 2 else None,
                                           axis=attrs.get("axis", 1),
                                           block_size=attrs.get("block_size", 0))
            else:  # Reshape
                value = args[0].reshape([int(d) for d in args[1]])
            constants[n.output[0]] = value
        elif n.op_type in _RUN:
            nodes.append(Node(n.op_type, list(n.input), list(n.output), attrs))
        else:
            raise ValueError(f"unsupported ONNX op {n.op_type!r} (node {n.name!r})")
    used = {i for node in nodes for i in node.inputs}
    real_inputs = [name for name in inputs if name in used]
    if len(real_inputs) != 1 or len(graph.output) != 1:
        raise ValueError(f"expected one input and one output, got inputs {real_inputs} and "
                         f"outputs {[o.name for o in graph.output]}")
    constants = {k: v for k, v in constants.items() if k in used}
    return ChainGraph(real_inputs[0], graph.output[0].name, constants, nodes)


def _build_module(graph: ChainGraph):
    import torch
    import torch.nn.functional as F
    from torch import nn

    class OnnxChain(nn.Module):
        """Runs a folded ONNX graph's nodes in order with torch functions (float32)."""

        def __init__(self):
            super().__init__()
            self.input_name = graph.input_name
            self.output_name = graph.output_name
            self.nodes = graph.nodes
            self.slot = {}
            for k, (name, value) in enumerate(graph.constants.items()):
                tensor = torch.from_numpy(np.ascontiguousarray(value))
                if tensor.is_floating_point():
                    tensor = tensor.float()
                self.register_buffer(f"c{k}", tensor)
                self.slot[name] = f"c{k}"

        def forward(self, x):
            env = {self.input_name: x}

            def val(name):
                return env[name] if name in env else getattr(self, self.slot[name])

            for node in self.nodes:
                a = node.attrs
                args = [val(i) if i else None for i in node.inputs]
                op = node.op
                if op == "Sub":
                    y = args[0] - args[1]
                elif op == "Mul":
                    y = args[0] * args[1]
                elif op == "Conv":
                    pads = list(a.get("pads", [0, 0, 0, 0]))
                    if pads[:2] != pads[2:]:
                        raise ValueError(f"asymmetric Conv padding {pads}")
                    y = F.conv2d(args[0], args[1], args[2] if len(args) > 2 else None,
                                 stride=tuple(a.get("strides", [1, 1])), padding=tuple(pads[:2]),
                                 dilation=tuple(a.get("dilations", [1, 1])),
                                 groups=a.get("group", 1))
                elif op == "BatchNormalization":
                    y = F.batch_norm(args[0], args[3], args[4], args[1], args[2], False, 0.0,
                                     a.get("epsilon", 1e-5))
                elif op == "PRelu":
                    y = torch.where(args[0] >= 0, args[0], args[0] * args[1])
                elif op == "Dropout":
                    y = args[0]
                elif op == "Flatten":
                    axis = a.get("axis", 1)
                    y = args[0].reshape(int(np.prod(args[0].shape[:axis])), -1)
                elif op == "Gemm":
                    A = args[0].T if a.get("transA", 0) else args[0]
                    B = args[1].T if a.get("transB", 0) else args[1]
                    y = a.get("alpha", 1.0) * (A @ B)
                    if len(args) > 2 and args[2] is not None:
                        y = y + a.get("beta", 1.0) * args[2]
                else:  # pragma: no cover - read_onnx_chain only keeps ops from _RUN
                    raise ValueError(op)
                env[node.outputs[0]] = y
            return env[self.output_name]

    return OnnxChain().eval()


def sface_path() -> Path:
    """The verified SFace ONNX file; WeightsMissingError names the fetch command."""
    try:
        return checked_path(get(WEIGHTS_NAME))
    except WeightsMissingError as exc:
        raise WeightsMissingError(translate(
            "FaceWeights", "{0}. SFace needs its ONNX file: run {1}").format(
            exc, FETCH_COMMAND)) from None


class SFace:
    """SFace embedder: aligned 112x112 RGB uint8 faces to 128-d embeddings."""

    def __init__(self, graph: ChainGraph, device="cpu"):
        self.device = device
        self.net = _build_module(graph).to(device)

    def raw(self, data_nchw: np.ndarray) -> np.ndarray:
        """The graph's ``fc1`` for a float32 (N, 3, 112, 112) batch of 0-255 RGB values."""
        import torch

        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(data_nchw, np.float32)).to(self.device)
            return self.net(x).cpu().numpy()

    def embed(self, faces_rgb: np.ndarray) -> np.ndarray:
        """L2-normalised (N, 128) float32 embeddings of (N, 112, 112, 3) or one (112, 112, 3)
        aligned RGB uint8 faces."""
        faces = np.asarray(faces_rgb)
        if faces.ndim == 3:
            faces = faces[None]
        if faces.shape[1:] != (INPUT_SIZE, INPUT_SIZE, 3) or faces.dtype != np.uint8:
            raise ValueError(f"SFace takes 112x112 RGB uint8 faces, got {faces.shape} "
                             f"{faces.dtype}")
        out = self.raw(faces.transpose(0, 3, 1, 2).astype(np.float32))
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def load_sface(device="cpu") -> SFace:
    """SFace from the catalogue's ``sface`` ONNX file, dequantised to float32 PyTorch."""
    return SFace(read_onnx_chain(sface_path()), device)


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of the angle between two embeddings (1 = same direction)."""
    a = np.asarray(a, np.float64).ravel()
    b = np.asarray(b, np.float64).ravel()
    return float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12))
