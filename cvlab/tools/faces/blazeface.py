"""BlazeFace (MediaPipe face detection, short and full range) in PyTorch.

The networks come from MediaPipe's TFLite fp16 files (catalogue entries ``blazeface_short`` and
``blazeface_full``). :mod:`cvlab.tools.faces.tflite_reader` parses the flatbuffer;
:mod:`cvlab.tools.faces.tflite_torch` turns the parsed op list into a torch module that runs the
same ops in order with registered parameters (a small graph interpreter, not hand-written
blocks), so both variants, and the full-range model's FPN with its bilinear upsampling, come
from one code path.

Layout: TFLite is NHWC; inside the module every rank-4 tensor is kept NCHW (torch's native
layout) and converted back at RESHAPE and at the outputs. Conv2D kernels (OHWI) become OIHW,
DepthwiseConv2D kernels (1HWC) become (C,1,H,W) with groups = input channels. SAME padding follows
TensorFlow's rule (total = max((ceil(in/s)-1)*s + (k-1)*d + 1 - in, 0), the extra pixel at the
bottom/right), so stride-2 layers pad asymmetrically exactly as TFLite does.

Post-processing follows MediaPipe's graph (face_detection_{short,full}_range_common.pbtxt):
SSD anchors with fixed size 1 (centres only), boxes and keypoints decoded as
``raw / input_size + anchor`` (order x, y, w, h, then 6 keypoints x, y), scores
``sigmoid(clip(raw, -100, 100))``, then weighted non-maximum suppression (IoU 0.3, each kept
detection the score-weighted mean of the boxes and keypoints that overlap it; its score the
best one's). The image is letterboxed into the square input (aspect kept, centred, black bars
-> -1 after scaling to [-1, 1]); detections are mapped back through that letterbox exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cvlab.core.dtype import require_rgb8
from cvlab.core.i18n import translate
from cvlab.core.weights.loading import WeightsMissingError, checked_path
from cvlab.tools.faces.tflite_reader import TFLiteGraph, read_tflite
from cvlab.tools.faces.tflite_torch import build_module
from cvlab.tools.faces.weights import get

# MediaPipe's FaceKeyPoint order. "right"/"left" are the person's own sides, as MediaPipe names
# them; in an ordinary (unmirrored) photo of a person facing the camera the right eye (index 0)
# is on the image's LEFT and the right ear tragion (index 4) too.
KEYPOINT_NAMES = ("right_eye", "left_eye", "nose_tip", "mouth_center",
                  "right_ear_tragion", "left_ear_tragion")

FETCH_COMMAND = "cvlab weights fetch blazeface_short blazeface_full"
SCORE_CLIP = 100.0  # MediaPipe's score_clipping_thresh
NMS_IOU = 0.3  # MediaPipe's min_suppression_threshold (weighted NMS)
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Variant:
    weights: str
    input_size: int
    strides: tuple[int, ...]
    interpolated_scale_aspect_ratio: float  # 1.0 -> 2 anchors per layer; 0.0 -> 1


# From MediaPipe's modules/face_detection/face_detection_{short,full}_range_common.pbtxt
# (SsdAnchorsCalculator: anchor_offset 0.5, fixed_anchor_size, aspect_ratios [1.0]).
VARIANTS = {
    "short": Variant("blazeface_short", 128, (8, 16, 16, 16), 1.0),
    "full": Variant("blazeface_full", 192, (4,), 0.0),
}


def ssd_anchors(input_size: int, strides, interpolated_scale_aspect_ratio: float) -> np.ndarray:
    """(N, 2) anchor centres (x, y) in [0, 1], in the order the model's outputs use: layer by
    layer (consecutive layers with one stride share a grid), rows, columns, anchors per cell."""
    per_layer = 2 if interpolated_scale_aspect_ratio == 1.0 else 1
    centres = []
    layer = 0
    while layer < len(strides):
        last = layer
        while last < len(strides) and strides[last] == strides[layer]:
            last += 1
        repeats = per_layer * (last - layer)
        cells = math.ceil(input_size / strides[layer])
        ys, xs = np.meshgrid((np.arange(cells) + 0.5) / cells, (np.arange(cells) + 0.5) / cells,
                             indexing="ij")
        grid = np.stack([xs.ravel(), ys.ravel()], axis=1)
        centres.append(np.repeat(grid, repeats, axis=0))
        layer = last
    return np.concatenate(centres).astype(np.float32)


# ----- the TFLite graph as a torch module --------------------------------------------------


@dataclass(frozen=True)
class Letterbox:
    """How an (H, W) image sits in the square network input: scaled by sx, sy (resized size /
    original size), offset by (ox, oy) pixels of the input."""

    size: int
    sx: float
    sy: float
    ox: int
    oy: int

    def to_image(self, xy_normalised: np.ndarray) -> np.ndarray:
        """Points in the input's [0, 1] coordinates -> image pixel coordinates (..., 2)."""
        xy = np.asarray(xy_normalised, dtype=np.float64) * self.size
        x = (xy[..., 0] - self.ox) / self.sx
        y = (xy[..., 1] - self.oy) / self.sy
        return np.stack([x, y], axis=-1)


