"""OCR and licence plates: PP-OCRv4 detection, direction and recognition in PyTorch (or
onnxruntime), text, document and plate modes."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="ocr",
    title=QT_TRANSLATE_NOOP("ToolSpec", "OCR and plates"),
    panel="cvlab.tools.ocr.panel:OcrPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Read text, documents and licence plates (Chinese and Latin)"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Text: printed page (OCR)"), "image",
               QT_TRANSLATE_NOOP("Sample", "scikit-image page of printed English text"),
               relative_path="ocr/skimage_page.png", mode="text"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Text: OpenCV sample (OCR)"), "image",
               QT_TRANSLATE_NOOP("Sample", "OpenCV's text sample"),
               relative_path="ocr/imageTextN.png", mode="text"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Rendered Chinese licence plate (OCR)"), "image",
               QT_TRANSLATE_NOOP("Sample", "Made by CV Lab on first use"),
               maker="cvlab.tools.ocr.plate_render:make_sample_plate", mode="plates"),
    ),
    commands=(
        Command("ocr", "cvlab.tools.ocr.cli",
                "read the text of an image or folder (PP-OCRv4, Chinese and English)"),
        Command("plate", "cvlab.tools.ocr.plate_cli",
                "find and read licence plates in an image or folder"),
    ),
    weights="cvlab.tools.ocr.weights:ENTRIES",
    screenshots="cvlab.tools.ocr.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.ocr.batch_task:TASKS",
)
