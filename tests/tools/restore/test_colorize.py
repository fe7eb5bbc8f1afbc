from pathlib import Path

import numpy as np
import pytest
import torch

from cvlab.tools.restore import color
from cvlab.tools.restore.colorize_levin import (
    colorize_scribbles,
    oracle_scribbles,
    scribbles_from_image,
)
from cvlab.tools.restore.colorize_net import colorize_net

torch.set_num_threads(1)


def _photo(test_data, name):
    from PIL import Image

    return np.asarray(Image.open(test_data / "photos" / name).convert("RGB"))


# ----- Levin et al. 2004 ----------------------------------------------------------------

def test_levin_two_regions_take_their_scribble_and_respect_the_edge():
    height, width, edge = 40, 60, 30
    gray = np.full((height, width), 80, np.uint8)
    gray[:, edge:] = 170
    scribbles = np.zeros((height, width, 3), np.uint8)
    mask = np.zeros((height, width), bool)
    scribbles[18:22, 5:9] = (220, 40, 40)     # red, far left
    scribbles[18:22, 50:54] = (40, 60, 230)   # blue, far right
    mask[18:22, 5:9] = mask[18:22, 50:54] = True
    out = colorize_scribbles(gray, scribbles, mask)
    _, ab = color.split_lab(out)
    left, right = ab[:, :edge], ab[:, edge:]
    assert (left[..., 0] > 15).all() and (left[..., 1] > 0).all()       # red everywhere left
    assert (right[..., 1] < -15).all()                                  # blue everywhere right
    # No leak: the columns touching the edge keep their own side's colour.
    assert (ab[:, edge - 1, 0] > 0.8 * left[20, 7, 0]).all()
    assert (ab[:, edge, 1] < 0.8 * right[20, 22, 1]).all()
    # Luminance kept from the input (YIQ Y; compare in 8-bit gray terms).
    y = out.astype(float) @ np.array([0.299, 0.587, 0.114])
    assert np.abs(y - gray).max() < 6


def test_levin_with_oracle_scribbles_beats_gray_on_a_photo(test_data):
    truth = _photo(test_data, "sklearn_china.jpg")
    gray = color.desaturate(truth)
    scribbles, mask = oracle_scribbles(truth, fraction=0.01, seed=1)
    out = colorize_scribbles(gray, scribbles, mask)
    base, ours = color.mean_delta_e(gray, truth), color.mean_delta_e(out, truth)
    assert ours["ciede2000"] < 0.6 * base["ciede2000"]
    assert ours["cie76"] < 0.6 * base["cie76"]


def test_scribbles_from_image_reads_color_and_alpha(tmp_path):
    from PIL import Image

    rgba = np.zeros((10, 12, 4), np.uint8)
    rgba[..., :3] = 128          # gray photo underneath: not a scribble
    rgba[..., 3] = 255
    rgba[2:4, 2:5, :3] = (200, 30, 30)
    rgba[6, 6] = (30, 200, 30, 0)  # transparent: not a scribble
    path = tmp_path / "s.png"
    Image.fromarray(rgba).save(path)
    rgb, mask = scribbles_from_image(path)
    assert mask.sum() == 6 and mask[2:4, 2:5].all()
    assert tuple(rgb[3, 3]) == (200, 30, 30)


# ----- the network trained here --------------------------------------------------------

PINNED_SHA256 = "9f5184dc3a0dc7b7a1f9e0f58eb86f1ceb700b50e222eb06185c51caa3f2d298"


@pytest.fixture(scope="module")
def net():
    from cvlab.tools.restore.colorize_net import load_colorize_net

    return load_colorize_net("cpu")


def test_colorize_net_weights_are_pinned_and_self_contained(net):
    """The committed file matches the pinned sha256 (the loader checks it against the
    catalogue), holds the whole model (encoder + decoder, strict load) and carries a
    calibrated default strength; the encoder is frozen."""
    from safetensors import safe_open

    from cvlab.core.weights.store import file_sha256
    from cvlab.tools.restore.weights import get

    entry = get("colorize_net")
    assert entry.offline and entry.sha256 == PINNED_SHA256
    path = REPO / entry.source.path
    assert file_sha256(path) == PINNED_SHA256 and path.stat().st_size == entry.size
    with safe_open(str(path), framework="pt") as fh:
        meta = fh.metadata()
        assert any(k.startswith("encoder.") for k in fh.keys())
    assert meta["architecture"] == "color_mobilenet_v2"
    assert float(meta["default_strength"]) == net.default_strength
    assert 0.5 <= net.default_strength <= 1.2
    assert not any(p.requires_grad for p in net.encoder.parameters())
    net.train()
    assert not net.encoder.training  # batch norm statistics stay frozen
    net.eval()


