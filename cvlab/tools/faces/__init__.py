"""Faces: MTCNN, BlazeFace and Viola–Jones detection with landmarks, live thresholds,
anonymising (blur, pixelate, fill), folder runs, and "same person?" (SFace or dlib ResNet offline,
FaceNet with online weights) for two faces of one photo or of two."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="faces",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Faces"),
    panel="cvlab.tools.faces.panel:FacesPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Detect faces with landmarks, tune thresholds live, anonymise photos, tell "
            "whether two faces are the same person"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: astronaut (faces)"), "image",
               QT_TRANSLATE_NOOP("Sample", "Eileen Collins, scikit-image sample; one face"),
               relative_path="photos/skimage_astronaut.png"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Group-style collage (faces)"), "image",
               QT_TRANSLATE_NOOP("Sample", "Made by CV Lab on first use"),
               maker="cvlab.tools.faces.samples:make_group_photo"),
    ),
    commands=(Command("faces", "cvlab.tools.faces.cli",
                      "detect faces (boxes, landmarks), anonymise them, or compare two "
                      "(faces same A B)"),),
    weights="cvlab.tools.faces.weights:ENTRIES",
    screenshots="cvlab.tools.faces.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.faces.batch_task:TASKS",
)
