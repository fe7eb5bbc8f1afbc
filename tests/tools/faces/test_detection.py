"""detect_faces: one API over every detector, tiling, merging, export; and FaceNet
"same person?" (recognition.py), whose tests live at the end of this file."""

import csv
import io
import json

import numpy as np
import pytest

from cvlab.core.cancel import Cancelled
from cvlab.core.jobs import ToolModels
from cvlab.tools.faces import detection
from cvlab.tools.faces.boxes import box_iou, nms
from cvlab.tools.faces.detection import (
    DEFAULT_THRESHOLD,
    DETECTORS,
    Face,
    detect_faces,
    faces_to_csv,
    faces_to_json,
    tile_origins,
)

# ----- a stand-in detector ----------------------------------------------------------------


class SquareFinder:
    """BlazeFace-like stand-in: every bright square is a "face" (score = brightness / 255),
    found only if it is at least ``min_px`` pixels wide in a ``letterbox``-pixel letterbox of
    the image it is given — the reason real BlazeFace needs tiling on large photos. A square
    cut by the crop edge is reported cut, as a real detector would."""

    def __init__(self, letterbox=128, min_px=4.0):
        self.letterbox, self.min_px = letterbox, min_px
        self.calls = []

    def detect(self, rgb, *, threshold=0.5):
        import cv2

        assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
        self.calls.append(rgb.shape)
        gray = rgb[..., 0]
        n, _, stats, _ = cv2.connectedComponentsWithStats((gray >= 100).astype(np.uint8))
        shrink = self.letterbox / max(rgb.shape[:2])
        boxes, scores, kps = [], [], []
        for x, y, w, h, _area in stats[1:n]:
            score = float(gray[y, x]) / 255
            if min(w, h) * shrink < self.min_px or score < threshold:
                continue
            boxes.append([x, y, x + w, y + h])
            scores.append(score)
            kps.append([[x + w * 0.3, y + h * 0.4], [x + w * 0.7, y + h * 0.4],
                        [x + w * 0.5, y + h * 0.6], [x + w * 0.5, y + h * 0.8],
                        [x, y + h * 0.5], [x + w, y + h * 0.5]])
        return (np.array(boxes, np.float32).reshape(-1, 4), np.array(scores, np.float32),
                np.array(kps, np.float32).reshape(-1, 6, 2))


@pytest.fixture
def fake_blazeface(monkeypatch):
    finder = SquareFinder()
    loads = []

    def load(detector, device):
        loads.append((detector, str(device)))
        return finder

    monkeypatch.setattr(detection, "_load_model", load)
    finder.loads = loads
    return finder


def _squares_image(shape, squares):
    image = np.zeros(shape, np.uint8)
    for x, y, side, value in squares:
        image[y:y + side, x:x + side] = value
    return image


# ----- geometry ---------------------------------------------------------------------------

def test_tile_origins_cover_the_image_with_the_overlap():
    assert tile_origins(800, 1024, 256) == [0]
    starts = tile_origins(3000, 1024, 256)
    assert starts[0] == 0 and starts[-1] == 3000 - 1024
    assert all(b - a <= 1024 - 256 for a, b in zip(starts, starts[1:]))


def test_nms_keeps_the_higher_score_and_separate_boxes():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60]], np.float32)
    keep = nms(boxes, np.array([0.5, 0.9, 0.7]), 0.4)
    assert keep.tolist() == [1, 2]
    assert box_iou(boxes[:1], boxes[:1])[0, 0] == pytest.approx(1.0)


# ----- detect_faces with the stand-in -----------------------------------------------------

def test_small_faces_in_a_large_photo_need_tiles_and_map_back_exactly(fake_blazeface):
    # 3000 x 2000 with 40-px "faces", several straddling tile edges (tiles 1024, step 768).
    squares = [(100, 100, 40, 250), (760, 500, 40, 240), (1010, 1010, 40, 230),
               (1530, 760, 40, 220), (2960, 1960, 40, 210), (2290, 40, 40, 200),
               (1535, 1530, 40, 255)]
    image = _squares_image((2000, 3000, 3), squares)
    untiled = detect_faces(image, "blazeface", tile=0)
    assert untiled == []     # 40 px is 1.7 px in a 128-px letterbox: invisible
    fake_blazeface.calls.clear()
    faces = detect_faces(image, "blazeface", min_size=10)
    # the whole image, then tiles of 1024 (4 × 3), 512, 256 and 128 px
    assert len(fake_blazeface.calls) > 1 + 4 * 3
    assert len(faces) == len(squares)
    expected = {(x, y, x + s, y + s) for x, y, s, _ in squares}
    assert {tuple(int(v) for v in f.box) for f in faces} == expected
    for f in faces:
        assert f.box.dtype == np.float32 and f.box.shape == (4,)
        x0, y0, x1, y1 = f.box
        assert f.landmarks.shape == (6, 2)
        assert f.landmarks[2] == pytest.approx([(x0 + x1) / 2, y0 + 0.6 * (y1 - y0)])
    assert [f.score for f in faces] == sorted((f.score for f in faces), reverse=True)