def letterbox(image_rgb: np.ndarray, size: int) -> tuple[np.ndarray, Letterbox]:
    """The image scaled to fit a size x size square (aspect kept, centred), as float32 in
    [-1, 1] with the bars at -1 (black), and the mapping back."""
    import cv2

    h, w = image_rgb.shape[:2]
    scale = size / max(h, w)
    new_w = min(size, max(1, int(round(w * scale))))
    new_h = min(size, max(1, int(round(h * scale))))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image_rgb, (new_w, new_h), interpolation=interpolation)
    ox, oy = (size - new_w) // 2, (size - new_h) // 2
    canvas = np.full((size, size, 3), -1.0, dtype=np.float32)
    canvas[oy:oy + new_h, ox:ox + new_w] = resized.astype(np.float32) * (2.0 / 255.0) - 1.0
    return canvas, Letterbox(size, new_w / w, new_h / h, ox, oy)


def weighted_nms(boxes: np.ndarray, scores: np.ndarray, keypoints: np.ndarray,
                 iou_threshold: float = NMS_IOU):
    """MediaPipe's WEIGHTED non-maximum suppression. boxes (N,4) x0,y0,x1,y1; keypoints (N,K,2).
    Repeatedly take the best remaining detection, gather every remaining one whose IoU with it
    exceeds the threshold (itself included), and emit their score-weighted mean box and
    keypoints with the best score; the gathered ones are removed."""
    order = np.argsort(-scores, kind="stable")
    remaining = order
    out_boxes, out_scores, out_kps = [], [], []
    area = np.clip(boxes[:, 2] - boxes[:, 0], 0, None) * np.clip(boxes[:, 3] - boxes[:, 1], 0, None)
    while remaining.size:
        best = remaining[0]
        b = boxes[remaining]
        ix = np.clip(np.minimum(b[:, 2], boxes[best, 2]) - np.maximum(b[:, 0], boxes[best, 0]),
                     0, None)
        iy = np.clip(np.minimum(b[:, 3], boxes[best, 3]) - np.maximum(b[:, 1], boxes[best, 1]),
                     0, None)
        inter = ix * iy
        union = area[remaining] + area[best] - inter
        iou = np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
        group = iou > iou_threshold
        group[0] = True
        members = remaining[group]
        weights = scores[members].astype(np.float64)
        total = weights.sum()
        out_boxes.append((boxes[members] * weights[:, None]).sum(0) / total)
        out_kps.append((keypoints[members] * weights[:, None, None]).sum(0) / total)
        out_scores.append(scores[best])
        remaining = remaining[~group]
    if not out_boxes:
        return (np.zeros((0, 4), np.float32), np.zeros((0,), np.float32),
                np.zeros((0,) + keypoints.shape[1:], np.float32))
    return (np.asarray(out_boxes, np.float32), np.asarray(out_scores, np.float32),
            np.asarray(out_kps, np.float32))


