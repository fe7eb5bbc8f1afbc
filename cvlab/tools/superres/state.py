"""The Super-resolution tab's state and the controller that changes it (no Qt).

:class:`SrState` is what the tab shows: the opened image, the mode, scale and methods
chosen, the results of the current run (one per method, in the order they finished), the
methods still running and the worker jobs that compute them, and the zoom-crop region. The
panel renders from it; :class:`SrController` is the only code that changes it, so the
rules below hold whatever the user clicks:

- a run is one worker job per method, submitted in order, so each method's panel appears as
  soon as that method is done (bicubic first, within a moment of Run);
- opening another image, or changing the mode or the scale, drops the results at once and
  cancels a run still going (results of another input or mode are never shown);
- a result of a job that is no longer part of the current run is ignored;
- cancelling one method's job cancels the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.images import to_rgb8
from cvlab.core.state import StateModel
from cvlab.tools.superres.figure import CropBox
from cvlab.tools.superres.methods import get_method

MODES = ("evaluate", "upscale")
DEFAULT_METHODS = ("bicubic", "srresnet", "srgan", "realesrgan-x4plus")
DEFAULT_CROP = 64


@dataclass(eq=False)
class MethodResult:
    """One method's output in the current run; PSNR/SSIM only when evaluating."""

    method: str
    image: np.ndarray            # float RGB in [0, 1], as the method produced it
    seconds: float
    psnr: float | None = None
    ssim: float | None = None
    channel: str = ""            # "Y" or "RGB": what PSNR/SSIM were computed on

    @property
    def title(self) -> str:
        return _title(self.method)

    def caption(self) -> str:
        """The method on one line, its scores named on the next."""
        if self.psnr is None or self.ssim is None:
            return self.title
        return f"{self.title}\n{metrics_text(self.psnr, self.ssim)}"

    @cached_property
    def display(self) -> np.ndarray:
        """uint8 RGB for the views: their pixel readouts then say 0–255 values."""
        return to_rgb8(self.image)


def _title(method: str) -> str:
    """A method's title in the interface language (marked in ``methods.METHODS``)."""
    return translate("SuperResPanel", get_method(method).title)


def evaluation_result(evaluation) -> tuple[MethodResult, np.ndarray]:
    """(the result, the ground truth it was scored on) from a one-method Evaluation."""
    out = evaluation.outputs[0]
    channel = "Y" if evaluation.y_channel else "RGB"
    return (MethodResult(out.method, out.image, out.seconds, out.psnr, out.ssim, channel),
            evaluation.hr)


def metrics_text(psnr: float, ssim: float) -> str:
    return f"PSNR {psnr:.2f} dB · SSIM {ssim:.4f}"


@dataclass(eq=False)
class SrState(StateModel):
    source: str | None = None             # the opened file
    image: np.ndarray | None = None       # the opened image, float RGB
    layout: object = None                 # its gray/alpha/bit depth (for saving outputs)
    mode: str = "evaluate"                # "evaluate" (image = ground truth) or "upscale"
    scale: int = 4
    methods: tuple[str, ...] = DEFAULT_METHODS
    reference: np.ndarray | None = None   # first panel: ground truth or input of the run
    results: tuple[MethodResult, ...] = ()
    pending: tuple[str, ...] = ()         # methods of the current run not finished yet
    failed: tuple[str, ...] = ()          # methods of the current run that raised
    jobs: dict = field(default_factory=dict)  # method -> worker job id, current run
    run_mode: str = "evaluate"            # the mode and scale the results were made with
    run_scale: int = 4
    crop_centre: tuple[float, float] | None = None  # in reference pixels (row, col)
    crop_size: int = DEFAULT_CROP

    @property
    def running(self) -> bool:
        return bool(self.pending)

    def reference_caption(self) -> str:
        if self.run_mode == "evaluate":
            return translate("SrState", "Ground truth")
        return translate("SrState", "Input")


