"""OCR and licence plates: PP-OCRv4 detection, direction and recognition in PyTorch (or
onnxruntime), text, document and plate modes."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="ocr",
    title="OCR and plates",
    panel="cvlab.tools.ocr.panel:OcrPanel",
    summary="Read text, documents and licence plates (Chinese and Latin)",
    opens=frozenset({"image"}),
    samples=(("Rendered Chinese licence plate (OCR)",
              "cvlab.tools.ocr.plate_render:make_sample_plate"),),
)
