"""The records of a network's measurement: a layer row, a stage, the whole profile.

Plain dataclasses (no torch), so the CLI's JSON, a future tab and the tests read the same
thing. Shapes are per image (no batch dimension): (C, H, W) for a map, (tokens, width) for a
transformer's sequence. A receptive field of ``None`` is the whole input.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class LayerRow:
    """One call of a leaf layer (a layer with no sub-layers; a MultiheadAttention counts as
    one), or the parameters a container holds itself (a ViT's class token)."""

    name: str                      # qualified module name ("layer1.0.conv1")
    type: str                      # class name ("Conv2d"), "Parameter" for a bare one
    output_shape: tuple[int, ...]
    params: int                    # counted at a module's first call only
    macs: int
    main: bool                     # on the main path (see receptive_field)
    receptive_field: int | None    # the main path's field after this row


@dataclass(frozen=True)
class Stage:
    name: str
    first: int                     # index of its first row in Profile.rows
    count: int                     # how many rows
    output_shape: tuple[int, ...]
    params: int
    macs: int
    receptive_field: int | None    # at the end of the stage


@dataclass(frozen=True)
class Profile:
    arch: str
    title: str
    input_shape: tuple[int, ...]   # (C, H, W)
    output_shape: tuple[int, ...]  # the model's output (its first tensor), per image
    rows: tuple[LayerRow, ...]
    stages: tuple[Stage, ...]
    params: int                    # every parameter of the model, once
    macs: int                      # the sum over the rows
    device: str                    # where the pass ran: "meta" (no memory) or "cpu"
    notes: tuple[str, ...] = field(default=())

    def stage_rows(self, stage: Stage) -> tuple[LayerRow, ...]:
        return self.rows[stage.first:stage.first + stage.count]

    def as_dict(self) -> dict:
        return asdict(self)
