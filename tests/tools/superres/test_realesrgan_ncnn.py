"""The ncnn → PyTorch converter: the .param/.bin formats, and agreement with the ncnn runtime.

The ncnn model files come from the catalogue's offline set (`make test` fetches them). When
they are missing these tests fail, naming the fetch command: a skip would hide the gap.
"""

import struct

import ncnn
import numpy as np
import pytest
import torch
from PIL import Image

from cvlab.core.weights import status
from cvlab.core.weights.loading import WeightsMissingError
from cvlab.tools.superres import ncnn_convert
from cvlab.tools.superres.archs import (
    SRVGGNetCompact,
    realcugan_x2_conservative,
    realesrgan_animevideov3,
    realesrgan_x4plus,
    span_x4_ch48,
)
from cvlab.tools.superres.ncnn_convert import (
    NCNN_MODELS,
    NcnnFormatError,
    cached_conversion_path,
    convert,
    load_realesrgan,
    parse_param,
    realesrgan_files,
)
from cvlab.tools.superres.weights import get

NCNN_TOLERANCE = 1e-3


def _require_fetched(model: str) -> tuple:
    spec = NCNN_MODELS[model]
    missing = [n for n in (spec.param_entry, spec.bin_entry) if status(get(n)) != "present"]
    if missing:
        pytest.fail(f"{model} files not here; fetch them with: "
                    f".venv/bin/python -m cvlab weights fetch {' '.join(missing)}")
    return realesrgan_files(model, fetch_missing=False)


@pytest.fixture(scope="module")
def photo_crop(test_data) -> np.ndarray:
    """A 32×32 crop of a real photo, (3,H,W) float32 in [0,1]."""
    image = Image.open(test_data / "photos" / "opencv_baboon.jpg").convert("RGB")
    crop = np.asarray(image, dtype=np.float32)[200:232, 240:272] / 255.0
    return np.ascontiguousarray(crop.transpose(2, 0, 1))


def run_ncnn_fp32(param_path, bin_path, chw: np.ndarray,
                  blobs: tuple[str, str] = ("data", "output")) -> np.ndarray:
    net = ncnn.Net()
    # ncnn stores and computes in fp16 by default where the CPU allows; compare in fp32.
    for option in ("use_fp16_storage", "use_fp16_arithmetic", "use_fp16_packed",
                   "use_bf16_storage", "use_vulkan_compute"):
        setattr(net.opt, option, False)
    net.opt.num_threads = 2
    assert net.load_param(str(param_path)) == 0
    assert net.load_model(str(bin_path)) == 0
    extractor = net.create_extractor()
    extractor.input(blobs[0], ncnn.Mat(chw))
    code, out = extractor.extract(blobs[1])
    assert code == 0
    return np.array(out)


