"""The layer table against published figures and hand computation.

Published: torchvision's model pages (parameters; "GFLOPS", which are multiply-adds),
He et al. 2015 (ResNet), Dosovitskiy et al. 2020 (ViT-B/16, 17.6 ×10⁹ at 224) and, for the
receptive fields of AlexNet and VGG-16, Araujo, Norris and Sim, "Computing Receptive Fields
of Convolutional Neural Networks", Distill 2019 (195 and 212).
"""

import pytest
from torch import nn

from cvlab.tools.nets.architectures import ARCHITECTURES
from cvlab.tools.nets.profile import ProfileError, profile, profile_model

# name: (MACs, relative tolerance, parameters in millions as published, their decimals)
PUBLISHED = {
    "resnet18": (1.82e9, 0.01, 11.69, 2),
    "resnet50": (4.09e9, 0.01, 25.56, 2),
    "vgg16": (15.5e9, 0.01, 138.4, 1),
    "mobilenet_v2": (0.30e9, 0.01, 3.50, 2),
    "alexnet": (0.71e9, 0.01, 61.1, 1),
    "vit_b_16": (17.6e9, 0.03, 86.6, 1),
    # torchvision lists 2.83; 2.87 is the figure the course quotes
    "densenet121": (2.87e9, 0.02, 7.98, 2),
}


@pytest.fixture(scope="module")
def profiles():
    return {}


def measured(profiles, name):
    if name not in profiles:
        profiles[name] = profile(name)
    return profiles[name]


@pytest.mark.parametrize("name", PUBLISHED)
def test_totals_match_the_published_figures(name, profiles):
    macs, tolerance, millions, decimals = PUBLISHED[name]
    result = measured(profiles, name)
    print(f"{name}: {result.macs / 1e9:.3f} ×10⁹ MACs (published {macs / 1e9}), "
          f"{result.params / 1e6:.3f} M parameters (published {millions})")
    assert abs(result.macs - macs) / macs <= tolerance
    assert abs(result.params / 1e6 - millions) <= 0.5 * 10 ** -decimals + 1e-9
    assert result.device == "meta"


def test_the_paper_resnet50_is_within_2_percent_of_the_paper_s_3_8():
    result = profile("resnet50_paper")
    assert abs(result.macs - 3.8e9) / 3.8e9 <= 0.02
    assert result.macs < profile("resnet50").macs


@pytest.mark.parametrize("arch", ARCHITECTURES, ids=lambda a: a.name)
def test_every_parameter_once_and_the_stages_partition_the_rows(arch, profiles):
    result = measured(profiles, arch.name)
    assert sum(r.params for r in result.rows) == result.params
    assert not any("parameters" in note for note in result.notes)
    position = 0
    for stage in result.stages:
        assert stage.first == position and stage.count > 0
        position += stage.count
    assert position == len(result.rows)
    assert sum(s.params for s in result.stages) == result.params
    assert sum(s.macs for s in result.stages) == result.macs == sum(r.macs for r in result.rows)


def hand_fields(paper: bool) -> list[int]:
    """ResNet-50's receptive field at the end of the stem and of layer1..4, by hand:
    conv 7/2, pool 3/2, then per bottleneck 1×1, 3×3, 1×1 with the first block of
    layer2..4 striding its 1×1 (paper) or its 3×3 (torchvision)."""
    field, jump = 1, 1

    def window(kernel, stride):
        nonlocal field, jump
        field += (kernel - 1) * jump
        jump *= stride

    window(7, 2)
    window(3, 2)
    fields = [field]
    for layer, blocks in enumerate((3, 4, 6, 3)):
        for block in range(blocks):
            stride = 2 if layer and not block else 1
            window(1, stride if paper else 1)
            window(3, 1 if paper else stride)
            window(1, 1)
        fields.append(field)
    return fields


@pytest.mark.parametrize("name, paper", [("resnet50", False), ("resnet50_paper", True)])
def test_resnet50_stages_and_receptive_fields(name, paper, profiles):
    result = measured(profiles, name)
    assert [s.name for s in result.stages] == ["stem", "layer1", "layer2", "layer3",
                                               "layer4", "head"]
    assert [s.output_shape for s in result.stages] == [
        (64, 56, 56), (256, 56, 56), (512, 28, 28), (1024, 14, 14), (2048, 7, 7), (1000,)]
    fields = [s.receptive_field for s in result.stages]
    assert fields[:5] == hand_fields(paper) and fields[5] is None  # pooled: the whole image
    print(name, fields)
    shortcuts = [r for r in result.rows if ".downsample." in r.name]
    assert len(shortcuts) == 8 and not any(r.main for r in shortcuts)
    assert all(r.main for r in result.rows if ".conv" in r.name)


