"""OCR pipeline: CTC decoding, DB boxes, reading order, and real PP-OCRv4 reads (onnxruntime)."""


import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cvlab.core.cancel import Cancelled
from cvlab.core.images import load_image, to_rgb8
from cvlab.tools.ocr import pipeline
from cvlab.tools.ocr.pipeline import (
    OcrResult,
    TextLine,
    ctc_greedy_decode,
    db_boxes,
    read_text,
    reading_order,
)
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "ocr"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CHARS = ["<blank>", "a", "b", "c", " "]


# ----------------------------------------------------------------------------- CTC

def _probs(path, p=0.9):
    out = np.full((len(path), len(CHARS)), (1 - p) / (len(CHARS) - 1), np.float32)
    for t, (k, q) in enumerate(path):
        out[t] = (1 - q) / (len(CHARS) - 1)
        out[t, k] = q
    return out


def test_ctc_collapses_repeats_and_drops_blanks():
    # a a _ a b b _ _ c " " c  ->  "aabc c": a run collapses, a blank splits runs
    path = [(1, .9), (1, .8), (0, .99), (1, .7), (2, .6), (2, .9), (0, .9), (0, .9),
            (3, .5), (4, .95), (3, .85)]
    text, conf = ctc_greedy_decode(_probs(path), CHARS)
    assert text == "aabc c"
    # kept: first of each run that is not blank: t = 0, 3, 4, 8, 9, 10
    assert conf == pytest.approx(np.mean([.9, .7, .6, .5, .95, .85]), abs=1e-6)


def test_ctc_empty_and_all_blank():
    assert ctc_greedy_decode(np.zeros((0, 5), np.float32), CHARS) == ("", 0.0)
    assert ctc_greedy_decode(_probs([(0, .9)] * 6), CHARS) == ("", 0.0)
    text, conf = ctc_greedy_decode(_probs([(3, .8)] * 4), CHARS)
    assert (text, round(conf, 6)) == ("c", 0.8)


# ----------------------------------------------------------------------------- DB

def _rotated_rect(cx, cy, w, h, angle):
    return cv2.boxPoints(((cx, cy), (w, h), -angle))  # cv2 angles are clockwise on screen


def test_db_boxes_two_rotated_rectangles():
    prob = np.zeros((240, 320), np.float32)
    cv2.fillPoly(prob, [np.round(_rotated_rect(100, 60, 120, 16, 0)).astype(np.int32)], 0.9)
    cv2.fillPoly(prob, [np.round(_rotated_rect(190, 160, 150, 20, 30)).astype(np.int32)], 0.8)
    prob[5:7, 300:302] = 0.95   # a speck under min_size
    found = db_boxes(prob, 0.3, 0.6, 1.6)
    assert len(found) == 2
    found.sort(key=lambda bs: bs[0][:, 1].mean())
    for (box, score), (w, h, angle, value) in zip(found, [(120, 16, 0, 0.9),
                                                          (150, 20, 30, 0.8)]):
        assert 0.9 * value < score <= value   # edge pixels of the raster lower it a bit
        edge = box[1] - box[0]          # top edge, left to right
        assert np.degrees(np.arctan2(-edge[1], edge[0])) == pytest.approx(angle, abs=2)
        d = (w + 1) * (h + 1) * 1.6 / (2 * (w + h + 2))   # unclip of the filled region
        bw = np.linalg.norm(box[1] - box[0])
        bh = np.linalg.norm(box[3] - box[0])
        assert bw == pytest.approx(w + 2 * d, abs=3)
        assert bh == pytest.approx(h + 2 * d, abs=3)
    assert db_boxes(prob, 0.3, 0.95, 1.6) == []       # box threshold
    assert len(db_boxes(prob, 0.3, 0.6, 1.6, max_candidates=1)) == 1
    assert db_boxes(np.zeros((64, 64), np.float32)) == []


# ----------------------------------------------------------------------------- order

