"""Restore: inpainting (a mask brush, scratch detection, classical and learned methods) and
colourisation (colour scribbles, learned models) of old photos."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="restore",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Restore"),
    panel="cvlab.tools.restore.panel:RestorePanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Inpaint scratches and objects, colourise black-and-white photos"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Old photo (gray, scratched)"), "image",
               QT_TRANSLATE_NOOP("Sample", "Made by CV Lab on first use"),
                    maker="cvlab.tools.restore.samples:make_old_photo"),),
    commands=(Command("restore", "cvlab.tools.restore.cli",
                      "inpaint, colourise, find scratches"),),
    weights="cvlab.tools.restore.weights:ENTRIES",
    screenshots="cvlab.tools.restore.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.restore.batch_task:TASKS",
)
