"""MTCNN face detection (Zhang et al. 2016, "Joint Face Detection and Alignment using
Multi-task Cascaded Convolutional Networks"): P-Net over an image pyramid, then R-Net on 24x24
and O-Net on 48x48 crops of the surviving candidates. Weights: the catalogue's ``mtcnn_pnet``,
``mtcnn_rnet`` and ``mtcnn_onet`` (facenet-pytorch's conversion of the original Caffe models).

API::

    detector = load_mtcnn(device="cpu")        # WeightsMissingError names the fetch command
    boxes, scores, landmarks = detector.detect(rgb_uint8, min_face_size=20,
                                               thresholds=(0.6, 0.7, 0.7), factor=0.709)
    # boxes (N,4) float32 x0, y0, x1, y1 in pixel-edge coordinates (x1, y1 exclusive; a box may
    # reach past the image border, it is not clipped); scores (N,) float32, highest first;
    # landmarks (N,5,2) float32 (x, y): left eye, right eye, nose, mouth left, mouth right,
    # "left" meaning the image's left.

The cascade follows the published one (and facenet-pytorch's port of it): pyramid scales
12/min_face_size * factor^k while the shorter side stays >= 12 px; P-Net windows with face
probability >= thresholds[0], NMS 0.5 per scale and 0.7 over all scales, box regression, made
square; R-Net keeps probability > thresholds[1], NMS 0.7, regression, square; O-Net keeps
probability > thresholds[2], landmarks, regression, then NMS 0.7 by intersection over the
*smaller* box. Differences from facenet-pytorch, on purpose: boxes stay continuous (no integer
truncation), crops are cut and resized in one batched ``roi_align`` call (averaging bilinear
samples, close to area resampling) with black outside the image, as the original Caffe/MATLAB
code pads, where facenet-pytorch clips the box and stretches what is left.

Nothing heavy is imported at module import: torch and torchvision load in ``load_mtcnn``.
"""

from __future__ import annotations

import math

import numpy as np

from cvlab.core.i18n import translate

WEIGHT_NAMES = ("mtcnn_pnet", "mtcnn_rnet", "mtcnn_onet")
FETCH_COMMAND = "cvlab weights fetch " + " ".join(WEIGHT_NAMES)
DEFAULT_THRESHOLDS = (0.6, 0.7, 0.7)
DEFAULT_FACTOR = 0.709
PNET_WINDOW, PNET_STRIDE = 12, 2
NMS_PNET_SCALE, NMS_PNET_ALL, NMS_RNET, NMS_ONET_MIN = 0.5, 0.7, 0.7, 0.7
PIXEL_MEAN, PIXEL_SCALE = 127.5, 1.0 / 128.0
CROP_BATCH = 256          # R-/O-Net crops per forward pass (bounds memory on huge candidate sets)


def pyramid_scales(height: int, width: int, min_face_size: float, factor: float) -> list[float]:
    """Scales at which a min_face_size face fills P-Net's 12x12 window, shrinking by factor."""
    scale = PNET_WINDOW / float(min_face_size)
    side = min(height, width) * scale
    scales = []
    while side >= PNET_WINDOW:
        scales.append(scale)
        scale *= factor
        side *= factor
    return scales


def load_mtcnn(device="cpu") -> MTCNN:
    """The three nets from the catalogue, loaded strictly (weights_only), in eval mode."""
    import torch

    from cvlab.core.weights.loading import WeightsMissingError, checked_path, load_state_file
    from cvlab.tools.faces.mtcnn_nets import ONet, PNet, RNet
    from cvlab.tools.faces.weights import get

    paths, missing = [], []
    for name in WEIGHT_NAMES:
        try:
            paths.append(checked_path(get(name)))
        except WeightsMissingError:
            missing.append(name)
    if missing:
        raise WeightsMissingError(translate(
            "FaceWeights", "MTCNN weights {0} are not on this machine; fetch them with: {1}"
        ).format(", ".join(missing), FETCH_COMMAND))
    nets = []
    for net, path in zip((PNet(), RNet(), ONet()), paths):
        net.load_state_dict(load_state_file(path), strict=True)
        # channels_last: 2-3x faster convolutions for these thin nets on CPU (measured).
        nets.append(net.eval().to(device, memory_format=torch.channels_last))
    return MTCNN(*nets, device=device)


