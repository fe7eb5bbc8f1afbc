import numpy as np
import pytest

from cvlab.core.device import describe_device, resolve_device
from cvlab.core.inputs import input_kind
from cvlab.core.model_cache import ModelCache


def test_cache_evicts_least_recently_used_past_budget():
    cache = ModelCache(budget_bytes=2500)
    loads = []

    def loader(name):
        def load():
            loads.append(name)
            return np.zeros(1000, dtype=np.uint8)
        return load

    cache.get("a", loader("a"))
    cache.get("b", loader("b"))
    cache.get("a", loader("a"))          # a is now the most recent
    cache.get("c", loader("c"))          # over budget: b goes
    assert cache.keys() == ["a", "c"] and cache.evictions == 1
    cache.get("b", loader("b"))
    assert loads == ["a", "b", "c", "b"]


def test_a_model_bigger_than_the_budget_still_stays_alone():
    cache = ModelCache(budget_bytes=10)
    cache.get("big", lambda: np.zeros(100, dtype=np.uint8))
    assert cache.keys() == ["big"]


def test_torch_module_size_is_counted():
    import torch

    cache = ModelCache(budget_bytes=10**9)
    cache.get("lin", lambda: torch.nn.Linear(100, 10))
    assert cache.used_bytes == (100 * 10 + 10) * 4


def test_device_resolution_and_description(monkeypatch):
    assert str(resolve_device("cpu")) == "cpu"
    monkeypatch.setenv("CVLAB_DEVICE", "cpu")
    assert str(resolve_device()) == "cpu"
    assert describe_device(resolve_device("cpu")).startswith("CPU, ")
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device("tpu")


def test_input_kind(test_data, tmp_path):
    assert input_kind(test_data / "ct" / "chest_ct_axial") == "dicom"
    assert input_kind(test_data / "ct" / "pydicom" / "CT_small.dcm") == "dicom"
    assert input_kind(test_data / "photos" / "sklearn_china.jpg") == "image"
    (tmp_path / "a.txt").write_text("x")
    assert input_kind(tmp_path) is None
    assert input_kind(tmp_path / "a.txt") is None


def test_tiled_work_retries_with_smaller_tiles_on_out_of_memory():
    from cvlab.core.device import retry_with_smaller_tiles

    class OutOfMemoryError(RuntimeError):
        pass

    tried, retries = [], []

    def run(tile):
        tried.append(tile)
        if tile > 128:
            raise OutOfMemoryError("CUDA out of memory. Tried to allocate 4.00 GiB")
        return f"done at {tile}"

    assert retry_with_smaller_tiles(run, 512, on_retry=retries.append) == "done at 128"
    assert tried == [512, 256, 128] and retries == [256, 128]
    with pytest.raises(OutOfMemoryError):
        retry_with_smaller_tiles(run, 512, minimum=256)
    with pytest.raises(ValueError):  # other errors are not retried
        retry_with_smaller_tiles(lambda t: (_ for _ in ()).throw(ValueError("bad")), 512)
