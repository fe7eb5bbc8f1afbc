"""User classifiers for the Heatmaps tool: TorchScript files and torchvision state dicts.

``load_user_classifier(model_path, device="cpu", architecture=None, class_names_path=None)``

* ``architecture=None``: ``model_path`` must be TorchScript (``torch.jit.save``), loaded with
  ``torch.jit.load(map_location=device)``. Input channels come from the first 4-D weight
  (1 -> a gray model), checked by a forward pass.
* ``architecture`` = a torchvision classification model name
  (``torchvision.models.list_models(module=torchvision.models)``): ``model_path`` is a state
  dict, .pth/.pt (``torch.load(weights_only=True)``: pickled code is refused, never run) or
  .safetensors. A ``{"state_dict": ...}`` / ``{"model_state_dict": ...}`` checkpoint is
  unwrapped and a DataParallel ``module.`` prefix dropped. The number of classes is the row
  count of the state dict's weight for the model's last Linear, which is replaced by a Linear
  of that size when it differs from 1000. When the first conv's weight in the file has one
  input channel, the model's first Conv2d is replaced by a 1-channel Conv2d with the same
  kernel, stride, padding, dilation, groups and bias before loading; the model is then a gray
  model (``input_channels == 1``). Inception/GoogLeNet auxiliary heads missing from the file
  are dropped. Loading is strict: missing/unexpected keys and shape mismatches are errors.
* Class names: a text file (one name per line, blank lines ignored) or a JSON list (or
  ``{"0": name, ...}``); without one, "class 0", "class 1", ... Their count must equal the
  model's output count.
* Preprocessing: 3-channel models use ImageNet mean/std; 1-channel models scale to [0, 1] and
  then (x - 0.5) / 0.5. Input size 224×224 (``Classifier.input_size``, callers may change it):
  the whole photo is squashed to it (``keep_aspect`` False), since a user's model may accept
  only its training size; the built-ins keep the photo's aspect instead.

CAM layers (the generic rule): one forward pass on a random (1, C, 224, 224) input with forward
hooks on every module at depth 1 or 2 of the module tree (the root's children and
grandchildren: "layer4", "layer4.1", "features.18" - block level, not every Conv/BN/ReLU inside
a block). A module is a candidate when its output is a 4-D tensor with more than one spatial
position. When a module returns the very tensor an earlier candidate returned (a Sequential
returns its last child's output; an in-place ReLU returns its input), the outer/later name
replaces the earlier one, so ResNet lists "layer4" rather than "layer4.1". Candidates are in
the order their outputs were produced; the default is the last. ``fc`` is the last Linear
whose input equals the global average of the default layer's map and whose output is the
model's output (checked numerically on that pass), else None.

TorchScript modules cannot take Python forward hooks. When the scripted model's forward is a
plain chain of its top-level submodules (as for an ``nn.Sequential``; a flatten before a
Linear is allowed), the chain is replayed in Python with hookable wrappers, after checking it
gives the same output; otherwise the model still predicts but has no layers, and
``Classifier.note`` says why.
"""

from __future__ import annotations

import difflib
import json
import warnings
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from cvlab.core.fileio import InputFileError, not_a_regular_file, read_small_text
from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.tools.heatmaps.classifier import (
    DEFAULT_INPUT_SIZE,
    GRAY_MEAN,
    GRAY_STD,
    IMAGENET_MEAN,
    IMAGENET_STD,
    Classifier,
)

_PICKLED_MODEL = QT_TRANSLATE_NOOP(
    "HeatmapUserModel", "{path}: holds pickled Python objects (a whole model saved with "
    "torch.save(model)?), which are never unpickled here; save model.state_dict() or a "
    "TorchScript file instead")
_NEITHER = QT_TRANSLATE_NOOP(
    "HeatmapUserModel", "is neither a TorchScript file nor a PyTorch state dict (torch cannot "
    "read it; is it complete?)")
_AUX_HEADS = ("AuxLogits", "aux1", "aux2")


