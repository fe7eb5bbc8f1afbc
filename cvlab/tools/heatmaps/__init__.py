"""Heatmaps: where a classifier looks — CAM, Grad-CAM, Grad-CAM++, XGrad-CAM, Layer-CAM,
Score-CAM and Eigen-CAM on pretrained ImageNet models and on the user's own model."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="heatmaps",
    title="Heatmaps",
    panel="cvlab.tools.heatmaps.panel:HeatmapPanel",
    summary="Class activation maps on pretrained classifiers and your own model",
    opens=frozenset({"image"}),
)
