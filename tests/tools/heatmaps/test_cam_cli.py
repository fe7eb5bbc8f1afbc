"""`cvlab cam` end to end: real MobileNetV2 on the sample photos, files written, folders,
and the one-line errors."""

import csv
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cvlab.cli import main
from cvlab.tools.heatmaps.cli import ProgressBar

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "samples" / "photos"
COFFEE = PHOTOS / "skimage_coffee.png"     # 600×400
CHELSEA = PHOTOS / "skimage_chelsea.png"   # 451×300
# The cup with its handle and the crema, generously, in the photo's own pixels (x0, y0, x1, y1).
CUP_BOX = (150, 0, 430, 320)


@pytest.fixture(autouse=True, scope="module")
def load_each_model_once():
    """Every call goes through the real CLI; only the model load (seconds) is shared."""
    from cvlab.tools.heatmaps import classifiers

    real, cache = classifiers.load_classifier, {}

    def cached(name, device="cpu"):
        key = (name, str(device))
        if key not in cache:
            cache[key] = real(name, device=device)
        return cache[key]

    classifiers.load_classifier = cached
    yield
    classifiers.load_classifier = real


def run(capsys, *argv):
    code = main(["cam", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def inside(peak, box):
    x0, y0, x1, y1 = box
    return x0 <= peak["x"] <= x1 and y0 <= peak["y"] <= y1


def test_coffee_json_top1_peak_on_the_cup_and_overlay(capsys, tmp_path):
    out_png = tmp_path / "overlay.png"
    code, out, err = run(capsys, COFFEE, "--json", "-o", out_png)
    assert code == 0, err
    report = json.loads(out)
    assert report["model"] == "mobilenet_v2" and report["methods"] == ["gradcam"]
    assert report["layers"] == ["features.18"]
    assert report["top5"][0]["name"] in {"espresso", "cup"}
    assert len(report["top5"]) == 5
    assert report["target"]["id"] == report["top5"][0]["id"]
    assert report["target"]["probability"] == pytest.approx(report["top5"][0]["probability"])
    (heatmap,) = report["heatmaps"]
    assert inside(heatmap["peak"], CUP_BOX), heatmap["peak"]
    assert 0 <= heatmap["faithfulness"]["average_drop"] <= 100
    assert isinstance(heatmap["faithfulness"]["increase"], bool)
    assert Path(heatmap["outputs"]["overlay"]) == out_png.resolve()
    overlay = np.asarray(Image.open(out_png))
    assert overlay.shape == (400, 600, 3)
    photo = np.asarray(Image.open(COFFEE).convert("RGB"))
    assert np.abs(overlay.astype(int) - photo).mean() > 10  # the map is really blended in


def test_human_summary_lists_top5_and_peak(capsys):
    code, out, err = run(capsys, COFFEE)
    assert code == 0, err
    lines = out.splitlines()
    assert "espresso" in out and "peak at x=" in out and "average drop" in out
    assert sum("%" in line for line in lines[1:6]) == 5


def test_class_by_name_on_chelsea(capsys):
    code, out, err = run(capsys, CHELSEA, "--class", "TABBY", "--json")
    assert code == 0, err
    target = json.loads(out)["target"]
    assert (target["id"], target["name"]) == (281, "tabby")
    assert 0 < target["probability"] < 1
    # an exact name wins over the longer names that contain it ("tiger cat", "tiger shark")
    code, out, err = run(capsys, CHELSEA, "--class", "tiger", "--json", "--method", "cam")
    assert code == 0, err
    assert json.loads(out)["target"]["id"] == 292


def test_ambiguous_and_unknown_class_names_fail_with_the_choices(capsys):
    code, out, err = run(capsys, CHELSEA, "--class", "cat")
    assert code == 1 and out == ""
    assert "tiger cat" in err and "Egyptian cat" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, CHELSEA, "--class", "1000")
    assert code == 1 and "0..999" in err


def test_layer_depths_with_layercam_fuses_every_resolution(capsys, tmp_path):
    code, out, err = run(capsys, COFFEE, "--method", "layercam", "--layer", "depths",
                         "--json", "--npy", tmp_path / "map.npy")
    assert code == 0, err
    report = json.loads(out)
    layers = report["layers"]
    assert len(layers) >= 4 and layers[-1] == "features.18"
    assert layers == sorted(layers, key=lambda n: int(n.split(".")[1]))
    assert report["heatmaps"][0]["layers"] == layers
    assert inside(report["heatmaps"][0]["peak"], CUP_BOX)


def test_npy_is_the_float32_map_at_the_photo_size(capsys, tmp_path):
    target = tmp_path / "map.npy"
    code, out, err = run(capsys, COFFEE, "--npy", target, "--json", "--layer",
                         "features.14,features.18", "--colormap", "turbo")
    assert code == 0, err
    heat = np.load(target)
    assert heat.dtype == np.float32 and heat.shape == (400, 600)
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0, abs=0.01)
    peak = json.loads(out)["heatmaps"][0]["peak"]
    assert np.unravel_index(int(np.argmax(heat)), heat.shape) == (peak["y"], peak["x"])


