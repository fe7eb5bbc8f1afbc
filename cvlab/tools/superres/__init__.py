"""Super-resolution lab: bicubic vs SRResNet vs SRGAN vs Real-ESRGAN, PSNR/SSIM, comparison."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="superres",
    title="Super-resolution",
    panel="cvlab.tools.superres.panel:SuperResPanel",
    summary="Upscale images and compare methods side by side with PSNR/SSIM",
    opens=frozenset({"image"}),
)
