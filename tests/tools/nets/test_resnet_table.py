"""The course's ResNet table: ours for the paper's network within 2 % of He et al.'s
figures, and torchvision's extra MACs exactly those of its full-resolution 1×1 convs."""

import pytest

from cvlab.tools.nets.resnet_table import COURSE_MACS, EXPLANATION, resnet_table

# He et al. 2015, Table 1 ("FLOPs", multiply-adds, ×10⁹ at 224×224).
PAPER = {18: 1.8e9, 34: 3.6e9, 50: 3.8e9, 101: 7.6e9, 152: 11.3e9}


@pytest.fixture(scope="module")
def table():
    return resnet_table()


def test_the_course_figures_are_the_paper_s():
    assert COURSE_MACS == PAPER


def test_ours_for_the_paper_variant_is_within_2_percent(table):
    for row in table:
        print(f"ResNet-{row.depth}: course {row.course_macs / 1e9}, paper variant "
              f"{row.paper_macs / 1e9:.3f} ({row.paper_difference:+.2%}), torchvision "
              f"{row.torchvision_macs / 1e9:.3f} ({row.torchvision_difference:+.2%})")
        assert abs(row.paper_macs - PAPER[row.depth]) / PAPER[row.depth] <= 0.02
        assert row.paper_difference == pytest.approx(
            (row.paper_macs - PAPER[row.depth]) / PAPER[row.depth])
    assert [row.depth for row in table] == [18, 34, 50, 101, 152]


def test_torchvision_s_extra_work_is_its_1x1_convs_before_the_halving(table):
    """A downsampling bottleneck's first 1×1 conv (in → width channels) runs on side² in
    torchvision's and (side/2)² in the paper's: layer2 at 56, layer3 at 28, layer4 at 14,
    for widths 128, 256, 512 reading 256, 512, 1024 channels. Basic blocks: no difference."""
    extra = sum(c_in * width * (side * side - (side // 2) ** 2)
                for c_in, width, side in ((256, 128, 56), (512, 256, 28), (1024, 512, 14)))
    for row in table:
        expected = extra if row.depth >= 50 else 0
        assert row.torchvision_macs - row.paper_macs == expected
    assert "1×1" in EXPLANATION and "3×3" in EXPLANATION
