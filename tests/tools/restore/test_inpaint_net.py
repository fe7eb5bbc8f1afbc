"""The trained inpainting U-Net (committed weights) and the LaMa loader's missing-file path."""

import cv2
import numpy as np
import pytest
import torch

from cvlab.core.weights.catalogue import CATALOGUE, Entry, LocalSource, UrlSource, get
from cvlab.core.weights.loading import WeightsMissingError
from cvlab.core.weights.store import status
from cvlab.tools.restore import inpaint_net as net
from cvlab.tools.restore.training import train_inpaint as training


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
    assert isinstance(model, net.InpaintUNet) and not model.training
    assert model.channels == net.DEFAULT_CHANNELS


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


def test_training_masks_cover_5_to_40_percent():
    rng = np.random.default_rng(3)
    cover = [training.random_mask(96, rng).mean() for _ in range(60)]
    assert min(cover) >= 0.05 and max(cover) <= 0.42
    a = training.validation_mask("blobs", (60, 80), 4)
    assert np.array_equal(a, training.validation_mask("blobs", (60, 80), 4))


def test_beats_telea_and_ns_on_blob_holes(model, shared_data, monkeypatch):
    """The model card's claim: inside large free-form blobs, on the validation photos (never
    trained on), our mean PSNR beats OpenCV Telea's and Navier-Stokes' on the same masks."""
    monkeypatch.setattr(training, "VALIDATION_DIR", shared_data / "photos")
    scores = {"ours": [], "telea": [], "ns": []}
    for seed, photo in enumerate(training.validation_photos().values()):
        hole = training.validation_mask("blobs", photo.shape[:2], seed)
        damaged = photo.copy()
        damaged[hole] = 0
        outputs = {"ours": net.inpaint_net(model, damaged, hole),
                   "telea": training.classical(damaged, hole, cv2.INPAINT_TELEA),
                   "ns": training.classical(damaged, hole, cv2.INPAINT_NS)}
        for method, out in outputs.items():
            scores[method].append(training.hole_psnr(out, photo, hole))
    mean = {m: float(np.mean(v)) for m, v in scores.items()}
    assert len(scores["ours"]) == 4
    assert mean["ours"] > max(mean["telea"], mean["ns"]), mean


def test_missing_inpaint_net_names_the_fetch_command(monkeypatch):
    entry = get("inpaint_net")
    monkeypatch.setitem(CATALOGUE, "inpaint_net", Entry(
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
