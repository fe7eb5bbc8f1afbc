"""The Faces tab's rules, on its state model and controller alone: no window, no worker."""

import numpy as np
import pytest

from cvlab.tools.faces.detection import DEFAULT_THRESHOLD, Face
from cvlab.tools.faces.state import FacesController, FacesState


def face(x0, y0, x1, y1, score=0.9):
    return Face(box=np.array([x0, y0, x1, y1], np.float32), score=score)


@pytest.fixture
def image():
    rng = np.random.default_rng(0)
    return rng.integers(0, 255, (80, 120, 3), dtype=np.uint8)


@pytest.fixture
def tab():
    state = FacesState()
    requests = []
    return state, FacesController(state, requests.append), requests


def test_nothing_is_detected_before_an_image_is_opened(tab):
    state, controller, requests = tab
    controller.set_threshold(0.5)
    controller.detect()
    assert requests == [] and state.detecting is None


def test_opening_detects_and_the_result_is_shown(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    assert len(requests) == 1 and state.detecting == requests[0]
    assert requests[0].detector == "mtcnn" and requests[0].threshold == DEFAULT_THRESHOLD["mtcnn"]
    assert controller.detection_done(requests[0], [face(0, 0, 20, 20)])
    assert len(state.faces) == 1 and state.detecting is None and state.keep == frozenset()


def test_a_new_image_clears_faces_kept_set_and_preview(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20), face(40, 10, 70, 40)])
    controller.set_kept(1, True)
    controller.show_anonymised(True)
    assert state.preview is not None
    second = image[:40, :60].copy()
    controller.open("b.png", second)
    assert state.path == "b.png" and state.image is second
    assert state.faces == () and state.keep == frozenset()
    np.testing.assert_array_equal(state.preview, second)  # no old face anonymised


def test_results_for_an_older_image_are_ignored(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    first = requests[-1]
    controller.open("b.png", image.copy())
    assert not controller.detection_done(first, [face(0, 0, 20, 20)])
    assert state.faces == () and state.detecting == requests[-1]


def test_results_made_with_older_settings_are_ignored(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    old = requests[-1]
    controller.set_threshold(0.9)
    assert requests[-1].threshold == 0.9 and len(requests) == 2
    assert not controller.detection_done(old, [face(0, 0, 20, 20, 0.8)])
    assert controller.detection_done(requests[-1], [face(0, 0, 20, 20, 0.95)])
    assert [f.score for f in state.faces] == [0.95]


def test_settings_changes_detect_again_and_the_same_value_does_not(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.set_min_size(20)                  # unchanged: no new job
    controller.set_threshold(state.threshold)
    assert len(requests) == 1
    controller.set_min_size(40)
    controller.set_detector("haar")
    assert [r.min_size for r in requests] == [20, 40, 40]
    # a detector's thresholds are on its own scale: the default comes with it
    assert requests[-1].detector == "haar" and state.threshold == DEFAULT_THRESHOLD["haar"]
    controller.set_threshold(100.0)              # clamped to the detector's range
    assert state.threshold == 12.0


def test_an_unticked_face_is_kept_out_of_anonymising(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 30, 30), face(60, 20, 100, 60)])
    controller.set_kept(0, True)
    assert state.keep == {0}
    out = controller.anonymised()
    np.testing.assert_array_equal(out[:30, :30], image[:30, :30])
    assert not np.array_equal(out[20:60, 60:100], image[20:60, 60:100])
    controller.set_kept(0, False)
    assert state.keep == frozenset()
    controller.set_kept(5, True)                 # no such face: nothing kept
    assert state.keep == frozenset()


def test_new_faces_start_all_ticked(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 30, 30)])
    controller.set_kept(0, True)
    controller.set_min_size(10)
    controller.detection_done(requests[-1], [face(0, 0, 30, 30)])
    assert state.keep == frozenset()


