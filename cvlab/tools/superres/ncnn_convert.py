"""Convert ncnn models (a ``.param`` text graph + a ``.bin`` weight blob) to PyTorch state dicts.

ncnn's ``.bin`` has no names or shapes: it is every weighted layer's arrays, back to back, in
graph order. So the conversion walks the graph's weighted layers and the torch module's
Conv2d/PReLU modules side by side, checking each pair's shapes (and fused activations)
against the ``.param`` so a wrong pairing fails loudly, naming the layer.

Layout of one ``.bin`` array as ncnn's ModelBin reads it:
- "auto" arrays (conv weights): a 4-byte tag, then the data. Tag 0x01306B47 = fp16 values
  (padded to 4 bytes); tag 0 or 0x0002C056 = fp32 values. Other tags (int8, 256-entry
  quantisation tables) are not supported here.
- "raw" arrays (conv bias, PReLU slopes, MemoryData constants): fp32 values, no tag.

A MemoryData layer (a constant tensor, e.g. SPAN's input mean) fills the next buffer named in
the module's ``ncnn_memory_data`` tuple.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from cvlab.core.fileio import atomic_write
from cvlab.core.weights.fetch import fetch
from cvlab.core.weights.loading import checked_path
from cvlab.core.weights.store import file_sha256, status
from cvlab.tools.superres.archs import (
    SPAN,
    RRDBNet,
    SRVGGNetCompact,
    UpCunet2x,
    realcugan_x2_conservative,
    realesrgan_animevideov3,
    realesrgan_x4plus,
    realsr_df2k_x4,
    span_x2_ch48,
    span_x4_ch48,
)
from cvlab.tools.superres.weights import get

PARAM_MAGIC = 7767517
ARRAY_KEY_BASE = -23300  # key -23300-i holds array parameter i ("n,v1,...,vn")
TAG_FP16 = 0x01306B47
TAGS_FP32 = (0x00000000, 0x0002C056)
# Bump when the conversion changes, so cached conversions are redone.
CONVERTER_VERSION = 1

# Layer types that own no arrays in the .bin; any other weightless-looking type is refused,
# because skipping a layer that does own arrays would shift every later read.
WEIGHTLESS_TYPES = frozenset({"Input", "Split", "Concat", "Eltwise", "BinaryOp", "Interp",
                              "PixelShuffle", "Reshape", "Permute", "ReLU", "Noop",
                              "Sigmoid", "Swish", "Pooling", "Crop"})
ACTIVATION_NAMES = {0: "none", 1: "relu", 2: "leakyrelu", 3: "clip", 4: "sigmoid",
                    5: "mish", 6: "hardswish"}


class NcnnFormatError(ValueError):
    """The .param/.bin pair is malformed or does not fit the chosen architecture."""


@dataclass
class Layer:
    type: str
    name: str
    inputs: list[str]
    outputs: list[str]
    params: dict[int, int | float | list] = field(default_factory=dict)

    def get(self, key: int, default=None):
        return self.params.get(key, default)


def _number(text: str) -> int | float:
    # ncnn treats a value as float when it has a decimal point or an exponent.
    return float(text) if any(c in text for c in ".eE") else int(text)


def parse_param(path: str | os.PathLike) -> list[Layer]:
    """Parse an ncnn text ``.param`` file into its layers, in file (= execution) order."""
    lines = [ln.split() for ln in Path(path).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines or lines[0] != [str(PARAM_MAGIC)]:
        raise NcnnFormatError(f"{path}: not an ncnn text .param file (first line should be "
                              f"{PARAM_MAGIC}, got {' '.join(lines[0]) if lines else 'nothing'})")
    try:
        layer_count, _blob_count = (int(v) for v in lines[1])
    except (IndexError, ValueError):
        raise NcnnFormatError(f"{path}: line 2 should be '<layer count> <blob count>'") from None
    layers = []
    for number, tokens in enumerate(lines[2:], start=3):
        try:
            n_in, n_out = int(tokens[2]), int(tokens[3])
            blobs = tokens[4:4 + n_in + n_out]
            if len(blobs) != n_in + n_out:
                raise IndexError
            layer = Layer(tokens[0], tokens[1], blobs[:n_in], blobs[n_in:])
            for item in tokens[4 + n_in + n_out:]:
                key_text, value_text = item.split("=", 1)
                key = int(key_text)
                if key <= ARRAY_KEY_BASE:
                    count, *values = value_text.split(",")
                    if int(count) != len(values):
                        raise ValueError(f"array {item} says {count} values, has {len(values)}")
                    layer.params[ARRAY_KEY_BASE - key] = [_number(v) for v in values]
                else:
                    layer.params[key] = _number(value_text)
        except (IndexError, ValueError) as exc:
            raise NcnnFormatError(f"{path}, line {number}: cannot parse layer "
                                  f"{' '.join(tokens)[:80]!r} ({exc})") from None
        layers.append(layer)
    if len(layers) != layer_count:
        raise NcnnFormatError(f"{path}: header says {layer_count} layers, found {len(layers)}")
    return layers


class _BlobReader:
    """Reads ncnn's arrays from the .bin in order, tracking the offset for error messages."""

    def __init__(self, data: bytes, path: str | os.PathLike) -> None:
        self.data, self.path, self.offset = data, path, 0

    def _take(self, nbytes: int, layer: Layer) -> bytes:
        if self.offset + nbytes > len(self.data):
            raise NcnnFormatError(f"{self.path}: ends at byte {len(self.data)} while reading "
                                  f"{nbytes} bytes for layer {layer.name} at {self.offset} "
                                  "(the .bin does not belong to this .param?)")
        chunk = self.data[self.offset:self.offset + nbytes]
        self.offset += nbytes
        return chunk

    def raw_fp32(self, count: int, layer: Layer) -> np.ndarray:
        return np.frombuffer(self._take(4 * count, layer), dtype="<f4").astype(np.float32)

    def tagged(self, count: int, layer: Layer) -> np.ndarray:
        tag = int.from_bytes(self._take(4, layer), "little")
        if tag == TAG_FP16:
            padded = (2 * count + 3) // 4 * 4  # fp16 arrays are padded to whole 4-byte words
            values = np.frombuffer(self._take(padded, layer), dtype="<f2")[:count]
            return values.astype(np.float32)
        if tag in TAGS_FP32:
            return self.raw_fp32(count, layer)
        raise NcnnFormatError(f"layer {layer.name}: weight storage tag 0x{tag:08X} at byte "
                              f"{self.offset - 4} of {self.path} is not fp16 or fp32 "
                              "(int8/quantised ncnn models are not supported)")


