"""Heatmaps: where a classifier looks — CAM, Grad-CAM, Grad-CAM++, XGrad-CAM, Layer-CAM,
Score-CAM and Eigen-CAM on pretrained ImageNet models and on the user's own model."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="heatmaps",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Heatmaps"),
    panel="cvlab.tools.heatmaps.panel:HeatmapPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Class activation maps on pretrained classifiers and your own model"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: coffee (heatmaps)"), "image",
               QT_TRANSLATE_NOOP("Sample", "A cup of espresso, scikit-image sample, CC0"),
               relative_path="photos/skimage_coffee.png"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: Chelsea the cat (heatmaps)"), "image",
               QT_TRANSLATE_NOOP("Sample", "A tabby cat, scikit-image sample, CC0"),
               relative_path="photos/skimage_chelsea.png"),
    ),
    commands=(Command("cam", "cvlab.tools.heatmaps.cli",
                      "class activation maps (Grad-CAM, Layer-CAM, ...) for an image or folder"),),
    weights="cvlab.tools.heatmaps.weights:ENTRIES",
    screenshots="cvlab.tools.heatmaps.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.heatmaps.batch_task:TASKS",
)