def test_colorize_net_encoder_is_the_imagenet_mobilenet_v2(net):
    """The encoder blocks in our file are torchvision's IMAGENET1K_V1 weights, unchanged."""
    from cvlab.core.weights.loading import load_state_file
    from cvlab.core.weights.store import file_sha256, local_path, status
    from cvlab.tools.restore.weights import get

    entry = get("mobilenet_v2_imagenet")
    path = local_path(entry)
    if status(entry) != "ok":  # the tests may point the weights folder elsewhere
        path = REPO / "weights" / "fetched" / entry.name / entry.filename
        if not path.is_file() or not entry.matches(file_sha256(path)):
            pytest.skip("mobilenet_v2_imagenet not fetched")
    reference = load_state_file(path)
    for key, value in net.encoder.state_dict().items():
        assert torch.equal(value, reference["features." + key]), key


def test_colorize_net_keeps_luminance_and_strength_scales_chroma(net, test_data):
    truth = _photo(test_data, "sklearn_china.jpg")[::2, ::2]
    gray = color.desaturate(truth)
    full = colorize_net(net, gray)
    half = colorize_net(net, gray, strength=0.5)
    zero = colorize_net(net, gray, strength=0.0)
    assert full.shape == truth.shape and full.dtype == np.uint8
    # the input's own L is kept (uint8 rounding only)
    assert np.abs(color.lightness(full) - color.lightness(gray)).max() < 0.6
    assert np.abs(zero.astype(int) - gray.astype(int)).max() <= 1
    chroma = [np.hypot(*color.split_lab(x)[1].transpose(2, 0, 1)).mean()
              for x in (zero, half, full)]
    assert chroma[0] < 0.5 < chroma[1] < chroma[2]
    with pytest.raises(ValueError):
        colorize_net(net, gray, strength=1.5)


def test_colorize_net_beats_gray_on_the_test_photos(net, test_data):
    """The model card's claim, re-measured: on the 4 test photos made gray, ours has a lower
    mean ΔE2000 and ΔE76 than gray, is better in ΔE2000 on the butterfly and the china photo,
    and the means match the card's table."""
    import re

    from cvlab.tools.restore.weights import get

    base, ours = {}, {}
    for path in sorted((test_data / "photos").glob("*.[jp][pn]g")):
        truth = _photo(test_data, path.name)
        gray = color.desaturate(truth)
        base[path.name] = color.mean_delta_e(gray, truth)
        ours[path.name] = color.mean_delta_e(colorize_net(net, gray), truth)
    assert len(ours) == 4
    for name in ("opencv_dnn_superres_butterfly.png", "sklearn_china.jpg"):
        assert ours[name]["ciede2000"] < base[name]["ciede2000"], name
    mean = {m: (np.mean([b[m] for b in base.values()]), np.mean([o[m] for o in ours.values()]))
            for m in ("cie76", "ciede2000")}
    assert mean["ciede2000"][1] < mean["ciede2000"][0]
    assert mean["cie76"][1] < mean["cie76"][0]
    card = (REPO / get("colorize_net").source.model_card).read_text()
    rows = re.findall(r"\| \*\*mean\*\* \| \*\*([\d.]+) / ([\d.]+)\*\* \| "
                      r"\*\*([\d.]+) / ([\d.]+)\*\* \|", card)
    assert len(rows) == 2, "the card's held-out and test mean rows"
    test_row = rows[1]
    assert float(test_row[2]) == pytest.approx(mean["cie76"][1], abs=0.02)
    assert float(test_row[3]) == pytest.approx(mean["ciede2000"][1], abs=0.02)


def test_restore_panel_does_not_import_torch():
    import os
    import subprocess
    import sys

    code = "import sys, cvlab.tools.restore.panel; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                         cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


REPO = Path(__file__).resolve().parents[3]


# ----- Zhang et al. --------------------------------------------------------------------
# Facts from richzhang/colorization colorizers/eccv16.py and siggraph17.py (module indices in
# the nn.Sequential lists): conv (out, in, k), convT (in, out, k), bn (channels).