# ncnn layer type -> the torch module type that takes its arrays
WEIGHTED_TYPES = {"Convolution": nn.Conv2d, "Deconvolution": nn.ConvTranspose2d,
                  "InnerProduct": nn.Linear, "PReLU": nn.PReLU}


def weighted_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The modules that own .bin arrays, in registration order (= graph order for our archs)."""
    kinds = tuple(WEIGHTED_TYPES.values())
    return [(n, m) for n, m in model.named_modules() if isinstance(m, kinds)]


def _expected_activation(model: nn.Module, module_name: str) -> tuple[str, float | None]:
    """The activation ncnn should have fused into this layer (RRDBNet's leaky ReLUs; an
    architecture may say itself with ``ncnn_activation(name)``)."""
    if hasattr(model, "ncnn_activation"):
        return model.ncnn_activation(module_name)
    if isinstance(model, RRDBNet):
        last = module_name.rsplit(".", 1)[-1]
        if last in ("conv1", "conv2", "conv3", "conv4", "conv_up1", "conv_up2", "conv_hr"):
            return "leakyrelu", 0.2
    return "none", None


def _check_activation(layer: Layer, name: str, model: nn.Module) -> None:
    act = ACTIVATION_NAMES.get(layer.get(9, 0), f"type {layer.get(9, 0)}")
    slope = (layer.get(10) or [None])[0] if act == "leakyrelu" else None
    want_act, want_slope = _expected_activation(model, name)
    if act != want_act or (want_slope is not None and abs(slope - want_slope) > 1e-6):
        found_text, wanted_text = (kind if s is None else f"{kind}({s:g})"
                                   for kind, s in ((act, slope), (want_act, want_slope)))
        raise NcnnFormatError(f"layer {layer.name} ({layer.type}) fuses activation "
                              f"{found_text} but {name} in {type(model).__name__} is followed "
                              f"by {wanted_text}")


def _check_fields(layer: Layer, name: str, shape: tuple, found: dict, wanted: dict) -> None:
    for key, value in wanted.items():
        if found[key] != value:
            raise NcnnFormatError(f"layer {layer.name} ({layer.type}) does not fit {name} "
                                  f"{shape}: {key} is {found[key]} in the .param, the "
                                  f"architecture needs {value}")


def _deconv_arrays(layer: Layer, name: str, deconv: nn.ConvTranspose2d, model: nn.Module,
                   reader: _BlobReader) -> dict[str, np.ndarray]:
    in_ch, out_ch, kh, kw = deconv.weight.shape
    if deconv.groups != 1 or layer.get(7, 1) != 1:
        raise NcnnFormatError(f"layer {layer.name}: grouped deconvolutions are not supported")
    kernel_w, stride_w, pad_w = layer.get(1, 0), layer.get(3, 1), layer.get(4, 0)
    found = dict(num_output=layer.get(0, 0), kernel=(layer.get(11, kernel_w), kernel_w),
                 weight_data_size=layer.get(6, 0), bias=bool(layer.get(5, 0)),
                 stride=(layer.get(13, stride_w), stride_w),
                 dilation=(layer.get(12, layer.get(2, 1)), layer.get(2, 1)),
                 # left, right, top, bottom (ncnn crops these from the full output)
                 padding=(pad_w, layer.get(15, pad_w), layer.get(14, pad_w),
                          layer.get(16, layer.get(14, pad_w))),
                 output_padding=(layer.get(19, layer.get(18, 0)), layer.get(18, 0)),
                 output_size=(layer.get(21, 0), layer.get(20, 0)))
    pad_h, pad_w = deconv.padding
    wanted = dict(num_output=out_ch, kernel=(kh, kw), weight_data_size=out_ch * in_ch * kh * kw,
                  bias=deconv.bias is not None, stride=tuple(deconv.stride),
                  dilation=tuple(deconv.dilation), padding=(pad_w, pad_w, pad_h, pad_h),
                  output_padding=tuple(deconv.output_padding), output_size=(0, 0))
    _check_fields(layer, name, tuple(deconv.weight.shape), found, wanted)
    _check_activation(layer, name, model)
    # ncnn keeps deconvolution weights as (out, in, kh, kw); torch as (in, out, kh, kw).
    weight = reader.tagged(wanted["weight_data_size"], layer).reshape(out_ch, in_ch, kh, kw)
    arrays = {f"{name}.weight": weight.transpose(1, 0, 2, 3)}
    if deconv.bias is not None:
        arrays[f"{name}.bias"] = reader.raw_fp32(out_ch, layer)
    return arrays


def _linear_arrays(layer: Layer, name: str, linear: nn.Linear, model: nn.Module,
                   reader: _BlobReader) -> dict[str, np.ndarray]:
    out_features, in_features = linear.weight.shape
    found = dict(num_output=layer.get(0, 0), bias=bool(layer.get(1, 0)),
                 weight_data_size=layer.get(2, 0))
    wanted = dict(num_output=out_features, bias=linear.bias is not None,
                  weight_data_size=out_features * in_features)
    _check_fields(layer, name, tuple(linear.weight.shape), found, wanted)
    if layer.get(8, 0):
        raise NcnnFormatError(f"layer {layer.name}: int8 inner products are not supported")
    _check_activation(layer, name, model)
    arrays = {f"{name}.weight": reader.tagged(out_features * in_features, layer)
              .reshape(out_features, in_features)}
    if linear.bias is not None:
        arrays[f"{name}.bias"] = reader.raw_fp32(out_features, layer)
    return arrays


def _conv_arrays(layer: Layer, name: str, conv: nn.Conv2d, model: nn.Module,
                 reader: _BlobReader) -> dict[str, np.ndarray]:
    out_ch, in_ch, kh, kw = conv.weight.shape
    kernel_w = layer.get(1, 0)
    kernel_h = layer.get(11, kernel_w)
    found = dict(num_output=layer.get(0, 0), kernel=(kernel_h, kernel_w),
                 weight_data_size=layer.get(6, 0), bias=bool(layer.get(5, 0)),
                 stride=(layer.get(13, layer.get(3, 1)), layer.get(3, 1)),
                 dilation=(layer.get(12, layer.get(2, 1)), layer.get(2, 1)),
                 padding=(layer.get(14, layer.get(4, 0)), layer.get(4, 0)))
    wanted = dict(num_output=out_ch, kernel=(kh, kw), weight_data_size=out_ch * in_ch * kh * kw,
                  bias=conv.bias is not None, stride=tuple(conv.stride),
                  dilation=tuple(conv.dilation), padding=tuple(conv.padding))
    for key, value in wanted.items():
        if found[key] != value:
            raise NcnnFormatError(f"layer {layer.name} (Convolution) does not fit {name} "
                                  f"{tuple(conv.weight.shape)}: {key} is {found[key]} in the "
                                  f".param, the architecture needs {value}")
    if layer.get(8, 0):  # int8 scale arrays would follow the weights
        raise NcnnFormatError(f"layer {layer.name}: int8 convolutions are not supported")
    _check_activation(layer, name, model)
    arrays = {f"{name}.weight": reader.tagged(wanted["weight_data_size"], layer)
              .reshape(out_ch, in_ch, kh, kw)}
    if conv.bias is not None:
        arrays[f"{name}.bias"] = reader.raw_fp32(out_ch, layer)
    return arrays


def _prelu_arrays(layer: Layer, name: str, prelu: nn.PReLU,
                  reader: _BlobReader) -> dict[str, np.ndarray]:
    count = layer.get(0, 0)
    if count != prelu.num_parameters:
        raise NcnnFormatError(f"layer {layer.name} (PReLU) has {count} slopes, {name} needs "
                              f"{prelu.num_parameters}")
    return {f"{name}.weight": reader.raw_fp32(count, layer)}


def _memory_data_array(layer: Layer, name: str, buffer: torch.Tensor,
                       reader: _BlobReader) -> dict[str, np.ndarray]:
    w, h, c = layer.get(0, 0), layer.get(1, 0), layer.get(2, 0)
    count = max(w, 1) * max(h, 1) * max(c, 1)
    if count != buffer.numel():
        raise NcnnFormatError(f"layer {layer.name} (MemoryData) holds {count} values "
                              f"(w={w} h={h} c={c}), buffer {name} needs {buffer.numel()}")
    return {name: reader.raw_fp32(count, layer).reshape(buffer.shape)}


def _check_upsampling(layers: list[Layer], model: nn.Module) -> None:
    """The weightless parts that set the output size must match too (e.g. a ×2 graph that
    runs the ×4 net and then halves the result is not a plain ×4 net)."""
    interps = [(ly.name, ly.get(0, 0), ly.get(1), ly.get(2)) for ly in layers
               if ly.type == "Interp"]
    shuffles = [ly.get(0, 1) for ly in layers if ly.type == "PixelShuffle"]
    if isinstance(model, RRDBNet):
        wanted_interps, wanted_shuffles = [(1, 2.0, 2.0)] * 2, []
    elif isinstance(model, SRVGGNetCompact):
        up = float(model.upscale)
        wanted_interps, wanted_shuffles = [(1, up, up)], [model.upscale]
    elif isinstance(model, SPAN):
        wanted_interps, wanted_shuffles = [], [model.upscale]
    elif isinstance(model, UpCunet2x):
        wanted_interps, wanted_shuffles = [], []
    else:
        return
    if [i[1:] for i in interps] != wanted_interps or shuffles != wanted_shuffles:
        described = ", ".join(f"{n} (type {t}, ×{h})" for n, t, h, _ in interps) or "none"
        interp_text = (f"{len(wanted_interps)} nearest Interp ×{wanted_interps[0][1]:g}"
                       if wanted_interps else "no Interp")
        raise NcnnFormatError(f"the graph's upsampling does not match {type(model).__name__}: "
                              f"Interp layers {described}, PixelShuffle {shuffles}; expected "
                              f"{interp_text} and PixelShuffle {wanted_shuffles}")


def build_architecture(layers: list[Layer], arch: str) -> nn.Module:
    """Our module for ``arch`` ("rrdbnet" or "srvggnet_compact"), sized from the graph."""
    convs = [ly for ly in layers if ly.type == "Convolution"]
    if not convs:
        raise NcnnFormatError("the graph has no Convolution layers")
    first = convs[0]
    num_feat, kernel = first.get(0), first.get(1)
    in_ch = first.get(6) // (num_feat * kernel * kernel)
    if arch == "rrdbnet":
        num_block, extra = divmod(len(convs) - 6, 15)  # 15 convs per block + 6 outside
        if extra or num_block < 1 or len(convs) < 21:
            raise NcnnFormatError(f"{len(convs)} convolutions cannot be an RRDBNet "
                                  "(6 + 15 per block)")
        out_ch = convs[-1].get(0)
        scale = {1: 4, 4: 2, 16: 1}.get(in_ch // out_ch, 4)
        return RRDBNet(in_ch // (4 // scale) ** 2, out_ch, scale=scale,
                       num_feat=num_feat, num_block=num_block, num_grow_ch=convs[1].get(0))
    if arch == "srvggnet_compact":
        shuffles = [ly.get(0, 1) for ly in layers if ly.type == "PixelShuffle"]
        if len(shuffles) != 1:
            raise NcnnFormatError(f"SRVGGNetCompact has one PixelShuffle; the graph has "
                                  f"{len(shuffles)}")
        upscale = shuffles[0]
        kinds = {ly.type for ly in layers}
        act = "prelu" if "PReLU" in kinds else "relu" if "ReLU" in kinds else "none"
        if act == "relu" and any(ly.get(0, 0.0) for ly in layers if ly.type == "ReLU"):
            act = "lrelu"
        return SRVGGNetCompact(in_ch, convs[-1].get(0) // upscale ** 2, num_feat=num_feat,
                               num_conv=len(convs) - 2, upscale=upscale, act_type=act)
    raise ValueError(f"unknown architecture {arch!r}: use 'rrdbnet' or 'srvggnet_compact', "
                     "or pass a module")


def convert(param_path: str | os.PathLike, bin_path: str | os.PathLike,
            arch: nn.Module | str) -> dict[str, torch.Tensor]:
    """A state dict for ``arch`` (a module, or "rrdbnet"/"srvggnet_compact" sized from the
    graph) holding the ncnn model's weights as fp32; raises NcnnFormatError on any mismatch."""
    layers = parse_param(param_path)
    model = build_architecture(layers, arch) if isinstance(arch, str) else arch
    reader = _BlobReader(Path(bin_path).read_bytes(), bin_path)
    targets = weighted_modules(model)
    buffers = dict(model.named_buffers())
    constants = list(getattr(model, "ncnn_memory_data", ()))
    arrays: dict[str, np.ndarray] = {}
    position = 0
    for layer in layers:
        if layer.type in WEIGHTLESS_TYPES:
            continue
        if layer.type == "MemoryData":
            if not constants:
                raise NcnnFormatError(f"layer {layer.name} (MemoryData) has no counterpart: "
                                      f"{type(model).__name__} takes no constant tensors "
                                      "from the graph")
            name = constants.pop(0)
            arrays.update(_memory_data_array(layer, name, buffers[name], reader))
            continue
        if layer.type not in WEIGHTED_TYPES:
            raise NcnnFormatError(f"layer {layer.name}: type {layer.type} is not supported by "
                                  "this converter (it reads "
                                  f"{', '.join(sorted(WEIGHTLESS_TYPES | set(WEIGHTED_TYPES)))}"
                                  " and MemoryData)")
        if position >= len(targets):
            raise NcnnFormatError(f"layer {layer.name} ({layer.type}) has no counterpart: "
                                  f"{type(model).__name__} has only {len(targets)} "
                                  "weighted modules")
        name, module = targets[position]
        position += 1
        if type(module) is not WEIGHTED_TYPES[layer.type]:
            raise NcnnFormatError(f"layer {layer.name} is {layer.type} but the next module of "
                                  f"{type(model).__name__} is {name} "
                                  f"({type(module).__name__})")
        if layer.type == "PReLU":
            arrays.update(_prelu_arrays(layer, name, module, reader))
        else:
            read = {"Convolution": _conv_arrays, "Deconvolution": _deconv_arrays,
                    "InnerProduct": _linear_arrays}[layer.type]
            arrays.update(read(layer, name, module, model, reader))
    if constants:
        raise NcnnFormatError(f"the graph has no MemoryData layer for {type(model).__name__}"
                              f"'s {constants[0]}")
    if position != len(targets):
        raise NcnnFormatError(f"the graph ends after {position} weighted layers but "
                              f"{type(model).__name__} has {len(targets)} (first unmatched: "
                              f"{targets[position][0]})")
    if reader.offset != len(reader.data):
        raise NcnnFormatError(f"{bin_path}: {len(reader.data) - reader.offset} bytes left "
                              "over after the last layer (the .bin does not match the .param)")
    _check_upsampling(layers, model)
    return {key: torch.from_numpy(np.ascontiguousarray(value)) for key, value in arrays.items()}


