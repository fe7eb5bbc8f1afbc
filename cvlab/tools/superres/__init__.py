"""Super-resolution lab: interpolations vs SRResNet/SRGAN vs networks converted from ncnn
(Real-ESRGAN, RealSR, SPAN, Real-CUGAN), PSNR/SSIM, comparison."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="superres",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Super-resolution"),
    panel="cvlab.tools.superres.panel:SuperResPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Upscale images and compare methods side by side with PSNR/SSIM"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: butterfly (super-resolution)"), "image",
                    QT_TRANSLATE_NOOP("Sample", "OpenCV's super-resolution sample"),
                    relative_path="photos/opencv_dnn_superres_butterfly.png"),),
    commands=(Command("sr", "cvlab.tools.superres.cli",
                      "super-resolution: upscale an image or evaluate methods"),),
    weights="cvlab.tools.superres.weights:ENTRIES",
    screenshots="cvlab.tools.superres.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.superres.batch_task:TASKS",
)
