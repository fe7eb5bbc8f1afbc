"""The Heatmaps tab's state and its controller logic, without Qt.

:class:`HeatmapState` holds what the tab shows: the classifier (loaded lazily, when the tab
is first shown or an image opens, so no model loads at start-up behind another tab), the
photo, the class being explained, the top-5 predictions and the heat maps of the current
run. A run is a chain of one job per request: :func:`start_run` queues its requests,
:func:`add_result` adds each map as soon as its job is done and names the next request,
so every method's panel appears as it finishes. Results of an older run are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from cvlab.core.state import StateModel
from cvlab.tools.heatmaps.classifiers import CLASSIFIERS
from cvlab.tools.heatmaps.engine import Explanation, Request


@dataclass(eq=False)
class HeatmapState(StateModel):
    source_model: tuple = ("builtin", CLASSIFIERS[0].name)
    facts: object = None                  # ModelFacts of the loaded classifier
    model_loading: bool = False
    path: str | None = None
    image: np.ndarray | None = None
    target: int | None = None             # the class explained; None: top-1
    second: int | None = None             # the two-classes view's other class; None: top-2
    predictions: list = field(default_factory=list)   # top-5 (class id, name, p)
    explanation: Explanation | None = None            # the maps done so far in this run
    heats: list = field(default_factory=list)         # each map at the photo's size
    pending: tuple = ()                   # requests of this run not done yet
    second_from_top2: bool = False        # the two-classes view's "top-2" to be resolved
    run_id: int = 0


def needs_model(state: HeatmapState) -> bool:
    """Whether the classifier should be loaded now (not loaded, not loading)."""
    return state.facts is None and not state.model_loading


def model_loaded(state: HeatmapState, source: tuple, facts) -> None:
    state.update(model_loading=False, source_model=source, facts=facts, target=None,
                 second=None)


def open_image(state: HeatmapState, path: str, image: np.ndarray) -> None:
    """A new photo: the previous photo's classes, predictions and maps go with it."""
    state.update(run_id=state.run_id + 1, pending=(), explanation=None, heats=[],
                 predictions=[], target=None, second=None, path=path, image=image)


def choose_target(state: HeatmapState, class_id: int | None) -> None:
    """The class to explain (None or a negative id: the top-1 class)."""
    state.target = None if class_id is None or class_id < 0 else int(class_id)


def choose_second(state: HeatmapState, class_id: int | None) -> None:
    state.second = None if class_id is None or class_id < 0 else int(class_id)


def highlighted_row(state: HeatmapState) -> int | None:
    """The predictions row of the class being explained (the top-1 row when no class is
    chosen); None when that class is not among the top-5. Only this row is highlighted."""
    if not state.predictions:
        return None
    if state.target is None:
        return 0
    ids = [class_id for class_id, _name, _p in state.predictions]
    return ids.index(state.target) if state.target in ids else None


def start_run(state: HeatmapState, requests, second_from_top2: bool = False
              ) -> tuple[int, Request]:
    """Begin a run of ``requests``: the previous run's maps go, the first request is
    returned with the run's id (to hand back to :func:`add_result`)."""
    requests = tuple(requests)
    if not requests:
        raise ValueError("a run needs at least one request")
    state.update(run_id=state.run_id + 1, explanation=None, heats=[], pending=requests,
                 second_from_top2=second_from_top2)
    return state.run_id, requests[0]


def add_result(state: HeatmapState, run_id: int, explanation: Explanation,
               heats: list) -> Request | None:
    """One job of run ``run_id`` is done: its maps join the run's, and the next request
    (None when the run is complete) is returned. A result of an older run changes nothing."""
    if run_id != state.run_id or not state.pending:
        return None
    done = [] if state.explanation is None else list(state.explanation.heatmaps)
    merged = Explanation(explanation.image, explanation.predictions,
                         done + list(explanation.heatmaps))
    pending = state.pending[1:]
    if pending and state.second_from_top2 and pending[0].target is None:
        # "Top-2" in the two-classes view: the runner-up of the predictions just made.
        runner_up = explanation.predictions[1][0] if len(explanation.predictions) > 1 else None
        pending = (replace(pending[0], target=runner_up),) + pending[1:]
    state.update(predictions=list(explanation.predictions), explanation=merged,
                 heats=list(state.heats) + list(heats), pending=pending)
    return pending[0] if pending else None


def stop_run(state: HeatmapState, run_id: int) -> None:
    """The run's job was cancelled or failed: the rest of it is not run."""
    if run_id == state.run_id:
        state.pending = ()


def running(state: HeatmapState) -> bool:
    return bool(state.pending)