def run_torch(model, chw: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return model.eval()(torch.from_numpy(chw)[None])[0].numpy()


# Max abs difference from the ncnn runtime (fp32) on the baboon crop, in [0, 1] units, as
# measured: x4plus 5.3e-6, animevideov3 5.4e-7, realsr-df2k-x4 1.6e-6, span-x4 9.5e-7,
# span-x2 6.0e-7.
@pytest.mark.parametrize("model_name", ["realesrgan-x4plus", "realesrgan-animevideov3",
                                        "realsr-df2k-x4", "span-x4", "span-x2"])
def test_converted_model_matches_ncnn_runtime(model_name, photo_crop):
    param_path, bin_path = _require_fetched(model_name)
    spec = NCNN_MODELS[model_name]
    model = spec.build()
    model.load_state_dict(convert(param_path, bin_path, model), strict=True)
    ours = run_torch(model, photo_crop)
    theirs = run_ncnn_fp32(param_path, bin_path, photo_crop)
    assert ours.shape == theirs.shape == (3, 32 * spec.scale, 32 * spec.scale)
    difference = float(np.abs(ours - theirs).max())
    assert difference <= NCNN_TOLERANCE, f"{model_name}: max abs difference {difference:.2e}"
    # Not trivially equal: the output really depends on the photo.
    assert ours.std() > 0.05


def test_memory_data_fills_the_span_input_mean():
    param_path, bin_path = _require_fetched("span-x4")
    state = convert(param_path, bin_path, span_x4_ch48())
    np.testing.assert_allclose(state["mean"].flatten().numpy(), [0.4488, 0.4371, 0.4040],
                               atol=1e-4)
    with pytest.raises(NcnnFormatError, match=r"MemoryData\) has no counterpart"):
        convert(param_path, bin_path, realesrgan_x4plus())


def test_span_graph_of_the_other_scale_is_refused():
    param_path, bin_path = _require_fetched("span-x2")
    with pytest.raises(NcnnFormatError, match="Convolution"):
        convert(param_path, bin_path, span_x4_ch48())


def test_realcugan_matches_ncnn_runtime_on_the_padded_input(photo_crop):
    """The ncnn graph is the bare net: its unpadded convs shrink the image by 18 px a side
    (36 px at the output), so it is fed the photo reflect-padded by 18 px, as our forward()
    pads it, and gives exactly 2× the unpadded crop."""
    param_path, bin_path = _require_fetched("realcugan-x2-conservative")
    model = realcugan_x2_conservative()
    model.load_state_dict(convert(param_path, bin_path, model), strict=True)
    padded = torch.nn.functional.pad(torch.from_numpy(photo_crop)[None], (18,) * 4,
                                     mode="reflect")
    with torch.inference_mode():
        ours = model.forward_padded(padded)[0].numpy()
        whole = model(torch.from_numpy(photo_crop)[None])[0].numpy()
    theirs = run_ncnn_fp32(param_path, bin_path, padded[0].numpy().copy(),
                           blobs=("in0", "out0"))
    assert ours.shape == theirs.shape == whole.shape == (3, 64, 64)
    difference = float(np.abs(ours - theirs).max())
    # Measured on this crop: 1.4e-6.
    assert difference <= NCNN_TOLERANCE, f"max abs difference {difference:.2e}"
    assert np.array_equal(whole, ours)
    assert ours.std() > 0.05


@pytest.mark.parametrize("height, width", [(31, 20), (7, 5), (1, 1)])
def test_realcugan_output_is_twice_any_input_size(height, width):
    model = realcugan_x2_conservative().eval()
    with torch.inference_mode():
        out = model(torch.rand(1, 3, height, width))
    assert out.shape == (1, 3, 2 * height, 2 * width)


def test_graph_of_another_family_fails_naming_the_layer():
    param_path, bin_path = _require_fetched("realcugan-x2-conservative")
    with pytest.raises(NcnnFormatError, match=r"layer convrelu_0 \(Convolution\) does not fit "
                                              r"conv_1 \(48, 3, 3, 3\): num_output is 32"):
        convert(param_path, bin_path, span_x4_ch48())
    span_param, span_bin = _require_fetched("span-x4")
    with pytest.raises(NcnnFormatError, match=r"MemoryData\) has no counterpart"):
        convert(span_param, span_bin, realcugan_x2_conservative())


def test_unsupported_layer_type_is_named(tmp_path):
    param = tmp_path / "ln.param"
    param.write_text("7767517\n2 2\nInput in0 0 1 data\nLayerNorm ln0 1 1 data output 0=3\n")
    (tmp_path / "ln.bin").write_bytes(b"")
    with pytest.raises(NcnnFormatError, match="layer ln0: type LayerNorm is not supported"):
        convert(param, tmp_path / "ln.bin", _tiny_model())


@pytest.mark.parametrize("model", ["span-x2", "realcugan-x2-conservative"])
def test_x2_output_is_aligned_with_the_ground_truth(test_data, model):
    result = _butterfly_aligned(test_data, model, 2)
    np.testing.assert_allclose(result.outputs[0].image.mean(axis=(0, 1)),
                               result.hr.mean(axis=(0, 1)), atol=0.04)  # no colour cast


def test_architecture_sized_from_the_graph_matches_the_named_builder():
    param_path, bin_path = _require_fetched("realesrgan-animevideov3")
    state = convert(param_path, bin_path, "srvggnet_compact")
    assert state.keys() == realesrgan_animevideov3().state_dict().keys()
    assert state["body.34.weight"].shape == (48, 64, 3, 3)


def test_wrong_architecture_fails_naming_the_layer():
    param_path, bin_path = _require_fetched("realesrgan-x4plus")
    with pytest.raises(NcnnFormatError, match=r"layer Conv_1 is Convolution but the next "
                                              r"module of SRVGGNetCompact is body\.1 \(PReLU\)"):
        convert(param_path, bin_path, realesrgan_animevideov3())
    v3_param, v3_bin = _require_fetched("realesrgan-animevideov3")
    with pytest.raises(NcnnFormatError, match=r"layer PRelu_1 is PReLU but the next module "
                                              r"of RRDBNet is body\.0\.rdb1\.conv1"):
        convert(v3_param, v3_bin, realesrgan_x4plus())


def test_bin_from_another_model_fails():
    v3_param, _ = _require_fetched("realesrgan-animevideov3")
    _, x4_bin = _require_fetched("realesrgan-x4plus")
    with pytest.raises(NcnnFormatError, match=r"\.bin"):
        convert(v3_param, x4_bin, realesrgan_animevideov3())


# ----- the formats, on files written by hand -------------------------------------------

TINY_PARAM = """7767517
8 9
Input            in0      0 1 data
Split            sp0      1 2 data d0 d1
Convolution      conv0    1 1 d0 c0 0=4 1=3 4=1 5=1 6=108
PReLU            act0     1 1 c0 a0 0=4
Convolution      conv1    1 1 a0 c1 0=12 1=3 4=1 5=1 6=432
PixelShuffle     ps       1 1 c1 p0 0=2
"""
TINY_TAIL = """Interp           up       1 1 d1 u0 0=1 1=2.000000e+00 2=2.000000e+00
BinaryOp         add      2 1 p0 u0 output
"""


def _tiny_model() -> SRVGGNetCompact:
    return SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=4, num_conv=0, upscale=2)