def _line(x, y, w=80, h=20, text=""):
    box = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)
    return TextLine(box, text, 1.0, 1.0, False)


def test_reading_order_rows_then_columns():
    rng = np.random.default_rng(3)
    grid = [_line(30 + 200 * c, 40 + 50 * r + rng.uniform(-4, 4), text=f"r{r}c{c}")
            for r in range(3) for c in range(2)]
    grid.append(_line(450, 143, h=10, text="r2c2"))      # small print on row 2
    expected = [ln.text for ln in grid]
    shuffled = [grid[i] for i in rng.permutation(len(grid))]
    assert [ln.text for ln in reading_order(shuffled)] == expected
    boxes = reading_order([ln.box for ln in shuffled])   # plain boxes work too
    assert [b[0, 0] for b in boxes[:2]] == [30, 230]


# ----------------------------------------------------------------------------- models

@pytest.fixture(scope="module")
def backend():
    from cvlab.tools.ocr.models import load_backend
    return load_backend("onnxruntime", device="cpu")


def _show(name, result: OcrResult):
    print(f"\n{name}: {result.image_size} det {result.det_size} "
          + " ".join(f"{k}={v:.3f}s" for k, v in result.timings.items()))
    for line in result.lines:
        print(f"  [{line.confidence:.3f} box {line.box_score:.2f}"
              f"{' 180' if line.rotated_180 else ''}] {line.text}")


def _words(result):
    return " ".join(line.text for line in result.lines).lower()


def test_skimage_page(backend):
    image = load_image(DATA / "skimage_page.png")
    result = read_text(image, backend)
    _show("skimage_page (box_threshold 0.6)", result)
    assert result.backend and result.image_size == (384, 191)
    text = _words(result)
    for word in ["region-based", "segmentation", "markers", "coins", "histogram"]:
        assert word in text
    loose = read_text(image, backend, box_threshold=0.5)
    _show("skimage_page (box_threshold 0.5)", loose)
    text = _words(loose)
    assert len(loose.lines) > len(result.lines)
    for word in ["background", "unambiguously", "object", "pixels"]:
        assert word in text
    ys = [line.box[:, 1].mean() for line in loose.lines]
    assert ys == sorted(ys)
    for line in loose.lines:
        assert line.box.shape == (4, 2) and line.box.dtype == np.float32
        assert 0.5 <= line.confidence <= 1 and 0.5 <= line.box_score <= 1


def test_image_text_n(backend):
    image = load_image(DATA / "imageTextN.png")
    result = read_text(image, backend)
    _show("imageTextN", result)
    texts = [line.text for line in result.lines]
    assert len(texts) >= 12
    assert texts[0] == "technical details are too complex to cover in the book itself."
    joined = " ".join(texts)
    for phrase in ["In teaching our courses", "small implementation projects",
                   "real-world images", "conference papers", "personal photographs",
                   "computer vision problems", "high-level approaches"]:
        assert phrase in joined
    assert all(t > 0 for k, t in result.timings.items() if k != "cls")


def _word_image(text, size=40):
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    im = Image.new("L", (right - left + 20, bottom - top + 20), 255)
    ImageDraw.Draw(im).text((10 - left, 10 - top), text, font=font, fill=0)
    return im


def test_rotated_and_upside_down_lines(backend):
    canvas = Image.new("L", (900, 560), 255)
    canvas.paste(_word_image("Quick brown fox 2024").rotate(18, expand=True, fillcolor=255),
                 (40, 30))
    canvas.paste(_word_image("Upside down text").rotate(180, expand=True, fillcolor=255),
                 (400, 420))
    canvas.paste(_word_image("Vertical label").rotate(-90, expand=True, fillcolor=255),
                 (800, 100))                          # reads top to bottom
    result = read_text(np.array(canvas), backend)
    _show("rendered", result)
    by_text = {line.text: line for line in result.lines}
    assert "Quick brown fox 2024" in by_text
    assert "Upside down text" in by_text
    assert by_text["Upside down text"].rotated_180
    assert not by_text["Quick brown fox 2024"].rotated_180
    assert "Vertical label" in by_text                 # tall crop turned 90°
    edge = by_text["Quick brown fox 2024"].box
    edge = edge[1] - edge[0]
    assert np.degrees(np.arctan2(-edge[1], edge[0])) == pytest.approx(18, abs=3)
    no_cls = read_text(np.array(canvas), backend, use_cls=False)
    assert "Upside down text" not in [line.text for line in no_cls.lines]
    assert no_cls.timings["cls"] == 0


