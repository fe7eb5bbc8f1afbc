"""The registry of architectures: each builds without weights, the declared input limits are
the real ones, the paper's ResNet has its stride where He et al. put it, and an unknown name
is one sentence naming the closest one."""

import pytest
import torch
from torch import nn

from cvlab.tools.nets import architectures
from cvlab.tools.nets.architectures import (
    ARCHITECTURES,
    InputSizeError,
    UnknownArchitecture,
    build,
    get,
)


def runs_on(arch, side: int) -> bool:
    """Whether ``arch`` runs a forward pass on a side×side image (meta device: no memory)."""
    with torch.device("meta"):
        model = arch.builder(side).eval()
        image = torch.zeros(1, arch.in_channels, side, side)
    try:
        with torch.no_grad():
            model(image)
    except (RuntimeError, ValueError):
        return False
    return True


def test_the_registry_has_the_issue_s_architectures_once_each():
    names = [a.name for a in ARCHITECTURES]
    assert len(names) == len(set(names))
    assert set(names) == {
        "alexnet", "vgg16", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
        "resnet50_paper", "resnet101_paper", "resnet152_paper", "densenet121",
        "mobilenet_v2", "efficientnet_lite0", "fcn_resnet50", "unet", "vit_b_16"}
    for arch in ARCHITECTURES:
        assert arch.title and arch.family and arch.description and arch.input_size == 224


@pytest.mark.parametrize("arch", ARCHITECTURES, ids=lambda a: a.name)
def test_each_runs_at_its_default_and_its_declared_limits(arch):
    assert runs_on(arch, arch.input_size)
    assert runs_on(arch, arch.min_input)
    smaller = arch.min_input - arch.multiple
    if smaller >= 1:
        assert not runs_on(arch, smaller), f"{arch.name} runs on {smaller}: min_input is wrong"


def test_build_refuses_what_does_not_fit_in_one_sentence():
    with pytest.raises(InputSizeError, match=r"--input 31 is too small for vgg16: .* 32×32"):
        build("vgg16", 31)
    with pytest.raises(InputSizeError, match="multiple of 16"):
        build("vit_b_16", 200)
    with pytest.raises(InputSizeError, match="multiple of 16"):
        build("unet", 100)


def test_an_unknown_name_names_the_closest_and_every_known_one():
    with pytest.raises(UnknownArchitecture) as caught:
        get("resnet05")
    message = str(caught.value)
    assert "'resnet05'" in message and "did you mean resnet50?" in message
    assert all(a.name in message for a in ARCHITECTURES) and "\n" not in message
    with pytest.raises(UnknownArchitecture, match="^unknown architecture 'qwerty'; known: "):
        get("qwerty")


def _bottlenecks(model):
    return [m for m in model.modules() if hasattr(m, "conv3")]


def test_the_paper_resnet_strides_its_first_1x1_conv_and_torchvision_its_3x3():
    paper, tv = build("resnet50_paper"), build("resnet50")
    downsampling = 0
    for ours, theirs in zip(_bottlenecks(paper), _bottlenecks(tv), strict=True):
        if theirs.conv2.stride == (2, 2):
            downsampling += 1
            assert ours.conv1.kernel_size == (1, 1) and ours.conv1.stride == (2, 2)
            assert ours.conv2.stride == (1, 1) and theirs.conv1.stride == (1, 1)
        else:
            assert ours.conv1.stride == ours.conv2.stride == (1, 1)
    assert downsampling == 3  # the first block of layer2, layer3 and layer4
    assert sum(p.numel() for p in paper.parameters()) == sum(p.numel() for p in tv.parameters())
    image = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        assert paper(image).shape == tv(image).shape == (1, 1000)


def test_the_unet_is_the_paper_s_shape():
    """Four halvings to 1024 channels at 1/16 of the side, the output at the input's size."""
    model = build("unet")
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert convs[0].in_channels == 1 and convs[0].out_channels == 64
    assert max(c.out_channels for c in convs) == 1024
    assert sum(isinstance(m, nn.MaxPool2d) for m in model.modules()) == 4
    assert sum(isinstance(m, nn.ConvTranspose2d) for m in model.modules()) == 4
    assert not any(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    seen = {}

    def bottom(_module, _inputs, output):
        seen["bottom"] = output.shape

    model.down4.register_forward_hook(bottom)
    with torch.no_grad():
        out = model(torch.rand(1, 1, 96, 96))
    assert out.shape == (1, 2, 96, 96) and seen["bottom"] == (1, 1024, 6, 6)


def test_nothing_is_downloaded(monkeypatch):
    """Every builder asks for no weights: a download attempt fails the test."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a builder tried to download weights")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", refuse)
    monkeypatch.setattr(torch.hub, "download_url_to_file", refuse)
    for arch in ARCHITECTURES:
        with torch.device("meta"):
            arch.builder(arch.input_size)


def test_the_efficientnet_is_the_project_s_definition():
    from cvlab.core.weights.efficientnet_lite import EfficientNetLite0

    assert type(architectures.build("efficientnet_lite0")) is EfficientNetLite0
