"""The OCR model layer: PP-OCRv4 det/rec and the mobile v2 direction classifier, run through
onnx2torch (after our ONNX surgery and module rewrites, then frozen: test_frozen_graph.py) and
through onnxruntime.

The ONNX files come from the catalogue's offline set (`cvlab weights fetch ppocrv4_det
ppocrv4_rec ppocr_mobile_v2_cls`). When they are missing these tests fail, naming the fetch
command: a skip would hide the gap.
"""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cvlab.core.weights.loading import WeightsMissingError
from cvlab.tools.ocr import models as M
from cvlab.tools.ocr import onnx_fix

TOLERANCE = 1e-3
# Hand-picked text lines of the scikit-image page: (top, bottom, left, right) and their text.
PAGE_LINES = (
    ((6, 40, 0, 300), "Region-based segmentation"),
    ((44, 66, 0, 384), "Let us first determine markers of the coins and the"),
    ((63, 84, 0, 384), "background.These markers are pixels that we can label"),
    ((81, 101, 0, 384), "unambiguously as either object or background.Here,"),
)
HELLO = "Hello World 2024"


@pytest.fixture(scope="module")
def backends(tmp_path_factory):
    cache = tmp_path_factory.mktemp("ocr-cache")
    try:
        torch_backend = M.load_backend("torch", cache_dir=cache)
        ort_backend = M.load_backend("onnxruntime", threads=2)
    except WeightsMissingError as exc:
        pytest.fail(str(exc))
    return torch_backend, ort_backend, cache


@pytest.fixture(scope="module")
def page(test_data) -> np.ndarray:
    return np.asarray(Image.open(test_data / "ocr" / "skimage_page.png").convert("RGB"))


@pytest.fixture(scope="module")
def page_crops(page) -> list[np.ndarray]:
    return [page[top:bottom, left:right] for (top, bottom, left, right), _ in PAGE_LINES]


