"""The torch backend's frozen models (freeze.py, frozen_graph.py): a JSON graph plus
safetensors weights cached after the first onnx2torch conversion, so later loads import no
converter.

Real weights (`cvlab weights fetch ppocrv4_det ppocrv4_rec ppocr_mobile_v2_cls`); when they are
missing these tests fail naming the fetch command, as test_ocr_models.py does. Every cache
here lives in a temporary folder.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from cvlab.core.weights.loading import WeightsMissingError
from cvlab.tools.ocr import freeze as FZ
from cvlab.tools.ocr import frozen_graph as FG
from cvlab.tools.ocr import models as M

# Frozen vs onnx2torch, same inputs, same layout. The two run the same torch kernels in the
# same order, so in practice they agree bit for bit; the bound leaves room for nothing else.
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """{model: (onnx2torch module, frozen module read back from the cache, cache path)}."""
    cache = tmp_path_factory.mktemp("frozen-cache")
    try:
        paths = M.model_paths()
    except WeightsMissingError as exc:
        pytest.fail(str(exc))
    out = {}
    for model in M.MODELS:
        module, _ = M.load_torch_model(model, paths[model], cache_dir=cache)
        M.load_frozen_model(model, paths[model], cache_dir=cache)  # converts, freezes, caches
        key = M.frozen_cache_key(M.file_sha256(paths[model]), M.INPUT_HEIGHT[model])
        path = M.frozen_cache_path(paths[model], key, cache)
        frozen = FG.read_cache(path, key)
        assert isinstance(frozen, FG.FrozenGraph), path
        out[model] = (module, frozen, path)
    out["cache"] = cache
    return out


@pytest.fixture(scope="module")
def page(test_data) -> np.ndarray:
    return np.asarray(Image.open(test_data / "ocr" / "skimage_page.png").convert("RGB"))


def model_inputs(page: np.ndarray) -> dict[str, list[np.ndarray]]:
    """Several shapes per model, all from the real page photo."""
    crops = [page[6:40, 0:300], page[44:66, 0:384], page[63:84, 0:384], page[81:101, 0:200]]
    return {
        M.DET: [M.normalise_det(page),                       # (1,3,192,384)
                M.normalise_det(page[:100, :300]),           # (1,3,96,288)
                M.normalise_det(page[40:, 100:]),            # (1,3,160,288)
                np.concatenate([M.normalise_det(page[:96, :320])] * 2)],  # batch of 2
        M.REC: [M.rec_batch(crops),                          # the batch's own width
                M.rec_batch(crops[:2], 480),
                M.rec_batch(crops[3:], 200),                 # narrower than Paddle's 320
                M.rec_batch(crops * 2, 777)],                # width not a multiple of 8
        M.CLS: [M.cls_batch(crops), M.cls_batch(crops[:1]), M.cls_batch(crops * 3)],
    }


@pytest.mark.parametrize("model", M.MODELS)
@pytest.mark.parametrize("channels_last", [True, False])
def test_frozen_matches_onnx2torch(converted, page, model, channels_last):
    module, frozen, _ = converted[model]
    reference = M.TorchBackend({model: module}, [], channels_last=channels_last)
    ours = M.TorchBackend({model: frozen}, [], channels_last=channels_last)
    batches = model_inputs(page)[model]
    for batch in batches if channels_last else batches[:2]:  # NCHW: a spot check
        expected, got = reference._run(model, batch), ours._run(model, batch)
        assert got.shape == expected.shape, (batch.shape, got.shape)
        assert np.abs(got - expected).max() <= TOLERANCE, batch.shape
        assert np.isfinite(got).all()


def test_frozen_graph_keeps_what_the_backend_needs(converted):
    _, frozen, path = converted[M.REC]
    assert path.name.startswith("ch_PP-OCRv4_rec_infer.frozen-") and path.suffix == ".safetensors"
    characters = M.characters_from_metadata(frozen.info["metadata"]["character"])
    assert len(characters) == frozen.info["output_shape"][-1] == 6625
    ops = {node["op"] for node in frozen.graph["nodes"]}
    assert {"conv2d", "matmul", "softmax", "slice", "reshape"} <= ops
    assert not any(isinstance(b, torch.nn.Parameter) for b in frozen.buffers())


WARM_LOAD = r"""
import json, sys
from cvlab.core.images import load_image
from cvlab.tools.ocr.models import load_backend
from cvlab.tools.ocr.pipeline import read_text
backend = load_backend("torch", cache_dir=sys.argv[1])
result = read_text(load_image(sys.argv[2]), backend)
print(json.dumps({"modules": sorted(m for m in ("onnx", "onnx2torch", "torchvision",
                                                 "onnxruntime") if m in sys.modules),
                  "kinds": sorted({type(m).__name__ for m in backend.modules.values()}),
                  "lines": [line.text for line in result.lines]}))