def test_roi_returns_full_image_coordinates(backend):
    image = load_image(DATA / "imageTextN.png")
    full = read_text(image, backend)
    roi = (20, 52, 530, 40)                  # rows 3 and 4 of the page
    part = read_text(image, backend, roi=roi)
    _show(f"imageTextN roi {roi}", part)
    assert len(part.lines) == 2
    for line in part.lines:
        assert roi[0] <= line.box[:, 0].min() and line.box[:, 0].max() <= roi[0] + roi[2]
        assert roi[1] <= line.box[:, 1].min() and line.box[:, 1].max() <= roi[1] + roi[3]
    expected = {line.text: line.box for line in full.lines}
    matched = [line for line in part.lines if line.text in expected]
    assert [line.text[:20] for line in matched] == ["small implementation", "working with real-wo"]
    for line in matched:
        centre = line.box.mean(axis=0)
        assert np.abs(centre - expected[line.text].mean(axis=0)).max() < 4
    assert read_text(image, backend, roi=(600, 0, 50, 50)).lines == []


def test_huge_canvas_maps_boxes_back(backend):
    page = to_rgb8(load_image(DATA / "imageTextN.png"))
    scale, (ox, oy) = 4, (1234, 1567)
    canvas = np.full((3000, 4000, 3), 255, np.uint8)
    big = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    canvas[oy:oy + big.shape[0], ox:ox + big.shape[1]] = big
    ref = read_text(page, backend)
    result = read_text(canvas, backend)
    _show("4000x3000 canvas", result)
    assert result.image_size == (4000, 3000)
    assert result.det_size == (960, 736)
    got = {line.text: line.box for line in result.lines}
    errors = []
    for line in ref.lines:
        if line.text in got:
            expected = (line.box + 0.5) * scale - 0.5 + np.float32([ox, oy])
            errors.append(np.abs(got[line.text] - expected).max())
    print("corner errors (canvas px):", np.round(errors, 1))
    assert len(errors) >= 0.75 * len(ref.lines)
    assert max(errors) <= 4 * scale            # 4 px of the page (one det pixel ≈ 1 px)
    assert np.median(errors) <= 1.5 * scale


def test_dtypes_progress_and_cancel(backend):
    gray = to_rgb8(load_image(DATA / "skimage_page.png"))[..., 0]
    as_u16 = gray.astype(np.uint16) * 257
    as_rgba = np.dstack([gray, gray, gray, np.full_like(gray, 255)])
    seen = []
    a = read_text(as_u16, backend, progress=lambda f, t: seen.append((f, t)), rec_batch=1)
    b = read_text(as_rgba, backend)
    c = read_text(gray.astype(np.float32) / 255, backend)
    assert [ln.text for ln in a.lines] == [ln.text for ln in b.lines] \
        == [ln.text for ln in c.lines]
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 5
    calls = []

    def cancel_after_det():
        calls.append(1)
        return len(calls) > 2
    with pytest.raises(Cancelled):
        read_text(gray, backend, cancelled=cancel_after_det)


def test_pipeline_steps_share_constants():
    assert pipeline.REC_HEIGHT == 48 and pipeline.REC_MIN_WIDTH == 320
    assert pipeline.CLS_THRESHOLD == 0.9 and pipeline.DB_UNCLIP_RATIO == 1.6
