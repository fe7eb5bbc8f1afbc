"""How bench/gpu.py tells whether two outputs agree: figures per kind of output, and
``within`` to check them against a case's bounds."""

from __future__ import annotations

import difflib
import math

import numpy as np

# figure name -> what it means; names in UPPER are bounded above, the rest below.
METRICS = {
    "max_abs": "largest |difference| of float outputs",
    "mean_abs": "mean |difference| of float outputs",
    "psnr_db": "PSNR of the output against the CPU's (peak 1), dB",
    "max_levels": "largest |difference| of 8-bit outputs, in levels",
    "mean_levels": "mean |difference| of 8-bit outputs, in levels",
    "found": "detections/lines in the CPU's output (the input must give some)",
    "same_count": "1 when both found as many",
    "min_iou": "worst IoU of a confident box with its best match on the other side",
    "score_diff": "largest |score difference| of matched boxes",
    "text_sim": "similarity of the read text (1 = equal; difflib ratio)",
    "conf_diff": "largest |confidence difference| of matched text lines",
    "same_top1": "1 when the top-1 class is the same",
    "prob_diff": "largest |difference| of the 1000 class probabilities",
    "cam_corr": "worst Pearson correlation of the heatmaps",
    "cam_max_abs": "largest |difference| of the [0, 1] heatmaps",
    "cosine": "cosine similarity of the embeddings",
}
UPPER = frozenset({"max_abs", "mean_abs", "max_levels", "mean_levels", "score_diff",
                   "conf_diff", "prob_diff", "cam_max_abs"})


def within(metrics: dict[str, float], bounds: dict[str, float]) -> bool:
    """Every bounded figure on the right side of its bound; a missing figure or NaN fails."""
    for name, bound in bounds.items():
        value = float(metrics.get(name, math.nan))
        ok = value <= bound if name in UPPER else value >= bound
        if not ok:
            return False
    return True


# ----- figures ------------------------------------------------------------------------------

def float_image_figures(reference: np.ndarray, output: np.ndarray) -> dict[str, float]:
    """max/mean |Δ| and PSNR (peak 1) of two float images in [0, 1]."""
    if reference.shape != output.shape:
        return {"max_abs": math.inf, "mean_abs": math.inf, "psnr_db": -math.inf}
    diff = np.abs(output.astype(np.float64) - reference.astype(np.float64))
    mse = float(np.mean(diff ** 2))
    if math.isnan(mse):
        psnr = math.nan
    else:
        psnr = math.inf if mse == 0 else 10 * math.log10(1 / mse)
    return {"max_abs": float(diff.max()), "mean_abs": float(diff.mean()), "psnr_db": psnr}


def uint8_image_figures(reference: np.ndarray, output: np.ndarray) -> dict[str, float]:
    if reference.shape != output.shape:
        return {"max_levels": math.inf, "mean_levels": math.inf}
    diff = np.abs(output.astype(np.int16) - reference.astype(np.int16))
    return {"max_levels": float(diff.max()), "mean_levels": float(diff.mean())}


def box_iou(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(0.0, float(w)) * max(0.0, float(h))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def matched_boxes(ref_boxes, ref_scores, out_boxes, out_scores, confident: float
                  ) -> dict[str, float]:
    """Each confident box (score >= ``confident``) of either side against its best-IoU match
    on the other: the worst IoU and the largest score difference among those pairs."""
    worst, score_diff = 1.0, 0.0
    for boxes, scores, others, other_scores in ((ref_boxes, ref_scores, out_boxes, out_scores),
                                                (out_boxes, out_scores, ref_boxes, ref_scores)):
        for box, score in zip(boxes, scores):
            if score < confident:
                continue
            ious = [box_iou(box, other) for other in others]
            if not ious:
                worst = 0.0
                continue
            best = int(np.argmax(ious))
            worst = min(worst, ious[best])
            score_diff = max(score_diff, abs(float(score) - float(other_scores[best])))
    return {"found": float(len(ref_boxes)), "same_count": float(len(ref_boxes) == len(out_boxes)),
            "min_iou": worst, "score_diff": score_diff}


def face_figures(reference, output) -> dict[str, float]:
    def arrays(faces):
        return (np.array([f.box for f in faces], np.float64).reshape(-1, 4),
                np.array([f.score for f in faces], np.float64))

    return matched_boxes(*arrays(reference), *arrays(output), confident=0.9)


def ocr_figures(reference, output) -> dict[str, float]:
    def arrays(result):
        boxes = [np.concatenate([line.box.min(axis=0), line.box.max(axis=0)])
                 for line in result.lines]
        return (np.array(boxes, np.float64).reshape(-1, 4),
                np.array([line.confidence for line in result.lines], np.float64))

    figures = matched_boxes(*arrays(reference), *arrays(output), confident=0.0)
    figures["conf_diff"] = figures.pop("score_diff")
    figures["text_sim"] = difflib.SequenceMatcher(None, reference.text, output.text).ratio()
    return figures


def plate_figures(reference, output) -> dict[str, float]:
    """Of two lists of ``Plate``: boxes around the corners matched by IoU, the largest
    confidence difference ("score_diff") and the similarity of the texts, joined."""
    def arrays(plates):
        boxes = [np.concatenate([p.box.min(axis=0), p.box.max(axis=0)]) for p in plates]
        return (np.array(boxes, np.float64).reshape(-1, 4),
                np.array([p.confidence for p in plates], np.float64))

    figures = matched_boxes(*arrays(reference), *arrays(output), confident=0.0)
    figures["text_sim"] = difflib.SequenceMatcher(
        None, " ".join(p.text for p in reference), " ".join(p.text for p in output)).ratio()
    return figures


def cam_figures(reference, output) -> dict[str, float]:
    """Of two heatmaps ``Explanation``s: top-1, class probabilities and every map."""
    same_top1 = float(reference.predictions[0][0] == output.predictions[0][0])
    prob_diff = max(float(np.abs(a.result.probabilities - b.result.probabilities).max())
                    for a, b in zip(reference.heatmaps, output.heatmaps))
    corr, max_abs = 1.0, 0.0
    for a, b in zip(reference.heatmaps, output.heatmaps):
        x, y = a.result.fused.ravel().astype(np.float64), b.result.fused.ravel().astype(np.float64)
        corr = min(corr, float(np.corrcoef(x, y)[0, 1]) if x.std() and y.std() else
                   float(np.array_equal(x, y)))
        max_abs = max(max_abs, float(np.abs(x - y).max()))
    if len(reference.heatmaps) != len(output.heatmaps):
        corr = math.nan
    return {"same_top1": same_top1, "prob_diff": prob_diff, "cam_corr": corr,
            "cam_max_abs": max_abs}


def embedding_figures(reference: np.ndarray, output: np.ndarray) -> dict[str, float]:
    a, b = reference.astype(np.float64), output.astype(np.float64)
    cosine = float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12))
    return {"cosine": cosine, "max_abs": float(np.abs(a - b).max())}