"""


def test_warm_cache_loads_without_converters_and_reads_the_same(converted, test_data):
    from cvlab.core.images import load_image
    from cvlab.tools.ocr.pipeline import read_text

    image = test_data / "ocr" / "skimage_page.png"
    before = M.TorchBackend({m: converted[m][0] for m in M.MODELS},
                            M.characters_from_metadata(
                                converted[M.REC][1].info["metadata"]["character"]))
    expected = [line.text for line in read_text(load_image(image), before).lines]
    assert len(expected) >= 4 and any("segmentation" in t for t in expected), expected
    done = subprocess.run([sys.executable, "-c", WARM_LOAD, str(converted["cache"]), str(image)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["modules"] == [], report["modules"]  # none of onnx, onnx2torch, torchvision
    assert report["kinds"] == ["FrozenGraph"]
    assert report["lines"] == expected


def corrupt(path, how: str, converted) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped byte":  # in the tensor data: only the checksum notices
        flipped = bytearray(data)
        flipped[-100] ^= 0x40
        path.write_bytes(bytes(flipped))
    elif how == "garbage":
        path.write_bytes(b"\x00\xff not a safetensors file" * 100)
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "other key":  # a valid file, written for another source
        path.write_bytes(FG.to_bytes(converted[M.CLS][1], "some other key"))


@pytest.mark.parametrize("how", ["truncated", "flipped byte", "garbage", "empty", "other key"])
def test_damaged_cache_is_rebuilt(converted, tmp_path, page, how):
    paths = M.model_paths()
    original = converted[M.CLS][2]
    path = tmp_path / original.name
    path.write_bytes(original.read_bytes())
    key = M.frozen_cache_key(M.file_sha256(paths[M.CLS]), M.CLS_HEIGHT)
    assert FG.read_cache(path, key) is not None
    corrupt(path, how, converted)
    assert FG.read_cache(path, key) is None  # refused, never run
    module, _ = M.load_frozen_model(M.CLS, paths[M.CLS], cache_dir=tmp_path)
    assert isinstance(module, FG.FrozenGraph)
    assert FG.read_cache(path, key) is not None  # rebuilt
    batch = model_inputs(page)[M.CLS][0]
    expected = M.TorchBackend({M.CLS: converted[M.CLS][0]}, []).cls(batch)
    assert np.abs(M.TorchBackend({M.CLS: module}, []).cls(batch) - expected).max() <= TOLERANCE


def test_cache_with_another_key_is_not_used(converted):
    _, frozen, path = converted[M.CLS]
    assert FG.read_cache(path, "another source:h48:surgery1") is None
    other = M.frozen_cache_key("0" * 64, M.CLS_HEIGHT)
    assert M.frozen_cache_path(path, other, path.parent) != path


def test_unreadable_cache_folder_is_worked_around(converted, tmp_path):
    paths = M.model_paths()
    key = M.frozen_cache_key(M.file_sha256(paths[M.CLS]), M.CLS_HEIGHT)
    path = M.frozen_cache_path(paths[M.CLS], key, tmp_path)
    path.mkdir(parents=True)  # a folder where the file should be: unreadable, unwritable
    module, _ = M.load_frozen_model(M.CLS, paths[M.CLS], cache_dir=tmp_path)
    assert isinstance(module, FG.FrozenGraph) and path.is_dir()


# ----- unsupported graphs -------------------------------------------------------------------

class Tanh(torch.nn.Module):
    def forward(self, x):
        return torch.tanh(x)


class Leaky(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)
        self.act = torch.nn.LeakyReLU()

    def forward(self, x):
        return self.act(self.conv(x))


class Getitem(torch.nn.Module):
    def forward(self, x):
        return x[:, :1]


@pytest.mark.parametrize("module, kind", [(Tanh(), "tanh"), (Leaky(), "LeakyReLU"),
                                          (Getitem(), "getitem")])
def test_unsupported_node_raises_a_clear_error(module, kind):
    gm = torch.fx.symbolic_trace(module)
    with pytest.raises(FZ.FreezeError, match=rf"node '\w+': .*{kind}.* not supported"):
        FZ.freeze(gm)


class Toy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.gate = torch.nn.Sigmoid()

    def forward(self, x):
        y = torch.nn.functional.hardswish(self.conv(x))
        return torch.addcmul(y, y, self.gate(y))


def test_toy_graph_round_trips_through_bytes():
    torch.manual_seed(0)
    model = Toy().eval()
    frozen = FG.from_bytes(FG.to_bytes(FZ.freeze(torch.fx.symbolic_trace(model), {"a": 1}),
                                       "k"), "k")
    assert [n["op"] for n in frozen.graph["nodes"]] == ["conv2d", "hardswish", "sigmoid",
                                                        "addcmul"]
    assert frozen.info == {"a": 1}
    x = torch.randn(2, 3, 9, 11)
    assert torch.equal(frozen(x), model(x))
    with pytest.raises(FG.FrozenFormatError, match="key"):
        FG.from_bytes(FG.to_bytes(frozen, "k"), "other")


def test_freeze_failure_keeps_the_onnx2torch_module(monkeypatch, tmp_path):
    def refuse(gm, info=None):
        raise FZ.FreezeError("node 'x': Whatever is not supported")

    monkeypatch.setattr(FZ, "freeze", refuse)
    with pytest.warns(RuntimeWarning, match="Whatever is not supported"):
        module, info = M.load_frozen_model(M.CLS, cache_dir=tmp_path)
    assert isinstance(module, torch.fx.GraphModule) and info["rewrites"]
    assert not list(tmp_path.glob("*.frozen-*"))  # nothing cached


def test_file_with_an_unknown_op_is_refused():
    graph = {"inputs": ["x"], "outputs": [{"ref": "y"}],
             "nodes": [{"name": "y", "op": "exec", "args": [{"ref": "x"}]}]}
    with pytest.raises(FG.FrozenFormatError, match="unknown op 'exec'"):
        FG.FrozenGraph(graph, {})
    graph["nodes"][0].update(op="relu", args=[{"ref": "nowhere"}], attrs={"inplace": False})
    with pytest.raises(FG.FrozenFormatError, match="dangling"):
        FG.FrozenGraph(graph, {})


def test_a_cast_to_anything_but_a_tensor_dtype_is_refused():
    # The dtype is looked up on the torch module by name: only the listed names may reach it.
    graph = {"inputs": ["x"], "outputs": [{"ref": "y"}],
             "nodes": [{"name": "y", "op": "cast", "args": [{"ref": "x"}],
                        "attrs": {"dtype": "load"}}]}
    with pytest.raises(FG.FrozenFormatError, match="cast to 'load'"):
        FG.FrozenGraph(graph, {})
    graph["nodes"][0]["attrs"]["dtype"] = "int64"
    assert FG.FrozenGraph(graph, {})(torch.tensor([1.5])).dtype == torch.int64
