"""The Networks tab's state and the functions that change it (no Qt).

:class:`NetsState` is what the tab shows: the chosen network, the one it is compared with,
the input side, their measurements (``profiles``), the stage chosen in the diagram, the
course's ResNet table, and for the Feature maps page the trained model, its layers and
first-layer filters, the photo and the maps of the chosen layer. The panel renders from
it; only the functions here change it, so these rules hold:

- a measurement belongs to the choice it was made for: a new network, comparison or input
  side clears ``profiles`` and the chosen stage at once, and the result of an older
  request is dropped; a choice that does not fit (an input too small for the network)
  clears them too and says why in ``problem``;
- feature maps belong to one photo, model and layer: choosing another of any of them
  clears ``maps`` until the new ones are made; a photo that fails to open leaves the photo
  and maps shown as they were (they still belong together);
- the filters belong to the model: choosing another clears them and its layer list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.state import StateModel
from cvlab.tools.nets.architectures import ARCHITECTURES, get
from cvlab.tools.nets.features import FEATURE_MODELS

DEFAULT_ARCH = "resnet50"
DEFAULT_CHANNELS = 32
MIN_INPUT, MAX_INPUT = 16, 1024


def arch_title(name: str) -> str:
    """The name shown for an architecture ("ResNet-50 (paper)" in the interface language)."""
    arch = get(name)
    if name.endswith("_paper"):
        return translate("NetsState", "{0} (paper)").format(arch.title.removesuffix(" (paper)"))
    return arch.title


def feature_model_title(name: str) -> str:
    return get(name).title


def input_problem(name: str, side: int) -> str:
    """Why ``name`` cannot take a ``side``×``side`` input, in one sentence; "" if it can."""
    arch = get(name)
    if side < arch.min_input:
        return translate("NetsState", "{0} needs an input of at least {1}×{1} pixels.").format(
            arch_title(name), arch.min_input)
    if side % arch.multiple:
        return translate("NetsState", "{0} needs an input side that is a multiple of {1} "
                                      "pixels.").format(arch_title(name), arch.multiple)
    return ""


@dataclass(eq=False)
class NetsState(StateModel):
    arch: str = DEFAULT_ARCH
    compare: str | None = None            # the second network, or None
    input_size: int = 224
    profiles: tuple = ()                  # Profile of arch (and of compare), or nothing yet
    problem: str = ""                     # why the current choice is not measured
    measuring: int | None = None          # the request being measured
    requests: int = 0
    selected: tuple | None = None         # (network 0 or 1, stage index) chosen in the diagram
    course: tuple = ()                    # ResNetRow per depth, once measured
    explanation: str = ""
    course_busy: bool = False
    feature_model: str = FEATURE_MODELS[0]
    feature_layers: tuple = ()            # the model's layers, once it is loaded
    feature_layer: str = ""               # "" until the layers are known
    filters: np.ndarray | None = None     # the model's first-layer filters (RGB grid)
    model_loading: bool = False
    photo_path: str | None = None
    photo: np.ndarray | None = None
    maps: object = None                   # FeatureMaps of photo × model × layer
    maps_busy: int | None = None          # the maps request running
    maps_requests: int = 0
    channels: int = DEFAULT_CHANNELS


# ----- the networks measured ----------------------------------------------------------
def names() -> list[str]:
    return [arch.name for arch in ARCHITECTURES]


def _remeasure(state: NetsState, **choice) -> int | None:
    """Apply ``choice``; the old measurement goes. Returns the request number to measure,
    or None when the choice does not fit (``problem`` says why)."""
    state.update(**choice)
    problem = " ".join(p for p in (input_problem(name, state.input_size)
                                   for name in chosen(state)) if p)
    request = None if problem else state.requests + 1
    state.update(profiles=(), selected=None, problem=problem, measuring=request,
                 requests=state.requests + (request is not None))
    return request


def chosen(state: NetsState) -> tuple[str, ...]:
    """The networks to measure: the chosen one, and the one compared with if any."""
    return (state.arch,) if state.compare in (None, state.arch) else (state.arch, state.compare)


def choose_arch(state: NetsState, name: str) -> int | None:
    get(name)
    return _remeasure(state, arch=name)


def choose_compare(state: NetsState, name: str | None) -> int | None:
    if name is not None:
        get(name)
    return _remeasure(state, compare=name)


def choose_input(state: NetsState, side: int) -> int | None:
    return _remeasure(state, input_size=max(MIN_INPUT, min(MAX_INPUT, int(side))))


def measure_again(state: NetsState) -> int | None:
    """Measure the current choice (the tab's first show; after a failed measurement)."""
    return _remeasure(state)


def measured(state: NetsState, request: int, profiles) -> bool:
    """The measurement of ``request`` is done; False (and nothing shown) if it is stale."""
    if request != state.measuring:
        return False
    state.update(profiles=tuple(profiles), measuring=None)
    return True


def measure_failed(state: NetsState, request: int, sentence: str = "") -> None:
    if request == state.measuring:
        state.update(measuring=None, problem=sentence)


def select_stage(state: NetsState, network: int, index: int | None) -> None:
    """The stage the diagram's user clicked (None: every layer again)."""
    valid = (index is not None and 0 <= network < len(state.profiles)
             and 0 <= index < len(state.profiles[network].stages))
    state.selected = (network, index) if valid else None


def table_profile(state: NetsState):
    """The profile whose layers the table lists: the selected stage's network, else the
    chosen network (None before it is measured)."""
    if not state.profiles:
        return None
    network = state.selected[0] if state.selected else 0
    return state.profiles[network]


def table_rows(state: NetsState) -> tuple:
    """The layer rows the table shows: the selected stage's, else all of the network's."""
    profile = table_profile(state)
    if profile is None:
        return ()
    if state.selected is None:
        return profile.rows
    return profile.stage_rows(profile.stages[state.selected[1]])


def selected_stage(state: NetsState):
    if state.selected is None or not state.profiles:
        return None
    network, index = state.selected
    return state.profiles[network].stages[index]


# ----- the course's ResNet table ------------------------------------------------------
def course_started(state: NetsState) -> bool:
    """Whether the course table should be measured now (not done, not running)."""
    if state.course or state.course_busy:
        return False
    state.course_busy = True
    return True


def course_done(state: NetsState, rows, explanation: str) -> None:
    state.update(course=tuple(rows), explanation=explanation, course_busy=False)


def course_failed(state: NetsState) -> None:
    state.course_busy = False


# ----- feature maps -------------------------------------------------------------------
def choose_feature_model(state: NetsState, name: str) -> bool:
    """Another trained model: its layers and filters must be loaded; the maps go. Returns
    whether anything changed."""
    if name not in FEATURE_MODELS:
        raise ValueError(name)
    if name == state.feature_model and (state.feature_layers or state.model_loading):
        return False
    state.update(feature_model=name, feature_layers=(), feature_layer="", filters=None,
                 maps=None, maps_busy=None, model_loading=True)
    return True


def needs_feature_model(state: NetsState) -> bool:
    return not state.feature_layers and not state.model_loading


def feature_model_loaded(state: NetsState, name: str, layers, filters) -> bool:
    if name != state.feature_model:
        return False
    layer = state.feature_layer if state.feature_layer in layers else layers[0]
    state.update(feature_layers=tuple(layers), feature_layer=layer, filters=filters,
                 model_loading=False)
    return True


def feature_model_failed(state: NetsState, name: str) -> None:
    if name == state.feature_model:
        state.model_loading = False


def open_photo(state: NetsState, path: str, image: np.ndarray) -> None:
    """A new photo: the maps of the one before go with it."""
    state.update(photo_path=path, photo=image, maps=None, maps_busy=None)


def choose_layer(state: NetsState, layer: str) -> None:
    if layer not in state.feature_layers:
        raise ValueError(layer)
    if layer != state.feature_layer:
        state.update(feature_layer=layer, maps=None, maps_busy=None)


def choose_channels(state: NetsState, count: int) -> None:
    state.channels = max(1, int(count))


def maps_requested(state: NetsState) -> int | None:
    """A maps request for the current photo, model and layer; None when one is missing."""
    if state.photo is None or not state.feature_layer:
        return None
    request = state.maps_requests + 1
    state.update(maps=None, maps_busy=request, maps_requests=request)
    return request


def maps_done(state: NetsState, request: int, maps) -> bool:
    if request != state.maps_busy or (maps.model, maps.layer) != (
            state.feature_model, state.feature_layer):
        return False
    state.update(maps=maps, maps_busy=None)
    return True


def maps_failed(state: NetsState, request: int) -> None:
    if request == state.maps_busy:
        state.maps_busy = None
