"""The learned inpainting network (committed weights) and the LaMa loader's missing-file path."""

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch

from cvlab.core.weights.catalogue import Entry, LocalSource, UrlSource
from cvlab.core.weights.loading import WeightsMissingError
from cvlab.core.weights.store import status
from cvlab.tools.restore import inpaint_net as net
from cvlab.tools.restore import inpaint_refine as refine
from cvlab.tools.restore.holes import make_mask
from cvlab.tools.restore.inpaint_classical import CLASSICAL, inpaint
from cvlab.tools.restore.training import train_inpaint as training
from cvlab.tools.restore.weights import CATALOGUE, get

REPO = Path(__file__).resolve().parents[3]
# The model card's claim: the hole kinds (bench names) where the net beats every classical
# method's PSNR on the validation photos with the bench's masks.
CLAIMED_KINDS = ("scratches", "blobs")


@pytest.fixture(scope="module")
def model():
    torch.set_num_threads(1)
    return net.load_inpaint_net()


def _hole(shape, seed=0):
    rng = np.random.default_rng(seed)
    hole = np.zeros(shape, bool)
    h, w = shape
    hole[h // 4:h // 2, w // 3:w // 3 + max(2, w // 5)] = True
    hole |= rng.random(shape) < 0.05
    return hole


def test_catalogue_entries():
    entry = get("inpaint_net")
    assert isinstance(entry.source, LocalSource) and entry.offline
    assert not entry.sha256_is_prefix and status(entry) == "present"
    assert entry.source.model_card == "weights/inpaint_net/model_card.md"
    lama = get("lama")
    assert isinstance(lama.source, UrlSource) and not lama.offline
    assert lama.filename == "big-lama.pt" and not lama.sha256_is_prefix


def test_loads_from_committed_weights(model):
    assert isinstance(model, refine.InpaintRefineNet) and not model.training
    assert model.channels == refine.DEFAULT_CHANNELS
    entry = get("inpaint_net")
    data = (REPO / entry.source.path).read_bytes()
    assert len(data) == entry.size
    assert hashlib.sha256(data).hexdigest() == entry.sha256


def test_untrained_network_is_the_equal_blend_of_its_candidates():
    torch.manual_seed(0)
    model = refine.InpaintRefineNet().eval()
    rng = np.random.default_rng(5)
    rgb = rng.random((24, 40, 3), dtype=np.float32)
    hole = _hole((24, 40))
    x, m, fills = net.network_inputs(rgb, hole)
    with torch.no_grad():
        y = model(x, m, fills)
    expected = (fills[:, :3] + fills[:, 3:] + net.smooth_fill(x, m)) / 3
    assert torch.allclose(y, expected, atol=1e-6)
    # the classical candidates are OpenCV's Telea / Navier-Stokes of the 8-bit image
    u8 = np.rint(np.where(hole[..., None], 0, rgb) * 255).astype(np.uint8)
    assert np.array_equal(refine.classical_fills(u8, hole)[..., :3],
                          inpaint(u8, hole, "telea"))


@pytest.mark.parametrize("kind", ["rgb8", "gray8", "rgba8", "rgb16", "float32", "gray1ch"])
def test_outside_pixels_are_kept_exactly(model, kind):
    rng = np.random.default_rng(1)
    shape = (37, 53)
    images = {
        "rgb8": rng.integers(0, 256, (*shape, 3), dtype=np.uint8),
        "gray8": rng.integers(0, 256, shape, dtype=np.uint8),
        "rgba8": rng.integers(0, 256, (*shape, 4), dtype=np.uint8),
        "rgb16": rng.integers(0, 65536, (*shape, 3), dtype=np.uint16),
        "float32": rng.random((*shape, 3), dtype=np.float32),
        "gray1ch": rng.integers(0, 256, (*shape, 1), dtype=np.uint8),
    }
    image = images[kind]
    hole = _hole(shape)
    out = net.inpaint_net(model, image, hole)
    assert out.shape == image.shape and out.dtype == image.dtype
    assert np.array_equal(out[~hole], image[~hole])
    if kind == "rgba8":
        assert np.array_equal(out[..., 3], image[..., 3])
    assert not np.array_equal(out[hole], image[hole])


def test_empty_mask_returns_a_copy(model):
    image = np.full((9, 11, 3), 7, np.uint8)
    out = net.inpaint_net(model, image, np.zeros((9, 11), bool))
    assert np.array_equal(out, image) and out is not image


def test_big_images_run_the_net_at_most_max_side(model, monkeypatch):
    seen = []
    real = net.run_network

    def spy(m, rgb, hole):
        seen.append(hole.shape)
        return real(m, rgb, hole)

    monkeypatch.setattr(net, "run_network", spy)
    image = np.random.default_rng(2).integers(0, 256, (90, 201, 3), dtype=np.uint8)
    hole = _hole((90, 201))
    out = net.inpaint_net(model, image, hole, max_side=64)
    assert seen and max(seen[0]) <= 64
    assert out.shape == image.shape and np.array_equal(out[~hole], image[~hole])


def test_training_masks_are_bench_kinds_cut_to_the_crop():
    rng = np.random.default_rng(3)
    masks = [training.training_mask(96, rng) for _ in range(40)]
    assert all(m.shape == (96, 96) and m.dtype == np.float32 for m in masks)
    cover = [float(m.mean()) for m in masks]
    assert min(cover) > 0 and max(cover) <= 0.7
    assert set(np.unique(np.concatenate([np.unique(m) for m in masks]))) <= {0.0, 1.0}


def test_loss_is_per_crop_mse_inside_the_hole():
    target = torch.zeros(2, 3, 8, 8)
    mask = torch.zeros(2, 1, 8, 8)
    mask[0, :, :2, :2] = 1
    mask[1, :, :4, :4] = 1
    pred = torch.full_like(target, 0.5)
    loss, mse = training.inpaint_loss(pred, target, mask, l1_weight=0.0)
    assert float(mse) == pytest.approx(0.25) and float(loss) == pytest.approx(0.25)


@pytest.mark.parametrize("kind", CLAIMED_KINDS)
def test_beats_every_classical_method_on_its_hole_kind(model, test_data, kind):
    """The model card's claim, measured as the bench does: the validation photos (never trained
    on, never used to pick the checkpoint) at long side 512, the bench's mask of ``kind``
    seeded by the photo index, mean PSNR inside the hole above every classical method's."""
    bench = training.bench_module()
    photos = bench.load_photos(512)
    assert len(photos) == 4
    methods = {"ours": lambda im, m: net.inpaint_net(model, im, m)}
    methods |= {key: lambda im, m, key=key: inpaint(im, m, key) for key in CLASSICAL}
    scores = {name: [] for name in methods}
    for index, image in enumerate(photos.values()):
        mask = make_mask(kind, image.shape, seed=index, fraction=bench.KINDS[kind])
        for name, fn in methods.items():
            scores[name].append(bench.psnr_in(fn(image, mask), image, mask))
    mean = {name: float(np.mean(v)) for name, v in scores.items()}
    assert mean["ours"] > max(v for name, v in mean.items() if name != "ours"), mean


def test_missing_inpaint_net_names_the_fetch_command(monkeypatch):
    entry = get("inpaint_net")
    monkeypatch.setitem(CATALOGUE.by_name, "inpaint_net", Entry(
        name="inpaint_net", task=entry.task, architecture=entry.architecture,
        licence=entry.licence, sha256=entry.sha256, size=entry.size,
        source=LocalSource("weights/no_such_folder/model.safetensors")))
    with pytest.raises(WeightsMissingError, match="cvlab weights fetch inpaint_net"):
        net.load_inpaint_net()


def test_missing_lama_names_the_fetch_command(monkeypatch, tmp_path):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError, match="cvlab weights fetch lama"):
        net.load_lama()


@pytest.mark.filterwarnings("ignore:`torch.jit:FutureWarning")
def test_torchscript_parameters_are_read_for_spandrel(tmp_path):
    """big-lama.pt is TorchScript: its tensors are read, and a bare generator's keys get the
    ``model.`` prefix spandrel's LaMa detection expects."""

    class Generator(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = torch.nn.Sequential(torch.nn.Conv2d(1, 1, 1), torch.nn.Module())
            self.model[1].bn_l = torch.nn.BatchNorm2d(1)

        def forward(self, x):
            return self.model[1].bn_l(self.model[0](x))

    path = tmp_path / "tiny.pt"
    torch.jit.trace(Generator().eval(), torch.zeros(1, 1, 2, 2)).save(str(path))
    assert net._is_torchscript(path)
    state = net._lama_state_dict(path)
    assert "model.model.1.bn_l.running_mean" in state
    assert all(isinstance(v, torch.Tensor) for v in state.values())
