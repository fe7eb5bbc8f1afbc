"""The Heatmaps tab's state and controller logic, without a window."""

from types import SimpleNamespace

import numpy as np
import pytest

from cvlab.tools.heatmaps.engine import Explanation, Request
from cvlab.tools.heatmaps.state import (
    HeatmapState,
    add_result,
    choose_target,
    highlighted_row,
    model_loaded,
    needs_model,
    open_image,
    running,
    start_run,
    stop_run,
)

PHOTO = np.zeros((8, 8, 3), np.uint8)
TOP5 = [(967, "espresso", 0.6), (968, "cup", 0.2), (504, "coffee mug", 0.1),
        (925, "consomme", 0.05), (809, "soup bowl", 0.01)]


def one_map(request, predictions=TOP5):
    heatmap = SimpleNamespace(request=request, title=request.method)
    return Explanation(PHOTO, predictions, [heatmap]), [np.zeros((8, 8), np.float32)]


def test_the_classifier_loads_once_when_first_needed():
    state = HeatmapState()
    assert needs_model(state)                 # nothing loads before the tab is shown
    state.model_loading = True
    assert not needs_model(state)
    model_loaded(state, ("builtin", "mobilenet_v2"), SimpleNamespace(layers=("a",)))
    assert not needs_model(state) and not state.model_loading


def test_each_map_joins_the_run_as_soon_as_it_is_done():
    state = HeatmapState()
    open_image(state, "coffee.png", PHOTO)
    requests = [Request(m, ("features.18",)) for m in ("gradcam", "layercam", "gradcam++")]
    run_id, first = start_run(state, requests)
    assert first == requests[0] and running(state) and state.explanation is None
    shown = []
    state.changed.connect(lambda name, value: name == "explanation" and shown.append(value))
    following = add_result(state, run_id, *one_map(first))
    assert following == requests[1]
    assert [h.title for h in shown[-1].heatmaps] == ["gradcam"]   # on screen before the rest
    assert state.predictions == TOP5 and len(state.heats) == 1
    following = add_result(state, run_id, *one_map(following))
    assert following == requests[2] and len(shown) == 2
    assert add_result(state, run_id, *one_map(following)) is None
    assert [h.title for h in state.explanation.heatmaps] == ["gradcam", "layercam",
                                                               "gradcam++"]
    assert not running(state) and len(state.heats) == 3


def test_a_new_run_ignores_the_older_runs_results():
    state = HeatmapState()
    old_id, first = start_run(state, [Request("gradcam", ("x",))] * 2)
    new_id, _ = start_run(state, [Request("layercam", ("x",))])
    assert new_id != old_id
    assert add_result(state, old_id, *one_map(first)) is None
    assert state.explanation is None and state.heats == [] and running(state)


def test_cancel_or_failure_stops_the_rest_of_the_run():
    state = HeatmapState()
    run_id, first = start_run(state, [Request("gradcam", ("x",))] * 3)
    add_result(state, run_id, *one_map(first))
    stop_run(state, run_id - 1)                # an older run's cancel: not this one
    assert running(state)
    stop_run(state, run_id)
    assert not running(state) and len(state.explanation.heatmaps) == 1


def test_two_classes_view_resolves_top2_from_the_first_predictions():
    state = HeatmapState()
    requests = [Request("gradcam", ("x",)), Request("gradcam", ("x",))]
    run_id, first = start_run(state, requests, second_from_top2=True)
    following = add_result(state, run_id, *one_map(first))
    assert following.target == 968 and following.method == "gradcam"
    chosen = [Request("gradcam", ("x",)), Request("gradcam", ("x",), target=504)]
    run_id, first = start_run(state, chosen, second_from_top2=True)
    assert add_result(state, run_id, *one_map(first)).target == 504   # a chosen class stays


def test_the_highlight_follows_the_current_class_only():
    state = HeatmapState()
    assert highlighted_row(state) is None          # no predictions yet
    run_id, first = start_run(state, [Request("gradcam", ("x",))])
    add_result(state, run_id, *one_map(first))
    assert highlighted_row(state) == 0             # top-1 is explained
    choose_target(state, 968)                      # clicked "cup"
    assert highlighted_row(state) == 1
    choose_target(state, 281)                      # then typed "tabby": not in the top-5
    assert highlighted_row(state) is None
    choose_target(state, -1)                       # picker emptied: back to top-1
    assert state.target is None and highlighted_row(state) == 0


def test_a_new_photo_clears_class_predictions_and_maps():
    state = HeatmapState()
    run_id, first = start_run(state, [Request("gradcam", ("x",))])
    add_result(state, run_id, *one_map(first))
    choose_target(state, 968)
    open_image(state, "cat.png", PHOTO.copy())
    assert (state.target, state.predictions, state.explanation, state.heats) == (
        None, [], None, [])
    assert highlighted_row(state) is None
    assert add_result(state, run_id, *one_map(first)) is None   # the old photo's run


def test_an_empty_run_is_refused():
    with pytest.raises(ValueError, match="at least one request"):
        start_run(HeatmapState(), [])
