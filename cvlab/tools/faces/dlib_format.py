"""A reader for networks saved with dlib's ``serialize`` (the ``.dat`` files of dlib's models).

Written from dlib's format (dlib/serialize.h, dlib/float_details.h, dlib/dnn/core.h,
layers.h, input.h, loss.h, cuda/tensor.h); no dlib code is used. The format:

- integers: one control byte (bit 7: negative; bits 0-3: byte count 1-8; bits 4-6 must be 0)
  then that many bytes, least significant first;
- floats: two integers, ``mantissa`` and ``exponent``, value ``mantissa * 2**exponent``
  (exponents 32000-32002 mean +inf, -inf, NaN);
- strings: an integer length then the bytes; bools: the character ``'0'`` or ``'1'``;
- tensors: integer version 2, four integer dimensions (n, k, rows, cols), then the values as
  little-endian IEEE float32; an alias tensor (a view into a layer's ``params``): version 1
  and four dimensions, no values.

A network is written outermost first and carries no type names for its nesting, so the
reader is given the layer stack it expects (innermost first) and checks every layer's own
tag string (``"con_5"``, ``"bn_con2"``, ...) and hyper-parameters against it. Each wrapper
writes its version, then everything it wraps, then its own layer. Anything unexpected
(a truncated file, another network, a forged size) is a :class:`DlibFormatError`, a
``ValueError`` with one sentence naming the byte offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_SPECIAL_EXPONENTS = {32000: np.inf, 32001: -np.inf, 32002: np.nan}


class DlibFormatError(ValueError):
    pass


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the expected stack: ``kind`` and its fixed hyper-parameters.

    Kinds: ``con`` (filters, size, stride), ``affine``, ``relu``, ``max_pool`` / ``avg_pool``
    (size, stride; size 0 pools everything), ``add_prev`` (tag), ``fc`` (outputs, bias),
    ``tag`` (id) and ``skip`` (tag id); padding follows dlib's default (size // 2 at
    stride 1, else 0).
    """

    kind: str
    args: tuple = ()


@dataclass
class Layer:
    kind: str
    args: tuple
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    flags: dict[str, object] = field(default_factory=dict)


@dataclass
class DlibNetwork:
    input_size: int
    pixel_mean: tuple[float, float, float]  # R, G, B subtracted before dividing by 256
    layers: list[Layer]  # innermost first: the order they run in
    loss: str

    def parameter_count(self) -> int:
        return sum(a.size for layer in self.layers for a in layer.arrays.values())


class _Reader:
    def __init__(self, data: bytes, name: str) -> None:
        self.data = memoryview(data)
        self.name = name
        self.pos = 0

    def fail(self, what: str, reason: str) -> DlibFormatError:
        return DlibFormatError(f"{self.name} is not the dlib network expected: {reason} "
                               f"while reading {what} at byte {self.pos}")

    def take(self, n: int, what: str) -> memoryview:
        if n > len(self.data) - self.pos:
            raise self.fail(what, f"the file ends ({n} bytes needed, "
                                  f"{len(self.data) - self.pos} left)")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def int(self, what: str) -> int:
        control = self.take(1, what)[0]
        size = control & 0x0F
        if control & 0x70 or not 1 <= size <= 8:
            self.pos -= 1
            raise self.fail(what, f"a bad integer control byte 0x{control:02x}")
        value = int.from_bytes(self.take(size, what), "little")
        return -value if control & 0x80 else value

    def expect_int(self, allowed: tuple[int, ...], what: str) -> int:
        start, value = self.pos, self.int(what)
        if value not in allowed:
            self.pos = start
            raise self.fail(what, f"{value} where {' or '.join(map(str, allowed))} belongs")
        return value

    def float(self, what: str) -> float:
        if self.pos < len(self.data) and self.data[self.pos] & 0x70:
            raise self.fail(what, "dlib's old text float encoding (not supported)")
        mantissa, exponent = self.int(what), self.int(what)
        if exponent in _SPECIAL_EXPONENTS:
            return float(_SPECIAL_EXPONENTS[exponent])
        return float(np.ldexp(float(mantissa), exponent))

    def string(self, what: str) -> str:
        n = self.int(what)
        if n < 0 or n > 256:  # every tag string is short; this is not one
            raise self.fail(what, f"a string length of {n}")
        return bytes(self.take(n, what)).decode("latin-1")

    def tag(self, allowed: tuple[str, ...], what: str) -> str:
        start, value = self.pos, self.string(what)
        if value not in allowed:
            self.pos = start
            raise self.fail(what, f"{value!r} where {' or '.join(map(repr, allowed))} belongs")
        return value

    def bool(self, what: str) -> bool:
        ch = bytes(self.take(1, what))
        if ch not in (b"0", b"1"):
            self.pos -= 1
            raise self.fail(what, f"the byte {ch!r} where a bool belongs")
        return ch == b"1"

    def dims(self, what: str) -> tuple[int, int, int, int]:
        dims = tuple(self.int(what) for _ in range(4))
        if any(d < 0 for d in dims):
            raise self.fail(what, f"negative tensor dimensions {dims}")
        return dims

    def tensor(self, what: str) -> np.ndarray:
        self.expect_int((2,), what + " version")
        dims = self.dims(what)
        count = int(np.prod(dims, dtype=object))
        # The size is checked against the bytes left before anything is allocated.
        raw = self.take(4 * count, what)
        return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(dims)

    def alias(self, what: str) -> tuple[int, int, int, int]:
        self.expect_int((1,), what + " version")
        return self.dims(what)


