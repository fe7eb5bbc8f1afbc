"""A network's layer table, stages and totals, from one forward pass with hooks.

``profile(name, input_size=None) -> Profile`` measures a registered architecture (see
``architectures``) on a square input of ``input_size`` (its default when None);
``profile_model(make, input_shape, ...)`` measures any model ``make()`` returns.

The pass hooks every leaf layer (a layer with no sub-layers; a ``MultiheadAttention`` is
measured as one layer, see ``macs``) and records, per call: its qualified name, type,
output shape, parameters (at its first call only, so a layer used twice is not counted
twice), multiply-accumulates and the receptive field of the main path after it
(``receptive_field``). BatchNorm, activations and pooling do no MACs here, as in the ResNet
paper's and torchvision's figures, which count multiply-adds. The rows are then grouped
into stages (``stages``) with their output shape, parameters, MACs and the receptive field
at their end. The total of parameters is the model's own count (every parameter once).

The pass runs on torch's "meta" device first: tensors there have shapes and no data, so
even VGG-16 or a large input costs no memory and about no time. If an operation has no
meta version, the model is built again on the CPU and run on a zero image (``device``
says which ran).
"""

from __future__ import annotations

from collections.abc import Callable

from cvlab.core.i18n import translate
from cvlab.tools.nets import stages as stage_grouping
from cvlab.tools.nets.architectures import check_input, get
from cvlab.tools.nets.macs import first_tensor, layer_macs
from cvlab.tools.nets.receptive_field import MainPath, ReceptiveField
from cvlab.tools.nets.table import LayerRow, Profile


class ProfileError(ValueError):
    """The model does not run on the input it was given (one sentence)."""


def _per_image_shape(module, tensor) -> tuple[int, ...]:
    if tensor is None:
        return ()
    from torch import nn

    sequence_first = isinstance(module, nn.MultiheadAttention) and not module.batch_first
    if sequence_first and tensor.dim() == 3:
        return (int(tensor.shape[0]), int(tensor.shape[2]))  # (tokens, batch, width)
    return tuple(int(n) for n in tensor.shape[1:])


def _leaves(model) -> tuple[list, list]:
    """The leaf layers (name, module) and the containers holding parameters of their own."""
    from torch import nn

    leaves, holders, attention = [], [], []  # attention: where attention layers' parts start
    for name, module in model.named_modules():
        if any(name.startswith(prefix) for prefix in attention):
            continue  # a projection the attention layer uses by weight, never calls
        if isinstance(module, nn.MultiheadAttention):
            leaves.append((name, module))
            attention.append(f"{name}." if name else "")
        elif next(module.children(), None) is None:
            leaves.append((name, module))
        elif next(module.parameters(recurse=False), None) is not None:
            holders.append((name, module))
    return leaves, holders


class _Recorder:
    """The hooks' state during one pass."""

    def __init__(self) -> None:
        self.rows: list[LayerRow] = []
        self.outputs: dict[str, tuple[int, ...]] = {}
        self.path = MainPath()
        self.field = ReceptiveField()
        self.counted: set[int] = set()

    def _params(self, module, recurse: bool = True) -> int:
        if id(module) in self.counted:
            return 0
        self.counted.add(id(module))
        return sum(p.numel() for p in module.parameters(recurse=recurse))

    def leaf(self, name: str):
        def hook(module, args, kwargs, output):
            read = first_tensor(args) if args else first_tensor(kwargs.get("query"))
            made = first_tensor(output)
            main = self.path.continues(read)
            if main:
                self.field.step(module, read, made)
            self.path.record(read, made, main)
            self.rows.append(LayerRow(
                name=name or type(module).__name__, type=type(module).__name__,
                output_shape=_per_image_shape(module, made), params=self._params(module),
                macs=layer_macs(module, args, kwargs, output), main=main,
                receptive_field=self.field.size))
        return hook

    def holder(self, name: str):
        def hook(module, _args):
            if id(module) in self.counted:
                return
            self.counted.add(id(module))
            for pname, parameter in module.named_parameters(recurse=False):
                self.rows.append(LayerRow(
                    name=f"{name}.{pname}" if name else pname, type="Parameter",
                    output_shape=tuple(int(n) for n in parameter.shape),
                    params=parameter.numel(), macs=0, main=False,
                    receptive_field=self.field.size))
        return hook

    def output(self, name: str):
        def hook(module, _args, output):
            made = first_tensor(output)
            if made is not None:
                self.outputs[name] = _per_image_shape(module, made)
        return hook


