"""CT viewer: local DICOM folders, window/level, three linked planes, measurements, lungs."""

from cvlab.tools import ToolSpec

TOOL = ToolSpec(
    id="ct",
    title="CT",
    panel="cvlab.tools.ct.panel:CTPanel",
    summary="Read CT series from local DICOM folders: window/level, MPR, measurements, "
            "lung nodules (teaching aid)",
    opens=frozenset({"dicom"}),
    samples=(("Thorax phantom (synthetic CT with known nodules)",
              "cvlab.tools.ct.sample_data:thorax_phantom_folder"),),
)
