"""Restore: inpainting (a mask brush, scratch detection, classical and learned methods) and
colourisation (colour scribbles, learned models) of old photos."""

from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="restore",
    title="Restore",
    panel="cvlab.tools.restore.panel:RestorePanel",
    summary="Inpaint scratches and objects, colourise black-and-white photos",
    opens=frozenset({"image"}),
    samples=(Sample("Old photo (gray, scratched)", "image", "Made by CV Lab on first use",
                    maker="cvlab.tools.restore.samples:make_old_photo"),),
    commands=(Command("restore", "cvlab.tools.restore.cli",
                      "inpaint, colourise, find scratches"),),
    weights="cvlab.tools.restore.weights:ENTRIES",
    screenshots="cvlab.tools.restore.panel_screenshots:screenshot_plan",
)