class BlazeFace:
    """One BlazeFace variant: ``detect(image)`` -> boxes, scores, keypoints in image pixels."""

    def __init__(self, graph: TFLiteGraph, variant: str, device="cpu"):
        import torch

        spec = VARIANTS[variant]
        self.variant = variant
        self.input_size = spec.input_size
        self.graph = graph
        self.device = torch.device(device)
        # Channels-last kernels: the NHWC input stays NHWC in memory and oneDNN runs the
        # depthwise/1x1 convolutions without layout copies (about 3x faster for full range).
        self.module = build_module(graph).eval().to(self.device,
                                                    memory_format=torch.channels_last)
        self.anchors = ssd_anchors(spec.input_size, spec.strides,
                                   spec.interpolated_scale_aspect_ratio)
        out_shapes = [graph.tensor(i).shape for i in graph.outputs]
        self._regressor_index = next(i for i, s in enumerate(out_shapes) if s[-1] == 16)
        self._score_index = 1 - self._regressor_index
        n = out_shapes[self._regressor_index][1]
        if n != len(self.anchors):
            raise ValueError(f"{graph.path}: {n} outputs but {len(self.anchors)} anchors")

    def raw(self, input_nhwc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The network's raw outputs for a (1, S, S, 3) float input in [-1, 1]:
        regressors (1, N, 16) and score logits (1, N, 1), as the TFLite model gives them."""
        import torch

        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(input_nhwc, dtype=np.float32))
            outputs = self.module(x.to(self.device))
        return (outputs[self._regressor_index].float().cpu().numpy(),
                outputs[self._score_index].float().cpu().numpy())

    def decode(self, regressors: np.ndarray, logits: np.ndarray):
        """Raw outputs -> (boxes (N,4) x0,y0,x1,y1, scores (N,), keypoints (N,6,2)) in the
        input's normalised [0, 1] coordinates, for every anchor."""
        raw = regressors.reshape(-1, 16).astype(np.float32) / self.input_size
        centre = raw[:, 0:2] + self.anchors
        half = raw[:, 2:4] / 2
        boxes = np.concatenate([centre - half, centre + half], axis=1)
        keypoints = raw[:, 4:].reshape(-1, 6, 2) + self.anchors[:, None, :]
        clipped = np.clip(logits.reshape(-1).astype(np.float32), -SCORE_CLIP, SCORE_CLIP)
        scores = (1.0 / (1.0 + np.exp(-clipped.astype(np.float64)))).astype(np.float32)
        return boxes, scores, keypoints

    def detect(self, image_rgb_uint8: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD):
        """Faces in an (H, W, 3) uint8 RGB image (grey and RGBA are accepted too).

        Returns boxes (N, 4) float32 x0, y0, x1, y1 in image pixels, scores (N,) float32, and
        keypoints (N, 6, 2) float32 (x, y) in :data:`KEYPOINT_NAMES` order, best score first."""
        tensor, box = letterbox(require_rgb8(image_rgb_uint8), self.input_size)
        boxes, scores, keypoints = self.decode(*self.raw(tensor[None]))
        keep = (scores >= threshold) & (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
        boxes, scores, keypoints = weighted_nms(boxes[keep], scores[keep], keypoints[keep])
        corners = box.to_image(boxes.reshape(-1, 2, 2)).reshape(-1, 4)
        points = box.to_image(keypoints)
        return corners.astype(np.float32), scores.astype(np.float32), points.astype(np.float32)


def tflite_path(variant: str):
    """The verified .tflite file of a variant; WeightsMissingError names the fetch command."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown BlazeFace variant {variant!r}; choose 'short' or 'full'")
    try:
        return checked_path(get(VARIANTS[variant].weights))
    except WeightsMissingError as exc:
        raise WeightsMissingError(translate(
            "FaceWeights", "{0}. BlazeFace needs its TFLite files: run {1}").format(
            exc, FETCH_COMMAND)) from None


def load_blazeface(variant: str = "short", device="cpu") -> BlazeFace:
    """BlazeFace short-range (128x128 input, faces within ~2 m, i.e. filling a good part of the
    frame) or full-range (192x192, smaller faces further away), built from MediaPipe's model."""
    return BlazeFace(read_tflite(tflite_path(variant)), variant, device)
