"""The course's ResNet table (He et al. 2015, Table 1) beside our own counts of both variants.

The course quotes the paper's "FLOPs" at 224×224: 1.8, 3.6, 3.8, 7.6 and 11.3 ×10⁹ for
ResNet-18/34/50/101/152. They are multiply-adds, which is what ``profile`` counts. For each
depth, ``resnet_table()`` gives the course's figure, ours for the paper's network, ours for
torchvision's, and how far each of ours is from the course's. ResNet-18 and 34 are built
from basic blocks with no 1×1 conv, so the two variants are one network there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.tools.nets.profile import profile

INPUT_SIZE = 224
# He et al. 2015, Table 1, "FLOPs" row (multiply-adds), ×10⁹, at 224×224.
COURSE_MACS = {18: 1.8e9, 34: 3.6e9, 50: 3.8e9, 101: 7.6e9, 152: 11.3e9}

EXPLANATION = QT_TRANSLATE_NOOP(
    "NetsTable", "The paper puts the stride 2 of a downsampling bottleneck in its first 1×1 "
             "conv, torchvision (\"ResNet v1.5\") in the 3×3 conv, so torchvision's 1×1 conv "
             "runs on the map before it is halved: four times the positions, the same "
             "parameters, more MACs for ResNet-50/101/152.")


@dataclass(frozen=True)
class ResNetRow:
    depth: int
    params: int                    # the same for both variants
    course_macs: float
    paper_macs: int                # ours, stride in the 1×1 conv (He et al.)
    torchvision_macs: int          # ours, stride in the 3×3 conv (torchvision)
    paper_difference: float        # (ours - course) / course
    torchvision_difference: float

    def as_dict(self) -> dict:
        return asdict(self)


def paper_name(depth: int) -> str:
    """The registry name of the paper's ResNet of ``depth`` (the plain one below 50)."""
    return f"resnet{depth}_paper" if depth >= 50 else f"resnet{depth}"


def resnet_table() -> tuple[ResNetRow, ...]:
    """One row per depth of the course's table, measured now (about a second in all)."""
    rows = []
    for depth, course in COURSE_MACS.items():
        torchvision = profile(f"resnet{depth}", INPUT_SIZE)
        same = paper_name(depth) == f"resnet{depth}"
        paper = torchvision if same else profile(paper_name(depth), INPUT_SIZE)
        rows.append(ResNetRow(
            depth=depth, params=torchvision.params, course_macs=course,
            paper_macs=paper.macs, torchvision_macs=torchvision.macs,
            paper_difference=(paper.macs - course) / course,
            torchvision_difference=(torchvision.macs - course) / course))
    return tuple(rows)