def _write_tiny(tmp_path, state: dict, fp16: bool) -> tuple:
    """Write ``state`` the way ncnn's ModelBin expects: tagged conv weights, raw fp32 rest."""
    blob = bytearray()
    for key in ("body.0", "body.1", "body.2"):
        weight = state[f"{key}.weight"].numpy()
        if weight.ndim == 4:
            if fp16:
                data = weight.astype("<f2").tobytes()
                blob += struct.pack("<I", 0x01306B47) + data + b"\0" * (-len(data) % 4)
            else:
                blob += struct.pack("<I", 0) + weight.astype("<f4").tobytes()
            blob += state[f"{key}.bias"].numpy().astype("<f4").tobytes()
        else:
            blob += weight.astype("<f4").tobytes()
    (tmp_path / "tiny.param").write_text(TINY_PARAM + TINY_TAIL)
    (tmp_path / "tiny.bin").write_bytes(bytes(blob))
    return tmp_path / "tiny.param", tmp_path / "tiny.bin"


@pytest.mark.parametrize("fp16", [True, False])
def test_bin_layout_round_trip(tmp_path, fp16):
    torch.manual_seed(0)
    source = _tiny_model()
    source.body[1].weight.data.uniform_(-0.5, 0.5)
    state = {k: v.detach().clone() for k, v in source.state_dict().items()}
    param_path, bin_path = _write_tiny(tmp_path, state, fp16)
    converted = convert(param_path, bin_path, _tiny_model())
    for key, value in state.items():
        expected = value.half().float() if (fp16 and value.ndim == 4) else value
        assert torch.equal(converted[key], expected), key


