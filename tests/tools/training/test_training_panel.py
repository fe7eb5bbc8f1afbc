"""The Training tab on the real MainWindow and DeviceWorker (issue 19, point 2): live curves,
an interface that answers while a run goes and a slider moves, Cancel, a new run that clears
the old one, options reset by a demo change, resizes and tab switches during a run. Rates and
delays are measured by bench (not asserted here)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSlider

from cvlab.tools.training.demos import default_options, find_demo
from cvlab.tools.training.options import Option
from cvlab.tools.training.panel_options import SliderScale

FIRST_POINTS_MS = 120_000  # torch's first import on the worker of a busy 2-core machine
LONG = {"epochs": 5000}    # a fit run that lasts far longer than any check here


def show_training(window):
    panel = next(p for p in window.panels if p.spec.id == "training")
    window.tabs.setCurrentWidget(panel)
    return panel


def start_long_fit(qtbot, panel):
    """A "fit" run that goes on until cancelled, once it has drawn its first points."""
    panel.choose_demo("fit")
    for name, value in LONG.items():
        panel.set_option(name, value)
    panel.controls.start_button.click()
    qtbot.waitUntil(lambda: panel.curves.point_count() > 0, timeout=FIRST_POINTS_MS)


def cancel_and_wait(qtbot, window, panel) -> float:
    """Press Cancel; seconds until the tab says the run stopped."""
    started = time.monotonic()
    panel.controls.cancel_button.click()
    qtbot.waitUntil(lambda: panel.state.phase == "cancelled", timeout=10_000)
    elapsed = time.monotonic() - started
    qtbot.waitUntil(lambda: not window.job_progress.is_showing_progress(), timeout=5_000)
    return elapsed


def event_loop_delay(qtbot) -> float:
    """Seconds a zero-delay timer waits before the GUI thread runs it."""
    fired = []
    asked = time.monotonic()
    QTimer.singleShot(0, lambda: fired.append(time.monotonic()))
    qtbot.waitUntil(lambda: bool(fired), timeout=5_000)
    return fired[0] - asked


def option_slider(panel, name) -> QSlider:
    return panel.controls.options.editors[name]


def test_curves_update_live_and_the_tab_answers_while_a_slider_moves(qtbot, window):
    panel = show_training(window)
    start_long_fit(qtbot, panel)
    # the worker's "started" is a queued signal: it may come after the first points
    qtbot.waitUntil(window.job_progress.is_showing_progress, timeout=10_000)
    redraws, points = panel.curves.redraws, panel.curves.point_count()
    qtbot.wait(2_000)
    # Redraw rates and delays are measured, not asserted (no timing asserts in tests): the
    # checks here are that the curves keep growing and the GUI thread keeps answering.
    assert panel.curves.redraws > redraws
    assert panel.curves.point_count() > points
    assert panel.boundary.regression is False  # the boundary is drawn as it trains

    slider = option_slider(panel, "hidden")
    for _ in range(10):  # the user drags the capacity slider while the run goes
        slider.setValue(slider.value() + 1)
        event_loop_delay(qtbot)  # fails if the GUI thread stops answering for 5 s
    assert panel.state.options["hidden"] != panel.state.run_options["hidden"]
    assert panel.state.stale and panel.curves.stale
    assert "next run" in panel.controls.status.text()
    cancel_and_wait(qtbot, window, panel)
    assert "previous settings" in panel.controls.status.text()


def test_a_second_run_clears_the_first_and_a_finished_run_shows_its_results(qtbot, window):
    panel = show_training(window)
    start_long_fit(qtbot, panel)
    cancel_and_wait(qtbot, window, panel)
    first_points = panel.curves.point_count()
    assert first_points > 0 and panel.controls.results.rowCount() == 0  # cut short

    panel.set_option("epochs", 40)
    panel.set_option("samples", 60)
    panel.controls.start_button.click()
    assert panel.curves.point_count() == 0 and panel.state.final is None  # cleared at once
    assert not panel.state.stale
    qtbot.waitUntil(lambda: panel.state.phase == "finished", timeout=FIRST_POINTS_MS)
    qtbot.waitUntil(lambda: not panel.timer.isActive(), timeout=5_000)
    assert window.worker.wait_idle(30)
    epochs = panel.curves.epochs["train_loss"]
    assert epochs == [float(e) for e in range(1, 41)]  # every point, once, of this run only
    rows = {panel.controls.results.item(r, 0).text(): panel.controls.results.item(r, 1).text()
            for r in range(panel.controls.results.rowCount())}
    assert rows["epochs run"] == "40" and "validation accuracy" in rows
    assert not window.job_progress.is_showing_progress()
    assert panel.controls.status.text() == "Finished."


def test_the_run_before_stays_grey_beside_the_next_when_asked(qtbot, window):
    panel = show_training(window)
    panel.controls.compare.setChecked(True)
    run_to_the_end(qtbot, window, panel, "fit", epochs=30, samples=60)
    assert not panel.controls.comparison.isVisible()  # nothing before the first run
    panel.set_option("hidden", 8)
    panel.controls.start_button.click()
    qtbot.waitUntil(lambda: panel.state.phase == "finished", timeout=FIRST_POINTS_MS)
    assert len(panel.curves.previous_items) == 4  # loss and accuracy, training and validation
    assert panel.controls.comparison.text() == (
        "Grey: the run before, which differed in Hidden units: 32 → 8.")
    panel.controls.compare.setChecked(False)
    assert panel.curves.previous_items == [] and not panel.controls.comparison.isVisible()


def test_switching_demo_resets_options_and_shows_its_own_controls(qtbot, window):
    panel = show_training(window)
    panel.choose_demo("fit")
    option_slider(panel, "hidden").setValue(0)
    assert panel.state.options["hidden"] == 2
    panel.controls.demo_box.setCurrentIndex(panel.controls.demo_box.findData("vanishing"))
    assert panel.state.demo == "vanishing"
    assert set(panel.controls.options.editors) == {o.name for o in find_demo("vanishing").options}
    assert panel.gradients.isVisible() and not panel.boundary.isVisible()
    panel.controls.demo_box.setCurrentIndex(panel.controls.demo_box.findData("fit"))
    fit = find_demo("fit")
    assert panel.state.options == default_options(fit)
    scale = SliderScale(fit.option("hidden"))
    assert option_slider(panel, "hidden").value() == scale.position(32)


def test_a_demo_change_during_a_run_stops_it_and_clears_its_curves(qtbot, window):
    panel = show_training(window)
    start_long_fit(qtbot, panel)
    panel.choose_demo("backprop")
    assert panel.curves.point_count() == 0 and panel.state.live is None
    assert window.worker.wait_idle(10)  # the fit run stopped
    assert panel.curves.point_count() == 0 and panel.state.phase == "idle"


def test_resizes_and_tab_switches_during_a_run(qtbot, window):
    panel = show_training(window)
    start_long_fit(qtbot, panel)
    for size in ((1600, 1000), (1280, 720), (1600, 1000)):
        window.resize(*size)
        qtbot.wait(300)
        for plot in (panel.curves.loss_plot, panel.curves.accuracy_plot, panel.boundary):
            assert plot.width() >= 250 and plot.height() >= 150, (size, plot.size())
        assert panel.controls.start_button.isVisible()
        event_loop_delay(qtbot)  # the GUI thread answers during the run
    inspect = next(p for p in window.panels if p.spec.id == "inspect")
    window.tabs.setCurrentWidget(inspect)
    assert not panel.timer.isActive()  # a hidden tab draws nothing
    drawn = panel.curves.point_count()
    qtbot.wait(500)
    assert panel.curves.point_count() == drawn
    window.tabs.setCurrentWidget(panel)  # back: caught up with what ran meanwhile
    assert panel.curves.point_count() > drawn
    assert panel.timer.isActive()
    cancel_and_wait(qtbot, window, panel)
    live = panel.state.live
    assert panel.curves.point_count() == sum(len(m) for _, m in live.points_since(0))


def run_to_the_end(qtbot, window, panel, demo, **options):
    panel.choose_demo(demo)
    for name, value in options.items():
        panel.set_option(name, value)
    panel.controls.start_button.click()
    qtbot.waitUntil(lambda: panel.state.phase == "finished", timeout=FIRST_POINTS_MS)
    assert window.worker.wait_idle(30)


def test_each_demo_draws_its_own_picture(qtbot, window):
    panel = show_training(window)
    run_to_the_end(qtbot, window, panel, "vanishing", epochs=5, depth=12)
    layers, norms = panel.gradients.latest.getData()
    assert list(layers) == list(range(1, 13))
    assert norms[0] < norms[-1] / 100  # sigmoid: the gradient fades towards the input
    assert panel.curves.isVisible() and not panel.curves.accuracy_plot.isHidden()

    run_to_the_end(qtbot, window, panel, "backprop", steps=4)
    view = panel.backprop
    assert view.isVisible() and view.step_count() == 4 * 6
    assert view.shown_step() == 1 and view.explanation.text().startswith("Step 1 of 4:")
    for _ in range(6):  # one whole gradient-descent step: forward, backward, update
        view.step_button.click()
    assert view.shown_step() == 2 and panel.curves.marker.value() == 2
    assert panel.curves.loss_plot.getAxis("bottom").labelText == "step"
    for _ in range(3 * 6):  # past the last step the walk starts again
        view.step_button.click()
    assert view.shown_step() == 1

    run_to_the_end(qtbot, window, panel, "augment", count=3)
    assert not panel.curves.isVisible() and panel.augment.isVisible()
    assert panel.augment.rows == 3 and panel.augment.view.image() is not None
    assert "3 random versions" in panel.augment.view.caption()
    assert panel.controls.results.item(0, 1).text() == "9"

    run_to_the_end(qtbot, window, panel, "digits", epochs=2, depth=4)
    assert panel.curves.isVisible() and panel.digits.isVisible()
    assert panel.curves.epochs["val_acc"] == [1.0, 2.0]
    predictions = panel.state.live.snapshot("predictions")
    assert panel.digits.right == int((predictions.predicted == predictions.labels).sum())
    assert panel.digits.view.caption().startswith("Epoch 2: the first 24 validation digits")


# ----- the option widgets' scales (no window) ------------------------------------------
@pytest.mark.parametrize("option, values", [
    (Option("hidden", "Hidden units", "int", 32, 2, 256, 1, log_scale=True), (2, 32, 256)),
    (Option("decay", "Weight decay", "float", 0.0, 0.0, 0.1, 1e-5, log_scale=True),
     (0.0, 1e-5, 0.1)),
    (Option("noise", "Noise", "float", 0.2, 0.0, 0.6, 0.01), (0.0, 0.2, 0.6)),
])
def test_slider_scales_reach_both_ends_and_keep_values(option, values):
    scale = SliderScale(option)
    assert scale.value(0) == values[0] and scale.value(scale.positions) == values[-1]
    for value in values:
        assert scale.value(scale.position(value)) == pytest.approx(value, rel=0.05)
    for position in range(scale.positions + 1):
        option.check(scale.value(position))  # every stop is a value the demo takes
