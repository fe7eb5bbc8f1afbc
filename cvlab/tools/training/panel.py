"""Training tab: pick a demo, set its options and seed, press Start and watch it train.

A run is one job on the device worker (jobs.train_job) that writes its curves and pictures
into a thread-safe LiveRun. The tab never waits for it: a QTimer polls the run about ten
times a second while the tab is on screen, appends only the points it has not drawn and
redraws the demo's picture only when the run has published a new one. The controls, the
status sentence and the final metrics render from a TrainingState (state.py).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from cvlab.tools.training.demos import DEMOS, default_options, find_demo
from cvlab.tools.training.jobs import train_job
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.panel_augment import AugmentGrid
from cvlab.tools.training.panel_backprop import BackpropView
from cvlab.tools.training.panel_boundary import BoundaryView
from cvlab.tools.training.panel_controls import TrainingControls
from cvlab.tools.training.panel_digits import DigitsGrid
from cvlab.tools.training.panel_options import shown as shown_option_text
from cvlab.tools.training.panel_plots import CurvePlots, GradientNormPlot
from cvlab.tools.training.state import (
    TrainingState,
    choose_demo,
    comparison_text,
    is_running,
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
from cvlab.ui.tool_panel import ToolPanel

POLL_MS = 100  # the curves' redraw rate while a run goes: ~10 per second
PICTURE_S = 0.2  # the picture's (a costlier redraw): at most 5 per second, the last always
RUN_KEY = "training-run"  # one run at a time: a new Start replaces the one going


class TrainingPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = TrainingState()
        self.job = None            # the worker's Job of the run going, for Cancel
        self.seen = 0              # points of the run shown already drawn
        self.last_epoch = None     # the epoch of the last of them
        self.drawn_version = None  # snapshot version of the run shown already drawn
        self.picture_time = 0.0    # when the picture was last drawn (time.monotonic)
        self.controls = TrainingControls(DEMOS)
        self.controls.demoChosen.connect(self.choose_demo)
        self.controls.options.optionChanged.connect(
            lambda name, value: set_option(self.state, name, value))
        self.controls.seedChanged.connect(lambda seed: set_seed(self.state, seed))
        self.controls.compareChanged.connect(lambda on: set_compare(self.state, on))
        self.controls.defaultsPressed.connect(
            lambda: reset_options(self.state, default_options(find_demo(self.state.demo))))
        self.controls.startPressed.connect(self.start)
        self.controls.cancelPressed.connect(self.cancel)

        self.curves = CurvePlots()
        self.boundary = BoundaryView()
        self.gradients = GradientNormPlot()
        self.backprop = BackpropView()
        self.backprop.stepPressed.connect(self._step)
        self.augment = AugmentGrid()
        self.digits = DigitsGrid()
        self.pictures = QStackedWidget()
        for page in (self.boundary, self.gradients, self.backprop, self.augment, self.digits):
            self.pictures.addWidget(page)
        # The demo's picture (a square-ish plane for "fit") beside the curves stacked on
        # the right: both keep a useful height at 1280 × 720.
        views = QWidget()
        views_layout = QHBoxLayout(views)
        views_layout.setContentsMargins(0, 0, 0, 0)
        views_layout.addWidget(self.pictures, 3)
        views_layout.addWidget(self.curves, 2)
        self.lay_out_side_by_side(self.scrolling(self.controls), views, stretch=(0, 1))

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.state.changed.connect(self._state_changed)
        self.choose_demo(DEMOS[0].name)

    # ----- what the user does -----------------------------------------------------------
    def choose_demo(self, name: str) -> None:
        if choose_demo(self.state, name, default_options(find_demo(name))):
            self.cancel()  # the run going belongs to the demo before
            self.job = None

    def set_option(self, name: str, value) -> None:
        """As if the user had moved that option's widget (tests and screenshots)."""
        self.controls.options.show_values({name: value})
        set_option(self.state, name, value)

    def start(self) -> None:
        state = self.state
        live = LiveRun()
        run = start_run(state, live)
        self.job = self.submit(
            train_job, state.demo, dict(state.options), state.seed, live,
            label=self.tr("Train: {0}").format(self.controls.demo_title(state.demo)),
            key=RUN_KEY,
            on_result=lambda final: self._ended(run, final),
            on_cancelled=lambda *_: self._stopped(run),
            on_error=lambda *_: self._stopped(run, failed=True))

    def cancel(self) -> None:
        if self.job is not None:
            self.context.worker.cancel(self.job.id)

    def _step(self) -> None:
        next_step(self.state, self.backprop.step_count())

    # ----- the run's callbacks (GUI thread) ---------------------------------------------
    def _ended(self, run: int, final) -> None:
        if run_finished(self.state, run, final):
            self.job = None
            self.poll()

    def _stopped(self, run: int, failed: bool = False) -> None:
        if run_stopped(self.state, run, failed):
            self.job = None
            self.poll()

    # ----- drawing ----------------------------------------------------------------------
    def poll(self) -> None:
        """Draw what the run has added since the last poll; stop polling once it is all
        drawn and the run has ended. Skipped while the tab is hidden (caught up on show)."""
        live = self.state.live
        if live is None or not self.isVisible():
            return
        points = live.points_since(self.seen)
        self.seen += len(points)
        self.curves.append(points)
        if points:
            self.last_epoch = points[-1][0]
        version = live.snapshot_version()
        now = time.monotonic()
        if version != self.drawn_version and (
                now - self.picture_time >= PICTURE_S or not is_running(self.state)):
            self.drawn_version, self.picture_time = version, now
            self._draw_picture()
        if points:
            self._show_status()
        if not is_running(self.state) and self.seen >= live.count:
            self.timer.stop()

    def _draw_picture(self) -> None:
        live, demo = self.state.live, self.state.run_demo
        if demo == "fit":
            self.boundary.show_snapshot(live.snapshot("boundary"))
        elif demo == "vanishing":
            self.gradients.show_norms(live.snapshot("grad_norms"), self.last_epoch)
        elif demo == "backprop":
            self.backprop.show_network(live.snapshot("history"), self.state.step,
                                       live.snapshot("after"))
            self.curves.mark(self.backprop.shown_step())
        elif demo == "digits":
            self.digits.show_predictions(live.snapshot("predictions"))
        elif demo == "augment":
            samples = live.snapshot("samples")
            transform = find_demo("augment").option("transform")
            self.augment.show_samples(samples, samples and shown_option_text(
                transform.choice_title(samples.transform)))

    def _show_status(self) -> None:
        unit = "step" if self.state.run_demo == "backprop" else "epoch"
        self.controls.show_status(status_text(self.state, self.last_epoch, unit))

    def _state_changed(self, name: str, value) -> None:
        state = self.state
        if name == "demo":
            demo = find_demo(value)
            self.controls.show_demo(demo)
            self._show_pages(demo)
        if name in ("demo", "options"):
            self.controls.options.show_values(state.options)
        elif name == "seed":
            self.controls.show_seed(value)
        elif name == "live":
            self.seen, self.last_epoch, self.drawn_version = 0, None, None
            self.curves.clear(self._run_length() if value is not None else None)
            self.boundary.show_snapshot(None)
            self.gradients.show_norms(None)
            self.backprop.show_network(None, 0)
            self.augment.show_samples(None)
            self.digits.show_predictions(None)
            self._show_previous()
            if value is not None:
                self.timer.start()
        elif name in ("previous", "compare"):
            self._show_previous()
        elif name == "stale":
            self.curves.set_stale(value)
        elif name == "final":
            self.controls.show_final(value)
        elif name == "step" and state.live is not None:
            self._draw_picture()
        self.controls.show_running(is_running(state))
        self._show_status()

    def _show_previous(self) -> None:
        previous = self.state.previous
        self.curves.show_previous(previous.points_since(0) if previous is not None else None)
        self.controls.show_comparison(comparison_text(self.state,
                                                      find_demo(self.state.demo).options))

    def _run_length(self) -> int | None:
        """The epochs (or steps) the run shown will take, as its options say."""
        options = self.state.run_options or {}
        return options.get("epochs", options.get("steps"))

    def _show_pages(self, demo) -> None:
        """The curves the demo reports and the picture it draws; the others hidden."""
        self.curves.set_metrics(demo.curves)
        self.curves.setVisible(bool(demo.curves))
        self.curves.set_x_title(self.tr("step") if demo.name == "backprop" else self.tr("epoch"))
        page = {"fit": self.boundary, "vanishing": self.gradients, "backprop": self.backprop,
                "augment": self.augment, "digits": self.digits}.get(demo.name)
        self.pictures.setVisible(page is not None)
        self.curves.set_side_by_side(page is None)
        if page is not None:
            self.pictures.setCurrentWidget(page)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self.state.live is not None:  # catch up on what ran while another tab was shown
            self.poll()
            if is_running(self.state) or self.seen < self.state.live.count:
                self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().hideEvent(event)
        self.timer.stop()