def _is_torchscript(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any("/code/" in n or n.endswith("constants.pkl") for n in archive.namelist())


def _read_state_dict(path: Path) -> dict:
    import pickle

    import torch

    if path.suffix.lower() == ".safetensors":
        from safetensors.torch import load_file

        try:
            return load_file(str(path), device="cpu")
        except Exception as exc:
            raise ValueError(translate(
                "HeatmapUserModel", "{0}: not a readable safetensors file ({1})").format(
                    path, exc)) from exc
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        # A pickled object (a whole nn.Module) is refused with "Unsupported global: ...";
        # bytes that are no pickle at all fail with other messages.
        if "unsupported global" in str(exc).lower():
            raise ValueError(translate("HeatmapUserModel", _PICKLED_MODEL).format(
                path=path)) from exc
        raise InputFileError(path, translate("HeatmapUserModel", _NEITHER)) from exc
    except Exception as exc:  # torch's own words name its internals, not the file's problem
        raise InputFileError(path, translate("HeatmapUserModel", _NEITHER)) from exc
    if isinstance(state, dict):
        for key in ("state_dict", "model_state_dict", "model"):
            if isinstance(state.get(key), dict):
                state = state[key]
                break
    if not isinstance(state, dict) or not state or not all(
            isinstance(v, torch.Tensor) for v in state.values()):
        raise ValueError(translate(
            "HeatmapUserModel", "{0}: holds a {1} that is not a state dict (a mapping of "
            "parameter names to tensors)").format(path, type(state).__name__))
    if all(k.startswith("module.") for k in state):
        state = {k[len("module."):]: v for k, v in state.items()}
    return state


def _set_module(model, name: str, module) -> None:
    parent, _, leaf = name.rpartition(".")
    setattr(model.get_submodule(parent) if parent else model, leaf, module)


def _build_torchvision(architecture: str, state: dict, path: Path):
    """The torchvision model fitted to ``state`` (classes, 1-channel input), strictly loaded."""
    import torchvision
    from torch import nn

    names = torchvision.models.list_models(module=torchvision.models)
    if architecture not in names:
        close = difflib.get_close_matches(architecture, names, n=5, cutoff=0.6)
        hint = (translate("HeatmapUserModel", "did you mean {0}?").format(", ".join(close))
                if close else translate("HeatmapUserModel", "see torchvision.models"))
        raise ValueError(translate(
            "HeatmapUserModel", "unknown architecture {0!r} for {1}: {2}").format(
                architecture, path.name, hint))
    model = torchvision.models.get_model(architecture, weights=None)
    for head in _AUX_HEADS:
        if getattr(model, head, None) is not None and not any(
                k.startswith(head + ".") for k in state):
            setattr(model, head, None)
            model.aux_logits = False
    linears = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)]
    if linears:
        fc_name, fc = linears[-1]
        weight = state.get(f"{fc_name}.weight")
        if weight is not None and weight.ndim == 2 and weight.shape[0] != fc.out_features:
            _set_module(model, fc_name, nn.Linear(fc.in_features, int(weight.shape[0]),
                                                  bias=fc.bias is not None))
    convs = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Conv2d)]
    channels = 3
    if convs:
        conv_name, conv = convs[0]
        weight = state.get(f"{conv_name}.weight")
        if weight is not None and weight.ndim == 4 and weight.shape[1] * conv.groups == 1:
            _set_module(model, conv_name, nn.Conv2d(
                1, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                conv.dilation, conv.groups, conv.bias is not None, conv.padding_mode))
            channels = 1
    try:
        result = model.load_state_dict(state, strict=False)
    except RuntimeError as exc:
        detail = "; ".join(line.strip() for line in str(exc).splitlines()[1:4])
        raise ValueError(translate(
            "HeatmapUserModel", "{0}: tensor shapes do not fit {1}: {2}").format(
                path, architecture, detail)) from exc
    if result.missing_keys or result.unexpected_keys:
        raise ValueError(translate(
            "HeatmapUserModel", "{0}: the state dict does not fit {1}: {2} missing keys (e.g. "
            "{3}), {4} unexpected keys (e.g. {5})").format(
                path, architecture, len(result.missing_keys), result.missing_keys[:3],
                len(result.unexpected_keys), result.unexpected_keys[:3]))
    return model, channels


