"""The Super-resolution tab's state and controller, without a window."""

import numpy as np
import pytest

from cvlab.tools.superres.state import MethodResult, SrController, SrState, metrics_text


def _image(value=0.5, shape=(16, 12, 3)):
    return np.full(shape, value, np.float32)


@pytest.fixture
def sr():
    cancelled: list[int] = []
    controller = SrController(SrState(), cancel_job=cancelled.append)
    controller.cancelled = cancelled
    controller.open("/photos/butterfly.png", _image())
    return controller


def _start(controller, methods=("bicubic", "lanczos", "srresnet")):
    controller.set_methods(methods)
    ids = iter(range(100, 200))
    submitted = []

    def submit(method):
        submitted.append(method)
        return next(ids)

    assert controller.start_run(submit) is None
    return submitted


def test_a_run_is_one_job_per_method_in_order_and_each_result_shows_at_once(sr):
    assert _start(sr) == ["bicubic", "lanczos", "srresnet"]
    assert sr.state.running and sr.state.pending == ("bicubic", "lanczos", "srresnet")
    gt = _image(0.25, (16, 12, 3))
    assert sr.method_done(100, MethodResult("bicubic", _image(0.4), 0.01, 22.1, 0.7375, "Y"),
                          ground_truth=gt)
    panels = sr.panels()
    assert [c for _, c in panels] == ["Ground truth", "Bicubic\nPSNR 22.10 dB · SSIM 0.7375"]
    assert panels[0][0].dtype == np.uint8 and panels[0][0][0, 0, 0] == 64  # 0.25 → 0–255
    assert sr.table_rows() == [("Bicubic", "22.10", "0.7375", "0.01"),
                               ("Lanczos", "running…", "", ""),
                               ("SRResNet", "queued", "", "")]
    sr.method_done(101, MethodResult("lanczos", _image(), 0.02, 23.0, 0.75, "Y"))
    sr.method_done(102, MethodResult("srresnet", _image(), 1.5, 24.0, 0.8, "Y"))
    assert not sr.state.running
    assert [r["method"] for r in sr.metric_rows()] == ["Bicubic", "Lanczos", "SRResNet"]
    assert sr.metric_rows()[0]["channel"] == "Y"


def test_changing_mode_scale_or_input_drops_old_results_and_cancels_the_run(sr):
    _start(sr)
    sr.method_done(100, MethodResult("bicubic", _image(), 0.01, 22.1, 0.7, "Y"))
    sr.set_mode("upscale")
    assert sr.state.results == () and not sr.state.running
    assert sorted(sr.cancelled) == [101, 102]      # the two methods still to come
    assert [c for _, c in sr.panels()] == ["Input"]
    # a late result of the cancelled run is ignored
    assert not sr.method_done(101, MethodResult("lanczos", _image(), 0.1, 1.0, 0.1))
    assert sr.state.results == ()

    _start(sr, ("bicubic",))
    sr.method_done(100, MethodResult("bicubic", _image(), 0.01))
    assert sr.upscaled() and sr.metric_rows() == []
    sr.set_scale(2)
    assert sr.state.results == () and sr.upscaled() == []

    _start(sr, ("bicubic",))
    sr.open("/photos/second.png", _image(0.9, (8, 8, 3)))
    assert sr.state.results == () and not sr.state.running
    assert sr.state.reference.shape == (8, 8, 3) and sr.state.crop_centre is None


def test_cancelling_one_methods_job_ends_the_whole_run(sr):
    _start(sr)
    sr.method_done(100, MethodResult("bicubic", _image(), 0.01, 22.1, 0.7, "Y"))
    sr.method_cancelled(101)                        # the status bar's Cancel
    assert not sr.state.running and sr.cancelled == [102]
    assert len(sr.state.results) == 1               # what finished stays


def test_a_failed_method_is_listed_and_the_others_go_on(sr):
    _start(sr)
    sr.method_failed(100)
    assert sr.state.failed == ("bicubic",) and sr.state.pending == ("lanczos", "srresnet")
    assert sr.table_rows()[0] == ("Bicubic", "failed", "", "")


def test_nothing_starts_without_an_image_or_a_method_for_the_scale():
    controller = SrController(SrState())
    assert controller.start_run(lambda m: 1) == "Open an image first"
    controller.open("a.png", _image())
    controller.set_methods(("srresnet",))
    controller.set_scale(2)
    assert "×2" in controller.start_run(lambda m: 1)


def test_state_changes_are_announced_once_per_field(sr):
    seen = []
    sr.state.changed.connect(lambda name, value: seen.append(name))
    _start(sr, ("bicubic",))
    assert {"pending", "jobs"} <= set(seen)
    seen.clear()
    sr.set_mode("evaluate")                         # unchanged: nothing happens
    assert seen == []


def test_crop_box_follows_the_chosen_centre_and_size(sr):
    assert sr.crop_box().height == 12               # 64 clipped to the image
    sr.set_crop(centre=(0, 0), size=4)
    box = sr.crop_box()
    assert (box.top, box.left, box.height) == (0, 0, 4)


def test_metrics_text_names_both_metrics():
    assert metrics_text(22.1, 0.73749) == "PSNR 22.10 dB · SSIM 0.7375"


def test_a_cancel_reported_at_once_by_the_worker_does_not_disturb_the_next_run():
    """The worker reports a queued job's cancel synchronously, inside cancel_run."""
    reported = []
    state = SrState()
    controller = SrController(state, cancel_job=lambda job_id: (
        reported.append(job_id), controller.method_cancelled(job_id)))
    controller.open("a.png", _image())
    _start(controller, ("bicubic", "lanczos"))
    ids = iter(range(300, 400))
    controller.start_run(lambda method: next(ids))   # a new Run replaces the first
    assert reported == [100, 101]
    assert state.jobs == {"bicubic": 300, "lanczos": 301} and state.running
