"""The ``Classifier`` of the Heatmaps tool: a loaded model with its preprocessing.

Built by :func:`cvlab.tools.heatmaps.classifiers.load_classifier` (the built-ins) and
:func:`cvlab.tools.heatmaps.user_models.load_user_classifier` (a user's file). It lives in
its own module so that both can use it without importing each other. No Qt; torch is
imported inside the methods.

``Classifier`` (a dataclass):

* ``name``, ``title``; ``model`` (eval mode, on the device); ``class_names`` (list[str]);
* ``input_channels`` (3, or 1 for gray models); ``input_size`` ((h, w), default (224, 224),
  callers may change it); ``mean``/``std`` (per channel, applied to [0, 1] pixels);
* ``layers`` - candidate CAM target layers (module names whose output is a 4-D feature map),
  forward order; ``default_layer`` - the last conv block before pooling;
* ``fc`` - the final Linear applied to the globally average-pooled ``default_layer`` output
  (logits = fc(mean over H,W of that map)), for classic CAM; None when the head is not GAP+fc;
* ``note`` - "" or a sentence the UI may show (e.g. a TorchScript model whose layers are
  unreachable);
* ``keep_aspect`` - True: resize keeping the photo's aspect (built-ins); False: squash to
  ``input_size`` (user models); see Preprocessing;
* ``preprocess(image) -> (1, C, h, w)`` float32 tensor on the model's device, (h, w) =
  ``input_shape(H, W)``;
* ``predict(image, top_k=5) -> [(class id, name, probability), ...]``;
* ``search(text) -> [(class id, name), ...]`` whose name contains ``text`` (case-insensitive).

Preprocessing: ``image`` is what ``cvlab.core.images`` returns ((H,W), (H,W,3) or (H,W,4);
uint8, uint16, bool or float). It is scaled to [0, 1] (``to_float01``); RGBA drops alpha; gray
is replicated for 3-channel models; colour becomes BT.601 luma for 1-channel models. The WHOLE
image is then resized (bilinear, antialiased) to ``input_shape(H, W)``, never cropped, so a
heat map computed on the input covers the full photo:

* ``keep_aspect`` True (the built-ins, fully convolutional up to global average pooling): the
  shorter side goes to ``min(input_size)`` (224) and the longer side keeps the photo's
  aspect, rounded to a multiple of ``ASPECT_STRIDE`` (32, the networks' total stride, so the
  last feature map tiles the input exactly) and capped at ``MAX_ASPECT`` (4) times the
  shorter side, so a 1×100 strip becomes 224×896, not 224×22400. A 3000×2000 photo gives a
  (1, 3, 224, 320) input and a 7×10 last feature map; the map maps back onto the photo with
  at most half a stride of stretch (more only past the 4:1 cap);
* ``keep_aspect`` False (user models, which may need exactly their training size): the
  photo is squashed to ``input_size``, aspect not kept (the old rule; it costs accuracy on
  tall or wide photos).

``input_shape(height, width) -> (h, w)`` tells which; ``resize_rule`` says it in words.
A photo over 16 MP is first block-averaged band by band (see ``_shrink_in_bands``) so that no
float copy of the whole photo is made. Finally ``(x - mean) / std`` per channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import torch

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
GRAY_MEAN = (0.5,)
GRAY_STD = (0.5,)
DEFAULT_INPUT_SIZE = (224, 224)
ASPECT_STRIDE = 32  # total stride of the built-in classifiers' last feature map
MAX_ASPECT = 4      # the longer input side is at most this many times the shorter one
_BT601_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


@dataclass
class Classifier:
    name: str
    title: str
    model: Any  # torch.nn.Module, eval mode, on the device
    class_names: list[str]
    input_channels: int
    layers: list[str]
    default_layer: str
    fc: Any  # torch.nn.Linear | None
    input_size: tuple[int, int] = DEFAULT_INPUT_SIZE
    mean: tuple[float, ...] = IMAGENET_MEAN
    std: tuple[float, ...] = IMAGENET_STD
    device: Any = "cpu"
    note: str = ""
    keep_aspect: bool = False
    _lower_names: list[str] = field(default_factory=list, repr=False)

    def preprocess(self, image: np.ndarray) -> torch.Tensor:
        """(1, C, h, w) float32 on the model's device; see the module docstring."""
        import torch
        from torch.nn import functional as F

        from cvlab.core.images import to_float01

        shape = self.input_shape(image.shape[0], image.shape[1])
        array = (_shrink_in_bands(image, shape) if _much_larger(image, shape)
                 else to_float01(image))
        if self.input_channels == 1:
            if array.ndim == 3:
                array = array[..., :3] @ _BT601_LUMA
            array = array[..., None]
        else:
            if array.ndim == 2:
                array = np.repeat(array[..., None], 3, axis=2)
            array = array[..., :3]
        tensor = torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
        tensor = tensor.permute(2, 0, 1).unsqueeze(0)
        tensor = F.interpolate(tensor, size=shape, mode="bilinear",
                               align_corners=False, antialias=True)
        mean = torch.tensor(self.mean, dtype=torch.float32).view(1, -1, 1, 1)
        std = torch.tensor(self.std, dtype=torch.float32).view(1, -1, 1, 1)
        return ((tensor - mean) / std).to(self.device)

    def input_shape(self, height: int, width: int) -> tuple[int, int]:
        """(h, w) of the network input for a ``height``×``width`` photo."""
        if not self.keep_aspect:
            return int(self.input_size[0]), int(self.input_size[1])
        return aspect_shape(height, width, min(self.input_size))

    @property
    def resize_rule(self) -> str:
        """How a photo is resized for this model, in words (for the UI and the CLI)."""
        size = f"{self.input_size[0]} × {self.input_size[1]}"
        if self.keep_aspect:
            return (f"shorter side to {min(self.input_size)}, aspect kept (longer side a "
                    f"multiple of {ASPECT_STRIDE}, at most {MAX_ASPECT}×), no crop")
        return f"whole photo squashed to {size} (aspect not kept), no crop"

    def predict(self, image: np.ndarray, top_k: int = 5) -> list[tuple[int, str, float]]:
        """The top-k (class id, class name, probability) for one image."""
        import torch

        with torch.inference_mode():
            logits = self.model(self.preprocess(image))
            if isinstance(logits, (tuple, list)):
                logits = logits[0]
            probabilities = logits.float().softmax(dim=1)[0].cpu()
        values, indices = probabilities.topk(min(top_k, probabilities.numel()))
        return [(i, self.class_names[i], float(v))
                for v, i in zip(values.tolist(), indices.tolist())]

    def search(self, text: str) -> list[tuple[int, str]]:
        """Classes whose name contains ``text`` (case-insensitive); all of them for ""."""
        if len(self._lower_names) != len(self.class_names):
            self._lower_names = [n.lower() for n in self.class_names]
        needle = text.strip().lower()
        return [(i, self.class_names[i]) for i, low in enumerate(self._lower_names)
                if needle in low]


