"""User-supplied SR weights: recognised from their keys (spandrel, or our own fallback)."""

import sys

import pytest
import torch
from safetensors.torch import save_file

from cvlab.tools.superres.archs import RRDBNet, SRVGGNetCompact
from cvlab.tools.superres.user_models import load_user_model

# Small but upstream-shaped: spandrel sizes ESRGAN assuming 64 features and growth 32.
CASES = {
    "rrdbnet_x4": (lambda: RRDBNet(num_feat=64, num_block=2, num_grow_ch=32), 4,
                   {"ESRGAN", "RRDBNet"}),
    "rrdbnet_x2": (lambda: RRDBNet(scale=2, num_feat=64, num_block=1, num_grow_ch=32), 2,
                   {"ESRGAN", "RRDBNet"}),
    "srvgg_x4": (lambda: SRVGGNetCompact(num_feat=16, num_conv=4, upscale=4), 4,
                 {"RealESRGAN Compact", "SRVGGNetCompact"}),
    "srvgg_x2": (lambda: SRVGGNetCompact(num_feat=16, num_conv=3, upscale=2), 2,
                 {"RealESRGAN Compact", "SRVGGNetCompact"}),
}


def _save(state: dict, path):
    if path.suffix == ".safetensors":
        save_file({k: v.contiguous() for k, v in state.items()}, str(path))
    else:
        torch.save(state, path)
    return path


def _assert_same_outputs(loaded, source):
    x = torch.rand(1, 3, 12, 12, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        expected, got = source.eval()(x), loaded(x)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, atol=1e-5), (got - expected).abs().max()


@pytest.fixture(params=[False, True], ids=["spandrel", "without-spandrel"])
def spandrel_hidden(request, monkeypatch):
    if request.param:
        monkeypatch.setitem(sys.modules, "spandrel", None)  # makes `import spandrel` fail
    return request.param


@pytest.mark.parametrize("suffix", [".pth", ".safetensors"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_our_architectures_are_recognised(tmp_path, case, suffix, spandrel_hidden):
    build, scale, names = CASES[case]
    torch.manual_seed(0)
    source = build()
    path = _save(source.state_dict(), tmp_path / f"{case}{suffix}")
    module, found_scale, architecture = load_user_model(path)
    assert found_scale == scale
    assert architecture in names
    if spandrel_hidden:
        assert architecture in ("RRDBNet", "SRVGGNetCompact")
    _assert_same_outputs(module, source)


def test_training_checkpoint_wrapper_is_unwrapped(tmp_path):
    torch.manual_seed(0)
    source = SRVGGNetCompact(num_feat=16, num_conv=2, upscale=4)
    path = _save({"params_ema": source.state_dict(), "iter": torch.tensor(5)},
                 tmp_path / "net_g.pth")
    module, scale, _ = load_user_model(path)
    assert scale == 4
    _assert_same_outputs(module, source)


def test_unusual_sizes_spandrel_guesses_wrong_still_load(tmp_path):
    # spandrel assumes RRDBNet growth 32; our own recognition reads it from the shapes.
    torch.manual_seed(0)
    source = RRDBNet(num_feat=16, num_block=2, num_grow_ch=8)
    module, scale, architecture = load_user_model(_save(source.state_dict(),
                                                        tmp_path / "tiny.pth"))
    assert (scale, architecture) == (4, "RRDBNet")
    _assert_same_outputs(module, source)


def test_unrecognised_weights_get_a_clear_message(tmp_path, spandrel_hidden):
    junk = {"encoder.stem.weight": torch.zeros(8, 3, 5, 5), "head.fc.bias": torch.zeros(10)}
    path = _save(junk, tmp_path / "junk.safetensors")
    with pytest.raises(ValueError) as info:
        load_user_model(path)
    message = str(info.value)
    assert "junk.safetensors" in message
    assert "not a super-resolution architecture" in message
    assert "2 tensors" in message and "encoder.stem.weight (8, 3, 5, 5)" in message


def test_damaged_rrdbnet_names_the_mismatch(tmp_path, spandrel_hidden):
    state = RRDBNet(num_feat=64, num_block=1, num_grow_ch=32).state_dict()
    state["conv_hr.weight"] = torch.zeros(64, 64, 5, 5)
    with pytest.raises(ValueError, match=r"bad\.pth: .*(does not load|not a super-res)"):
        load_user_model(_save(state, tmp_path / "bad.pth"))


def test_pickled_module_is_refused_not_run(tmp_path):
    path = tmp_path / "whole_model.pth"
    torch.save(SRVGGNetCompact(num_feat=8, num_conv=1), path)  # a pickled object, not tensors
    with pytest.raises(ValueError, match=r"whole_model\.pth: cannot be read as a weights file"):
        load_user_model(path)