def test_tiles_report_progress_and_cancel_between_tiles(fake_blazeface):
    image = np.zeros((2000, 3000, 3), np.uint8)
    seen = []
    detect_faces(image, "blazeface", progress=lambda f, msg: seen.append((f, msg)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert "tile 12 of 12" in next(msg for f, msg in seen if f == pytest.approx(1 / 4))
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 3

    fake_blazeface.calls.clear()
    with pytest.raises(Cancelled):
        detect_faces(image, "blazeface", cancelled=cancelled)
    assert 0 < len(fake_blazeface.calls) < 12


def test_models_are_loaded_once_into_the_cache(fake_blazeface):
    models = ToolModels.local("faces")
    image = _squares_image((200, 200, 3), [(50, 50, 60, 255)])
    for _ in range(3):
        assert len(detect_faces(image, "blazeface-full", models=models)) == 1
    assert fake_blazeface.loads == [("blazeface-full", "cpu")]
    assert models.cache.keys() == [("faces", "blazeface-full", "cpu")]
    detect_faces(image, "blazeface")
    assert len(fake_blazeface.loads) == 2   # no cache given: loaded each time


def test_threshold_min_size_clipping_and_order(fake_blazeface, monkeypatch):
    image = _squares_image((300, 300, 3), [(10, 10, 60, 150), (100, 100, 15, 250),
                                            (150, 150, 80, 230)])
    faces = detect_faces(image, "blazeface", threshold=0.5)
    assert [int(f.box[0]) for f in faces] == [150, 10]        # the 15-px one is < min_size 20
    assert [int(f.box[0]) for f in detect_faces(image, "blazeface", threshold=0.5,
                                                          min_size=10)] == [100, 150,
                                                                                     10]
    assert [int(f.box[0]) for f in detect_faces(image, "blazeface", threshold=0.8)] == [150]
    assert faces[0].landmark_names[0] == "right_eye" and faces[0].detector == "blazeface"

    class Outside:
        def detect(self, rgb, *, threshold=0.5):
            return (np.array([[-20, -10, 100, 120], [250, 250, 400, 400]], np.float32),
                    np.array([0.9, 0.8], np.float32), None)

    monkeypatch.setattr(detection, "_load_model", lambda d, dev: Outside())
    clipped = detect_faces(image, "blazeface")
    assert [f.box.tolist() for f in clipped] == [[0, 0, 100, 120], [250, 250, 300, 300]]
    assert clipped[0].landmarks is None and clipped[0].landmark_names == ()


@pytest.mark.parametrize("layout", ["gray", "rgba", "uint16", "float"])
def test_every_image_layout_is_accepted(fake_blazeface, layout):
    rgb = _squares_image((200, 200, 3), [(50, 50, 60, 255)])
    image = {"gray": rgb[..., 0], "rgba": np.dstack([rgb, np.full((200, 200), 255, np.uint8)]),
             "uint16": rgb.astype(np.uint16) * 257, "float": rgb.astype(np.float32) / 255}[layout]
    faces = detect_faces(image, "blazeface")
    assert [f.box.tolist() for f in faces] == [[50, 50, 110, 110]]


def test_mtcnn_gets_its_o_net_threshold_and_min_face_size(monkeypatch):
    calls = []

    class FakeMTCNN:
        def detect(self, rgb, *, min_face_size=20, thresholds=(0.6, 0.7, 0.7)):
            calls.append((min_face_size, thresholds))
            marks = np.arange(10, dtype=np.float32).reshape(1, 5, 2) + 20
            return np.array([[10, 10, 60, 60]], np.float32), np.array([0.95]), marks

    monkeypatch.setattr(detection, "_load_model", lambda d, dev: FakeMTCNN())
    faces = detect_faces(np.zeros((100, 100, 3), np.uint8), "mtcnn", min_size=30)
    assert calls == [(30, (0.6, 0.7, DEFAULT_THRESHOLD["mtcnn"]))]
    assert faces[0].landmark_names == ("left_eye", "right_eye", "nose", "mouth_left",
                                       "mouth_right")
    detect_faces(np.zeros((100, 100, 3), np.uint8), "mtcnn", threshold=0.9)
    assert calls[-1][1] == (0.6, 0.7, 0.9)


def test_unknown_detector_and_bad_arguments():
    with pytest.raises(ValueError, match="unknown face detector"):
        detect_faces(np.zeros((10, 10, 3), np.uint8), "yolo")
    with pytest.raises(ValueError, match="min_size"):
        detect_faces(np.zeros((10, 10, 3), np.uint8), "haar", min_size=-1)
    assert set(DETECTORS) == set(DEFAULT_THRESHOLD) == set(detection.THRESHOLD_RANGE) == {
        "mtcnn", "blazeface", "blazeface-full", "haar"}
    for name, (low, high) in detection.THRESHOLD_RANGE.items():
        assert low < DEFAULT_THRESHOLD[name] < high


def test_json_and_csv_export():
    faces = [Face(np.array([1, 2, 30, 40], np.float32), 0.91234, np.array(
        [[5, 6], [7, 8]], np.float32), ("left_eye", "right_eye"), "mtcnn"),
        Face(np.array([50, 50, 80, 90], np.float32), 4.5, None, (), "haar")]
    data = json.loads(json.dumps(faces_to_json(faces)))
    assert data[0] == {"detector": "mtcnn", "score": 0.9123, "box": [1, 2, 30, 40],
                       "landmarks": {"left_eye": [5, 6], "right_eye": [7, 8]}}
    assert "landmarks" not in data[1]
    rows = list(csv.reader(io.StringIO(faces_to_csv(faces))))
    assert rows[0] == ["index", "detector", "score", "x0", "y0", "x1", "y1", "left_eye_x",
                       "left_eye_y", "right_eye_x", "right_eye_y"]
    assert rows[1][:4] == ["0", "mtcnn", "0.9123", "1.00"] and rows[1][-1] == "8.00"
    assert rows[2][-4:] == ["", "", "", ""]
    assert faces_to_csv([]).strip() == "index,detector,score,x0,y0,x1,y1"


# ----- real detectors on the astronaut (needs weights for MTCNN / BlazeFace) --------------

ASTRONAUT_FACE = np.array([181, 78, 268, 175], np.float32)   # measured by eye (brow to chin)


def test_haar_through_detect_faces(test_data):
    from cvlab.core.images import load_image

    faces = detect_faces(load_image(test_data / "faces" / "skimage_astronaut.png"), "haar")
    assert len(faces) == 1 and faces[0].detector == "haar"
    assert np.abs(faces[0].box - ASTRONAUT_FACE).max() < 20


@pytest.mark.parametrize("name", ["mtcnn", "blazeface", "blazeface-full"])
def test_real_detectors_find_the_astronaut(test_data, name):
    from cvlab.core.images import load_image
    from cvlab.core.weights.loading import WeightsMissingError

    image = load_image(test_data / "faces" / "skimage_astronaut.png")
    try:
        faces = detect_faces(image, name, models=ToolModels.local("faces"))
    except WeightsMissingError as exc:
        pytest.skip(str(exc))
    assert len(faces) == 1
    assert np.abs(faces[0].box - ASTRONAUT_FACE).max() < 25
    marks = dict(zip(faces[0].landmark_names, faces[0].landmarks))
    eyes = [marks[n] for n in faces[0].landmark_names if n.endswith("eye")]
    assert len(eyes) == 2
    for eye in eyes:   # both eyes at y ≈ 101, x within the face's middle
        assert abs(eye[1] - 101) < 10 and 185 < eye[0] < 265
    # 4 tiles of 300 px (overlap 75 px, smaller than this 100-px face): still one box for the
    # face, in the same place. (Tiles can add weaker false detections elsewhere: BlazeFace
    # short range finds a 0.57 "face" on the arm patch in a 300-px tile.)
    tiled = detect_faces(image, name, tile=300)
    assert np.abs(tiled[0].box - faces[0].box).max() < 25
    assert all(box_iou(f.box, tiled[0].box)[0, 0] == 0 for f in tiled[1:])


# ----- recognition (FaceNet) --------------------------------------------------------------

# Facts from facenet-pytorch 2.6.0, facenet_pytorch/models/inception_resnet_v1.py: its
# InceptionResnetV1 state dict (logits excluded) has 714 entries; these are some of them.
FACENET_KEYS = {
    "conv2d_1a.conv.weight": (32, 3, 3, 3),
    "conv2d_1a.bn.running_var": (32,),
    "repeat_1.0.conv2d.bias": (256,),
    "repeat_1.4.branch2.2.conv.weight": (32, 32, 3, 3),
    "mixed_6a.branch1.2.conv.weight": (256, 192, 3, 3),
    "repeat_2.9.branch1.1.conv.weight": (128, 128, 1, 7),
    "repeat_2.9.branch1.2.conv.weight": (128, 128, 7, 1),
    "mixed_7a.branch2.2.bn.weight": (256,),
    "repeat_3.4.conv2d.weight": (1792, 384, 1, 1),
    "block8.branch1.2.conv.weight": (192, 192, 3, 1),
    "block8.conv2d.bias": (1792,),
    "last_linear.weight": (512, 1792),
    "last_bn.running_mean": (512,),
    "last_bn.num_batches_tracked": (),
}


@pytest.fixture(scope="module")
def random_embedder():
    import torch

    from cvlab.tools.faces.recognition import build_inception_resnet_v1

    torch.manual_seed(0)
    return build_inception_resnet_v1()


def test_facenet_state_dict_matches_the_reference_names(random_embedder):
    state = random_embedder.state_dict()
    assert len(state) == 714
    for key, shape in FACENET_KEYS.items():
        assert tuple(state[key].shape) == shape, key
    assert not any(k.startswith("logits") for k in state)
    params = sum(v.numel() for k, v in state.items() if not k.endswith("num_batches_tracked"))
    assert params == 23_512_224


def test_random_embedder_gives_unit_vectors_and_distance_zero_for_the_same_face(
        random_embedder, test_data):
    from cvlab.core.images import load_image
    from cvlab.tools.faces.recognition import embed, embed_crops, same_person

    crops = np.random.default_rng(0).integers(0, 256, (3, 160, 160, 3), dtype=np.uint8)
    vectors = embed_crops(random_embedder, crops)
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(3), abs=1e-5)
    image = load_image(test_data / "faces" / "skimage_astronaut.png")
    a = embed(random_embedder, image, ASTRONAUT_FACE)
    b = embed(random_embedder, image.copy(), ASTRONAUT_FACE)
    distance, same = same_person(a, b)
    assert distance == pytest.approx(0.0, abs=1e-5) and same
    assert same_person(vectors[0], -vectors[0]) == (pytest.approx(2.0), False)


def test_loading_keeps_embeddings_and_drops_the_training_logits(random_embedder):
    import torch

    from cvlab.tools.faces.recognition import build_inception_resnet_v1, load_state_into

    state = dict(random_embedder.state_dict())
    state["logits.weight"] = torch.zeros(8631, 512)
    state["logits.bias"] = torch.zeros(8631)
    fresh = build_inception_resnet_v1()
    load_state_into(fresh, state)
    x = torch.randn(1, 3, 160, 160)
    with torch.inference_mode():
        assert torch.allclose(fresh(x), random_embedder(x))
    del state["last_linear.weight"]
    with pytest.raises(ValueError, match="last_linear.weight"):
        load_state_into(build_inception_resnet_v1(), state)


def test_face_crop_pads_outside_the_image():
    from cvlab.tools.faces.recognition import face_crop

    image = np.full((100, 100, 3), 200, np.uint8)
    crop = face_crop(image, [-50, -50, 50, 50], margin=0)
    assert crop.shape == (160, 160, 3) and crop.dtype == np.uint8
    assert crop[:70, :70].max() == 0 and crop[90:, 90:].min() == 200
    gray = face_crop(np.zeros((50, 60), np.uint16), [10, 10, 30, 40])
    assert gray.shape == (160, 160, 3)
    with pytest.raises(ValueError, match="empty face box"):
        face_crop(image, [10, 10, 10, 40])


def test_missing_facenet_weights_name_the_fetch_command(monkeypatch, tmp_path):
    from cvlab.core.weights.loading import WeightsMissingError
    from cvlab.tools.faces.recognition import load_embedder, weights_entry

    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    entry = weights_entry()
    assert entry.filename == "20180402-114759-vggface2.pt" and not entry.offline
    with pytest.raises(WeightsMissingError, match="cvlab weights fetch facenet_vggface2"):
        load_embedder("cpu")


def test_a_huge_photo_is_searched_in_tiles_by_every_detector(monkeypatch):
    # MTCNN on a 13000² photo as one tensor needed 2 GB and then its pyramid; above
    # LARGE_IMAGE_PIXELS it works in tiles, and faces come back in the photo's pixels.
    finder = SquareFinder(letterbox=10_000, min_px=1.0)

    class MtcnnLike:
        def detect(self, rgb, *, min_face_size, thresholds):
            boxes, scores, marks = finder.detect(rgb, threshold=thresholds[-1])
            return boxes, scores, marks[:, :5]

    monkeypatch.setattr(detection, "_load_model", lambda detector, device: MtcnnLike())
    side = int(detection.LARGE_IMAGE_PIXELS ** 0.5) + 200
    squares = [(50, 60, 80, 250), (side - 300, side - 200, 90, 240), (2010, 2030, 70, 230)]
    faces = detect_faces(_squares_image((side, side, 3), squares), "mtcnn")
    assert max(max(shape[:2]) for shape in finder.calls) <= detection.LARGE_IMAGE_TILE
    assert {tuple(int(v) for v in f.box) for f in faces} == {
        (x, y, x + s, y + s) for x, y, s, _ in squares}
