""""Same person?": FaceNet embeddings (Inception-ResNet-v1, trained on VGGFace2).

The network is written here, module for module, with the names facenet-pytorch 2.6.0 uses
(``facenet_pytorch/models/inception_resnet_v1.py``), so its released state dict
``20180402-114759-vggface2.pt`` (David Sandberg's TensorFlow facenet model, ported by Tim
Esler) loads with its own key names. That file also holds ``logits.weight`` (8631, 512) and
``logits.bias`` — the VGGFace2 identity classifier used in training — which an embedder
does not need; they are dropped when loading.

Pipeline (facenet-pytorch's ``MTCNN(post_process=True)`` + ``InceptionResnetV1``):
crop the face box grown by a margin, resize to 160 × 160 RGB, standardise each pixel as
``(x − 127.5) / 128`` ("fixed image standardisation"), run the network; the output is
L2-normalised (512,).

Threshold: faces are compared by the Euclidean distance between the unit embeddings
(0 = identical, 2 = opposite). :data:`SAME_PERSON_THRESHOLD` = 1.1 is a *commonly used*
value for FaceNet embeddings (values of about 1.1–1.2 are quoted with the VGGFace2 model);
it is not a calibrated guarantee — the right value depends on pose, image quality and the
error rate one accepts. Inputs must be RGB: FaceNet was trained on RGB crops.

Weights are online-only: the catalogue entry ``facenet_vggface2``.
"""

from __future__ import annotations

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.weights.catalogue import Entry

WEIGHTS_NAME = "facenet_vggface2"
EMBEDDING_SIZE = 512
INPUT_SIZE = 160
VGGFACE2_CLASSES = 8631
SAME_PERSON_THRESHOLD = 1.1
# Fraction of the box side added on each side before cropping. facenet-pytorch's MTCNN
# defaults to no margin; a little context helps the looser BlazeFace / Haar boxes.
DEFAULT_MARGIN = 0.1

def weights_entry() -> Entry:
    """The catalogue's entry for the FaceNet weights (online only)."""
    from cvlab.tools.faces.weights import get

    return get(WEIGHTS_NAME)


