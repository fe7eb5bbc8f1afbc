"""The real MobileNetV2 ImageNet file: it loads strictly and recognises real photographs.

`make test` fetches it first (`cvlab weights fetch --offline`); a missing file is a failure,
with the command that fixes it, never a skip.
"""

from __future__ import annotations

import pytest

from cvlab.core.weights import (
    WeightsMissingError,
    build_classifier,
    classify,
    imagenet_class_names,
    imagenet_preprocess,
    load_state_dict,
    local_path,
    status,
)
from cvlab.core.weights.backbones import MOBILENET_V2_IMAGENET as ENTRY

NAME = ENTRY.name
CAT_CLASSES = {"tabby", "tiger cat", "Egyptian cat", "Persian cat", "Siamese cat", "lynx"}


@pytest.fixture(scope="module")
def model():
    entry = ENTRY
    if status(entry) != "present":
        pytest.fail(f"{local_path(entry)} is {status(entry)}; run: cvlab weights fetch {NAME}")
    return build_classifier(ENTRY)


def test_state_dict_is_plain_tensors():
    import torch

    state = load_state_dict(ENTRY)
    assert all(isinstance(v, torch.Tensor) for v in state.values())
    assert state["classifier.1.weight"].shape == (1000, 1280)


def test_model_is_in_eval_mode(model):
    assert not model.training


def test_coffee_is_espresso_or_a_cup(model):
    from skimage import data

    top5 = classify(model, data.coffee())
    print("coffee top-5:", top5)
    name, probability = top5[0]
    assert name in {"espresso", "cup", "coffee mug"} and probability > 0.3, top5


def test_chelsea_is_a_cat(model):
    from skimage import data

    top5 = classify(model, data.chelsea())
    print("chelsea top-5:", top5)
    assert top5[0][0] in CAT_CLASSES, top5


def test_class_names_come_from_torchvision():
    names = imagenet_class_names()
    assert len(names) == 1000 and names[0] == "tench" and names[967] == "espresso"


def test_preprocess_shape_and_normalisation():
    import numpy as np

    grey = np.full((300, 500, 3), 124, np.uint8)  # ~ the ImageNet mean of red
    tensor = imagenet_preprocess(grey)
    assert tuple(tensor.shape) == (3, 224, 224)
    assert abs(float(tensor[0].mean())) < 0.02
    with pytest.raises(ValueError, match="uint8"):
        imagenet_preprocess(grey.astype(np.float32))


def test_missing_file_names_the_fetch_command(monkeypatch, tmp_path):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError, match=f"cvlab weights fetch {NAME}"):
        load_state_dict(ENTRY)


def test_pickled_objects_are_refused(tmp_path, capfd):
    import pickle

    from cvlab.core.weights import load_state_file

    class Payload:
        def __reduce__(self):
            return (print, ("this must never run",))

    evil = tmp_path / "evil.pth"
    evil.write_bytes(pickle.dumps({"x": Payload()}, protocol=2))
    with pytest.raises(Exception, match="(?i)weights.only|unsupported global"):
        load_state_file(evil)
    assert "this must never run" not in capfd.readouterr().out
