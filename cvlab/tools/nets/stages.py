"""Rows grouped into stages: the model's top-level parts, split where the resolution changes.

The units are the model's top-level children (for an architecture that wraps its trunk,
such as FCN's ``backbone``, the children of the wrapper instead). In the order they run:

* a run of single layers before the first block is the "stem", after the last the "head",
  in between it is named after its layers (VGG's ``avgpool``);
* a block (a child with sub-layers) is one stage (ResNet's ``layer1`` … ``layer4``), unless
  its own children produce maps of different sizes: then it is split there, one stage per
  resolution (VGG's ``features`` into its five conv blocks, MobileNetV2's ``features`` into
  112², 56², 28², 14², 7²).

So a ResNet reads stem, layer1 … layer4, head, as on the course's slides. A row no unit
holds (a parameter of the model itself, such as ViT's class token) joins the next stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cvlab.core.i18n import translate
from cvlab.tools.nets.table import LayerRow, Stage


@dataclass
class _Segment:
    unit: str | None               # the block's name; None for a run of single layers
    resolution: tuple[int, ...] | None
    rows: list[int] = field(default_factory=list)
    last_part: str | None = None   # the last sub-unit run (its output is the stage's)


def resolution(shape: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """H×W of a per-image map shape (C, H, W); None for anything else (tokens, vectors)."""
    return tuple(shape[-2:]) if shape is not None and len(shape) == 3 else None


def unit_of(name: str, units: dict[str, bool]) -> str | None:
    for unit in units:
        if name == unit or name.startswith(unit + "."):
            return unit
    return None


def part_of(name: str, unit: str) -> str:
    """The direct child of ``unit`` that holds the row ``name``."""
    rest = name[len(unit) + 1:]
    return f"{unit}.{rest.split('.')[0]}" if rest else unit


def _segments(rows, units: dict[str, bool], outputs: dict) -> list[_Segment]:
    segments: list[_Segment] = []
    pending: list[int] = []
    for index, row in enumerate(rows):
        unit = unit_of(row.name, units)
        if unit is None:
            pending.append(index)
            continue
        last = segments[-1] if segments else None
        if units[unit]:  # a single layer
            if last is None or last.unit is not None:
                last = _Segment(None, None)
                segments.append(last)
        else:
            part = part_of(row.name, unit)
            size = resolution(outputs.get(part))
            same = (last is not None and last.unit == unit
                    and (size is None or last.resolution is None or size == last.resolution))
            if not same:
                last = _Segment(unit, size)
                segments.append(last)
            last.resolution = last.resolution or size
            last.last_part = part
        last.rows += pending + [index]
        pending = []
    if pending:
        if not segments:
            segments.append(_Segment(None, None))
        segments[-1].rows += pending
    return segments


def _names(segments: list[_Segment], rows) -> list[str]:
    blocks = [i for i, s in enumerate(segments) if s.unit is not None]
    split = {s.unit for s in segments if s.unit is not None
             and sum(t.unit == s.unit for t in segments) > 1}
    names = []
    for i, segment in enumerate(segments):
        if segment.unit is not None:
            size = segment.resolution
            names.append(f"{segment.unit} · {size[0]}×{size[1]}"
                         if segment.unit in split and size else segment.unit)
        elif not blocks or i < blocks[0]:
            names.append(translate("NetsTable", "stem"))
        elif i > blocks[-1]:
            names.append(translate("NetsTable", "head"))
        else:
            layers = [rows[j].name for j in segment.rows]
            names.append(layers[0] if len(layers) == 1 else f"{layers[0]} … {layers[-1]}")
    return names


def group(rows: list[LayerRow], units: dict[str, bool], outputs: dict) -> list[Stage]:
    """The stages of ``rows`` (in the order they ran). ``units``: unit name -> whether it is
    a single layer, in model order; ``outputs``: module name -> its last output's shape, for
    the units and their direct children."""
    segments = _segments(rows, units, outputs)
    stages = []
    for segment, name in zip(segments, _names(segments, rows), strict=True):
        members = [rows[i] for i in segment.rows]
        shape = outputs.get(segment.last_part) if segment.last_part else None
        stages.append(Stage(
            name=name, first=segment.rows[0], count=len(members),
            output_shape=tuple(shape) if shape is not None else members[-1].output_shape,
            params=sum(r.params for r in members), macs=sum(r.macs for r in members),
            receptive_field=members[-1].receptive_field))
    return stages


def units(model, expand: tuple[str, ...] = ()) -> tuple[dict[str, bool], list[str]]:
    """The units (name -> whether it is a single layer), in model order, and the names of
    the blocks' direct children (where a block may be split)."""
    found: dict[str, bool] = {}
    parts: list[str] = []

    def visit(prefix: str, module) -> None:
        for name, child in module.named_children():
            qualified = prefix + name
            if qualified in expand:
                visit(qualified + ".", child)
                continue
            single = next(child.children(), None) is None
            found[qualified] = single
            if not single:
                parts.extend(f"{qualified}.{n}" for n, _ in child.named_children())

    visit("", model)
    return found, parts
