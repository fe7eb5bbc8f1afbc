"""Inspect: open any image and read its pixels, channels and statistics."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="inspect",
    title="Inspect",
    panel="cvlab.tools.inspect.panel:InspectPanel",
    summary="Open an image and read its size, type, pixel values and channel statistics",
    opens=frozenset({"image"}),
)
