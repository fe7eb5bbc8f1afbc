"""CT viewer: local DICOM folders, window/level, three linked planes, measurements, lungs."""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="ct",
    title=QT_TRANSLATE_NOOP("ToolSpec", "CT"),
    panel="cvlab.tools.ct.panel:CTPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Read CT series from local DICOM folders: window/level, MPR, measurements, "
            "lung nodules (teaching aid)"),
    opens=frozenset({"dicom"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Chest CT (axial, 191 slices)"), "dicom",
               QT_TRANSLATE_NOOP("Sample", "Real chest CT for the lung window (WW 1500 / WL −700) "
                                           "and nodule work"),
               relative_path="chest_ct_axial"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Head CT (coronal, 108 slices)"), "dicom",
               QT_TRANSLATE_NOOP("Sample", "Real head CT acquired as coronal slices"),
               relative_path="head_ct_coronal"),
        Sample(QT_TRANSLATE_NOOP("Sample", "Thorax phantom (synthetic CT with known nodules)"),
               "dicom",
               QT_TRANSLATE_NOOP("Sample", "Made by CV Lab on first use"),
               maker="cvlab.tools.ct.sample_data:thorax_phantom_folder"),
    ),
    commands=(Command("ct", "cvlab.tools.ct.cli",
                      "inspect, render and analyse CT DICOM series"),),
    screenshots="cvlab.tools.ct.panel_screenshots:screenshot_plan",
    batch="cvlab.tools.ct.batch_task:TASKS",
)
