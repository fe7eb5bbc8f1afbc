"""The Restore tab's state and the controller that changes it (no Qt).

:class:`RestoreState` is what the tab shows: the opened photo, the working photo (the
opened one or a result continued from), the hole mask, the colour scribbles, the chosen
methods, the results of the last run as they arrive, the jobs still running, and the
tab's own notice line. :class:`RestoreController` holds the rules: opening a photo drops
the old results and jobs; each method's result is added as soon as it is done (partial
results); a scratch proposal is merged into the painted mask, never replacing it; the
"Working on the result of …" line is derived from the chain of results, so it cannot
outlive it. The panel renders from the model and calls the controller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.state import StateModel

INPAINT = "inpaint"
COLOR = "colour"   # the kind's name in saved file names (photo_colour_net.png)


@dataclass(frozen=True, eq=False)
class MethodResult:
    kind: str          # INPAINT or COLOR
    method: str        # the method's name ("telea")
    title: str         # as the user reads it ("OpenCV Telea")
    image: np.ndarray
    seconds: float


@dataclass(eq=False)
class RestoreState(StateModel):
    path: str | None = None
    opened: np.ndarray | None = None            # the photo as opened ("Back to the opened photo")
    image: np.ndarray | None = None             # what the methods work on
    history: tuple[tuple[str, str], ...] = ()   # (title, "kind_method") continued from
    mask: np.ndarray | None = None              # (H, W) bool: the holes to fill
    scribbles: np.ndarray | None = None         # (H, W, 3) uint8: each scribbled pixel's colour
    scribble_mask: np.ndarray | None = None     # (H, W) bool: where there are scribbles
    inpaint_methods: tuple[str, ...] = ("telea", "exemplar", "net")
    color_methods: tuple[str, ...] = ("net", "scribbles")
    run_kind: str | None = None                 # the kind of the shown / arriving results
    run_methods: tuple[str, ...] = ()           # the methods of that run, in order
    run_input: np.ndarray | None = None         # the compare view's first panel for that run
    results: tuple[MethodResult, ...] = ()      # in run order, as they finish
    running: tuple[int, ...] = ()               # job ids of that run not finished yet
    notice: str = ""                            # the tab's own line about the last action


def working_on_text(history: Iterable[tuple[str, str]]) -> str:
    """The tab's line saying which result is the photo now ("" for the opened photo)."""
    titles = [title for title, _ in history]
    return (translate("RestoreState", "Working on the result of {0}").format(" → ".join(titles))
            if titles else "")


def merge_scratches(mask: np.ndarray, proposal: np.ndarray) -> tuple[np.ndarray, int]:
    """The user's mask with the detected scratches added (union), and how many pixels
    the proposal added."""
    mask = np.asarray(mask, bool)
    proposal = np.asarray(proposal, bool)
    if proposal.shape != mask.shape:
        raise ValueError(f"the proposal is {proposal.shape}, the mask {mask.shape}")
    merged = mask | proposal
    return merged, int(merged.sum() - mask.sum())


def scratches_notice(added: int) -> str:
    if added == 0:
        return translate("RestoreState", "No scratches found beyond your mask")
    return translate("RestoreState", "Added {0:,} px of scratches to your mask (Undo removes "
                     "them)").format(added)


