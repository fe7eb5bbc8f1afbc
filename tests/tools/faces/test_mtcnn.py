"""MTCNN (cvlab.tools.faces.mtcnn) on real photos with the catalogue's weights.

The weights come from the catalogue's offline set (`cvlab weights fetch mtcnn_pnet mtcnn_rnet
mtcnn_onet`); when they are missing these tests fail, naming that command.
"""

import numpy as np
import pytest
from PIL import Image

from cvlab.core.weights.loading import WeightsMissingError
from cvlab.tools.faces.mtcnn import FETCH_COMMAND, load_mtcnn, pyramid_scales

REPO_PHOTOS = "resources/samples/photos"
# The astronaut's face, measured by eye on a 10 px grid: cheek to cheek at eye level x 181-269,
# chin y 178; the bangs hide the hairline, so the top (y 62) is the usual face-box convention of
# one eyes-to-mouth distance (~40 px) above the eyes (y ~101).
ASTRONAUT_FACE = (181, 62, 269, 178)
# Hand-placed (x, y) of eyes, nose tip and mouth corners, same grid (image left first).
ASTRONAUT_MARKS = ((203, 101), (246, 102), (224, 127), (204, 142), (245, 141))
# Group canvas: China photo (1280x720) with the astronaut's head (crop below) pasted at three
# scales, (x, y, scale); bench/faces_mtcnn.py builds the same picture.
HEAD_CROP = (150, 30, 300, 210)
PASTES = ((80, 300, 0.5), (500, 150, 1.0), (900, 250, 1.8))


@pytest.fixture(scope="module")
def mtcnn():
    try:
        return load_mtcnn("cpu")
    except WeightsMissingError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def astronaut(test_data):
    return np.asarray(Image.open(test_data / "faces" / "skimage_astronaut.png").convert("RGB"))


def _group(test_data, astronaut):
    canvas = Image.open(test_data / "photos" / "sklearn_china.jpg").convert("RGB")
    canvas = canvas.resize((1280, 720), Image.LANCZOS)
    head = Image.fromarray(astronaut).crop(HEAD_CROP)
    for x, y, s in PASTES:
        canvas.paste(head.resize((round(head.width * s), round(head.height * s)), Image.LANCZOS),
                     (x, y))
    return np.asarray(canvas)


def test_astronaut_one_face_box_and_landmarks(mtcnn, astronaut):
    boxes, scores, marks = mtcnn.detect(astronaut)
    assert boxes.shape == (1, 4) and scores.shape == (1,) and marks.shape == (1, 5, 2)
    assert boxes.dtype == scores.dtype == marks.dtype == np.float32
    assert scores[0] > 0.99
    assert np.abs(boxes[0] - np.array(ASTRONAUT_FACE)).max() < 10, boxes[0]
    x0, y0, x1, y1 = boxes[0]
    pts = marks[0]
    assert np.all((pts[:, 0] > x0) & (pts[:, 0] < x1) & (pts[:, 1] > y0) & (pts[:, 1] < y1))
    left_eye, right_eye, nose, mouth_left, mouth_right = pts
    assert left_eye[0] < nose[0] < right_eye[0] and mouth_left[0] < mouth_right[0]
    assert max(left_eye[1], right_eye[1]) < nose[1] < min(mouth_left[1], mouth_right[1])
    assert np.abs(pts - np.array(ASTRONAUT_MARKS)).max() < 6, pts


@pytest.mark.parametrize("name", ["coffee", "rocket"])
def test_no_face_in_faceless_photos(mtcnn, name, repo_root):
    if name == "coffee":
        image = np.asarray(Image.open(repo_root / REPO_PHOTOS / "skimage_coffee.png")
                           .convert("RGB"))
    else:
        import skimage.data

        image = skimage.data.rocket()
    boxes, scores, marks = mtcnn.detect(image)
    assert boxes.shape == (0, 4) and scores.shape == (0,) and marks.shape == (0, 5, 2)


def test_deterministic(mtcnn, astronaut):
    first = mtcnn.detect(astronaut)
    second = mtcnn.detect(astronaut.copy())
    for a, b in zip(first, second):
        assert np.array_equal(a, b)


def test_thresholds_matter(mtcnn, astronaut, repo_root):
    # The astronaut scores ~0.9998 at O-Net: a stricter last stage drops her.
    assert len(mtcnn.detect(astronaut)[0]) == 1
    assert len(mtcnn.detect(astronaut, thresholds=(0.6, 0.7, 0.9999))[0]) == 0
    # Looser thresholds turn up (false) faces in the coffee photo, sorted by score.
    coffee = np.asarray(Image.open(repo_root / REPO_PHOTOS / "skimage_coffee.png").convert("RGB"))
    boxes, scores, _ = mtcnn.detect(coffee, thresholds=(0.3, 0.3, 0.05))
    assert len(boxes) >= 2
    assert np.all(np.diff(scores) <= 0) and scores.min() > 0.05


def test_group_of_three_faces_mapped_to_canvas(mtcnn, test_data, astronaut):
    group = _group(test_data, astronaut)
    boxes, scores, marks = mtcnn.detect(group)
    assert len(boxes) == 3 and scores.min() > 0.99
    hx, hy = HEAD_CROP[:2]
    fx0, fy0, fx1, fy1 = ASTRONAUT_FACE
    for x, y, s in PASTES:
        expected = np.array([x + (fx0 - hx) * s, y + (fy0 - hy) * s,
                             x + (fx1 - hx) * s, y + (fy1 - hy) * s])
        err = np.abs(boxes - expected).max(axis=1)
        i = int(err.argmin())
        assert err[i] < max(6.0, 10.0 * s), (expected, boxes)
        inside = ((marks[i, :, 0] > boxes[i, 0]) & (marks[i, :, 0] < boxes[i, 2])
                  & (marks[i, :, 1] > boxes[i, 1]) & (marks[i, :, 1] < boxes[i, 3]))
        assert inside.all()


def test_min_face_size(mtcnn, test_data, astronaut):
    group = _group(test_data, astronaut)
    # The half-size face is ~45x58 px: searched for from 20 px up it is found, from 100 px up
    # (pyramid starts at 12/100) it is not; the two bigger faces still are.
    assert len(mtcnn.detect(group, min_face_size=20)[0]) == 3
    boxes = mtcnn.detect(group, min_face_size=100)[0]
    assert len(boxes) == 2 and (boxes[:, 2] - boxes[:, 0]).min() > 80
    # Nothing to search when the smallest face asked for is larger than the image.
    assert pyramid_scales(720, 1280, 721, 0.709) == []
    boxes, scores, marks = mtcnn.detect(group, min_face_size=721)
    assert boxes.shape == (0, 4) and scores.shape == (0,) and marks.shape == (0, 5, 2)
    assert len(pyramid_scales(720, 1280, 20, 0.709)) == 11


def test_rejects_bad_input(mtcnn):
    with pytest.raises(ValueError):
        mtcnn.detect(np.zeros((64, 64), np.uint8))
    with pytest.raises(ValueError):
        mtcnn.detect(np.zeros((64, 64, 3), np.float32))


def test_missing_weights_name_the_fetch_command(monkeypatch, tmp_path):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError) as info:
        load_mtcnn()
    assert FETCH_COMMAND in str(info.value)
    assert FETCH_COMMAND == "cvlab weights fetch mtcnn_pnet mtcnn_rnet mtcnn_onet"
