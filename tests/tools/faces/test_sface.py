"""SFace (OpenCV zoo, int8 block-quantised ONNX) dequantised and run as PyTorch.

The ONNX file comes from the catalogue's offline set (`cvlab weights fetch sface`); when it is
missing these tests fail naming that command. The PyTorch run is checked against onnxruntime
(a project dependency) running the very same file, on crops of skimage's astronaut.
"""

import numpy as np
import pytest
from PIL import Image

from cvlab.core.weights.loading import WeightsMissingError
from cvlab.tools.faces import sface as S

# Measured against onnxruntime 1.32 on the five crops below: max |diff| of fc1 2.9e-6 .. 7.6e-6
# with |fc1| values up to ~2.9; cosine similarity 1 to 7 decimals.
FC1_ATOL = 1e-4
MIN_COSINE = 1 - 1e-6


@pytest.fixture(scope="module")
def sface():
    try:
        return S.load_sface()
    except WeightsMissingError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def onnxruntime_session():
    import onnx
    import onnxruntime as ort

    model = onnx.load(str(S.sface_path()))
    # The exporter listed every weight among the graph inputs as well; onnxruntime would ask
    # for those no node reads, so only the used ones are kept.
    used = {i for n in model.graph.node for i in n.input}
    keep = [i for i in model.graph.input if i.name in used]
    del model.graph.input[:]
    model.graph.input.extend(keep)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(model.SerializeToString(), options,
                                providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def crops(test_data) -> dict[str, np.ndarray]:
    import cv2

    image = np.asarray(Image.open(test_data / "faces" / "skimage_astronaut.png").convert("RGB"))

    def crop(cx, cy, side, mirror=False):
        x0, y0 = cx - side // 2, cy - side // 2
        c = image[y0:y0 + side, x0:x0 + side]
        if mirror:
            c = c[:, ::-1]
        return cv2.resize(np.ascontiguousarray(c), (112, 112), interpolation=cv2.INTER_AREA)

    return {"face": crop(227, 128, 120), "loose": crop(227, 125, 170),
            "shifted": crop(235, 135, 110), "mirrored": crop(227, 128, 120, mirror=True),
            "background": crop(420, 420, 112)}


def test_pytorch_matches_onnxruntime(sface, onnxruntime_session, crops):
    for name, face in crops.items():
        data = face.transpose(2, 0, 1)[None].astype(np.float32)
        ref = onnxruntime_session.run(None, {"data": data})[0]
        ours = sface.raw(data)
        assert ours.shape == ref.shape == (1, S.EMBEDDING_SIZE)
        np.testing.assert_allclose(ours, ref, atol=FC1_ATOL, rtol=0, err_msg=name)
        assert S.cosine_similarity(ours, ref) > MIN_COSINE, name


def test_embed_is_unit_length_and_batches(sface, crops):
    faces = np.stack([crops["face"], crops["mirrored"]])
    batch = sface.embed(faces)
    assert batch.shape == (2, S.EMBEDDING_SIZE) and batch.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(sface.embed(crops["face"])[0], batch[0], atol=1e-5)
    # The same crop mirrored stays close; a crop of the background does not.
    assert S.cosine_similarity(batch[0], batch[1]) > 0.8
    assert S.cosine_similarity(batch[0], sface.embed(crops["background"])[0]) < 0.4
    with pytest.raises(ValueError, match="112x112"):
        sface.embed(np.zeros((100, 100, 3), np.uint8))


def test_graph_is_folded_to_the_ops_it_runs():
    graph = S.read_onnx_chain(S.sface_path())
    ops = {n.op for n in graph.nodes}
    assert ops <= S._RUN and "DequantizeLinear" not in ops
    assert graph.input_name == "data" and graph.output_name == "fc1"
    assert all(v.dtype != np.int8 for v in graph.constants.values())


def test_dequantize_blocked_by_hand():
    q = np.array([[1, 2, 3, 4, 5], [-1, -2, -3, -4, -5]], np.int8)
    scale = np.array([[0.5, 2.0, 10.0], [1.0, 0.25, 3.0]], np.float32)
    zp = np.array([[1, 0, 5], [0, -2, 0]], np.int8)
    # Blocks of 2 along axis 1: columns {0,1}, {2,3}, {4} (short last block).
    expected = np.array([[0.0, 0.5, 6.0, 8.0, 0.0], [-1.0, -2.0, -0.25, -0.5, -15.0]])
    np.testing.assert_allclose(S.dequantize_blocked(q, scale, zp, axis=1, block_size=2),
                               expected)
    # Blocks of 1 along axis 0 with one column: per-row scales.
    np.testing.assert_allclose(
        S.dequantize_blocked(np.array([[4], [4]], np.int8), np.array([[0.5], [2.0]]),
                             axis=0, block_size=1), [[2.0], [8.0]])
    # Per-axis (block_size 0).
    np.testing.assert_allclose(
        S.dequantize_blocked(q[:, :2], np.array([1.0, 3.0]), axis=1), [[1, 6], [-1, -6]])
    with pytest.raises(ValueError, match="blocks"):
        S.dequantize_blocked(q, scale[:, :2], axis=1, block_size=2)


def test_unsupported_op_is_named(tmp_path):
    import onnx
    from onnx import TensorProto, helper

    node = helper.make_node("Softmax", ["x"], ["y"])
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                          [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    path = tmp_path / "softmax.onnx"
    onnx.save(helper.make_model(graph), str(path))
    with pytest.raises(ValueError, match="Softmax"):
        S.read_onnx_chain(path)


def test_missing_weights_name_the_fetch_command(monkeypatch, tmp_path):
    from cvlab.core.weights.store import WEIGHTS_DIR_ENV

    monkeypatch.setenv(WEIGHTS_DIR_ENV, str(tmp_path))
    with pytest.raises(WeightsMissingError, match=S.FETCH_COMMAND):
        S.load_sface()
