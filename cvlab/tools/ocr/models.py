"""The OCR tool's model layer: PP-OCRv4 detection and recognition and the mobile v2 direction
classifier (PaddleOCR's models, exported to ONNX and shipped in the ``rapidocr-onnxruntime``
wheel), run in PyTorch ("torch") or in onnxruntime ("onnxruntime").

The torch backend converts each ONNX file once with onnx2torch (after onnx_fix's surgery and
rewrites), freezes the result to a JSON graph plus safetensors weights (freeze.py,
frozen_graph.py) and caches that beside the fixed ONNX (keyed by the source's sha256 and the
surgery, rewrite and format versions). Later loads read the cache and import neither onnx nor
onnx2torch/torchvision; a damaged cache is rebuilt. A graph that cannot be frozen keeps its
onnx2torch module (with a warning, nothing cached).

API (the pipeline codes against exactly this)::

    DET, REC, CLS = "ppocrv4_det", "ppocrv4_rec", "ppocr_mobile_v2_cls"  # catalogue entries
    BACKENDS = ("torch", "onnxruntime")

    backend = load_backend("torch", device="cpu")   # WeightsMissingError names the fetch command
    backend.name, backend.device
    backend.characters   # index 0 = CTC blank (""), then the 6,623-character dictionary from the
                         # rec model's metadata, then " " last; len == rec output width (6,625)
    backend.det(normalise_det(rgb))      # (1,3,H,W) -> (1,1,H,W) text probability in [0, 1]
    backend.cls(cls_batch(crops))        # (N,3,48,192) -> (N,2) probabilities of [0°, 180°]
    backend.rec(rec_batch(crops))        # (N,3,48,W) -> (N,W/8,6625) softmax probabilities

Inputs are float32 numpy arrays; outputs are float32 numpy arrays. Nothing heavy is imported at
module import (torch, onnx, onnx2torch/torchvision and onnxruntime load inside the loaders).
``load_frozen_model(name)`` gives one model as the backend runs it, with its ``info`` (the
ONNX metadata, output shape and rewrite counts); ``load_torch_model`` the onnx2torch module.

Preprocessing (PaddleOCR's, for all three models; the functions below take RGB uint8):
- Channel order BGR: Paddle trains on ``cv2.imread`` images. The ``normalise_*`` functions
  take RGB (what the lab's images are) and flip it; feeding RGB instead costs accuracy silently.
- Values: ``(v / 255 - 0.5) / 0.5``, i.e. [-1, 1], for all three models (mean = std = 0.5).
- Resizing: bilinear (``cv2.INTER_LINEAR``), as Paddle does.
- det: scale so the longer side is at most ``DET_LIMIT_SIDE`` = 960 (never up: PaddleOCR's
  ``det_limit_type="max"``), then round each side to a multiple of 32 (at least 32); the
  probability map has the resized image's size, so boxes map back with (h / H, w / W).
  (RapidOCR 1.4.4's own config instead scales the *shorter* side up to 736; not used here.)
- rec: height 48; each crop keeps its aspect ratio (width ceil(48 w / h), at most the batch
  width) and is padded on the right with 0 (after normalisation) to the batch width; the batch
  width is ``int(48 * max(320 / 48, widest w / h in the batch))`` (``rec_batch_width``). The
  output has one column per 8 input pixels of width.
- cls: height 48, width ceil(48 w / h) capped at 192, padded right with 0 to 192. Paddle
  rotates a crop by 180° when the 180° probability is above ``CLS_THRESHOLD`` = 0.9.
"""

from __future__ import annotations

import hashlib
import math
import os
import warnings
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.weights.loading import WeightsMissingError, checked_path, fetch_command
from cvlab.core.weights.store import file_sha256, status
from cvlab.tools.ocr.weights import get

DET, REC, CLS = "ppocrv4_det", "ppocrv4_rec", "ppocr_mobile_v2_cls"
MODELS = (DET, REC, CLS)
BACKENDS = ("torch", "onnxruntime")

CHANNEL_ORDER = "BGR"
MEAN = (0.5, 0.5, 0.5)
STD = (0.5, 0.5, 0.5)
DET_LIMIT_SIDE = 960
DET_LIMIT_TYPE = "max"
DET_MULTIPLE = 32
REC_HEIGHT = 48
REC_BASE_WIDTH = 320
REC_DOWNSAMPLE = 8  # input width pixels per output column
CLS_HEIGHT = 48
CLS_WIDTH = 192
CLS_LABELS = (0, 180)
CLS_THRESHOLD = 0.9
BLANK_INDEX = 0
BLANK = ""
# The fixed input height onnx2torch needs for each model (None: free).
INPUT_HEIGHT = {DET: None, REC: REC_HEIGHT, CLS: CLS_HEIGHT}