def test_the_preview_follows_faces_ticks_and_settings_only_while_shown(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 30, 30)])
    controller.set_anonymise(method="pixelate", strength=0.8, margin=0.0)
    assert state.preview is None                 # not asked for: not computed
    controller.show_anonymised(True)
    first = state.preview
    assert not np.array_equal(first[:30, :30], image[:30, :30])
    controller.set_anonymise(method="fill")
    assert state.preview is not first and (state.preview[5:25, 5:25] == 0).all()
    controller.set_kept(0, True)
    np.testing.assert_array_equal(state.preview, image)
    controller.show_anonymised(False)
    assert state.preview is None
    assert controller.anonymise_options() == {"method": "fill", "strength": 0.8,
                                              "margin": 0.0}
    with pytest.raises(ValueError):
        controller.set_anonymise(method="smudge")


def test_a_failed_or_cancelled_detection_is_no_longer_running(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    old = requests[-1]
    controller.set_min_size(30)
    controller.detection_ended(old)              # superseded job: the new one still runs
    assert state.detecting == requests[-1]
    controller.detection_ended(requests[-1])
    assert state.detecting is None


def test_changes_are_announced_for_the_views(tab, image):
    state, controller, requests = tab
    seen = []
    state.changed.connect(lambda name, value: seen.append(name))
    controller.open("a.png", image)
    assert {"path", "image", "detecting"} <= set(seen)
    seen.clear()
    controller.detection_done(requests[-1], [face(0, 0, 30, 30)])
    assert "faces" in seen and "detecting" in seen


def test_the_new_preview_is_announced_before_the_faces_it_shows(tab, image):
    state, controller, requests = tab
    controller.show_anonymised(True)
    controller.open("a.png", image)
    seen = []
    state.changed.connect(lambda name, value: seen.append(
        (name, None if state.preview is None else state.preview[:30, :30].copy())))
    controller.detection_done(requests[-1], [face(0, 0, 30, 30)])
    names = [name for name, _ in seen]
    assert names.index("preview") < names.index("faces")
    # whenever the faces are announced, the preview already has them anonymised
    preview_at_faces = dict(seen)["faces"]
    assert not np.array_equal(preview_at_faces, image[:30, :30])


# ----- same person? ---------------------------------------------------------------------

def test_a_comparison_is_shown_only_for_the_faces_on_screen(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20), face(40, 10, 70, 40)])
    request = controller.start_comparison("Faces 1 and 2")
    assert state.comparing is request and state.comparison is None
    assert controller.comparison_done(request, "answer")
    assert state.comparison == "answer" and state.comparison_label == "Faces 1 and 2"
    assert state.comparing is None
    # new faces (a threshold change) drop the answer: it named faces that may be gone
    controller.set_threshold(0.9)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20)])
    assert state.comparison is None and state.comparison_label == ""


def test_an_answer_for_an_older_image_or_older_faces_is_ignored(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20), face(40, 10, 70, 40)])
    old_faces = controller.start_comparison("Faces 1 and 2")
    controller.set_min_size(10)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20), face(40, 10, 70, 40)])
    assert not controller.comparison_done(old_faces, "late")
    old_image = controller.start_comparison("Faces 1 and 2")
    controller.open("b.png", image.copy())
    assert state.comparing is None
    assert not controller.comparison_done(old_image, "late")
    assert state.comparison is None


def test_a_failed_comparison_is_no_longer_running(tab, image):
    state, controller, requests = tab
    controller.open("a.png", image)
    controller.detection_done(requests[-1], [face(0, 0, 20, 20), face(40, 10, 70, 40)])
    request = controller.start_comparison("Faces 1 and 2")
    controller.comparison_ended(request)
    assert state.comparing is None and state.comparison is None
    # a new question clears the old answer first: its failure leaves nothing behind
    assert controller.comparison_done(controller.start_comparison("Faces 1 and 2"), "answer")
    failed = controller.start_comparison("Face 1 and broken.png")
    assert state.comparison is None and state.comparison_label == ""
    controller.comparison_ended(failed)
    assert state.comparison is None
