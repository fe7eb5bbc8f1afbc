"""Faces: MTCNN, BlazeFace and Viola–Jones detection with landmarks, live thresholds,
anonymising (blur, pixelate, fill), folder runs, and "same person?" when FaceNet is fetched."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="faces",
    title="Faces",
    panel="cvlab.tools.faces.panel:FacesPanel",
    summary="Detect faces with landmarks, tune thresholds live, anonymise photos",
    opens=frozenset({"image"}),
    samples=(("Group-style collage (faces)", "cvlab.tools.faces.samples:make_group_photo"),),
)
