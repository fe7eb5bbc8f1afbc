"""Inspect: open any image and read its pixels, channels and statistics."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Sample, ToolSpec

TOOL = ToolSpec(
    id="inspect",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Inspect"),
    panel="cvlab.tools.inspect.panel:InspectPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Open an image and read its size, type, pixel values and channel statistics"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: baboon"), "image",
               QT_TRANSLATE_NOOP("Sample", "Classic test image"),
               relative_path="photos/opencv_baboon.jpg"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: China (Summer Palace)"), "image",
               QT_TRANSLATE_NOOP("Sample", "scikit-learn sample photo, CC-BY 2.0"),
               relative_path="photos/sklearn_china.jpg"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: flower"), "image",
               QT_TRANSLATE_NOOP("Sample", "scikit-learn sample photo, CC-BY 2.0"),
               relative_path="photos/sklearn_flower.jpg"),
    ),
)