def test_fp16_padding_to_whole_words(tmp_path):
    # 27 fp16 values = 54 bytes, padded to 56: a reader that ignores the padding misreads the
    # bias that follows.
    param = tmp_path / "odd.param"
    param.write_text("7767517\n2 2\nInput in0 0 1 data\n"
                     "Convolution c 1 1 data output 0=1 1=3 4=1 5=1 6=27\n")
    weights = np.arange(27, dtype=np.float32) / 32
    data = struct.pack("<I", 0x01306B47) + weights.astype("<f2").tobytes() + b"\0\0"
    (tmp_path / "odd.bin").write_bytes(data + struct.pack("<f", 0.75))
    single_conv = torch.nn.Sequential(torch.nn.Conv2d(3, 1, 3, padding=1))
    state = convert(param, tmp_path / "odd.bin", single_conv)
    assert np.array_equal(state["0.weight"].flatten().numpy(), weights)
    assert state["0.bias"].item() == 0.75


def test_parse_param_reads_ints_floats_and_arrays(tmp_path):
    path = tmp_path / "a.param"
    path.write_text("7767517\n1 2\nConvolution conv_x 1 1 in out 0=32 1=3 6=864 9=2 "
                    "-23310=1,2.000000e-01\n")
    (layer,) = parse_param(path)
    assert (layer.type, layer.name, layer.inputs, layer.outputs) == (
        "Convolution", "conv_x", ["in"], ["out"])
    assert layer.params == {0: 32, 1: 3, 6: 864, 9: 2, 10: [0.2]}
    assert isinstance(layer.params[10][0], float)


@pytest.mark.parametrize("text, message", [
    ("7767518\n0 0\n", "not an ncnn text .param"),
    ("7767517\n2 2\nInput in0 0 1 data\n", "header says 2 layers, found 1"),
    ("7767517\n1 1\nConvolution c 1 1 data\n", "line 3: cannot parse"),
    ("7767517\n1 1\nConvolution c 1 1 a b -23310=2,0.1\n", "says 2 values, has 1"),
])
def test_malformed_param_is_refused_clearly(tmp_path, text, message):
    path = tmp_path / "bad.param"
    path.write_text(text)
    with pytest.raises(NcnnFormatError, match=message):
        parse_param(path)


def test_unsupported_weight_tag_fails_naming_the_layer(tmp_path):
    param, _ = _write_tiny(tmp_path, _tiny_model().state_dict(), fp16=True)
    blob = bytearray((tmp_path / "tiny.bin").read_bytes())
    blob[0:4] = struct.pack("<I", 0x000D4B38)  # ncnn's int8 tag
    (tmp_path / "tiny.bin").write_bytes(bytes(blob))
    with pytest.raises(NcnnFormatError, match="layer conv0: weight storage tag 0x000D4B38"):
        convert(param, tmp_path / "tiny.bin", _tiny_model())


def test_graph_with_extra_downscale_is_not_a_plain_x4_net(tmp_path):
    param, bin_path = _write_tiny(tmp_path, _tiny_model().state_dict(), fp16=False)
    text = param.read_text().replace("8 9", "9 10", 1).replace(
        "add      2 1 p0 u0 output", "add      2 1 p0 u0 sum\n"
        "Interp half 1 1 sum output 0=1 1=5.000000e-01 2=5.000000e-01")
    param.write_text(text)
    with pytest.raises(NcnnFormatError, match="upsampling does not match SRVGGNetCompact"):
        convert(param, bin_path, _tiny_model())


# ----- catalogue loading and the safetensors cache ---------------------------------------