# ----- preprocessing ------------------------------------------------------------------------

def _as_rgb_uint8(image: np.ndarray) -> np.ndarray:
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, got dtype {array.dtype}")
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4) or min(array.shape[:2]) < 1:
        raise ValueError(f"expected an (H,W,3) RGB image, got shape {array.shape}")
    return array[..., :3]


def _to_model_chw(rgb: np.ndarray) -> np.ndarray:
    """(H,W,3) RGB uint8 -> (3,H,W) float32 BGR in [-1, 1]."""
    bgr = rgb[..., ::-1].transpose(2, 0, 1).astype(np.float32)
    return (bgr * (1.0 / 255.0) - MEAN[0]) / STD[0]


def det_input_size(height: int, width: int, limit_side: int = DET_LIMIT_SIDE,
                   limit_type: str = DET_LIMIT_TYPE) -> tuple[int, int]:
    """(H, W) the detector sees for an image of ``height`` × ``width``: scaled so the longer
    side is at most ``limit_side`` ("max") or the shorter at least ``limit_side`` ("min"),
    then each side rounded to a multiple of 32 (at least 32)."""
    if limit_type == "max":
        ratio = min(1.0, limit_side / max(height, width))
    elif limit_type == "min":
        ratio = max(1.0, limit_side / min(height, width))
    else:
        raise ValueError(f"limit_type must be 'max' or 'min', not {limit_type!r}")
    out = []
    for side in (height, width):
        out.append(max(DET_MULTIPLE, int(round(int(side * ratio) / DET_MULTIPLE)) * DET_MULTIPLE))
    return out[0], out[1]


def normalise_det(image_rgb_uint8: np.ndarray, limit_side: int = DET_LIMIT_SIDE,
                  limit_type: str = DET_LIMIT_TYPE) -> np.ndarray:
    """A whole image, (H,W,3) RGB uint8 (or grey), -> the detector's (1,3,H',W') input."""
    import cv2

    rgb = _as_rgb_uint8(image_rgb_uint8)
    height, width = det_input_size(rgb.shape[0], rgb.shape[1], limit_side, limit_type)
    if (height, width) != rgb.shape[:2]:
        rgb = cv2.resize(np.ascontiguousarray(rgb), (width, height),
                         interpolation=cv2.INTER_LINEAR)
    return _to_model_chw(rgb)[None]


def _resize_pad(crop: np.ndarray, height: int, width: int) -> np.ndarray:
    import cv2

    rgb = _as_rgb_uint8(crop)
    h, w = rgb.shape[:2]
    resized_w = max(1, min(width, math.ceil(height * w / h)))
    resized = cv2.resize(np.ascontiguousarray(rgb), (resized_w, height),
                         interpolation=cv2.INTER_LINEAR)
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :resized_w] = _to_model_chw(resized)
    return out


def rec_batch_width(crops: list[np.ndarray]) -> int:
    """PaddleOCR's batch width for recognising these crops together (at least 320)."""
    ratio = max([REC_BASE_WIDTH / REC_HEIGHT] + [c.shape[1] / c.shape[0] for c in crops])
    return int(REC_HEIGHT * ratio)


def normalise_rec(crop_rgb_uint8: np.ndarray, width: int) -> np.ndarray:
    """A text-line crop, (h,w,3) RGB uint8 -> (3,48,width) recogniser input (right-padded)."""
    return _resize_pad(crop_rgb_uint8, REC_HEIGHT, width)


def rec_batch(crops: list[np.ndarray], width: int | None = None) -> np.ndarray:
    """Crops -> (N,3,48,W) with W = ``rec_batch_width(crops)`` unless given."""
    width = rec_batch_width(crops) if width is None else width
    return np.stack([normalise_rec(c, width) for c in crops])


def normalise_cls(crop_rgb_uint8: np.ndarray) -> np.ndarray:
    """A text-line crop, (h,w,3) RGB uint8 -> (3,48,192) direction classifier input."""
    return _resize_pad(crop_rgb_uint8, CLS_HEIGHT, CLS_WIDTH)


def cls_batch(crops: list[np.ndarray]) -> np.ndarray:
    return np.stack([normalise_cls(c) for c in crops])


def characters_from_metadata(text: str) -> list[str]:
    """The recogniser's classes from its ``character`` metadata: blank, the dictionary, space."""
    dictionary = [line.rstrip("\r") for line in text.split("\n")]
    while dictionary and dictionary[-1] == "":
        dictionary.pop()
    return [BLANK, *dictionary, " "]


# ----- weights ------------------------------------------------------------------------------

