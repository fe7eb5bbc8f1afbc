"""Restore: inpainting (a mask brush, scratch detection, classical and learned methods) and
colourisation (colour scribbles, learned models) of old photos."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="restore",
    title="Restore",
    panel="cvlab.tools.restore.panel:RestorePanel",
    summary="Inpaint scratches and objects, colourise black-and-white photos",
    opens=frozenset({"image"}),
    samples=(("Old photo (gray, scratched)", "cvlab.tools.restore.samples:make_old_photo"),),
)