def aspect_shape(height: int, width: int, short: int = DEFAULT_INPUT_SIZE[0],
                 stride: int = ASPECT_STRIDE, max_aspect: float = MAX_ASPECT) -> tuple[int, int]:
    """(h, w) with the shorter side ``short`` and the longer side the photo's aspect times
    ``short``, rounded to a multiple of ``stride``, at least ``short`` and at most
    ``max_aspect × short`` (so a thin strip cannot make a huge input)."""
    height, width, short = max(1, int(height)), max(1, int(width)), max(1, int(short))
    ratio = max(height, width) / min(height, width)
    longer = max(short, int(round(short * ratio / stride)) * stride)
    longer = min(longer, int(max_aspect * short))
    return (longer, short) if height > width else (short, longer)


# A photo over this many pixels is first averaged down in blocks, a band of rows at a time:
# a 13000² photo as one float32 copy is 2 GB. The antialiased resize that follows then sees
# about 4× the input per side; on random noise the tensor moves by under 1 % of the range.
_SHRINK_ABOVE_PIXELS = 4096 * 4096


def _much_larger(image: np.ndarray, input_shape) -> bool:
    """True for a photo over 16 MP at least 8× the network input (``input_shape``, (h, w))
    on each side."""
    return (image.shape[0] * image.shape[1] > _SHRINK_ABOVE_PIXELS
            and min(image.shape[0] // input_shape[0], image.shape[1] // input_shape[1]) >= 8)


def _shrink_in_bands(image: np.ndarray, input_shape) -> np.ndarray:
    """``to_float01(image)`` averaged over blocks of ``factor``×``factor`` pixels (so about
    4× the input per side), computed in bands so only the result is full of floats."""
    from cvlab.core.images import to_float01

    factor = int(min(image.shape[0] / (4 * input_shape[0]),
                     image.shape[1] / (4 * input_shape[1])))
    height, width = image.shape[0] // factor, image.shape[1] // factor
    rows_per_band = max(1, (1 << 20) // (width * factor * factor))  # ~1 M photo pixels
    bands = []
    for top in range(0, height, rows_per_band):
        rows = min(rows_per_band, height - top)
        band = to_float01(image[top * factor:(top + rows) * factor, :width * factor])
        band = band.reshape(rows, factor, width, factor, *band.shape[2:])
        bands.append(band.mean(axis=(1, 3), dtype=np.float32))
    return np.concatenate(bands)