def model_paths() -> dict[str, Path]:
    """The three ONNX files, checked; one WeightsMissingError names every missing one."""
    missing = [name for name in MODELS if status(get(name)) == "missing"]
    if missing:
        raise WeightsMissingError(translate(
            "OcrModels", "OCR weights {0} are not on this machine; fetch them with: {1}").format(
            ", ".join(missing), fetch_command(" ".join(missing))))
    return {name: checked_path(get(name)) for name in MODELS}  # raises when corrupt


def _check_width(characters: list[str], width) -> None:
    if width != len(characters):
        raise ValueError(f"the recogniser has {width} output classes but its dictionary gives "
                         f"{len(characters)} (blank + characters + space)")


# ----- backends -----------------------------------------------------------------------------

class OcrBackend:
    """Runs the three models on normalised float32 batches (see the module docstring)."""

    name: str = ""
    device: str = "cpu"
    characters: list[str]

    def det(self, batch: np.ndarray) -> np.ndarray:
        return self._run(DET, batch)

    def cls(self, batch: np.ndarray) -> np.ndarray:
        return self._run(CLS, batch)

    def rec(self, batch: np.ndarray) -> np.ndarray:
        return self._run(REC, batch)

    def _run(self, model: str, batch: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @staticmethod
    def _checked(model: str, batch: np.ndarray) -> np.ndarray:
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        if batch.ndim != 4 or batch.shape[1] != 3 or batch.shape[0] < 1:
            raise ValueError(f"{model}: expected an (N,3,H,W) batch, got {batch.shape}")
        height = INPUT_HEIGHT[model]
        if height is not None and batch.shape[2] != height:
            raise ValueError(f"{model}: input height must be {height}, got {batch.shape[2]}")
        if model == DET and (batch.shape[2] % DET_MULTIPLE or batch.shape[3] % DET_MULTIPLE):
            raise ValueError(f"{model}: height and width must be multiples of {DET_MULTIPLE}, "
                             f"got {batch.shape[2:]}")
        if model == CLS and batch.shape[3] != CLS_WIDTH:
            raise ValueError(f"{model}: input width must be {CLS_WIDTH}, got {batch.shape[3]}")
        return batch

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} on {self.device}>"


def load_torch_model(name: str, path: Path | None = None, *, rewrite: bool = True,
                     cache_dir: str | os.PathLike | None = None):
    """One model as an eval-mode torch.fx GraphModule (onnx2torch), after the ONNX surgery
    (cached, see onnx_fix) and, with ``rewrite``, the conv folding and activation fusions.
    Returns (module, fixed ONNX ModelProto)."""
    from onnx2torch import convert  # imports torchvision

    from cvlab.tools.ocr import onnx_fix

    path = checked_path(get(name)) if path is None else Path(path)
    proto = onnx_fix.fixed_onnx(path, file_sha256(path), cache_dir=cache_dir,
                                input_height=INPUT_HEIGHT[name])
    module = convert(proto).eval()
    for parameter in module.parameters():
        parameter.requires_grad_(False)
    onnx_fix.optimise(module, fold=rewrite, hardswish=rewrite, fuse_affine=rewrite)
    return module, proto


def frozen_cache_key(source_sha256: str, input_height: int | None) -> str:
    """What a frozen model depends on: the source file, the pinned height and the versions of
    the surgery, the rewrites and the frozen format."""
    from cvlab.tools.ocr.frozen_graph import FORMAT_VERSION
    from cvlab.tools.ocr.onnx_fix import REWRITES_VERSION, SURGERY_VERSION

    return (f"{source_sha256}:h{input_height}:surgery{SURGERY_VERSION}:"
            f"rewrites{REWRITES_VERSION}:frozen{FORMAT_VERSION}")


def frozen_cache_path(source: Path, key: str, cache_dir: str | os.PathLike | None) -> Path:
    folder = Path(cache_dir) if cache_dir is not None else source.parent
    return folder / f"{source.stem}.frozen-{hashlib.sha256(key.encode()).hexdigest()[:16]}" \
                    ".safetensors"