def _vgg_trunk(first_in):
    """model1-model7, the trunk both networks share (only the first conv's input differs)."""
    return {
        "model1.0": ("conv", 64, first_in, 3), "model1.2": ("conv", 64, 64, 3),
        "model1.4": ("bn", 64),
        "model2.0": ("conv", 128, 64, 3), "model2.2": ("conv", 128, 128, 3),
        "model2.4": ("bn", 128),
        "model3.0": ("conv", 256, 128, 3), "model3.2": ("conv", 256, 256, 3),
        "model3.4": ("conv", 256, 256, 3), "model3.6": ("bn", 256),
        "model4.0": ("conv", 512, 256, 3), "model4.2": ("conv", 512, 512, 3),
        "model4.4": ("conv", 512, 512, 3), "model4.6": ("bn", 512),
        **{f"model{m}.{i}": ("conv", 512, 512, 3) for m in (5, 6, 7) for i in (0, 2, 4)},
        **{f"model{m}.6": ("bn", 512) for m in (5, 6, 7)},
    }


ECCV16_FACTS = {
    **_vgg_trunk(1),
    "model8.0": ("convT", 512, 256, 4), "model8.2": ("conv", 256, 256, 3),
    "model8.4": ("conv", 256, 256, 3), "model8.6": ("conv", 313, 256, 1),
    "model_out": ("conv_nobias", 2, 313, 1),
}

SIGGRAPH17_FACTS = {
    **_vgg_trunk(4),
    "model8up.0": ("convT", 512, 256, 4), "model3short8.0": ("conv", 256, 256, 3),
    "model8.1": ("conv", 256, 256, 3), "model8.3": ("conv", 256, 256, 3), "model8.5": ("bn", 256),
    "model9up.0": ("convT", 256, 128, 4), "model2short9.0": ("conv", 128, 128, 3),
    "model9.1": ("conv", 128, 128, 3), "model9.3": ("bn", 128),
    "model10up.0": ("convT", 128, 128, 4), "model1short10.0": ("conv", 128, 64, 3),
    "model10.1": ("conv", 128, 128, 3),
    "model_class.0": ("conv", 529, 256, 1), "model_out.0": ("conv", 2, 128, 1),
}


def _expected_keys(facts):
    keys = {}
    for prefix, fact in facts.items():
        kind = fact[0]
        if kind in ("conv", "conv_nobias"):
            out, inp, k = fact[1:]
            keys[f"{prefix}.weight"] = (out, inp, k, k)
            if kind == "conv":
                keys[f"{prefix}.bias"] = (out,)
        elif kind == "convT":
            inp, out, k = fact[1:]
            keys[f"{prefix}.weight"] = (inp, out, k, k)
            keys[f"{prefix}.bias"] = (out,)
        else:
            for name in ("weight", "bias", "running_mean", "running_var"):
                keys[f"{prefix}.{name}"] = (fact[1],)
            keys[f"{prefix}.num_batches_tracked"] = ()
    return keys


@pytest.mark.parametrize("name,facts,params", [
    ("zhang_eccv16", ECCV16_FACTS, 32_236_011),
    ("zhang_siggraph17", SIGGRAPH17_FACTS, 34_187_027),
])
def test_zhang_architectures_match_the_released_key_list(name, facts, params):
    from cvlab.tools.restore.zhang import build_zhang, zhang_from_state_dict

    model = build_zhang(name)
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert got == _expected_keys(facts)
    assert sum(p.numel() for p in model.parameters()) == params
    # A released-style file (no num_batches_tracked) loads; a wrong key is refused.
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("batches_tracked")}
    zhang_from_state_dict(name, state)
    state["extra.weight"] = torch.zeros(1)
    with pytest.raises(ValueError):
        zhang_from_state_dict(name, state)


def test_zhang_runs_and_keeps_lightness():
    from cvlab.tools.restore.zhang import build_zhang, colorize_zhang

    model = build_zhang("zhang_siggraph17").eval()
    gray = np.tile(np.linspace(20, 230, 90, dtype=np.uint8), (60, 1))
    out = colorize_zhang(model, gray)
    assert out.shape == (60, 90, 3)
    assert np.abs(color.lightness(out) - color.lightness(gray)).max() < 0.6


@pytest.mark.parametrize("name", ["zhang_eccv16", "zhang_siggraph17"])
def test_zhang_missing_weights_names_the_fetch_command(name, tmp_path, monkeypatch):
    from cvlab.core.weights.catalogue import UrlSource
    from cvlab.core.weights.loading import WeightsMissingError
    from cvlab.tools.restore.weights import get
    from cvlab.tools.restore.zhang import load_zhang

    assert isinstance(get(name).source, UrlSource) and get(name).licence.startswith("BSD-2")
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError, match=f"cvlab weights fetch {name}"):
        load_zhang(name)