# ----- the catalogued ncnn models (Real-ESRGAN, RealSR, ...) ------------------------------

@dataclass(frozen=True)
class NcnnModel:
    param_entry: str
    bin_entry: str
    build: Callable[[], nn.Module]
    scale: int


NCNN_MODELS = {
    "realesrgan-x4plus": NcnnModel("realesrgan_x4plus_ncnn_param", "realesrgan_x4plus_ncnn_bin",
                                   realesrgan_x4plus, 4),
    "realesrgan-animevideov3": NcnnModel("realesrgan_animevideov3_ncnn_param",
                                         "realesrgan_animevideov3_ncnn_bin",
                                         realesrgan_animevideov3, 4),
    "realsr-df2k-x4": NcnnModel("realsr_df2k_x4_ncnn_param", "realsr_df2k_x4_ncnn_bin",
                                realsr_df2k_x4, 4),
    "span-x4": NcnnModel("span_x4_ch48_ncnn_param", "span_x4_ch48_ncnn_bin", span_x4_ch48, 4),
    "span-x2": NcnnModel("span_x2_ch48_ncnn_param", "span_x2_ch48_ncnn_bin", span_x2_ch48, 2),
    "realcugan-x2-conservative": NcnnModel("realcugan_se_x2_conservative_ncnn_param",
                                           "realcugan_se_x2_conservative_ncnn_bin",
                                           realcugan_x2_conservative, 2),
}
# The older name, from when the converter only carried Real-ESRGAN.
REALESRGAN_MODELS = NCNN_MODELS