class MTCNN:
    """The cascade around three loaded nets; ``detect`` runs everything on ``device``."""

    def __init__(self, pnet, rnet, onet, device="cpu") -> None:
        import torch

        self.pnet, self.rnet, self.onet = pnet, rnet, onet
        self.device = torch.device(device)

    def detect(self, image_rgb_uint8: np.ndarray, *, min_face_size: float = 20,
               thresholds=DEFAULT_THRESHOLDS, factor: float = DEFAULT_FACTOR
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import torch

        image = np.asarray(image_rgb_uint8)
        if image.ndim != 3 or image.shape[2] not in (3, 4) or image.dtype != np.uint8:
            raise ValueError(f"expected an (H,W,3) uint8 RGB image, got shape {image.shape} "
                             f"dtype {image.dtype}")
        if min_face_size <= 0 or not 0 < factor < 1 or len(thresholds) != 3:
            raise ValueError("need min_face_size > 0, 0 < factor < 1 and three thresholds")
        with torch.inference_mode():
            pixels = np.ascontiguousarray(image[..., :3])
            if not pixels.flags.writeable:            # torch wants writable memory
                pixels = pixels.copy()
            tensor = torch.from_numpy(pixels).to(self.device)
            img = tensor.permute(2, 0, 1).unsqueeze(0).float()          # (1,3,H,W), 0..255
            boxes, levels = self._propose(img, min_face_size, factor, thresholds[0])
            points = boxes.new_zeros((0, 5, 2))
            if len(boxes):
                boxes = self._refine(levels, boxes, thresholds[1])
            if len(boxes):
                boxes, points = self._output(levels, boxes, thresholds[2])
            scores = boxes[:, 4]
            order = torch.argsort(scores, descending=True, stable=True)
            boxes, scores, points = boxes[order, :4], scores[order], points[order]
            return (boxes.cpu().numpy().astype(np.float32), scores.cpu().numpy().astype(np.float32),
                    points.cpu().numpy().astype(np.float32))

    # ----- stage 1: P-Net over the pyramid -------------------------------------------------

    def _propose(self, img, min_face_size, factor, threshold):
        """Candidate squares (K,5) x0,y0,x1,y1,score in image coordinates, and the pyramid:
        [(level (1,3,h,w) raw 0..255, x scale, y scale)], the image itself first."""
        import torch
        import torch.nn.functional as F
        from torchvision.ops import nms

        height, width = img.shape[2:]
        img = img.contiguous()       # area resampling is ~2x slower on the channels_last view
        levels = [(img, 1.0, 1.0)]
        found = []
        for scale in pyramid_scales(height, width, min_face_size, factor):
            h, w = math.ceil(height * scale), math.ceil(width * scale)
            # Straight from the image each time (as the reference does); resampling the level
            # before instead costs as much here and blurs more (more P-Net candidates).
            source = F.interpolate(img, size=(h, w), mode="area")
            sx, sy = w / width, h / height       # the level's exact ratios (sizes are rounded)
            levels.append((source, sx, sy))
            offsets, prob = self.pnet(_normalise(source))
            ys, xs = torch.nonzero(prob[0] >= threshold, as_tuple=True)
            if len(ys) == 0:
                continue
            # Cell (y, x) saw the window [2x, 2x + 12) of the level.
            x0 = xs.to(img.dtype) * PNET_STRIDE
            y0 = ys.to(img.dtype) * PNET_STRIDE
            cand = torch.stack([x0 / sx, y0 / sy, (x0 + PNET_WINDOW) / sx,
                                (y0 + PNET_WINDOW) / sy, prob[0, ys, xs]], dim=1)
            cand = torch.cat([cand, offsets[0, :, ys, xs].T], dim=1)
            found.append(cand[nms(cand[:, :4], cand[:, 4], NMS_PNET_SCALE)])
        if not found:
            return img.new_zeros((0, 5)), levels
        cand = torch.cat(found)
        cand = cand[nms(cand[:, :4], cand[:, 4], NMS_PNET_ALL)]
        return _square(_regress(cand[:, :5], cand[:, 5:9])), levels

    # ----- stages 2 and 3: R-Net, O-Net on crops -------------------------------------------

    def _crops(self, levels, boxes, size):
        """(K,3,size,size) raw crops of boxes (K,4), black outside the image. Each box is cut
        from the smallest pyramid level where it still spans >= size pixels, so roi_align
        averages at most 2x2 bilinear samples per output pixel (cheap, close to area)."""
        import torch
        from torchvision.ops import roi_align

        side = (boxes[:, 2:4] - boxes[:, 0:2]).amax(dim=1)
        scales = boxes.new_tensor([min(sx, sy) for _, sx, sy in levels])
        fits = side[:, None] * scales[None, :] >= size                        # (K, levels)
        choice = torch.where(fits, scales, torch.inf).argmin(dim=1)
        choice[~fits.any(dim=1)] = int(scales.argmax())    # smaller than size: the finest level
        crops = boxes.new_empty((len(boxes), 3, size, size))
        for k, (level, sx, sy) in enumerate(levels):
            idx = torch.nonzero(choice == k, as_tuple=True)[0]
            if len(idx) == 0:
                continue
            ratios = boxes.new_tensor([sx, sy, sx, sy])
            rois = torch.cat([boxes.new_zeros((len(idx), 1)), boxes[idx, :4] * ratios], dim=1)
            crops[idx] = roi_align(level, rois, (size, size), spatial_scale=1.0,
                                   sampling_ratio=-1, aligned=True)
        return crops

    def _run_on_crops(self, net, levels, boxes, size):
        import torch

        outs = []
        for start in range(0, len(boxes), CROP_BATCH):
            crops = self._crops(levels, boxes[start:start + CROP_BATCH], size)
            outs.append(net(_normalise(crops)))
        return [torch.cat(parts) for parts in zip(*outs)]

    def _refine(self, levels, boxes, threshold):
        from torchvision.ops import nms

        offsets, prob = self._run_on_crops(self.rnet, levels, boxes, 24)
        keep = prob > threshold
        boxes = boxes[keep].clone()
        boxes[:, 4] = prob[keep]
        offsets = offsets[keep]
        pick = nms(boxes[:, :4], boxes[:, 4], NMS_RNET)
        return _square(_regress(boxes[pick], offsets[pick]))

    def _output(self, levels, boxes, threshold):
        import torch

        offsets, marks, prob = self._run_on_crops(self.onet, levels, boxes, 48)
        keep = prob > threshold
        boxes, offsets, marks = boxes[keep].clone(), offsets[keep], marks[keep]
        boxes[:, 4] = prob[keep]
        size = (boxes[:, 2:4] - boxes[:, 0:2]).unsqueeze(1)           # (K,1,2) crop w, h
        points = boxes[:, None, 0:2] + torch.stack([marks[:, :5], marks[:, 5:]], dim=2) * size
        boxes = _regress(boxes, offsets)
        pick = _nms_min(boxes[:, :4], boxes[:, 4], NMS_ONET_MIN)
        return boxes[pick], points[pick]


def _normalise(pixels):
    """0..255 -> (v - 127.5) / 128, channels_last (what the nets are laid out for)."""
    import torch

    return ((pixels - PIXEL_MEAN) * PIXEL_SCALE).contiguous(memory_format=torch.channels_last)


def _regress(boxes, offsets):
    """Apply (dx0, dy0, dx1, dy1) offsets, fractions of the box's width and height."""
    size = (boxes[:, 2:4] - boxes[:, 0:2]).repeat(1, 2)
    out = boxes.clone()
    out[:, :4] = boxes[:, :4] + offsets * size
    return out


def _square(boxes):
    """Grow each box to a square of its longer side, same centre."""
    out = boxes.clone()
    centre = (boxes[:, 0:2] + boxes[:, 2:4]) * 0.5
    half = (boxes[:, 2:4] - boxes[:, 0:2]).amax(dim=1, keepdim=True) * 0.5
    out[:, 0:2] = centre - half
    out[:, 2:4] = centre + half
    return out


def _nms_min(boxes, scores, threshold):
    """Greedy NMS where overlap = intersection / area of the smaller box (MTCNN's last step)."""
    import torch

    order = torch.argsort(scores, descending=True, stable=True)
    b = boxes[order]
    area = (b[:, 2:4] - b[:, 0:2]).clamp(min=0).prod(dim=1)
    lt = torch.maximum(b[:, None, 0:2], b[None, :, 0:2])
    rb = torch.minimum(b[:, None, 2:4], b[None, :, 2:4])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    overlap = inter / torch.minimum(area[:, None], area[None, :]).clamp(min=1e-6)
    suppress = (overlap > threshold).cpu().numpy()
    removed = np.zeros(len(b), dtype=bool)
    keep = []
    for i in range(len(b)):
        if not removed[i]:
            keep.append(i)
            removed |= suppress[i]
    return order[torch.as_tensor(keep, dtype=torch.long, device=order.device)]
