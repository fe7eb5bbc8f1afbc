"""Multiply-accumulates (MACs) of one layer call, per image.

What is counted, and how (``k`` the kernel, ``g`` the groups):

* ``Conv2d``: output elements × in_channels / g × kh × kw (subclasses too, such as
  EfficientNet-Lite's TensorFlow-padded conv);
* ``ConvTranspose2d``: input elements × out_channels / g × kh × kw (each input pixel is
  spread over a kh × kw window of every output channel of its group);
* ``Linear``: output elements × in_features (on a ViT's tokens: tokens × out × in);
* ``MultiheadAttention``: its q, k, v and output projections (tokens × in × embed each) and
  the two attention products, QKᵀ and the weighted sum AV: 2 · Nq · Nk · embed (2·N²·d
  for self-attention over N tokens).

Nothing else is counted: not BatchNorm, activations, pooling, additions, concatenations,
softmax or biases. That is the convention of the ResNet paper's "FLOPs" and of
torchvision's "GFLOPS" column, which are both multiply-adds: one MAC is one multiplication
and one addition, about 2 floating-point operations.
"""

from __future__ import annotations

from math import prod

from torch import Tensor, nn

# The layer types whose work is counted (a MultiheadAttention is measured as one layer:
# its projections are used by weight inside its forward, so hooks on them never fire).
COUNTED = (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.MultiheadAttention)


def first_tensor(value) -> Tensor | None:
    """The first tensor in a layer's output (a tensor, tuple or dict)."""
    if isinstance(value, Tensor):
        return value
    items = value.values() if isinstance(value, dict) else value
    if isinstance(items, (list, tuple)) or isinstance(value, dict):
        for item in items:
            found = first_tensor(item)
            if found is not None:
                return found
    return None


def per_image(tensor: Tensor, batched: bool = True) -> int:
    """The element count of one image's share of ``tensor`` (batch dimension first)."""
    return prod(tensor.shape[1:]) if batched else tensor.numel()


def _attention_macs(module: nn.MultiheadAttention, args: tuple, kwargs: dict) -> int:
    query = kwargs.get("query", args[0] if args else None)
    key = kwargs.get("key", args[1] if len(args) > 1 else query)
    token_axis = 1 if module.batch_first and query.dim() == 3 else 0
    n_query, n_key = query.shape[token_axis], key.shape[token_axis]
    embed = module.embed_dim
    projections = (n_query * embed * embed           # q
                   + n_key * module.kdim * embed     # k
                   + n_key * module.vdim * embed     # v
                   + n_query * embed * embed)        # output
    products = 2 * n_query * n_key * embed           # QKᵀ and AV, summed over the heads
    return projections + products


def layer_macs(module: nn.Module, args: tuple, kwargs: dict, output) -> int:
    """The MACs of one call of ``module`` for one image (0 for the layers not counted)."""
    if isinstance(module, nn.MultiheadAttention):
        return _attention_macs(module, args, kwargs)
    out = first_tensor(output)
    if out is None or not isinstance(module, COUNTED):
        return 0
    if isinstance(module, nn.ConvTranspose2d):
        x = args[0]
        return (per_image(x, x.dim() == 4) * module.out_channels // module.groups
                * prod(module.kernel_size))
    if isinstance(module, nn.Conv2d):
        return (per_image(out, out.dim() == 4) * module.in_channels // module.groups
                * prod(module.kernel_size))
    # Linear: a batch of vectors, or of token sequences (ViT), always batch-first here.
    return per_image(out, out.dim() > 1) * module.in_features
