"""The Faces tab's state and the controller that changes it (no Qt).

:class:`FacesState` is what the tab shows: the opened image, the detector and its settings,
the faces found with those settings, which of them are kept as they are (unticked), the
anonymising settings and the anonymised preview, and the detection job running. The panel
renders from it; :class:`FacesController` is the only code that changes it, so these rules
hold whatever the user clicks:

- opening an image drops the faces, the kept set and the preview of the one before, then
  detects again;
- changing the detector, the threshold or the minimum size detects again, and the faces on
  screen are always those found with the settings shown (a result made with other settings,
  or for an older image, is ignored);
- a face left unticked is kept out of anonymising; new faces start all ticked;
- the preview is the image anonymised with the current faces, kept set and settings, made
  only while "Show anonymised" is on;
- a "same person?" answer is shown only for the faces on screen: a new image or new faces
  drop it, and an answer that arrives after that is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.state import StateModel
from cvlab.tools.faces.anonymise import anonymise
from cvlab.tools.faces.detection import DEFAULT_THRESHOLD, DETECTORS, THRESHOLD_RANGE

METHODS = ("blur", "pixelate", "fill")


@dataclass(frozen=True)
class DetectionRequest:
    """What one detection job was asked: the image (by its open count) and the settings."""

    opened: int          # FacesState.opened when the job was submitted
    detector: str
    threshold: float
    min_size: int


@dataclass(eq=False)
class FacesState(StateModel):
    path: str | None = None
    image: np.ndarray | None = None
    opened: int = 0                      # how many images were opened: tells results apart
    detector: str = "mtcnn"
    threshold: float = DEFAULT_THRESHOLD["mtcnn"]
    min_size: int = 20
    faces: tuple = ()                    # Face objects found with the settings above
    keep: frozenset[int] = frozenset()   # indices into faces left as they are (unticked)
    method: str = "blur"
    strength: float = 0.5                # 0–1
    margin: float = 0.15                 # 0–1, of the face box
    show_anonymised: bool = False
    preview: np.ndarray | None = None    # the anonymised image, while show_anonymised
    detecting: DetectionRequest | None = None  # the detection job running, if any
    comparison: object | None = None     # verify.Comparison for the faces on screen
    comparison_label: str = ""           # which faces it compared, in words
    comparing: ComparisonRequest | None = None  # the comparison job running, if any


@dataclass(frozen=True, eq=False)
class ComparisonRequest:
    """One "same person?" job: asked about these faces of this image, in these words."""

    opened: int
    faces: tuple
    label: str


class FacesController:
    """Changes a :class:`FacesState`. ``submit_detection(request)`` starts a detection job
    for ``state.image`` with the request's settings (the panel submits to the worker; tests
    collect the requests) and later reports back through :meth:`detection_done` or
    :meth:`detection_ended`."""

    def __init__(self, state: FacesState,
                 submit_detection: Callable[[DetectionRequest], object] = lambda r: None
                 ) -> None:
        self.state = state
        self._submit_detection = submit_detection

    # ----- input and detection settings -----------------------------------------------
    def open(self, path: str, image: np.ndarray) -> None:
        self._change(path=str(path), image=image, opened=self.state.opened + 1, faces=(),
                     keep=frozenset(), comparison=None, comparison_label="", comparing=None)
        self.detect()

    def set_detector(self, detector: str) -> None:
        if detector not in DETECTORS:
            raise ValueError(f"unknown detector {detector!r}")
        if detector != self.state.detector:
            # thresholds of different detectors are on different scales
            self.state.update(detector=detector, threshold=DEFAULT_THRESHOLD[detector])
            self.detect()

    def set_threshold(self, value: float) -> None:
        low, high = THRESHOLD_RANGE[self.state.detector]
        value = min(max(float(value), low), high)
        if value != self.state.threshold:
            self.state.threshold = value
            self.detect()

    def set_min_size(self, pixels: int) -> None:
        if int(pixels) != self.state.min_size:
            self.state.min_size = int(pixels)
            self.detect()

    def request(self) -> DetectionRequest:
        s = self.state
        return DetectionRequest(s.opened, s.detector, s.threshold, s.min_size)

    def detect(self) -> None:
        """Detect on the opened image with the current settings (nothing without one)."""
        if self.state.image is None:
            return
        request = self.request()
        self.state.detecting = request
        self._submit_detection(request)

    def detection_done(self, request: DetectionRequest, faces) -> bool:
        """Show ``faces`` if they answer the current image and settings; False if ignored."""
        if request != self.request():
            return False
        self._change(faces=tuple(faces), keep=frozenset(), detecting=None, comparison=None,
                     comparison_label="", comparing=None)
        return True

    def detection_ended(self, request: DetectionRequest) -> None:
        """The job for ``request`` failed or was cancelled: it is no longer running."""
        if self.state.detecting == request:
            self.state.detecting = None

    # ----- same person? ---------------------------------------------------------------
    def start_comparison(self, label: str) -> ComparisonRequest:
        """A comparison of faces on screen, described by ``label``, is being submitted: the
        answer to the previous question goes (a failed new one must not leave it looking like
        the answer to this)."""
        request = ComparisonRequest(self.state.opened, self.state.faces, label)
        self.state.update(comparing=request, comparison=None, comparison_label="")
        return request

    def comparison_done(self, request: ComparisonRequest, comparison) -> bool:
        """Show ``comparison`` if the image and faces it was asked about are still shown."""
        s = self.state
        if request.opened != s.opened or request.faces is not s.faces:
            return False
        s.update(comparison=comparison, comparison_label=request.label,
                 comparing=None if s.comparing is request else s.comparing)
        return True

    def comparison_ended(self, request: ComparisonRequest) -> None:
        """The comparison job failed or was cancelled."""
        if self.state.comparing is request:
            self.state.comparing = None

    # ----- keeping and anonymising ----------------------------------------------------
    def set_kept(self, index: int, kept: bool) -> None:
        """``kept``: leave face ``index`` as it is (unticked) instead of anonymising it."""
        if not 0 <= index < len(self.state.faces):
            return
        keep = self.state.keep | {index} if kept else self.state.keep - {index}
        self._change(keep=frozenset(keep))

    def set_anonymise(self, method: str | None = None, strength: float | None = None,
                      margin: float | None = None) -> None:
        values = {}
        if method is not None:
            if method not in METHODS:
                raise ValueError(f"method must be one of {METHODS}, not {method!r}")
            values["method"] = method
        if strength is not None:
            values["strength"] = float(strength)
        if margin is not None:
            values["margin"] = float(margin)
        self._change(**values)

    def show_anonymised(self, on: bool) -> None:
        self._change(show_anonymised=bool(on))

    def anonymised(self) -> np.ndarray:
        """The opened image with every face but the kept ones anonymised."""
        if self.state.image is None:
            raise ValueError(translate("FacesState", "no image opened"))
        return self._anonymise(self.state)

    def anonymise_options(self) -> dict:
        s = self.state
        return {"method": s.method, "strength": s.strength, "margin": s.margin}

    @staticmethod
    def _anonymise(s) -> np.ndarray:
        boxes = np.array([f.box for f in s.faces], dtype=np.float32).reshape(-1, 4)
        return anonymise(s.image, boxes, s.method, strength=s.strength, margin=s.margin,
                         keep=s.keep)

    def _change(self, **values) -> None:
        """Set ``values`` together with the preview they make, the preview announced
        first: a view never draws new faces over an old preview."""
        s = self.state
        after = SimpleNamespace(**{name: values.get(name, getattr(s, name)) for name in
                                   ("image", "faces", "keep", "method", "strength", "margin",
                                    "show_anonymised")})
        preview = (self._anonymise(after) if after.show_anonymised and after.image is not None
                   else None)
        s.update(preview=preview, **values)
