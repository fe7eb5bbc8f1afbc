"""The Training tab's state and the controller functions that change it (no Qt).

:class:`TrainingState` is what the tab shows: the demo chosen, the option values and seed
chosen now, the run shown (its :class:`~cvlab.tools.training.live.LiveRun`, the demo and
settings it was started with, whether it runs, ended or was stopped) and its final metrics.
The panel renders from it and only these functions change it, so these rules hold:

- choosing another demo resets its options to their defaults and clears the run shown:
  its curves and pictures belong to the demo before (a run still going is asked to stop);
- a new run clears the curves, pictures and final metrics of the one before;
- options or seed changed after a run started apply at the next run; meanwhile ``stale``
  says that the curves shown come from the run's own settings, not from those on screen;
- the callbacks of an older run (one replaced since) change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cvlab.core.i18n import translate
from cvlab.core.state import StateModel

# What the run shown is doing: none yet, going, or how it ended.
PHASES = ("idle", "running", "finished", "cancelled", "failed")
DEFAULT_SEED = 0


@dataclass(eq=False)
class TrainingState(StateModel):
    demo: str = ""
    options: dict = field(default_factory=dict)   # option name -> the value chosen now
    seed: int = DEFAULT_SEED
    phase: str = "idle"                 # see PHASES
    live: object | None = None          # the LiveRun of the run shown; None: nothing shown
    run_demo: str | None = None         # the demo the run shown was started for
    run_options: dict | None = None     # ... with these options
    run_seed: int | None = None         # ... and this seed
    final: dict | None = None           # the finished run's final metrics
    stale: bool = False                 # options or seed changed since the run shown started
    runs: int = 0                       # runs started so far: tells their callbacks apart
    step: int = 0                       # back-propagation: the step of the walk shown


def is_running(state: TrainingState) -> bool:
    return state.phase == "running"


def choose_demo(state: TrainingState, name: str, defaults: dict) -> bool:
    """Show demo ``name`` with its ``defaults``; the run shown goes. True when a run was
    going: the caller asks it to stop (its callbacks are ignored from now on)."""
    if name == state.demo and state.live is None and state.options == defaults:
        return False
    was_running = is_running(state)
    state.update(runs=state.runs + 1 if was_running else state.runs,  # orphan the old run
                 demo=name, options=dict(defaults), live=None, final=None, run_demo=None,
                 run_options=None, run_seed=None, stale=False, step=0, phase="idle")
    return was_running


def set_option(state: TrainingState, name: str, value) -> None:
    state.update(options={**state.options, name: value})
    _mark_stale(state)


def set_seed(state: TrainingState, seed: int) -> None:
    state.seed = int(seed)
    _mark_stale(state)


def reset_options(state: TrainingState, defaults: dict) -> None:
    state.options = dict(defaults)
    _mark_stale(state)


def _mark_stale(state: TrainingState) -> None:
    state.stale = state.live is not None and (
        state.options != state.run_options or state.seed != state.run_seed)


def start_run(state: TrainingState, live) -> int:
    """A new run of the demo and settings chosen now, filling ``live``: the run before and
    everything shown of it go. Returns the run's number for its callbacks."""
    state.update(runs=state.runs + 1, live=live, final=None, run_demo=state.demo,
                 run_options=dict(state.options), run_seed=state.seed, stale=False, step=0,
                 phase="running")
    return state.runs


def run_finished(state: TrainingState, run: int, final: dict | None) -> bool:
    """Run ``run`` ended with ``final`` metrics; False (nothing changes) for an older run."""
    if run != state.runs:
        return False
    state.update(final=dict(final or {}), phase="finished")
    return True


def run_stopped(state: TrainingState, run: int, failed: bool = False) -> bool:
    """Run ``run`` was cancelled (or failed): what it drew stays, marked as cut short."""
    if run != state.runs:
        return False
    state.phase = "failed" if failed else "cancelled"
    return True


def next_step(state: TrainingState, steps: int) -> None:
    """The back-propagation walk one step on; after its last step it starts again."""
    state.step = (state.step + 1) % steps if steps else 0


def status_text(state: TrainingState, epochs: int | None = None) -> str:
    """One sentence on what the plots show now."""
    if state.phase == "idle":
        return translate("TrainingState", "Choose the settings and press Start.")
    if state.phase == "running":
        text = (translate("TrainingState", "Training: epoch {0}.").format(epochs)
                if epochs else translate("TrainingState", "Training…"))
        if state.stale:
            text += " " + translate(
                "TrainingState", "The changed settings apply at the next run; the curves "
                                 "are from the settings this run started with.")
        return text
    ended = {"finished": translate("TrainingState", "Finished."),
             "cancelled": translate("TrainingState", "Stopped before the end."),
             "failed": translate("TrainingState", "The run failed.")}[state.phase]
    if state.stale:
        ended += " " + translate(
            "TrainingState", "The curves are from the previous settings; press Start to "
                             "train with the ones shown.")
    return ended
