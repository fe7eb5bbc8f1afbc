"""Read a TensorFlow Lite flatbuffer (``.tflite``) into plain Python objects.

Only parsing happens here (with the ``tflite`` package, generated flatbuffer accessors); nothing
is executed. The result is a :class:`TFLiteGraph`: the tensors of the main subgraph (shape,
dtype, and for constants their data as numpy arrays) and its operators in execution order, each
with its builtin name (``"CONV_2D"``, ``"DEPTHWISE_CONV_2D"``, ...) and its options decoded into a
dict of plain values (``{"padding": "SAME", "stride_h": 2, "fused_activation_function":
"NONE", ...}``).

fp16 models store each weight as a FLOAT16 constant followed by a DEQUANTIZE op that turns it into
the FLOAT32 tensor the convolution reads. :func:`read_tflite` folds those ops by default: the
DEQUANTIZE output becomes a float32 constant and the op disappears from the list, so a consumer
sees ordinary float32 weights.

Layouts are TFLite's: activations NHWC, Conv2D kernels OHWI, DepthwiseConv2D kernels 1HWC
(C = in_channels * depth_multiplier).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# TFLite TensorType -> numpy dtype (the types a float model can hold).
_NUMPY_DTYPES = {
    "FLOAT32": np.float32,
    "FLOAT16": np.float16,
    "FLOAT64": np.float64,
    "INT32": np.int32,
    "INT64": np.int64,
    "INT16": np.int16,
    "INT8": np.int8,
    "UINT8": np.uint8,
    "BOOL": np.bool_,
}

# Option getters whose integer value is an enum; decoded to the enum's member name.
_ENUM_OPTIONS = {
    "Padding": "Padding",
    "FusedActivationFunction": "ActivationFunctionType",
}


@dataclass
class TensorInfo:
    index: int
    name: str
    shape: tuple[int, ...]
    dtype: str  # TFLite type name, e.g. "FLOAT32"
    data: np.ndarray | None = None  # constant contents (already reshaped), None for activations

    @property
    def is_constant(self) -> bool:
        return self.data is not None

    def describe(self) -> str:
        kind = "const" if self.is_constant else "act"
        return f"t{self.index} {self.name!r} {list(self.shape)} {self.dtype} {kind}"


@dataclass
class OpInfo:
    index: int  # position in the model's original operator list
    kind: str  # builtin operator name, e.g. "CONV_2D"
    inputs: tuple[int, ...]  # tensor indices; -1 marks an omitted optional input
    outputs: tuple[int, ...]
    options: dict = field(default_factory=dict)

    def describe(self, graph: TFLiteGraph) -> str:
        def tensor(i: int) -> str:
            if i < 0:
                return "-"
            t = graph.tensors[i]
            return f"{'c' if t.is_constant else 't'}{i}{list(t.shape)}"

        opts = ", ".join(f"{k}={v}" for k, v in self.options.items())
        ins = ", ".join(tensor(i) for i in self.inputs)
        outs = ", ".join(tensor(i) for i in self.outputs)
        line = f"#{self.index:<4} {self.kind:<18} ({ins}) -> ({outs})"
        return line + (f"  [{opts}]" if opts else "")


@dataclass
class TFLiteGraph:
    path: str
    tensors: list[TensorInfo]
    ops: list[OpInfo]
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    folded_dequantize: int = 0  # how many DEQUANTIZE ops were folded into constants

    def tensor(self, index: int) -> TensorInfo:
        return self.tensors[index]

    def constant(self, index: int) -> np.ndarray:
        data = self.tensors[index].data
        if data is None:
            raise ValueError(f"tensor {index} ({self.tensors[index].name}) is not a constant")
        return data

    def op_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for op in self.ops:
            counts[op.kind] = counts.get(op.kind, 0) + 1
        return counts

    def parameter_count(self) -> int:
        used = {i for op in self.ops for i in op.inputs if i >= 0 and self.tensors[i].is_constant}
        return int(sum(self.tensors[i].data.size for i in used
                       if self.tensors[i].dtype.startswith("FLOAT")))

    def describe(self) -> str:
        """A readable listing: inputs, outputs, op counts, then one line per operator."""
        lines = [f"TFLite graph {Path(self.path).name}: {len(self.ops)} ops "
                 f"({self.folded_dequantize} DEQUANTIZE folded into constants), "
                 f"{self.parameter_count():,} float parameters"]
        for label, indices in (("input", self.inputs), ("output", self.outputs)):
            for i in indices:
                lines.append(f"  {label}: {self.tensors[i].describe()}")
        counts = ", ".join(f"{k} x{v}" for k, v in sorted(self.op_counts().items()))
        lines.append(f"  ops: {counts}")
        lines.extend("  " + op.describe(self) for op in self.ops)
        return "\n".join(lines)


def _snake(name: str) -> str:
    # "DilationHFactor" -> "dilation_h_factor", "PotScaleInt16" -> "pot_scale_int16"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _enum_names(tflite, enum_class: str) -> dict[int, str]:
    cls = getattr(tflite, enum_class)
    return {v: k for k, v in vars(cls).items() if not k.startswith("_") and isinstance(v, int)}


def _decode_options(tflite, op) -> dict:
    """The op's builtin options as {snake_case_name: plain value}, read by reflection."""
    options_type = op.BuiltinOptionsType()
    if options_type == 0:  # NONE
        return {}
    type_name = _enum_names(tflite, "BuiltinOptions").get(options_type)
    cls = getattr(tflite, type_name, None) if type_name else None
    table = op.BuiltinOptions()
    if cls is None or table is None:
        return {"unparsed_options": type_name or options_type}
    obj = cls()
    obj.Init(table.Bytes, table.Pos)
    result: dict = {}
    for attr, member in vars(cls).items():
        if attr.startswith(("_", "GetRootAs", "Init")) or attr.endswith("BufferHasIdentifier"):
            continue
        if not callable(member) or attr.endswith(("Length", "IsNone")):
            continue
        if len(inspect.signature(member).parameters) != 1:  # element getters take an index
            continue
        value = getattr(obj, attr)()
        if attr in _ENUM_OPTIONS:
            value = _enum_names(tflite, _ENUM_OPTIONS[attr]).get(value, value)
        elif isinstance(value, np.ndarray):
            value = tuple(value.tolist())
        elif isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif not isinstance(value, (bool, int, float, str)):
            continue  # nested tables: not needed for the ops we run
        key = _snake(attr[:-len("AsNumpy")] if attr.endswith("AsNumpy") else attr)
        result[key] = value
    return result