def test_load_realesrgan_caches_and_reconverts_when_the_source_changes(tmp_path, monkeypatch):
    param_path, bin_path = _require_fetched("realesrgan-animevideov3")
    copies = tmp_path / "src"
    copies.mkdir()
    param_copy, bin_copy = copies / param_path.name, copies / bin_path.name
    param_copy.write_bytes(param_path.read_bytes())
    bin_copy.write_bytes(bin_path.read_bytes())
    monkeypatch.setattr(ncnn_convert, "realesrgan_files", lambda *a, **k: (param_copy, bin_copy))
    cache_dir = tmp_path / "cache"

    first = load_realesrgan("realesrgan-animevideov3", cache_dir=cache_dir)
    cache = cached_conversion_path("realesrgan-animevideov3", param_copy, bin_copy, cache_dir)
    assert cache.is_file()

    def no_conversion(*args, **kwargs):
        raise AssertionError("converted again although the cache was valid")

    monkeypatch.setattr(ncnn_convert, "convert", no_conversion)
    again = load_realesrgan("realesrgan-animevideov3", cache_dir=cache_dir)
    for (key, a), b in zip(first.state_dict().items(), again.state_dict().values()):
        assert torch.equal(a, b), key

    # A changed weight file gets a new cache key: converted again, the stale cache removed.
    monkeypatch.undo()
    monkeypatch.setattr(ncnn_convert, "realesrgan_files", lambda *a, **k: (param_copy, bin_copy))
    blob = bytearray(bin_copy.read_bytes())
    blob[4:6] = np.float16(0.5).tobytes()  # the first fp16 weight, after the tag
    bin_copy.write_bytes(bytes(blob))
    changed = load_realesrgan("realesrgan-animevideov3", cache_dir=cache_dir)
    assert changed.body[0].weight.flatten()[0].item() == 0.5
    assert [p.name for p in cache_dir.glob("*.safetensors")] == [
        cached_conversion_path("realesrgan-animevideov3", param_copy, bin_copy, cache_dir).name]


def test_missing_files_name_the_fetch_command(tmp_path, monkeypatch):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path / "empty"))
    with pytest.raises(WeightsMissingError,
                       match="cvlab weights fetch realesrgan_x4plus_ncnn_param"):
        load_realesrgan("realesrgan-x4plus", fetch_missing=False)


def test_unknown_model_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="realesrgan-x4plus"):
        load_realesrgan("realesrgan-x8")


@pytest.mark.parametrize("model", ["realesrgan-x4plus", "realesrgan-animevideov3",
                                   "realsr-df2k-x4", "span-x4"])
def test_output_is_aligned_with_the_ground_truth(test_data, model):
    """Real-ESRGAN redraws edges (it was trained to restore degraded photos), so its PSNR on
    clean bicubic input is modest; but its output must not be shifted: a half-pixel offset
    from a wrong pixel-shuffle or padding would show here."""
    result = _butterfly_aligned(test_data, model, 4)
    assert result.outputs[0].ssim > result.outputs[1].ssim  # sharper edges score on SSIM
    np.testing.assert_allclose(result.outputs[0].image.mean(axis=(0, 1)),
                               result.hr.mean(axis=(0, 1)), atol=0.04)  # no colour cast


def _butterfly_aligned(test_data, model: str, scale: int):
    """``model`` and bicubic on a crop of the butterfly: neither output is shifted against
    the ground truth (phase correlation under 0.3 px). Returns the evaluation."""
    import cv2

    from cvlab.core.images import load_image
    from cvlab.tools.superres.methods import evaluate
    from cvlab.tools.superres.resize import to_rgb_float

    _require_fetched(model)
    photo = test_data / "photos" / "opencv_dnn_superres_butterfly.png"
    hr = to_rgb_float(load_image(photo))[64:192, 64:192]
    result = evaluate(hr, scale, [model, "bicubic"])
    gray = [cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY)
            for image in (result.hr, *(o.image for o in result.outputs))]
    for output in gray[1:]:
        (dx, dy), _ = cv2.phaseCorrelate(gray[0].astype(np.float64), output.astype(np.float64))
        assert abs(dx) < 0.3 and abs(dy) < 0.3, (model, dx, dy)
    return result
