"""The Restore tab's state model and controller, without a window."""

import numpy as np
import pytest

from cvlab.tools.restore.state import (
    COLOR,
    INPAINT,
    RestoreController,
    RestoreState,
    merge_scratches,
)

TITLES = {"telea": "OpenCV Telea", "ns": "OpenCV Navier-Stokes", "net": "Network"}


@pytest.fixture
def photo():
    return np.arange(12 * 16 * 3, dtype=np.uint8).reshape(12, 16, 3)


@pytest.fixture
def controller(photo):
    cancelled = []
    ctl = RestoreController(RestoreState(), TITLES, cancel=cancelled.append)
    ctl.cancelled = cancelled
    ctl.opened("/photos/old.png", photo)
    return ctl


def test_opening_makes_the_photo_the_working_photo_with_empty_edits(controller, photo):
    state = controller.state
    assert state.path == "/photos/old.png" and state.image is photo and state.opened is photo
    assert state.mask.shape == (12, 16) and not state.mask.any()
    assert state.scribbles.shape == (12, 16, 3) and not state.scribble_mask.any()
    assert state.results == () and state.history == () and controller.working_on() == ""
    assert controller.compare_images() == [(photo, "Input")]


def test_scratches_are_added_to_the_painted_mask_not_replacing_it(controller):
    painted = np.zeros((12, 16), bool)
    painted[2:4, 2:4] = True
    controller.set_mask(painted)
    proposal = np.zeros((12, 16), bool)
    proposal[8, :] = True
    proposal[3, 3] = True                        # already painted: not counted again
    merged = controller.scratches_found(proposal)
    assert merged[2:4, 2:4].all() and merged[8].all()
    assert merged.sum() == 4 + 16
    assert controller.state.notice == "Added 16 px of scratches to your mask (Undo removes them)"
    controller.set_mask(merged)
    controller.scratches_found(proposal)
    assert controller.state.notice == "No scratches found beyond your mask"
    with pytest.raises(ValueError):
        merge_scratches(painted, np.zeros((3, 3), bool))


def test_thousands_are_grouped_in_the_notice():
    _merged, added = merge_scratches(np.zeros((50, 50), bool), np.ones((50, 50), bool))
    from cvlab.tools.restore.state import scratches_notice

    assert scratches_notice(added) == "Added 2,500 px of scratches to your mask (Undo removes them)"


def test_results_appear_one_by_one_in_run_order(controller, photo):
    controller.set_mask(np.eye(12, 16, dtype=bool))
    assert controller.can_run(INPAINT) == ""
    controller.set_methods(INPAINT, ["telea", "ns", "net"])
    controller.start_run(INPAINT, ["telea", "ns", "net"], [7, 8, 9])
    assert controller.run_progress() == "0 of 3 methods done"
    masked, caption = controller.compare_images()[0]
    assert caption == "Masked input" and not masked[np.eye(12, 16, dtype=bool)].any()
    assert controller.method_done(8, "ns", photo + 1, 0.5)     # out of order: still in place
    assert [r.method for r in controller.state.results] == ["ns"]
    assert controller.method_done(7, "telea", photo + 2, 0.25)
    assert [r.method for r in controller.state.results] == ["telea", "ns"]
    assert controller.run_progress() == "2 of 3 methods done"
    assert [c for _i, c in controller.compare_images()] == [
        "Masked input", "OpenCV Telea  0.2 s", "OpenCV Navier-Stokes  0.5 s"]
    assert not controller.method_done(99, "net", photo, 1.0)  # a stale job's result
    controller.method_done(9, "net", photo + 3, 2.0)
    assert controller.state.running == () and controller.run_progress() == ""


def test_a_new_run_or_photo_cancels_the_old_jobs_and_drops_their_results(controller, photo):
    controller.start_run(COLOR, ["net", "scribbles"], [1, 2])
    controller.method_done(1, "net", photo, 1.0)
    controller.start_run(COLOR, ["net"], [3])
    assert controller.cancelled == [2] and controller.state.results == ()
    assert not controller.method_done(2, "scribbles", photo, 1.0)
    other = np.zeros((5, 6), np.uint8)
    controller.opened("/photos/second.png", other)
    assert controller.cancelled == [2, 3]
    assert controller.state.results == () and controller.state.mask.shape == (5, 6)
    assert controller.compare_images() == [(other, "Input")]


def test_cancelling_one_method_stops_the_rest_and_keeps_what_is_done(controller, photo):
    controller.start_run(COLOR, ["net", "scribbles", "zhang"], [4, 5, 6])
    controller.method_done(4, "net", photo, 1.0)
    controller.method_cancelled(5)
    assert controller.cancelled == [6] and controller.state.running == ()
    assert [r.method for r in controller.state.results] == ["net"]
    controller.method_failed(6)                      # late reports change nothing
    assert [r.method for r in controller.state.results] == ["net"]


def test_working_on_line_follows_the_chain_and_goes_with_it(controller, photo):
    controller.start_run(INPAINT, ["telea"], [1])
    controller.method_done(1, "telea", photo + 5, 0.1)
    controller.continue_with(0)
    assert controller.working_on() == "Working on the result of OpenCV Telea"
    assert np.array_equal(controller.state.image, photo + 5)
    assert controller.state.results == () and controller.state.history == (
        ("OpenCV Telea", "inpaint_telea"),)
    controller.revert()
    assert controller.working_on() == "" and controller.state.image is photo
    controller.start_run(INPAINT, ["telea"], [2])
    controller.method_done(2, "telea", photo + 5, 0.1)
    controller.continue_with(0)
    controller.opened("/photos/second.png", photo)      # another photo: no chain
    assert controller.working_on() == ""


def test_what_must_happen_before_a_run(photo):
    controller = RestoreController(RestoreState(), TITLES)
    assert controller.can_run(INPAINT).startswith("Open an image")
    controller.opened("/p.png", photo)
    assert controller.can_run(INPAINT).startswith("Paint over what to fill")
    assert controller.can_run(COLOR) == ""
    controller.set_methods(COLOR, [])
    assert controller.can_run(COLOR).startswith("Open an image and tick")


def test_model_notifies_each_change(controller, photo):
    seen = []
    controller.state.changed.connect(lambda name, value: seen.append(name))
    controller.start_run(INPAINT, ["telea"], [1])
    controller.method_done(1, "telea", photo, 0.1)
    assert "results" in seen and "running" in seen and seen.count("run_kind") == 1