def test_published_receptive_fields_of_alexnet_and_vgg16(profiles):
    assert measured(profiles, "alexnet").stages[-3].receptive_field == 195
    assert measured(profiles, "vgg16").stages[-3].receptive_field == 212
    assert [s.name for s in measured(profiles, "vgg16").stages] == [
        *(f"features · {n}×{n}" for n in (224, 112, 56, 28, 14, 7)), "avgpool", "classifier"]


def test_fcn_says_its_output_is_upsampled_after_the_last_layer(profiles):
    result = measured(profiles, "fcn_resnet50")
    assert result.output_shape == (21, 224, 224)
    assert result.stages[-1].name == "classifier"
    assert result.stages[-1].output_shape == (21, 28, 28)  # a dilated ResNet: 1/8 size
    assert len(result.notes) == 1 and "21×224×224" in result.notes[0]
    assert measured(profiles, "resnet50").notes == ()


def test_vit_attention_is_counted_as_projections_and_two_products(profiles):
    result = measured(profiles, "vit_b_16")
    tokens, width = 14 * 14 + 1, 768
    attention = [r for r in result.rows if r.type == "MultiheadAttention"]
    assert len(attention) == 12
    for row in attention:
        assert row.macs == 4 * tokens * width * width + 2 * tokens * tokens * width
        assert row.params == 4 * width * width + 4 * width
        assert row.receptive_field is None  # every patch sees every patch
    assert [s.name for s in result.stages] == ["stem", "encoder", "heads"]
    assert result.rows[0].name == "class_token" and result.rows[0].params == width


class Toy(nn.Module):
    """One of each counted layer, on a 3×32×32 image."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.depthwise = nn.Conv2d(8, 8, 5, padding=2, groups=8)
        self.norm = nn.BatchNorm2d(8)
        self.up = nn.ConvTranspose2d(8, 4, 2, stride=2)
        self.attention = nn.MultiheadAttention(4, 2, batch_first=True)
        self.fc = nn.Linear(4, 10)

    def forward(self, x):
        x = self.up(self.norm(self.depthwise(self.conv(x))))
        tokens = x.flatten(2).transpose(1, 2)
        tokens, _ = self.attention(tokens, tokens, tokens)
        return self.fc(tokens.mean(1))


def test_macs_of_each_layer_type_by_hand():
    result = profile_model(Toy, (3, 32, 32))
    macs = {r.name: r.macs for r in result.rows}
    n = 32 * 32
    assert macs == {
        "conv": 8 * 16 * 16 * 3 * 3 * 3,
        "depthwise": 8 * 16 * 16 * 1 * 5 * 5,
        "norm": 0,
        "up": 8 * 16 * 16 * 4 * 2 * 2,
        "attention": 4 * n * 4 * 4 + 2 * n * n * 4,
        "fc": 10 * 4,
    }
    fields = [r.receptive_field for r in result.rows]
    # 3 (conv), +4·2 (5×5 at jump 2), norm, up: ⌈2/2⌉ - 1 = 0, then attention: everything
    assert fields == [3, 11, 11, 11, None, None]


class NeedsValues(nn.Module):
    """Reads a value, which the meta device does not have."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)

    def forward(self, x):
        x = self.conv(x)
        return x * 2 if float(x.abs().sum()) >= 0 else x


def test_a_model_the_meta_device_cannot_run_is_measured_on_the_cpu():
    result = profile_model(NeedsValues, (1, 10, 10))
    assert result.device == "cpu"
    assert result.macs == 2 * 8 * 8 * 9 and result.params == 2 * 9 + 2


def test_a_model_that_cannot_run_on_the_input_is_one_sentence():
    with pytest.raises(ProfileError, match=r"^toy does not run on a 2×32×32 input: ") as caught:
        profile_model(Toy, (2, 32, 32), arch="toy")  # its first conv wants 3 channels
    assert "\n" not in str(caught.value)