def load_frozen_model(name: str, path: Path | None = None, *,
                      cache_dir: str | os.PathLike | None = None):
    """One model as the torch backend runs it: a FrozenGraph read from the cache (beside the
    source unless ``cache_dir`` is given), or converted (``load_torch_model``), frozen and
    cached. When freezing fails, the onnx2torch module (a RuntimeWarning says why; nothing is
    cached). Returns (module, info): info holds the ONNX ``metadata`` dict, the
    ``output_shape`` (dims or their names) and the ``rewrites`` counts."""
    from cvlab.tools.ocr import frozen_graph

    path = checked_path(get(name)) if path is None else Path(path)
    key = frozen_cache_key(file_sha256(path), INPUT_HEIGHT[name])
    cache = frozen_cache_path(path, key, cache_dir)
    frozen = frozen_graph.read_cache(cache, key)
    if frozen is not None:
        return frozen, frozen.info
    module, proto = load_torch_model(name, path, cache_dir=cache_dir)
    dims = proto.graph.output[0].type.tensor_type.shape.dim
    info = {"metadata": {p.key: p.value for p in proto.metadata_props},
            "output_shape": [d.dim_value or d.dim_param for d in dims],
            "rewrites": module.rewrites}
    from cvlab.tools.ocr.freeze import FreezeError, freeze

    try:
        frozen = freeze(module, info)
    except FreezeError as exc:
        warnings.warn(f"{name}: {exc}; running the onnx2torch module (nothing cached)",
                      RuntimeWarning, stacklevel=2)
        return module, info
    frozen_graph.write_cache(cache, frozen, key, stale_glob=f"{path.stem}.frozen-*.safetensors")
    return frozen, info


class TorchBackend(OcrBackend):
    name = "torch"

    def __init__(self, modules: dict, characters: list[str], device="cpu",
                 channels_last: bool = True) -> None:
        import torch

        self.torch_device = torch.device(device)
        self.device = str(self.torch_device)
        self.channels_last = channels_last
        memory_format = torch.channels_last if channels_last else torch.contiguous_format
        self.modules = {k: m.to(self.torch_device, memory_format=memory_format).eval()
                        for k, m in modules.items()}
        self.characters = characters

    def _run(self, model: str, batch: np.ndarray) -> np.ndarray:
        import torch

        x = torch.from_numpy(self._checked(model, batch)).to(self.torch_device)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.inference_mode():
            y = self.modules[model](x)
        return np.ascontiguousarray(y.float().cpu().numpy())


def ort_session_options(threads: int | None = None, spinning: bool = False):
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads is None:
        import torch

        threads = torch.get_num_threads()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Spinning worker threads burn the CPU between runs, starving torch and the UI.
    value = "1" if spinning else "0"
    options.add_session_config_entry("session.intra_op.allow_spinning", value)
    options.add_session_config_entry("session.inter_op.allow_spinning", value)
    options.log_severity_level = 3
    return options


class OnnxRuntimeBackend(OcrBackend):
    name = "onnxruntime"

    def __init__(self, paths: dict[str, Path], device="cpu", threads: int | None = None,
                 spinning: bool = False) -> None:
        import onnxruntime as ort

        self.device = str(device)
        if self.device.startswith("cuda"):
            if "CUDAExecutionProvider" not in ort.get_available_providers():
                raise RuntimeError("this onnxruntime has no CUDA support; use device='cpu'")
            providers = ["CUDAExecutionProvider", "CPUExecutionProvider"]
        elif self.device == "cpu":
            providers = ["CPUExecutionProvider"]
        else:
            raise ValueError(f"the onnxruntime backend runs on 'cpu' or 'cuda', not {device!r}")
        options = ort_session_options(threads, spinning)
        self.sessions = {k: ort.InferenceSession(str(p), options, providers=providers)
                         for k, p in paths.items()}
        rec = self.sessions[REC]
        self.characters = characters_from_metadata(
            rec.get_modelmeta().custom_metadata_map["character"])
        _check_width(self.characters, rec.get_outputs()[0].shape[-1])

    def _run(self, model: str, batch: np.ndarray) -> np.ndarray:
        session = self.sessions[model]
        feed = {session.get_inputs()[0].name: self._checked(model, batch)}
        return session.run(None, feed)[0]


def load_backend(name: str = "torch", device="cpu", *, cache_dir: str | os.PathLike | None = None,
                 threads: int | None = None) -> OcrBackend:
    """The three models on ``device`` with backend ``name`` (one of BACKENDS).

    Raises WeightsMissingError naming ``cvlab weights fetch ...`` when files are absent. The
    torch backend runs the rewritten, frozen modules (``load_frozen_model``) in channels_last
    (the fastest variant measured on a 2-core CPU, bench/ocr_backends.py); it leaves torch's
    thread count alone. ``threads`` sets onnxruntime's (default: torch's count).
    ``cache_dir``: where the fixed ONNX and frozen files are cached (default: beside the
    fetched weights).
    """
    if name not in BACKENDS:
        raise ValueError(f"unknown OCR backend {name!r}; choose one of {BACKENDS}")
    paths = model_paths()
    if name == "onnxruntime":
        return OnnxRuntimeBackend(paths, device=device, threads=threads)
    modules, characters = {}, None
    for model in MODELS:
        modules[model], info = load_frozen_model(model, paths[model], cache_dir=cache_dir)
        if model == REC:
            characters = characters_from_metadata(info["metadata"]["character"])
            _check_width(characters, info["output_shape"][-1])
    return TorchBackend(modules, characters, device=device)