def _read_class_names(path: str | None, count: int) -> list[str]:
    if path is None:
        return [translate("HeatmapUserModel", "class {0}").format(i) for i in range(count)]
    file = Path(path)
    text = read_small_text(file)
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(file, translate(
                "HeatmapUserModel", "not valid JSON ({0} at line {1}, column {2})").format(
                    exc.msg, exc.lineno, exc.colno)) from None
        except RecursionError:
            raise InputFileError(file, translate(
                "HeatmapUserModel", "is JSON nested too deeply to be a list of class names"
            )) from None
        if isinstance(data, dict):
            try:
                data = [data[k] for k in sorted(data, key=int)]
            except ValueError:
                raise InputFileError(file, translate(
                    "HeatmapUserModel", "a JSON object of class names needs keys 0, 1, 2, ..."
                )) from None
        if not isinstance(data, list) or not all(isinstance(n, (str, int, float))
                                                 for n in data):
            raise InputFileError(file, translate(
                "HeatmapUserModel", "expected a JSON list of class names"))
        names = [str(n) for n in data]
    else:
        names = [line.strip() for line in text.splitlines() if line.strip()]
    if len(names) != count:
        raise InputFileError(file, translate(
            "HeatmapUserModel", "{0} class names, but the model has {1} outputs").format(
                len(names), count))
    return names


def _step_class():
    from torch import nn

    class Step(nn.Module):
        """A hookable Python wrapper around one scripted child (optionally flattening)."""

        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner
            self.flatten = False
            self.is_chain_step = True

        def forward(self, x):
            return self.inner(x.flatten(1) if self.flatten else x)

    return Step


def _is_linear(module) -> bool:
    from torch import nn

    if getattr(module, "is_chain_step", False):
        return _is_linear(module.inner)
    return isinstance(module, nn.Linear) or getattr(module, "original_name", "") == "Linear"


def _replay_chain(script, x, expected):
    """An nn.Sequential of hookable wrappers that reproduces ``script``, or None."""
    import torch
    from torch import nn

    children = list(script.named_children())
    if not children:
        return None
    step_cls = _step_class()
    steps = OrderedDict()
    try:
        with torch.no_grad():
            for name, child in children:
                step = step_cls(child)
                try:
                    y = step(x)
                except Exception:
                    if x.ndim <= 2:
                        raise
                    step.flatten = True
                    y = step(x)
                steps[name] = step
                x = y
    except Exception:
        return None
    if not (isinstance(x, torch.Tensor) and x.shape == expected.shape
            and torch.allclose(x, expected, rtol=1e-4, atol=1e-5)):
        return None
    return nn.Sequential(steps)


def discover_layers(model, channels: int, size=DEFAULT_INPUT_SIZE, device="cpu"):
    """(layers, default layer, fc or None, output count) by the rule in the module docstring."""
    import torch

    x = torch.rand((1, channels, *size), generator=torch.Generator().manual_seed(0))
    x = x.to(device)
    order: list[list] = []  # [name, tensor]
    by_id: dict[int, int] = {}
    linear_calls: list[tuple[Any, Any, Any]] = []
    handles = []

    def on_block(name):
        def hook(module, inputs, output):
            if isinstance(output, torch.Tensor) and output.ndim == 4 and \
                    output.shape[2] * output.shape[3] > 1:
                index = by_id.get(id(output))
                if index is None:
                    by_id[id(output)] = len(order)
                    order.append([name, output])
                else:
                    order[index][0] = name
        return hook

    def on_linear(module, inputs, output):
        linear_calls.append((module, inputs[0] if inputs else None, output))

    for name, module in model.named_modules():
        if not name or isinstance(module, torch.jit.ScriptModule):
            continue
        if name.count(".") <= 1:
            handles.append(module.register_forward_hook(on_block(name)))
        if _is_linear(module):
            handles.append(module.register_forward_hook(on_linear))
    try:
        with torch.no_grad():
            out = model(x)
    finally:
        for handle in handles:
            handle.remove()
    if isinstance(out, (tuple, list)):
        out = out[0]
    if not isinstance(out, torch.Tensor) or out.ndim != 2 or out.shape[0] != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(translate(
            "HeatmapUserModel", "the model's output is {0}, not (1, number of classes)").format(
                shape))
    if not order:
        return [], "", None, int(out.shape[1])
    default_name, default_map = order[-1]
    pooled = default_map.mean(dim=(2, 3))
    fc = None
    for module, inp, output in reversed(linear_calls):
        if (isinstance(inp, torch.Tensor) and inp.shape == pooled.shape
                and torch.allclose(inp, pooled, rtol=1e-4, atol=1e-5)
                and output.shape == out.shape and torch.allclose(output, out, rtol=1e-4,
                                                                 atol=1e-5)):
            fc = module.inner if getattr(module, "is_chain_step", False) else module
            break
    return [n for n, _ in order], default_name, fc, int(out.shape[1])