def _measure(model, input_shape, device: str, expand: tuple[str, ...]):
    import torch

    recorder = _Recorder()
    leaves, holders = _leaves(model)
    units, parts = stage_grouping.units(model, expand)
    modules = dict(model.named_modules())
    handles = [m.register_forward_hook(recorder.leaf(n), with_kwargs=True) for n, m in leaves]
    handles += [m.register_forward_pre_hook(recorder.holder(n)) for n, m in holders]
    handles += [modules[n].register_forward_hook(recorder.output(n))
                for n in [*units, *parts]]
    try:
        with torch.no_grad():
            output = first_tensor(model(torch.zeros((1, *input_shape), device=device)))
    finally:
        for handle in handles:
            handle.remove()
    stages = stage_grouping.group(recorder.rows, units, recorder.outputs)
    return recorder.rows, stages, tuple(int(n) for n in output.shape[1:])


def profile_model(make: Callable[[], object], input_shape: tuple[int, int, int], *,
                  arch: str = "", title: str = "", expand: tuple[str, ...] = ()) -> Profile:
    """Measure ``make()`` (an nn.Module, built again if the meta pass fails) on one zero
    image of ``input_shape`` (C, H, W); ``expand`` names wrappers whose children are the
    units of the stages."""
    import torch

    try:
        with torch.device("meta"):
            model = make().eval()
        device = "meta"
        rows, stages, output_shape = _measure(model, input_shape, device, expand)
    except Exception:  # an op with no meta version: the same pass on the CPU, for real
        model, device = make().eval(), "cpu"
        try:
            rows, stages, output_shape = _measure(model, input_shape, device, expand)
        except (RuntimeError, TypeError, ValueError, IndexError, NotImplementedError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise ProfileError(translate(
                "NetsTable", "{0} does not run on a {1} input: {2}").format(
                arch or type(model).__name__, "×".join(map(str, input_shape)), reason)) from exc
    params = sum(p.numel() for p in model.parameters())
    return Profile(arch=arch, title=title or arch, input_shape=tuple(input_shape),
                   output_shape=output_shape, rows=tuple(rows), stages=tuple(stages),
                   params=params, macs=sum(r.macs for r in rows), device=device,
                   notes=_notes(params, rows, output_shape))


def _notes(params: int, rows: list[LayerRow], output_shape: tuple[int, ...]) -> tuple:
    """What the table does not show: parameters of layers that never ran, and an output
    made by plain functions after the last layer (FCN's upsampling to the input's size)."""
    notes = []
    missing = params - sum(r.params for r in rows)
    if missing:
        notes.append(translate("NetsTable", "{0} parameters belong to layers that did not "
                                            "run on this input").format(missing))
    if rows and rows[-1].output_shape != output_shape:
        notes.append(translate("NetsTable", "the model's output, {0}, is made after its "
                                            "last layer by operations not counted here "
                                            "(such as upsampling)").format(
            "×".join(map(str, output_shape))))
    return tuple(notes)


def profile(name: str, input_size: int | None = None) -> Profile:
    """The registered architecture ``name`` measured on a square input (its default side
    when ``input_size`` is None). UnknownArchitecture / InputSizeError / ProfileError are
    ValueErrors with a one-sentence message."""
    arch = get(name)
    side = arch.input_size if input_size is None else input_size
    check_input(arch, side)
    return profile_model(lambda: arch.builder(side), (arch.in_channels, side, side),
                         arch=arch.name, title=arch.title, expand=arch.stage_parents)
