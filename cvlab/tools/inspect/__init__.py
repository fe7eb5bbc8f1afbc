"""Inspect: open any image and read its pixels, channels and statistics."""

from cvlab.core.manifest import Sample, ToolSpec

TOOL = ToolSpec(
    id="inspect",
    title="Inspect",
    panel="cvlab.tools.inspect.panel:InspectPanel",
    summary="Open an image and read its size, type, pixel values and channel statistics",
    opens=frozenset({"image"}),
    samples=(
        Sample("Photo: baboon", "image", "Classic test image",
               relative_path="photos/opencv_baboon.jpg"),
        Sample("Photo: China (Summer Palace)", "image", "scikit-learn sample photo, CC-BY 2.0",
               relative_path="photos/sklearn_china.jpg"),
        Sample("Photo: flower", "image", "scikit-learn sample photo, CC-BY 2.0",
               relative_path="photos/sklearn_flower.jpg"),
    ),
)