class SrController:
    """Changes an :class:`SrState`. ``cancel_job(job_id)`` asks the worker to stop a job
    (the panel passes the worker's ``cancel``; tests a list's ``append``)."""

    def __init__(self, state: SrState,
                 cancel_job: Callable[[int], None] = lambda job_id: None) -> None:
        self.state = state
        self._cancel_job = cancel_job

    # ----- input and settings ---------------------------------------------------------
    def open(self, source: str, image: np.ndarray, layout=None) -> None:
        self.cancel_run()
        s = self.state
        s.update(source=str(source), image=image, layout=layout, crop_centre=None)
        self._clear_results()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if mode != self.state.mode:
            self.cancel_run()
            self.state.mode = mode
            self._clear_results()

    def set_scale(self, scale: int) -> None:
        if int(scale) != self.state.scale:
            self.cancel_run()
            self.state.scale = int(scale)
            self._clear_results()

    def set_methods(self, names: Sequence[str]) -> None:
        self.state.methods = tuple(names)

    def usable_methods(self) -> list[str]:
        """The chosen methods that work at the chosen scale, in the order chosen."""
        return [m for m in self.state.methods if self.state.scale in get_method(m).scales]

    def set_crop(self, centre: tuple[float, float] | None = None,
                 size: int | None = None) -> None:
        values = {}
        if centre is not None:
            values["crop_centre"] = (float(centre[0]), float(centre[1]))
        if size is not None:
            values["crop_size"] = int(size)
        self.state.update(**values)

    # ----- runs ----------------------------------------------------------------------
    def start_run(self, submit: Callable[[str], int]) -> str | None:
        """Submit one job per usable method, in order (``submit(method)`` returns its job
        id). Returns why nothing was started, or None."""
        s = self.state
        methods = self.usable_methods()
        if s.image is None:
            return translate("SrState", "Open an image first")
        if not methods:
            return translate("SrState", "Tick at least one method that works at ×{0}").format(
                s.scale)
        self.cancel_run()
        s.update(results=(), failed=(), reference=s.image, run_mode=s.mode,
                 run_scale=s.scale, pending=tuple(methods))
        s.jobs = {method: submit(method) for method in methods}
        return None

    def _method_of(self, job_id: int) -> str | None:
        return next((m for m, j in self.state.jobs.items() if j == job_id), None)

    def method_done(self, job_id: int, result: MethodResult,
                    ground_truth: np.ndarray | None = None) -> bool:
        """A method's job returned; False when the job is not part of the current run."""
        method = self._method_of(job_id)
        if method is None or method not in self.state.pending:
            return False
        values = {"results": self.state.results + (result,),
                  "pending": tuple(m for m in self.state.pending if m != method)}
        if ground_truth is not None and not self.state.results:
            values["reference"] = ground_truth  # cropped to a multiple of the scale
        self.state.update(**values)
        return True

    def method_failed(self, job_id: int) -> None:
        method = self._method_of(job_id)
        if method is not None and method in self.state.pending:
            self.state.update(pending=tuple(m for m in self.state.pending if m != method),
                              failed=self.state.failed + (method,))

    def method_cancelled(self, job_id: int) -> None:
        """One method stopped (the status bar's Cancel, or a newer job): the run ends."""
        if self._method_of(job_id) is not None:
            self.cancel_run(already_ended=job_id)

    def cancel_run(self, already_ended: int | None = None) -> None:
        """Stop every job of the current run still going; finished results stay."""
        s = self.state
        to_cancel = [j for m, j in s.jobs.items() if m in s.pending and j != already_ended]
        # The run ends first: the worker reports a dropped job's cancel at once, and that
        # report must find no run left to end.
        s.update(jobs={}, pending=())
        for job_id in to_cancel:
            self._cancel_job(job_id)

    def _clear_results(self) -> None:
        s = self.state
        s.update(results=(), failed=(), reference=s.image, run_mode=s.mode,
                 run_scale=s.scale)

    # ----- what the views show -------------------------------------------------------
    def panels(self) -> list[tuple[np.ndarray, str]]:
        """(uint8 image, caption) for the comparison grid: the reference, then each
        finished method."""
        s = self.state
        if s.reference is None:
            return []
        return [(to_rgb8(s.reference), s.reference_caption())] + [
            (r.display, r.caption()) for r in s.results]

    def table_rows(self) -> list[tuple[str, str, str, str]]:
        """Method, PSNR, SSIM, time: finished methods, then the ones still to come."""
        rows = [(r.title, "—" if r.psnr is None else f"{r.psnr:.2f}",
                 "—" if r.ssim is None else f"{r.ssim:.4f}", f"{r.seconds:.2f}")
                for r in self.state.results]
        rows += [(_title(m), translate("SrState", "failed"), "", "") for m in self.state.failed]
        rows += [(_title(m), translate("SrState", "running…") if n == 0
                  else translate("SrState", "queued"), "", "")
                 for n, m in enumerate(self.state.pending)]
        return rows

    def metric_rows(self) -> list[dict]:
        """The CSV rows of an evaluation (empty in Upscale mode)."""
        s = self.state
        if s.run_mode != "evaluate":
            return []
        return [{"method": r.title, "scale": s.run_scale, "psnr_db": round(r.psnr, 4),
                 "ssim": round(r.ssim, 5), "channel": r.channel, "crop_border": s.run_scale,
                 "seconds": round(r.seconds, 3)}
                for r in s.results if r.psnr is not None]

    def upscaled(self) -> list[tuple[str, np.ndarray]]:
        """(method, output) of an Upscale run, for saving."""
        if self.state.run_mode != "upscale":
            return []
        return [(r.method, r.image) for r in self.state.results]

    def crop_box(self) -> CropBox | None:
        """The zoom-crop region in reference pixels (centred when not chosen)."""
        s = self.state
        if s.reference is None:
            return None
        shape = s.reference.shape
        centre = s.crop_centre or (shape[0] / 2, shape[1] / 2)
        return CropBox.around(shape, centre[0], centre[1], s.crop_size)