def _load_torchscript(path: Path, device):
    import torch

    try:
        # torch 2.x warns on every jit.load that TorchScript is deprecated: two lines on
        # stderr, before our own one-line error, that the user can do nothing about.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*torch\.jit\.load.*deprecated",
                                    category=FutureWarning)
            script = torch.jit.load(str(path), map_location=device)
    except Exception as exc:
        # torch's message may run over several lines and ends with a plea for bug reports.
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        detail = detail.split("(Could this error message be improved?")[0].strip()
        raise ValueError(translate(
            "HeatmapUserModel", "{0}: not a loadable TorchScript file ({1})").format(
                path, detail)) from exc
    script.eval()
    first = next((p for p in script.parameters() if p.ndim == 4), None)
    guesses = [int(first.shape[1])] if first is not None and first.shape[1] in (1, 3) else []
    guesses += [c for c in (3, 1) if c not in guesses]
    errors = []
    for channels in guesses:
        x = torch.rand((1, channels, *DEFAULT_INPUT_SIZE),
                       generator=torch.Generator().manual_seed(0)).to(device)
        try:
            with torch.no_grad():
                expected = script(x)
        except Exception as exc:
            errors.append(translate("HeatmapUserModel", "{0} channels: {1}").format(
                channels, str(exc).splitlines()[0]))
            continue
        if isinstance(expected, (tuple, list)):
            expected = expected[0]
        return script, channels, x, expected
    raise ValueError(translate(
        "HeatmapUserModel", "{0}: the TorchScript model did not run on a 224×224 image ({1})"
    ).format(path, "; ".join(errors)))


def load_user_classifier(model_path: str, device="cpu", architecture: str | None = None,
                         class_names_path: str | None = None) -> Classifier:
    path = Path(model_path)
    problem = not_a_regular_file(path)
    if problem is not None:
        raise InputFileError(path, problem)
    if path.stat().st_size == 0:
        raise InputFileError(path, translate("HeatmapUserModel", "is empty"))
    note = ""
    if architecture is None:
        if not _is_torchscript(path):
            _read_state_dict(path)  # a clear error if pickled or unreadable
            raise ValueError(translate(
                "HeatmapUserModel", "{0}: holds a state dict (weights only); choose its "
                "architecture (a torchvision model name such as resnet18)").format(path))
        script, channels, x, expected = _load_torchscript(path, device)
        model = _replay_chain(script, x, expected)
        if model is None:
            model = script
            note = translate(
                "HeatmapUserModel", "This TorchScript model's layers cannot be hooked (its "
                "forward is not a plain chain of its submodules), so it can classify but not "
                "show heat maps; load a state dict with its architecture instead.")
    else:
        if _is_torchscript(path):
            raise ValueError(translate(
                "HeatmapUserModel", "{0}: is a TorchScript file; load it without an "
                "architecture").format(path))
        model, channels = _build_torchvision(architecture, _read_state_dict(path), path)
        model = model.eval().to(device)
    layers, default, fc, outputs = ([], "", None, 0)
    if note:
        outputs = int(expected.shape[1])
    else:
        layers, default, fc, outputs = discover_layers(model, channels, device=device)
        if not layers:
            note = translate("HeatmapUserModel", "This model produces no 4-D feature maps, "
                                                 "so it has no heat-map layers.")
    names = _read_class_names(class_names_path, outputs)
    title = f"{path.name}" + (f" ({architecture})" if architecture else " (TorchScript)")
    gray = channels == 1
    return Classifier(
        name=f"user:{path.name}", title=title, model=model.eval(), class_names=names,
        input_channels=channels, layers=layers, default_layer=default, fc=fc,
        mean=GRAY_MEAN if gray else IMAGENET_MEAN, std=GRAY_STD if gray else IMAGENET_STD,
        device=device, note=note)

