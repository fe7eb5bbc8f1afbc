"""CT viewer: local DICOM folders, window/level, three linked planes, measurements, lungs."""

from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="ct",
    title="CT",
    panel="cvlab.tools.ct.panel:CTPanel",
    summary="Read CT series from local DICOM folders: window/level, MPR, measurements, "
            "lung nodules (teaching aid)",
    opens=frozenset({"dicom"}),
    samples=(
        Sample("Chest CT (axial, 191 slices)", "dicom",
               "Real chest CT for the lung window (WW 1500 / WL −700) and nodule work",
               relative_path="chest_ct_axial"),
        Sample("Head CT (coronal, 108 slices)", "dicom",
               "Real head CT acquired as coronal slices", relative_path="head_ct_coronal"),
        Sample("Thorax phantom (synthetic CT with known nodules)", "dicom",
               "Made by CV Lab on first use",
               maker="cvlab.tools.ct.sample_data:thorax_phantom_folder"),
    ),
    commands=(Command("ct", "cvlab.tools.ct.cli",
                      "inspect, render and analyse CT DICOM series"),),
    screenshots="cvlab.tools.ct.panel_screenshots:screenshot_plan",
)
