"""The theoretical receptive field along a network's main path, layer by layer.

Walking the layers in the order they run, each convolution or pooling window widens the
field and each stride spreads the next layer's taps further apart:

    rf += (k - 1) · dilation · jump;    jump *= stride

(``jump`` is the distance, in input pixels, between two neighbouring positions of the
current map.) A transposed convolution upsamples: it adds (⌈k/s⌉ - 1) · jump and divides
the jump by its stride. A layer that mixes every position - global or adaptive pooling to
1×1, a fully connected layer on a flattened map, self-attention - makes the field the whole
input (``None`` here, "all" when shown).

This is the THEORETICAL field of the MAIN PATH: the longest chain of windows, as on the
course's slides. The effective field (where the weights really look) is much smaller, and
side branches (a ResNet shortcut's 1×1 conv, a U-Net skip) are not followed: they only
add narrower paths. Kernels are read along the height; every model here has square ones.

Which layer is on the main path is decided from the tensors: a layer continues the path
when its input is the output of the main path not yet taken by another layer, or a tensor
no layer made (the image, or the result of an addition or concatenation); the second layer
to read the same tensor (a ResNet's downsampling shortcut runs after its block's convs)
starts a side branch.
"""

from __future__ import annotations

import math

from torch import Tensor, nn

_POOLS = (nn.MaxPool2d, nn.AvgPool2d)
_ADAPTIVE = (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)


def _first(value) -> int:
    return int(value[0]) if isinstance(value, (tuple, list)) else int(value)


class MainPath:
    """Which tensors belong to the main path (kept alive so their ids are not reused)."""

    def __init__(self) -> None:
        self._open: dict[int, Tensor] = {}   # main-path outputs no layer has read yet
        self._seen: dict[int, Tensor] = {}   # every tensor a layer made or read

    def continues(self, tensor: Tensor | None) -> bool:
        """Whether a layer reading ``tensor`` continues the main path."""
        if tensor is None:
            return False
        key = id(tensor)
        return key in self._open or key not in self._seen

    def record(self, read: Tensor | None, made: Tensor | None, main: bool) -> None:
        """After a layer ran: ``read`` is taken; ``made`` joins the main path if ``main``."""
        if read is not None:
            self._seen[id(read)] = read
            if main:
                self._open.pop(id(read), None)
        if made is not None:
            self._seen[id(made)] = made
            if main:
                self._open[id(made)] = made
            else:
                self._open.pop(id(made), None)


class ReceptiveField:
    """The field (``size``, None for the whole input) and ``jump`` after the layers so far."""

    def __init__(self) -> None:
        self.size: int | None = 1
        self.jump: float = 1.0

    def _window(self, kernel: int, stride: int, dilation: int = 1) -> None:
        self.size += round((kernel - 1) * dilation * self.jump)
        self.jump *= stride

    def step(self, module: nn.Module, read: Tensor | None, made: Tensor | None) -> None:
        """Update for one main-path layer that read ``read`` and made ``made``."""
        if self.size is None:
            return  # already the whole input
        if isinstance(module, nn.ConvTranspose2d):
            kernel, stride = _first(module.kernel_size), _first(module.stride)
            self.size += round((math.ceil(kernel / stride) - 1) * self.jump)
            self.jump /= stride
        elif isinstance(module, nn.Conv2d):
            self._window(_first(module.kernel_size), _first(module.stride),
                         _first(module.dilation))
        elif isinstance(module, _POOLS):
            # (torch fills a pooling's stride with its kernel size when none is given)
            self._window(_first(module.kernel_size), _first(module.stride),
                         _first(getattr(module, "dilation", 1)))
        elif isinstance(module, _ADAPTIVE):
            self._adaptive(read, made)
        elif isinstance(module, nn.MultiheadAttention):
            self.size = None
        elif isinstance(module, nn.Linear) and read is not None and read.dim() == 2:
            self.size = None  # a fully connected layer on a flattened (or pooled) map

    def _adaptive(self, read: Tensor | None, made: Tensor | None) -> None:
        if read is None or made is None or read.dim() < 3:
            return
        size_in, size_out = int(read.shape[-2]), int(made.shape[-2])
        if size_out == 1 and int(made.shape[-1]) == 1:
            self.size = None
            return
        # Adaptive pooling from n to m with n divisible by m is a window n/m, stride n/m;
        # otherwise its windows overlap: the widest is the one to count.
        stride = max(size_in // size_out, 1)
        self._window(math.ceil(size_in / size_out), stride)