def read_tflite(path: str | Path, *, fold_dequantize: bool = True) -> TFLiteGraph:
    """Parse ``path`` (subgraph 0). With ``fold_dequantize``, DEQUANTIZE ops on constant float16
    tensors are evaluated here and removed from the op list."""
    import tflite

    path = Path(path)
    buf = path.read_bytes()
    model = tflite.Model.GetRootAsModel(buf, 0)
    if model.SubgraphsLength() < 1:
        raise ValueError(f"{path}: no subgraph")
    graph = model.Subgraphs(0)
    type_names = _enum_names(tflite, "TensorType")

    tensors: list[TensorInfo] = []
    for i in range(graph.TensorsLength()):
        t = graph.Tensors(i)
        shape = tuple(int(s) for s in t.ShapeAsNumpy()) if t.ShapeLength() else ()
        dtype = type_names.get(t.Type(), str(t.Type()))
        data = None
        buffer = model.Buffers(t.Buffer())
        if buffer is not None and buffer.DataLength() > 0:
            np_dtype = _NUMPY_DTYPES.get(dtype)
            if np_dtype is None:
                raise NotImplementedError(f"{path}: constant tensor {i} has type {dtype}")
            raw = buffer.DataAsNumpy().tobytes()
            data = np.frombuffer(raw, dtype=np.dtype(np_dtype).newbyteorder("<")).reshape(shape)
            data = data.astype(np_dtype)  # native byte order, writable copy
        elif buffer is not None and buffer.Offset() > 1:
            raise NotImplementedError(f"{path}: tensor {i} lives outside the flatbuffer "
                                      "(models over 2 GB are not supported)")
        name = t.Name().decode("utf-8", "replace") if t.Name() else f"t{i}"
        tensors.append(TensorInfo(i, name, shape, dtype, data))

    ops: list[OpInfo] = []
    folded = 0
    for i in range(graph.OperatorsLength()):
        op = graph.Operators(i)
        code = model.OperatorCodes(op.OpcodeIndex())
        # Since schema v3a the real code is in BuiltinCode; DeprecatedBuiltinCode caps at 127.
        builtin = max(int(code.BuiltinCode()), int(code.DeprecatedBuiltinCode()))
        kind = tflite.opcode2name(builtin)
        if kind == "CUSTOM":
            kind = "CUSTOM:" + code.CustomCode().decode("utf-8", "replace")
        inputs = tuple(int(x) for x in op.InputsAsNumpy()) if op.InputsLength() else ()
        outputs = tuple(int(x) for x in op.OutputsAsNumpy()) if op.OutputsLength() else ()
        if (fold_dequantize and kind == "DEQUANTIZE" and len(inputs) == 1
                and tensors[inputs[0]].is_constant
                and tensors[inputs[0]].dtype in ("FLOAT16", "FLOAT32")):
            out = tensors[outputs[0]]
            out.data = tensors[inputs[0]].data.astype(np.float32).reshape(out.shape)
            folded += 1
            continue
        ops.append(OpInfo(i, kind, inputs, outputs, _decode_options(tflite, op)))

    return TFLiteGraph(
        path=str(path), tensors=tensors, ops=ops,
        inputs=tuple(int(x) for x in graph.InputsAsNumpy()),
        outputs=tuple(int(x) for x in graph.OutputsAsNumpy()),
        folded_dequantize=folded)
