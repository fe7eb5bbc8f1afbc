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
- the callbacks of an older run (one replaced since) change nothing;
- with ``compare`` on, a new run of the same demo keeps the run before as ``previous``
  (drawn grey, its settings' difference said in words); a demo change drops it.
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
    compare: bool = False               # keep the run before for comparison
    previous: object | None = None      # the LiveRun of the run before (compare on)
    previous_options: dict | None = None
    previous_seed: int | None = None


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
                 run_options=None, run_seed=None, stale=False, step=0, phase="idle",
                 previous=None, previous_options=None, previous_seed=None)
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


def set_compare(state: TrainingState, on: bool) -> None:
    """Keep (from the next run on) the run before for comparison; off drops it now."""
    state.compare = bool(on)
    if not on:
        state.update(previous=None, previous_options=None, previous_seed=None)


def start_run(state: TrainingState, live) -> int:
    """A new run of the demo and settings chosen now, filling ``live``: the run before and
    everything shown of it go (with ``compare``, it becomes ``previous``). Returns the
    run's number for its callbacks."""
    if state.compare and state.live is not None and state.run_demo == state.demo:
        state.update(previous=state.live, previous_options=state.run_options,
                     previous_seed=state.run_seed)
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


def differences(options, before: dict, after: dict, seed_before=None, seed_after=None
                ) -> list[str]:
    """"Hidden units: 128 → 8" for each of ``options`` (a demo's Option schema) whose value
    differs between two runs' settings, and the seed's change."""
    said = []
    for option in options:
        old, new = before.get(option.name), after.get(option.name)
        if old != new:
            said.append(translate("TrainingState", "{0}: {1} → {2}").format(
                translate("TrainingOptions", option.title), _value_words(option, old),
                _value_words(option, new)))
    if seed_before != seed_after:
        said.append(translate("TrainingState", "seed: {0} → {1}").format(seed_before,
                                                                        seed_after))
    return said


def _value_words(option, value) -> str:
    if option.kind == "bool":
        return translate("TrainingState", "on") if value else translate("TrainingState", "off")
    if option.kind == "choice":
        return translate("TrainingOptions", option.choice_title(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def comparison_text(state: TrainingState, options) -> str:
    """What the grey curves are: the run before, and how its settings differed."""
    if state.previous is None or state.run_options is None:
        return ""
    said = differences(options, state.previous_options or {}, state.run_options,
                       state.previous_seed, state.run_seed)
    if not said:
        return translate("TrainingState", "Grey: the run before, with the same settings.")
    return translate("TrainingState", "Grey: the run before, which differed in {0}.").format(
        translate("TrainingState", "; ").join(said))


def next_step(state: TrainingState, steps: int) -> None:
    """The back-propagation walk one step on; after its last step it starts again."""
    state.step = (state.step + 1) % steps if steps else 0


def status_text(state: TrainingState, done: int | None = None, unit: str = "epoch") -> str:
    """One sentence on what the plots show now; ``done``: the last epoch (or step, with
    ``unit="step"``) drawn of a run going."""
    if state.phase == "idle":
        return translate("TrainingState", "Choose the settings and press Start.")
    if state.phase == "running":
        if not done:
            text = translate("TrainingState", "Training…")
        elif unit == "step":
            text = translate("TrainingState", "Training: step {0}.").format(done)
        else:
            text = translate("TrainingState", "Training: epoch {0}.").format(done)
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
