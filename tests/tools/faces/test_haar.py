"""Viola–Jones (OpenCV Haar cascades): frontal + mirrored profile, level weights as scores."""

import numpy as np
import pytest

from cvlab.core.images import load_image
from cvlab.tools.faces import haar
from cvlab.tools.faces.haar import DEFAULT_LEVEL_WEIGHT, detect_haar

ASTRONAUT_FACE = np.array([181, 78, 268, 175], np.float32)   # measured by eye (brow to chin)


@pytest.fixture(scope="module")
def astronaut(test_data):
    return load_image(test_data / "faces" / "skimage_astronaut.png")


def test_finds_the_astronaut(astronaut):
    boxes, scores = detect_haar(astronaut)
    assert boxes.shape == (1, 4) and boxes.dtype == np.float32 and scores.dtype == np.float32
    assert np.abs(boxes[0] - ASTRONAUT_FACE).max() < 20
    assert scores[0] > DEFAULT_LEVEL_WEIGHT


def test_no_face_in_the_coffee_cup(repo_root):
    coffee = load_image(repo_root / "resources/samples/photos/skimage_coffee.png")
    boxes, scores = detect_haar(coffee)
    assert boxes.shape == (0, 4) and scores.shape == (0,)


def test_threshold_is_a_level_weight(astronaut):
    _, scores = detect_haar(astronaut, threshold=-100)
    boxes, _ = detect_haar(astronaut, threshold=float(scores.max()) + 0.01)
    assert len(boxes) == 0


def test_profile_faces_are_found_turned_either_way(astronaut, monkeypatch):
    # Frontal cascade on the image; profile cascade on the image and on its mirror.
    calls = []
    real = haar._run_cascade

    def spy(name, gray, min_size, mirrored):
        calls.append((name, mirrored))
        return real(name, gray, min_size, mirrored)

    monkeypatch.setattr(haar, "_run_cascade", spy)
    detect_haar(astronaut)
    assert calls == [(haar.FRONTAL_CASCADE, False), (haar.PROFILE_CASCADE, False),
                     (haar.PROFILE_CASCADE, True)]
    calls.clear()
    detect_haar(astronaut, profile=False)
    assert calls == [(haar.FRONTAL_CASCADE, False)]


def test_mirrored_run_maps_boxes_back(astronaut):
    import cv2

    gray = np.ascontiguousarray(
        cv2.equalizeHist(cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY))[:, ::-1])
    raw, raw_scores = haar._run_cascade(haar.FRONTAL_CASCADE, gray, 20, False)
    mapped, scores = haar._run_cascade(haar.FRONTAL_CASCADE, gray, 20, True)
    width = gray.shape[1]
    assert len(raw) >= 1 and scores.tolist() == raw_scores.tolist()
    assert mapped.tolist() == np.column_stack([width - raw[:, 2], raw[:, 1], width - raw[:, 0],
                                               raw[:, 3]]).tolist()


def test_mirrored_face_is_still_found_in_place(astronaut):
    flipped = np.ascontiguousarray(astronaut[:, ::-1])
    boxes, _ = detect_haar(flipped)
    width = astronaut.shape[1]
    expected = np.array([width - ASTRONAUT_FACE[2], ASTRONAUT_FACE[1],
                         width - ASTRONAUT_FACE[0], ASTRONAUT_FACE[3]])
    assert len(boxes) == 1 and np.abs(boxes[0] - expected).max() < 20


def test_merge_drops_overlapping_and_contained_boxes():
    boxes = np.array([[0, 0, 100, 100], [5, 5, 105, 105], [40, 10, 90, 60],
                      [200, 200, 250, 250]], np.float32)
    keep = haar._merge(boxes, np.array([7.0, 3.0, 5.0, 4.0], np.float32))
    assert keep.tolist() == [0, 3]


def test_min_size_and_layouts(astronaut):
    assert len(detect_haar(astronaut, min_size=120)[0]) == 0
    gray = astronaut[..., 0]
    assert len(detect_haar(gray)[0]) <= 1
    rgba16 = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)]).astype(
        np.uint16) * 257
    boxes, _ = detect_haar(rgba16)
    assert len(boxes) == 1 and np.abs(boxes[0] - ASTRONAUT_FACE).max() < 20