def build_inception_resnet_v1():
    """Inception-ResNet-v1 (random weights, eval mode) with facenet-pytorch's module names."""
    import torch
    from torch import nn

    class BasicConv2d(nn.Module):
        def __init__(self, cin, cout, kernel, stride, padding=0):
            super().__init__()
            self.conv = nn.Conv2d(cin, cout, kernel, stride, padding, bias=False)
            self.bn = nn.BatchNorm2d(cout, eps=0.001, momentum=0.1)
            self.relu = nn.ReLU()

        def forward(self, x):
            return self.relu(self.bn(self.conv(x)))

    def seq(*layers):
        return nn.Sequential(*layers)

    class Residual(nn.Module):
        """Block35 / Block17 / Block8: parallel branches, 1×1 conv, scaled skip, ReLU."""

        def __init__(self, channels, branches, concat, scale, relu=True):
            super().__init__()
            self.scale = scale
            for i, branch in enumerate(branches):
                setattr(self, f"branch{i}", branch)
            self.n = len(branches)
            self.conv2d = nn.Conv2d(concat, channels, 1, 1)
            self.relu = nn.ReLU() if relu else None

        def forward(self, x):
            out = torch.cat([getattr(self, f"branch{i}")(x) for i in range(self.n)], 1)
            out = self.conv2d(out) * self.scale + x
            return self.relu(out) if self.relu is not None else out

    def block35():
        return Residual(256, [BasicConv2d(256, 32, 1, 1),
                              seq(BasicConv2d(256, 32, 1, 1), BasicConv2d(32, 32, 3, 1, 1)),
                              seq(BasicConv2d(256, 32, 1, 1), BasicConv2d(32, 32, 3, 1, 1),
                                  BasicConv2d(32, 32, 3, 1, 1))], 96, 0.17)

    def block17():
        return Residual(896, [BasicConv2d(896, 128, 1, 1),
                              seq(BasicConv2d(896, 128, 1, 1),
                                  BasicConv2d(128, 128, (1, 7), 1, (0, 3)),
                                  BasicConv2d(128, 128, (7, 1), 1, (3, 0)))], 256, 0.10)

    def block8(scale=0.20, relu=True):
        return Residual(1792, [BasicConv2d(1792, 192, 1, 1),
                               seq(BasicConv2d(1792, 192, 1, 1),
                                   BasicConv2d(192, 192, (1, 3), 1, (0, 1)),
                                   BasicConv2d(192, 192, (3, 1), 1, (1, 0)))], 384, scale,
                        relu)

    class Concat(nn.Module):
        """Mixed_6a / Mixed_7a: reduction branches concatenated."""

        def __init__(self, branches):
            super().__init__()
            for i, branch in enumerate(branches):
                setattr(self, f"branch{i}", branch)
            self.n = len(branches)

        def forward(self, x):
            return torch.cat([getattr(self, f"branch{i}")(x) for i in range(self.n)], 1)

    class InceptionResnetV1(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv2d_1a = BasicConv2d(3, 32, 3, 2)
            self.conv2d_2a = BasicConv2d(32, 32, 3, 1)
            self.conv2d_2b = BasicConv2d(32, 64, 3, 1, 1)
            self.maxpool_3a = nn.MaxPool2d(3, 2)
            self.conv2d_3b = BasicConv2d(64, 80, 1, 1)
            self.conv2d_4a = BasicConv2d(80, 192, 3, 1)
            self.conv2d_4b = BasicConv2d(192, 256, 3, 2)
            self.repeat_1 = seq(*[block35() for _ in range(5)])
            self.mixed_6a = Concat([
                BasicConv2d(256, 384, 3, 2),
                seq(BasicConv2d(256, 192, 1, 1), BasicConv2d(192, 192, 3, 1, 1),
                    BasicConv2d(192, 256, 3, 2)),
                nn.MaxPool2d(3, 2)])
            self.repeat_2 = seq(*[block17() for _ in range(10)])
            self.mixed_7a = Concat([
                seq(BasicConv2d(896, 256, 1, 1), BasicConv2d(256, 384, 3, 2)),
                seq(BasicConv2d(896, 256, 1, 1), BasicConv2d(256, 256, 3, 2)),
                seq(BasicConv2d(896, 256, 1, 1), BasicConv2d(256, 256, 3, 1, 1),
                    BasicConv2d(256, 256, 3, 2)),
                nn.MaxPool2d(3, 2)])
            self.repeat_3 = seq(*[block8() for _ in range(5)])
            self.block8 = block8(scale=1.0, relu=False)
            self.avgpool_1a = nn.AdaptiveAvgPool2d(1)
            self.dropout = nn.Dropout(0.6)
            self.last_linear = nn.Linear(1792, EMBEDDING_SIZE, bias=False)
            self.last_bn = nn.BatchNorm1d(EMBEDDING_SIZE, eps=0.001, momentum=0.1)

        def forward(self, x):
            for name in ("conv2d_1a", "conv2d_2a", "conv2d_2b", "maxpool_3a", "conv2d_3b",
                         "conv2d_4a", "conv2d_4b", "repeat_1", "mixed_6a", "repeat_2",
                         "mixed_7a", "repeat_3", "block8", "avgpool_1a", "dropout"):
                x = getattr(self, name)(x)
            x = self.last_bn(self.last_linear(x.flatten(1)))
            return nn.functional.normalize(x, p=2, dim=1)

    return InceptionResnetV1().eval()


def load_state_into(model, state: dict) -> None:
    """Load a facenet-pytorch state dict; the training classifier (``logits.*``) is dropped.

    Only ``num_batches_tracked`` buffers may be missing; any other mismatch is an error."""
    state = {k: v for k, v in state.items() if not k.startswith("logits.")}
    result = model.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or result.unexpected_keys:
        raise ValueError(f"not a facenet-pytorch InceptionResnetV1 state dict: missing "
                         f"{missing[:5]}, unexpected {list(result.unexpected_keys)[:5]}")


def load_embedder(device="cpu"):
    """The FaceNet VGGFace2 embedder in eval mode on ``device``.

    Raises WeightsMissingError (naming ``cvlab weights fetch facenet_vggface2``) when the
    weights have not been fetched, WeightsCorruptError when they do not match."""
    from cvlab.core.weights.loading import checked_path, load_state_file

    path = checked_path(weights_entry())
    model = build_inception_resnet_v1()
    load_state_into(model, load_state_file(path))
    return model.to(device).eval()


def face_crop(image: np.ndarray, box, *, margin: float = DEFAULT_MARGIN,
              size: int = INPUT_SIZE) -> np.ndarray:
    """(size, size, 3) uint8 RGB crop of ``box`` grown by ``margin`` × its side on each side.

    The grown box is made square around its centre (so the face is not stretched; MTCNN's
    boxes are square already), parts outside the image are black, and the square is resized
    with area averaging when shrinking (as facenet-pytorch's ``crop_resize``), else bilinear."""
    import cv2

    from cvlab.core.images import to_rgb8

    rgb = to_rgb8(image)
    height, width = rgb.shape[:2]
    x0, y0, x1, y1 = (float(v) for v in box)
    if not (x1 > x0 and y1 > y0):
        raise ValueError(translate("FaceVerify", "empty face box {0}").format(list(box)))
    side = max(1, int(round(max(x1 - x0, y1 - y0) * (1 + 2 * margin))))
    left = int(round((x0 + x1) / 2 - side / 2))
    top = int(round((y0 + y1) / 2 - side / 2))
    square = np.zeros((side, side, 3), np.uint8)
    sx0, sy0 = max(0, left), max(0, top)
    sx1, sy1 = min(width, left + side), min(height, top + side)
    if sx1 > sx0 and sy1 > sy0:
        square[sy0 - top:sy1 - top, sx0 - left:sx1 - left] = rgb[sy0:sy1, sx0:sx1]
    interpolation = cv2.INTER_AREA if side > size else cv2.INTER_LINEAR
    return cv2.resize(square, (size, size), interpolation=interpolation)


def standardise(crops: np.ndarray):
    """(N, H, W, 3) uint8 → (N, 3, H, W) float tensor, (x − 127.5) / 128 as facenet does."""
    import torch

    tensor = torch.from_numpy(np.ascontiguousarray(crops)).permute(0, 3, 1, 2).float()
    return (tensor - 127.5) / 128.0


def embed_crops(model, crops: np.ndarray) -> np.ndarray:
    """(N, 160, 160, 3) uint8 RGB crops → (N, 512) float32 unit vectors."""
    import torch

    device = next(model.parameters()).device
    with torch.inference_mode():
        out = model(standardise(crops).to(device))
    return out.float().cpu().numpy()


def embed(model, image: np.ndarray, box, *, margin: float = DEFAULT_MARGIN) -> np.ndarray:
    """The (512,) L2-normalised embedding of the face in ``box`` (x0, y0, x1, y1)."""
    return embed_crops(model, face_crop(image, box, margin=margin)[None])[0]


def same_person(a: np.ndarray, b: np.ndarray,
                threshold: float = SAME_PERSON_THRESHOLD) -> tuple[float, bool]:
    """(Euclidean distance between the normalised embeddings, distance < threshold)."""
    a = np.asarray(a, np.float64).reshape(-1)
    b = np.asarray(b, np.float64).reshape(-1)
    a = a / max(np.linalg.norm(a), 1e-12)
    b = b / max(np.linalg.norm(b), 1e-12)
    distance = float(np.linalg.norm(a - b))
    return distance, distance < threshold