def realesrgan_files(name: str, *, fetch_missing: bool = True, progress=None,
                     cancelled=None) -> tuple[Path, Path]:
    """The verified (.param, .bin) paths of a catalogued model, fetched first if allowed."""
    try:
        spec = NCNN_MODELS[name]
    except KeyError:
        raise KeyError(f"no converted ncnn model {name!r}; known: "
                       f"{', '.join(NCNN_MODELS)}") from None
    paths = []
    for entry in (get(spec.param_entry), get(spec.bin_entry)):
        if fetch_missing and status(entry) != "present":
            fetch(entry, progress=progress, cancelled=cancelled)
        paths.append(checked_path(entry))  # raises with the fetch command when missing
    return paths[0], paths[1]


def cached_conversion_path(name: str, param_path: Path, bin_path: Path,
                           cache_dir: str | os.PathLike | None = None) -> Path:
    """Where the conversion of exactly these two files (by sha256) is cached."""
    key = hashlib.sha256(f"{file_sha256(param_path)}:{file_sha256(bin_path)}:"
                         f"v{CONVERTER_VERSION}".encode()).hexdigest()[:16]
    folder = Path(cache_dir) if cache_dir is not None else bin_path.parent
    return folder / f"{name}.{key}.safetensors"


def load_realesrgan(name: str, device: str | torch.device = "cpu", *,
                    fetch_missing: bool = True, cache_dir: str | os.PathLike | None = None,
                    progress=None, cancelled=None) -> nn.Module:
    """A catalogued ncnn model (Real-ESRGAN, RealSR, SPAN, ...) in eval mode on ``device``;
    the ncnn conversion is done once and cached as safetensors beside the fetched files (or
    in ``cache_dir``)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file, save

    param_path, bin_path = realesrgan_files(name, fetch_missing=fetch_missing,
                                            progress=progress, cancelled=cancelled)
    model = NCNN_MODELS[name].build()
    cache = cached_conversion_path(name, param_path, bin_path, cache_dir)
    state = None
    if cache.is_file():
        try:
            state = load_file(str(cache), device="cpu")
        except (SafetensorError, OSError):
            state = None  # a damaged cache is simply redone
    if state is None:
        state = convert(param_path, bin_path, model)
        with atomic_write(cache) as out:
            out.write(save(state, metadata={"source_param": param_path.name,
                                            "source_bin": bin_path.name,
                                            "converter_version": str(CONVERTER_VERSION)}))
        for stale in cache.parent.glob(f"{name}.*.safetensors"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    model.load_state_dict(state, strict=True)
    return model.eval().to(device)
