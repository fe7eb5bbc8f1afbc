"""The weights catalogue entries the OCR tool owns: PP-OCRv4 (ONNX, RapidOCR wheel).

Named by the manifest (``weights="cvlab.tools.ocr.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``.
"""

from __future__ import annotations

from cvlab.core.weights.catalogue import Catalogue, Entry, WheelSource

# PP-OCRv4 (PaddleOCR) exported to ONNX by RapidOCR: text detection (DB), text-line
# recognition (SVTR-LCNet, CTC over 6,623 Chinese+Latin characters stored in the model's
# metadata) and the mobile v2 0°/180° direction classifier. Run by cvlab/tools/ocr/models.py.
_RAPIDOCR_WHEEL = ("rapidocr-onnxruntime", "1.4.4")
_RAPIDOCR_MODELS = "rapidocr_onnxruntime/models/"
_RAPIDOCR_LICENCE = "Apache-2.0 (PaddleOCR models, RapidOCR packaging)"

PPOCRV4_DET = Entry(
    name="ppocrv4_det",
    task="ocr",
    architecture="db-ppocrv4",
    licence=_RAPIDOCR_LICENCE,
    sha256="d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    size=4_745_517,
    source=WheelSource(*_RAPIDOCR_WHEEL, member=_RAPIDOCR_MODELS + "ch_PP-OCRv4_det_infer.onnx"),
    description="PP-OCRv4 mobile text detector (DB, PP-LCNetV3 backbone), ONNX: a per-pixel "
                "text probability map for an image whose sides are multiples of 32.",
)

PPOCRV4_REC = Entry(
    name="ppocrv4_rec",
    task="ocr",
    architecture="svtr-lcnet-ppocrv4",
    licence=_RAPIDOCR_LICENCE,
    sha256="48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
    size=10_857_958,
    source=WheelSource(*_RAPIDOCR_WHEEL, member=_RAPIDOCR_MODELS + "ch_PP-OCRv4_rec_infer.onnx"),
    description="PP-OCRv4 mobile text-line recogniser (SVTR-LCNet, CTC), ONNX: 48-pixel-high "
                "line crops to per-column probabilities over 6,625 classes (blank, the "
                "6,623-character Chinese+Latin dictionary in the model's metadata, space).",
)

PPOCR_MOBILE_V2_CLS = Entry(
    name="ppocr_mobile_v2_cls",
    task="ocr",
    architecture="ppocr-cls-mobile-v2",
    licence=_RAPIDOCR_LICENCE,
    sha256="e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
    size=585_532,
    source=WheelSource(*_RAPIDOCR_WHEEL,
                       member=_RAPIDOCR_MODELS + "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    description="PaddleOCR mobile v2.0 text direction classifier, ONNX: 48x192 line crops to "
                "probabilities of [0°, 180°].",
)

ENTRIES: tuple[Entry, ...] = (
    PPOCRV4_DET,
    PPOCRV4_REC,
    PPOCR_MOBILE_V2_CLS,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(ENTRIES)
get = CATALOGUE.get