class RestoreController:
    """Changes a :class:`RestoreState`. ``titles`` maps method names to their titles;
    ``cancel(job_id)`` asks the worker to stop a job (the app passes the worker's)."""

    def __init__(self, state: RestoreState, titles: dict[str, str],
                 cancel: Callable[[int], None] = lambda job_id: None) -> None:
        self.state = state
        self.titles = titles
        self.cancel = cancel

    # ----- the photo ---------------------------------------------------------------
    def opened(self, path: str, array: np.ndarray) -> None:
        """A new photo: it is the working photo; old results, chain and jobs are gone."""
        self.state.update(path=str(path), opened=array, history=())
        self.work_on(array)

    def work_on(self, array: np.ndarray) -> None:
        """Make ``array`` the working photo: empty mask and scribbles, no results."""
        self.stop_run()
        height, width = array.shape[:2]
        self.state.update(image=array, mask=np.zeros((height, width), bool),
                          scribbles=np.zeros((height, width, 3), np.uint8),
                          scribble_mask=np.zeros((height, width), bool), notice="")

    def continue_with(self, index: int) -> None:
        """The result at ``index`` becomes the working photo (the opened file untouched)."""
        results = self.state.results
        if not results:
            return
        result = results[min(max(index, 0), len(results) - 1)]
        self.state.history = self.state.history + ((result.title,
                                                    f"{result.kind}_{result.method}"),)
        self.work_on(result.image)

    def revert(self) -> None:
        if self.state.opened is not None and self.state.history:
            self.state.history = ()
            self.work_on(self.state.opened)

    def working_on(self) -> str:
        return working_on_text(self.state.history)

    # ----- edits -------------------------------------------------------------------
    def set_mask(self, mask: np.ndarray) -> None:
        self.state.mask = mask

    def set_scribbles(self, colors: np.ndarray, mask: np.ndarray) -> None:
        self.state.update(scribbles=colors, scribble_mask=mask)

    def set_methods(self, kind: str, names: Iterable[str]) -> None:
        field = "inpaint_methods" if kind == INPAINT else "color_methods"
        setattr(self.state, field, tuple(names))

    def scratches_found(self, proposal: np.ndarray) -> np.ndarray:
        """The mask to show after a detection: the user's strokes plus the proposal."""
        merged, added = merge_scratches(self.state.mask, proposal)
        self.state.notice = scratches_notice(added)
        return merged

    # ----- runs --------------------------------------------------------------------
    def can_run(self, kind: str) -> str:
        """"" when a run can start, else what the user must do first."""
        names = self.state.inpaint_methods if kind == INPAINT else self.state.color_methods
        if self.state.image is None or not names:
            return translate("RestoreState", "Open an image and tick at least one method")
        if kind == INPAINT and not self.state.mask.any():
            return translate("RestoreState", "Paint over what to fill first (or detect scratches)")
        return ""

    def run_input(self, kind: str) -> np.ndarray:
        """The compare view's first panel: for inpainting, the holes as the methods see
        them (black)."""
        if kind != INPAINT:
            return self.state.image
        shown = np.array(self.state.image, copy=True)
        shown[self.state.mask] = 0
        return shown

    def start_run(self, kind: str, methods: Iterable[str], job_ids: Iterable[int]) -> None:
        """A run of one job per method has been submitted: old results and jobs go."""
        self.stop_run()
        self.state.update(run_kind=kind, run_methods=tuple(methods),
                          run_input=self.run_input(kind), results=(),
                          running=tuple(job_ids), notice="")

    def stop_run(self) -> None:
        """Ask the jobs still running to stop and forget the results."""
        running = self.state.running
        self.state.update(running=(), results=(), run_kind=None, run_methods=(),
                          run_input=None)
        for job_id in running:   # after: a cancel may report back at once
            self.cancel(job_id)

    def method_done(self, job_id: int, method: str, image: np.ndarray,
                    seconds: float) -> bool:
        """One method's result arrived: added in run order (False: a stale job's)."""
        if job_id not in self.state.running:
            return False
        result = MethodResult(self.state.run_kind, method, self.titles.get(method, method),
                              image, seconds)
        order = {name: i for i, name in enumerate(self.state.run_methods)}
        results = sorted(self.state.results + (result,), key=lambda r: order[r.method])
        self.state.update(results=tuple(results),
                          running=tuple(j for j in self.state.running if j != job_id))
        return True

    def method_failed(self, job_id: int) -> None:
        """A method's job failed (the worker reports the error): the others go on."""
        self.state.running = tuple(j for j in self.state.running if j != job_id)

    def method_cancelled(self, job_id: int) -> None:
        """The user cancelled one method: the rest of that run stops too; the results
        already in stay."""
        running = self.state.running
        if job_id not in running:
            return
        self.state.running = ()
        for other in running:
            if other != job_id:
                self.cancel(other)

    def compare_images(self) -> list[tuple[np.ndarray, str]]:
        """What the compare view shows: the run's input, then each result done so far."""
        if self.state.image is None:
            return []
        if self.state.run_input is None:
            return [(self.state.image, translate("RestoreState", "Input"))]
        first = (translate("RestoreState", "Masked input") if self.state.run_kind == INPAINT
                 else translate("RestoreState", "Input"))
        return [(self.state.run_input, first)] + [
            (r.image, f"{r.title}  {r.seconds:.1f} s") for r in self.state.results]

    def run_progress(self) -> str:
        """"2 of 3 methods done" while a run is under way, else ""."""
        if not self.state.running:
            return ""
        total = len(self.state.run_methods)
        return translate("RestoreState", "{0} of {1} methods done").format(
            len(self.state.results), total)