def render_line(text: str, height: int = 48) -> np.ndarray:
    """Black text on white, in Pillow's bundled font (no system fonts needed)."""
    font = ImageFont.load_default(size=height * 2 // 3)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("RGB", (right - left + 16, height), "white")
    ImageDraw.Draw(image).text((8 - left, (height - (bottom - top)) // 2 - top), text,
                               fill="black", font=font)
    return np.asarray(image)


def greedy_ctc(probabilities: np.ndarray, characters: list[str]) -> str:
    best = probabilities.argmax(-1)
    kept = [i for j, i in enumerate(best) if i != M.BLANK_INDEX and (j == 0 or best[j - 1] != i)]
    return "".join(characters[i] for i in kept).strip()


def similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


# ----- preprocessing ------------------------------------------------------------------------

def test_det_input_size_rule():
    assert M.det_input_size(191, 384) == (192, 384)  # no upscaling, rounded to 32
    assert M.det_input_size(1000, 2000) == (480, 960)  # longer side limited to 960
    assert M.det_input_size(10, 10) == (32, 32)  # at least 32
    assert M.det_input_size(100, 200, limit_side=736, limit_type="min") == (736, 1472)


def test_normalise_flips_to_bgr_and_scales_to_unit_range():
    red = np.zeros((40, 100, 3), np.uint8)
    red[..., 0] = 255
    det = M.normalise_det(red)
    assert det.shape == (1, 3, 32, 96) and det.dtype == np.float32
    np.testing.assert_allclose(det[0, :, 5, 5], [-1.0, -1.0, 1.0])  # B, G, R
    rec = M.normalise_rec(red, 320)
    assert rec.shape == (3, 48, 320)
    np.testing.assert_allclose(rec[:, 10, 10], [-1.0, -1.0, 1.0])
    assert np.all(rec[:, :, 120:] == 0)  # 100 * 48/40 = 120 columns of image, then padding
    cls = M.normalise_cls(np.full((10, 500, 3), 255, np.uint8))
    assert cls.shape == (3, 48, 192) and np.all(cls == 1.0)  # capped at 192, no padding


def test_rec_batch_width_follows_paddle():
    assert M.rec_batch_width([np.zeros((48, 100, 3), np.uint8)]) == 320
    assert M.rec_batch_width([np.zeros((20, 400, 3), np.uint8)]) == 960
    assert M.rec_batch([np.zeros((20, 400, 3), np.uint8)] * 2).shape == (2, 3, 48, 960)


def test_models_module_imports_no_torch():
    code = ("import sys, cvlab.tools.ocr.models; "
            "assert not {'torch', 'onnx', 'onnxruntime', 'torchvision'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# ----- weights and loading ------------------------------------------------------------------

@pytest.mark.parametrize("name", M.BACKENDS)
def test_missing_weights_name_the_fetch_command(name, tmp_path, monkeypatch):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError,
                       match="cvlab weights fetch ppocrv4_det ppocrv4_rec ppocr_mobile_v2_cls"):
        M.load_backend(name)


def test_unknown_backend():
    with pytest.raises(ValueError, match="onnxruntime"):
        M.load_backend("tensorflow")


def test_fixed_onnx_is_cached(backends):
    _, _, cache = backends
    files = sorted(p.name for p in cache.glob("*.fixed-*.onnx"))
    assert len(files) == 3, files
    entry = M.model_paths()[M.CLS]
    before = {p: p.stat().st_mtime_ns for p in cache.iterdir()}
    proto = onnx_fix.fixed_onnx(entry, M.file_sha256(entry), cache_dir=cache, input_height=48)
    assert {p: p.stat().st_mtime_ns for p in cache.iterdir()} == before  # read, not rewritten
    assert not any(n.op_type == "Constant" for n in proto.graph.node)
    assert len(proto.graph.initializer) > 0


def test_rewrites_fired(backends):
    torch_backend, _, _ = backends
    for model, min_folded in ((M.DET, 50), (M.REC, 50), (M.CLS, 30)):
        counts = torch_backend.modules[model].info["rewrites"]  # kept by the frozen module
        assert counts["folded_into_conv"] >= min_folded, (model, counts)
        assert counts["hardswish"] >= 18, (model, counts)
    assert torch_backend.modules[M.REC].info["rewrites"]["slices"] > 0


def test_characters(backends):
    torch_backend, ort_backend, _ = backends
    chars = torch_backend.characters
    assert chars == ort_backend.characters
    assert len(chars) == 6625 and chars[M.BLANK_INDEX] == M.BLANK and chars[-1] == " "
    for needed in ["中", "京", "A", "z", "0", "9", "-", "."]:
        assert needed in chars, needed
    assert len(set(chars[1:-1])) == 6623


# ----- agreement torch vs onnxruntime -------------------------------------------------------

def test_det_agrees_and_keeps_shape(backends, page):
    torch_backend, ort_backend, _ = backends
    full = M.normalise_det(page)
    assert full.shape == (1, 3, 192, 384)
    other = M.normalise_det(page[:100, :300])  # (1,3,96,288)
    for batch in (full, other):
        out_t, out_o = torch_backend.det(batch), ort_backend.det(batch)
        assert out_t.shape == out_o.shape == (1, 1, *batch.shape[2:])
        assert np.abs(out_t - out_o).max() <= TOLERANCE
    assert out_t.max() > 0.9 and out_t.min() < 0.1  # text and background both present


def test_rec_agrees_and_reads_the_page(backends, page_crops):
    torch_backend, ort_backend, _ = backends
    outputs = []
    for width in (None, 480):  # the batch's own width, and another one
        batch = M.rec_batch(page_crops, width)
        out_t, out_o = torch_backend.rec(batch), ort_backend.rec(batch)
        assert out_t.shape == out_o.shape == (len(page_crops), batch.shape[3] // 8, 6625)
        assert np.abs(out_t - out_o).max() <= TOLERANCE
        np.testing.assert_allclose(out_t.sum(-1), 1.0, atol=1e-4)  # softmax as exported
        outputs.append(out_t)
    for row, (_, truth) in zip(outputs[0], PAGE_LINES):
        assert similarity(greedy_ctc(row, torch_backend.characters), truth) > 0.9


def test_rec_reads_a_rendered_line(backends):
    torch_backend, ort_backend, _ = backends
    batch = M.rec_batch([render_line(HELLO)])
    text_t = greedy_ctc(torch_backend.rec(batch)[0], torch_backend.characters)
    text_o = greedy_ctc(ort_backend.rec(batch)[0], ort_backend.characters)
    assert text_t == text_o
    assert similarity(text_t, HELLO) > 0.85, text_t


def test_cls_agrees_and_sees_upside_down(backends, page_crops):
    torch_backend, ort_backend, _ = backends
    line = render_line(HELLO)
    batch = M.cls_batch([line, line[::-1, ::-1], *page_crops[:2]])
    out_t, out_o = torch_backend.cls(batch), ort_backend.cls(batch)
    assert out_t.shape == out_o.shape == (4, 2)
    assert np.abs(out_t - out_o).max() <= TOLERANCE
    assert out_t[0, 0] > 0.9 and out_t[1, 1] > 0.9
    one = torch_backend.cls(batch[:1])
    assert one.shape == (1, 2)


def test_input_checks(backends):
    torch_backend, _, _ = backends
    with pytest.raises(ValueError, match="multiples of 32"):
        torch_backend.det(np.zeros((1, 3, 100, 96), np.float32))
    with pytest.raises(ValueError, match="height must be 48"):
        torch_backend.rec(np.zeros((1, 3, 32, 320), np.float32))


def test_onnx_slice_matches_numpy():
    import torch

    x = torch.arange(2 * 5 * 7).reshape(2, 5, 7)
    out = onnx_fix.onnx_slice(x, torch.tensor([1, -1]), torch.tensor([4, -8]),
                              torch.tensor([1, 2]), torch.tensor([2, -2]))
    np.testing.assert_array_equal(out.numpy(), x.numpy()[:, 1:4:2, -1:-8:-2])