def test_several_methods_get_suffixed_files(capsys, tmp_path):
    code, out, err = run(capsys, COFFEE, "--method", "gradcam,eigencam,gradcam++",
                         "--layer", "features.14", "-o", tmp_path / "o.png", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [h["method"] for h in report["heatmaps"]] == ["gradcam", "eigencam", "gradcam++"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "o_eigencam.png", "o_gradcam++.png", "o_gradcam.png"]


def test_unknown_layer_lists_the_valid_names(capsys):
    code, out, err = run(capsys, COFFEE, "--layer", "features.99")
    assert code == 1 and out == ""
    assert "features.99" in err and "features.0" in err and "features.18" in err
    assert "depths" in err and len(err.strip().splitlines()) == 1


def test_unknown_method_model_and_missing_weights(capsys, tmp_path, monkeypatch):
    code, _, err = run(capsys, COFFEE, "--method", "gradcam,fancycam")
    assert code == 1 and "fancycam" in err and "layercam" in err
    code, _, err = run(capsys, COFFEE, "--model", "no_such_net")
    assert code == 1 and "no_such_net" in err and "efficientnet_lite0" in err
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    code, _, err = run(capsys, COFFEE, "--model", "resnet18")
    assert code == 1 and "cvlab weights fetch resnet18_imagenet" in err
    assert "Traceback" not in err


def test_overwriting_the_input_is_refused(capsys, tmp_path):
    photo = tmp_path / "coffee.png"
    shutil.copy(COFFEE, photo)
    code, _, err = run(capsys, photo, "-o", photo)
    assert code == 1 and "overwrite" in err
    assert photo.read_bytes() == COFFEE.read_bytes()


@pytest.fixture
def photo_folder(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(COFFEE, folder / "coffee.png")
    shutil.copy(CHELSEA, folder / "chelsea.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (folder / "notes.txt").write_text("not an image")
    return folder


def test_folder_writes_overlays_and_csv_and_counts_the_broken_file(capsys, tmp_path,
                                                                    photo_folder):
    before = sorted(p.name for p in photo_folder.iterdir())
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, photo_folder, "-o", out_dir)
    assert code == 1
    assert "broken.png" in err and "notes.txt" in err
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "chelsea_gradcam.png", "coffee_gradcam.png", "summary.csv"]
    assert np.asarray(Image.open(out_dir / "chelsea_gradcam.png")).shape == (300, 451, 3)
    rows = list(csv.DictReader((out_dir / "summary.csv").open()))
    assert [r["file"] for r in rows] == ["chelsea.png", "coffee.png"]
    coffee = rows[1]
    assert coffee["top1_name"] in {"espresso", "cup"} and coffee["target"] == coffee["top1_id"]
    assert inside({"x": int(coffee["peak_x"]), "y": int(coffee["peak_y"])}, CUP_BOX)
    assert 0 <= float(coffee["average_drop"]) <= 100 and 0 < float(coffee["probability"]) <= 1
    assert "2 of 3 image(s)" in out and "1 failed" in out
    assert sorted(p.name for p in photo_folder.iterdir()) == before


def test_folder_output_inside_the_input_folder_is_refused(capsys, photo_folder):
    before = sorted(p.name for p in photo_folder.iterdir())
    for target in (photo_folder, photo_folder / "heatmaps"):
        code, out, err = run(capsys, photo_folder, "-o", target)
        assert code == 1 and "inside" in err and "input folder" in err
    code, _, err = run(capsys, photo_folder)
    assert code == 1 and "-o" in err
    assert sorted(p.name for p in photo_folder.iterdir()) == before


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    ProgressBar(quiet)(0.5, "1/2 coffee.png")
    assert quiet.getvalue() == ""
    stream = Terminal()
    bar = ProgressBar(stream, width=10)
    bar(0.5, "1/2 coffee.png")
    bar.note("cvlab cam: skipping notes.txt")
    bar.clear()
    text = stream.getvalue()
    assert "[#####.....]  50% 1/2 coffee.png" in text
    assert "\ncvlab cam: skipping notes.txt\n" in text.replace("\r\x1b[K", "\n")