def _split(reader: _Reader, params: np.ndarray, shapes: dict[str, tuple], what: str) -> dict:
    """Views of a layer's flat ``params`` in dlib's order (filters or gamma first)."""
    flat, out, offset = params.reshape(-1), {}, 0
    for name, shape in shapes.items():
        n = int(np.prod(shape))
        if offset + n > flat.size:
            raise reader.fail(what, f"{name} {shape} does not fit in {flat.size} parameters")
        out[name] = flat[offset:offset + n].reshape(shape)
        offset += n
    if offset != flat.size:
        raise reader.fail(what, f"{flat.size - offset} parameters left over")
    return out


def _pool_padding(size: int, stride: int) -> int:
    return size // 2 if stride == 1 else 0


def _con(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    filters, size, stride = spec.args
    version = r.tag(("con_4", "con_5", "con_6"), what)
    params = r.tensor(what + " params")
    found = tuple(r.int(what) for _ in range(7))  # filters, rows, cols, strides, paddings
    pad = _pool_padding(size, stride)
    if found != (filters, size, size, stride, stride, pad, pad):
        raise r.fail(what, f"(filters, rows, cols, strides, paddings) {found}, expected "
                           f"{(filters, size, size, stride, stride, pad, pad)}")
    weight_dims, bias_dims = r.alias(what + " filters"), r.alias(what + " biases")
    for name in ("learning rate", "weight decay", "bias learning rate", "bias weight decay"):
        r.float(f"{what} {name} multiplier")
    use_bias = r.bool(what + " use_bias") if version in ("con_5", "con_6") else True
    use_relu = r.bool(what + " use_relu") if version == "con_6" else False
    shapes = {"weight": weight_dims, **({"bias": (filters,)} if use_bias else {})}
    if int(np.prod(bias_dims)) != filters and use_bias:
        raise r.fail(what, f"bias shape {bias_dims} for {filters} filters")
    return Layer("con", spec.args, _split(r, params, shapes, what), {"relu": use_relu})


def _affine(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    version = r.tag(("affine_", "affine_2", "bn_con2"), what)
    params = r.tensor(what + " params")
    gamma_dims, _ = r.alias(what + " gamma"), r.alias(what + " beta")
    k = int(np.prod(gamma_dims))
    found = _split(r, params, {"gamma": (k,), "beta": (k,)}, what)
    disabled = False
    if version == "bn_con2":
        # Batch norm as trained: folded into the affine map it is at inference, the way
        # dlib's affine_(bn_) constructor does, with the running statistics.
        for name in ("means", "invstds"):
            r.tensor(f"{what} {name}")
        mean, var = r.tensor(what + " running means"), r.tensor(what + " running variances")
        r.int(what + " num_updates")
        r.int(what + " running_stats_window_size")
        for name in ("learning rate", "weight decay", "bias learning rate", "bias weight decay"):
            r.float(f"{what} {name} multiplier")
        eps = r.float(what + " eps")
        if mean.size != k or var.size != k:
            raise r.fail(what, f"running statistics for {mean.size} channels, gamma has {k}")
        scale = found["gamma"] / np.sqrt(var.reshape(-1) + np.float32(eps))
        found = {"gamma": scale.astype(np.float32),
                 "beta": (found["beta"] - scale * mean.reshape(-1)).astype(np.float32)}
    else:
        r.expect_int((0,), what + " mode (0: per channel)")
        if version == "affine_2":
            disabled = r.bool(what + " disabled")
    return Layer("affine", spec.args, found, {"disabled": disabled})


def _relu(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    version = r.tag(("relu_", "relu_2"), what)
    disabled = r.bool(what + " disabled") if version == "relu_2" else False
    return Layer("relu", spec.args, {}, {"disabled": disabled})


def _pool(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    size, stride = spec.args
    r.tag((f"{spec.kind}_2",), what)
    found = tuple(r.int(what) for _ in range(6))
    pad = _pool_padding(size, stride)
    if found != (size, size, stride, stride, pad, pad):
        raise r.fail(what, f"(rows, cols, strides, paddings) {found}, expected "
                           f"{(size, size, stride, stride, pad, pad)}")
    return Layer(spec.kind, spec.args)


def _add_prev(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    r.tag(("add_prev_",), what)
    return Layer("add_prev", spec.args)


def _fc(r: _Reader, spec: LayerSpec, what: str) -> Layer:
    outputs, with_bias = spec.args
    version = r.tag(("fc_2", "fc_3"), what)
    r.expect_int((outputs,), what + " outputs")
    inputs = r.int(what + " inputs")
    params = r.tensor(what + " params")
    r.alias(what + " weights")
    r.alias(what + " biases")
    r.expect_int((0 if with_bias else 1,), what + " bias mode")
    for name in ("learning rate", "weight decay", "bias learning rate", "bias weight decay"):
        r.float(f"{what} {name} multiplier")
    use_bias = r.bool(what + " use_bias") if version == "fc_3" else True
    shapes = {"weight": (inputs, outputs), **({"bias": (outputs,)} if with_bias and use_bias
                                              else {})}
    return Layer("fc", spec.args, _split(r, params, shapes, what))


_LAYERS = {"con": _con, "affine": _affine, "relu": _relu, "max_pool": _pool,
           "avg_pool": _pool, "add_prev": _add_prev, "fc": _fc}


def read_network(data: bytes, stack: list[LayerSpec], *, input_size: int,
                 name: str = "the file") -> DlibNetwork:
    """Parse a ``loss_metric<... input_rgb_image_sized<input_size>>`` network whose layers,
    innermost first, are ``stack``."""
    r = _Reader(data, name)
    r.expect_int((1,), "the loss layer version")
    loss = r.tag(("loss_metric_", "loss_metric_2"), "the loss layer")
    if loss == "loss_metric_2":
        r.float("the loss margin")
        r.float("the loss distance threshold")
    # Going in: each wrapper's version, outermost first. The innermost layer holds the input.
    versions = {}
    for depth in range(len(stack) - 1, -1, -1):
        spec = stack[depth]
        what = f"layer {depth} ({spec.kind}) version"
        if spec.kind in ("tag", "skip"):
            r.expect_int((1,), what)
        else:
            versions[depth] = r.expect_int((2, 3) if depth == 0 else (1, 2), what)
    r.tag(("input_rgb_image_sized",), "the input layer")
    mean = tuple(r.float("the input layer's mean pixel") for _ in range(3))
    rows, cols = r.int("the input rows"), r.int("the input columns")
    if (rows, cols) != (input_size, input_size):
        raise r.fail("the input layer", f"a {rows}x{cols} input, expected {input_size}")
    # Coming out: each layer's details and the state dlib keeps beside them, innermost first.
    layers = []
    for depth, spec in enumerate(stack):
        if spec.kind in ("tag", "skip"):
            layers.append(Layer(spec.kind, spec.args))
            continue
        what = f"layer {depth} ({spec.kind})"
        layers.append(_LAYERS[spec.kind](r, spec, what))
        for flag in ("setup called", "gradient stale", "output disabled"):
            r.bool(f"{what} {flag} flag")
        r.tensor(what + " x_grad")
        r.tensor(what + " cached output")
        if depth == 0:
            r.tensor(what + " grad_final")
            if versions[depth] >= 3:
                r.int(what + " sample expansion factor")
        elif versions[depth] == 2:
            r.tensor(what + " params_grad")
    if r.pos != len(r.data):
        raise r.fail("the end of the network", f"{len(r.data) - r.pos} bytes left over")
    return DlibNetwork(input_size, mean, layers, loss)


def read_network_file(path: str | Path, stack: list[LayerSpec], *,
                      input_size: int) -> DlibNetwork:
    path = Path(path)
    return read_network(path.read_bytes(), stack, input_size=input_size, name=path.name)
