"""The Training tab's state, without a window: demos, options, runs and what stays true."""

from cvlab.tools.training.options import Option
from cvlab.tools.training.state import (
    TrainingState,
    choose_demo,
    comparison_text,
    differences,
    next_step,
    reset_options,
    run_finished,
    run_stopped,
    set_compare,
    set_option,
    set_seed,
    start_run,
    status_text,
)

FIT = {"hidden": 16, "dataset": "moons"}
VANISHING = {"activation": "sigmoid", "depth": 10}


def changes(state):
    seen = []
    state.changed.connect(lambda name, value: seen.append(name))
    return seen


def test_choosing_a_demo_resets_its_options_and_clears_the_run_shown():
    state = TrainingState()
    assert not choose_demo(state, "fit", FIT)
    set_option(state, "hidden", 64)
    start_run(state, live="run 1")
    assert run_finished(state, state.runs, {"val_acc": 0.9})
    choose_demo(state, "vanishing", VANISHING)
    assert state.options == VANISHING
    assert (state.live, state.final, state.run_demo, state.phase) == (None, None, None, "idle")
    choose_demo(state, "fit", FIT)
    assert state.options == FIT  # the 64 chosen before is gone with its demo


def test_a_demo_chosen_while_a_run_goes_stops_it_and_ignores_its_end():
    state = TrainingState()
    choose_demo(state, "fit", FIT)
    run = start_run(state, live="run")
    assert choose_demo(state, "vanishing", VANISHING)  # the caller stops the run
    assert not run_finished(state, run, {"val_acc": 1.0})
    assert not run_stopped(state, run)
    assert state.final is None and state.phase == "idle"


def test_a_new_run_clears_the_previous_one():
    state = TrainingState()
    choose_demo(state, "fit", FIT)
    first = start_run(state, live="first")
    run_finished(state, first, {"val_acc": 0.8})
    seen = changes(state)
    second = start_run(state, live="second")
    assert second == first + 1
    assert state.live == "second" and state.final is None and state.phase == "running"
    assert "final" in seen and "live" in seen
    assert not run_finished(state, first, {"val_acc": 0.1})  # the old run says nothing now
    assert state.final is None


def test_settings_changed_during_a_run_are_marked_as_not_the_curves_shown():
    state = TrainingState()
    choose_demo(state, "fit", FIT)
    assert not state.stale
    set_option(state, "hidden", 32)
    assert not state.stale  # no run shown: nothing to be stale
    start_run(state, live="run")
    assert state.run_options == {"hidden": 32, "dataset": "moons"}
    set_option(state, "hidden", 128)
    assert state.stale
    assert "next run" in status_text(state, 12)
    set_option(state, "hidden", 32)  # back to what the run uses
    assert not state.stale
    set_seed(state, 7)
    assert state.stale
    run_finished(state, state.runs, {})
    assert "previous settings" in status_text(state)
    start_run(state, live="again")
    assert not state.stale and state.run_seed == 7


def test_defaults_and_status_sentences():
    state = TrainingState()
    choose_demo(state, "fit", FIT)
    set_option(state, "hidden", 3)
    reset_options(state, FIT)
    assert state.options == FIT
    assert status_text(state) == "Choose the settings and press Start."
    run = start_run(state, live="run")
    assert status_text(state, 5) == "Training: epoch 5."
    assert status_text(state, 5, "step") == "Training: step 5."
    run_stopped(state, run)
    assert state.phase == "cancelled" and status_text(state) == "Stopped before the end."
    run = start_run(state, live="run")
    run_stopped(state, run, failed=True)
    assert state.phase == "failed"


def test_the_backprop_walk_wraps_after_its_last_step():
    state = TrainingState()
    for _ in range(3):
        next_step(state, 3)
    assert state.step == 0
    next_step(state, 3)
    assert state.step == 1
    start_run(state, live="run")
    assert state.step == 0


def test_compare_keeps_the_run_before_of_the_same_demo_only():
    state = TrainingState()
    choose_demo(state, "fit", FIT)
    first = start_run(state, live="first")
    run_finished(state, first, {})
    start_run(state, live="second")
    assert state.previous is None  # compare off: nothing kept
    set_compare(state, True)
    set_option(state, "hidden", 128)
    start_run(state, live="third")
    assert (state.previous, state.previous_options["hidden"]) == ("second", 16)
    choose_demo(state, "vanishing", VANISHING)
    assert state.previous is None
    start_run(state, live="v1")
    assert state.previous is None  # no run of this demo before
    start_run(state, live="v2")
    assert state.previous == "v1"
    set_compare(state, False)
    assert state.previous is None


def test_the_difference_between_two_runs_in_words():
    hidden = Option("hidden", "Hidden units", "int", 32, 2, 256, 1)
    residual = Option("residual", "Residual connections", "bool", False)
    data = Option("dataset", "Data", "choice", "moons", choices=("moons", "curve"),
                  choice_titles=("Two moons", "Curve (regression)"))
    said = differences((hidden, residual, data),
                       {"hidden": 32, "residual": False, "dataset": "moons"},
                       {"hidden": 8, "residual": True, "dataset": "moons"}, 0, 3)
    assert said == ["Hidden units: 32 → 8", "Residual connections: off → on", "seed: 0 → 3"]
    state = TrainingState()
    choose_demo(state, "fit", {"hidden": 32})
    set_compare(state, True)
    start_run(state, live="a")
    set_option(state, "hidden", 8)
    start_run(state, live="b")
    assert comparison_text(state, (hidden,)) == (
        "Grey: the run before, which differed in Hidden units: 32 → 8.")
