"""`cvlab sr upscale | eval | methods` end to end on shared photos and odd inputs."""

import csv
import json

import numpy as np
import pytest
from PIL import Image

from cvlab.cli import main
from cvlab.core.images import read_image


def run(capsys, *argv):
    code = main(["sr", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_png(path, array):
    Image.fromarray(array).save(path)
    return path


def test_eval_json_reports_every_method_in_literature_convention(capsys, test_data, tmp_path):
    photo = test_data / "photos" / "opencv_dnn_superres_butterfly.png"
    figure, table = tmp_path / "fig.png", tmp_path / "metrics.csv"
    code, out, err = run(capsys, "eval", str(photo), "--models", "nearest,bicubic,srresnet",
                         "--json", "--figure", str(figure), "--csv", str(table))
    assert code == 0, err
    report = json.loads(out)
    assert report["channel"] == "Y" and report["crop_border"] == 4
    psnr = {r["method"]: r["psnr_db"] for r in report["results"]}
    assert list(psnr) == ["Nearest", "Bicubic", "SRResNet"]
    assert psnr["SRResNet"] > psnr["Bicubic"] + 1.5 > psnr["Nearest"] + 1.5
    assert all(0 < r["ssim"] < 1 for r in report["results"])
    shot = np.asarray(Image.open(figure))
    assert shot.shape[1] >= 4 * 256 and shot.shape[2] == 3
    rows = list(csv.DictReader(table.open()))
    assert [r["method"] for r in rows] == list(psnr)


def test_eval_rgb_scores_lower_than_y(capsys, test_data):
    photo = str(test_data / "photos" / "opencv_dnn_superres_butterfly.png")
    y = json.loads(run(capsys, "eval", photo, "--models", "bicubic", "--json")[1])
    rgb = json.loads(run(capsys, "eval", photo, "--models", "bicubic", "--json", "--rgb")[1])
    assert rgb["channel"] == "RGB"
    assert rgb["results"][0]["psnr_db"] != y["results"][0]["psnr_db"]


@pytest.mark.parametrize("kind", ["gray", "rgba", "gray16", "one_pixel_wide"])
def test_upscale_keeps_the_input_layout(capsys, tmp_path, kind):
    rng = np.random.default_rng(0)
    arrays = {
        "gray": (rng.random((12, 10)) * 255).astype(np.uint8),
        "rgba": (rng.random((12, 10, 4)) * 255).astype(np.uint8),
        "gray16": (rng.random((12, 10)) * 65535).astype(np.uint16),
        "one_pixel_wide": (rng.random((30, 1, 3)) * 255).astype(np.uint8),
    }
    source = write_png(tmp_path / f"{kind}.png", arrays[kind])
    target = tmp_path / "out" / f"{kind}_x4.png"
    target.parent.mkdir()
    code, out, err = run(capsys, "upscale", str(source), "--model", "srresnet", "-o", str(target))
    assert code == 0, err
    original, result = read_image(source).array, read_image(target).array
    assert result.shape[:2] == (original.shape[0] * 4, original.shape[1] * 4)
    assert result.ndim == original.ndim and result.dtype == original.dtype
    if kind == "rgba":
        assert result.shape[2] == 4


def test_upscale_bf16_matches_fp32_closely(capsys, test_data, tmp_path):
    photo = test_data / "photos" / "opencv_dnn_superres_butterfly.png"
    small = tmp_path / "small.png"
    write_png(small, np.asarray(Image.open(photo).convert("RGB"))[100:140, 100:140])
    outputs = {}
    for precision in ("fp32", "bf16"):
        target = tmp_path / f"{precision}.png"
        code, _, err = run(capsys, "upscale", str(small), "--model", "srresnet",
                           "--precision", precision, "-o", str(target))
        assert code == 0, err
        outputs[precision] = np.asarray(Image.open(target), dtype=np.float64)
    mse = np.mean((outputs["fp32"] - outputs["bf16"]) ** 2)
    assert 10 * np.log10(255 ** 2 / max(mse, 1e-12)) > 35


def test_errors_are_one_clear_line(capsys, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    code, _, err = run(capsys, "upscale", str(broken), "-o", str(tmp_path / "o.png"))
    assert code == 1 and str(broken) in err and err.count("\n") == 1

    good = write_png(tmp_path / "good.png", np.zeros((8, 8, 3), np.uint8))
    code, _, err = run(capsys, "upscale", str(good), "--model", "edsr", "-o",
                       str(tmp_path / "o.png"))
    assert code == 1 and "unknown method 'edsr'" in err and "bicubic" in err

    code, _, err = run(capsys, "upscale", str(good), "--model", "srresnet", "--scale", "2",
                       "-o", str(tmp_path / "o.png"))
    assert code == 1 and "×4" in err

    code, _, err = run(capsys, "upscale", str(good), "-o", str(good))
    assert code == 1 and "overwrite" in err.lower()
    assert read_image(good).array.shape == (8, 8, 3)   # the input is untouched

    tiny = write_png(tmp_path / "tiny.png", np.zeros((3, 3, 3), np.uint8))
    code, _, err = run(capsys, "eval", str(tiny), "--models", "bicubic", "--scale", "4")
    assert code == 1 and "smaller than the scale" in err and str(tiny) in err


def test_methods_lists_every_method(capsys):
    code, out, _ = run(capsys, "methods")
    assert code == 0
    for name in ("nearest", "bicubic", "lanczos", "srresnet", "srgan", "realesrgan-x4plus",
                 "realesrgan-animevideov3", "realsr-df2k-x4", "span-x4", "span-x2",
                 "realcugan-x2-conservative"):
        assert name in out
    # one column each: the longest name once ran into the kind ("…conservativenetwork")
    assert all(line.split()[1] in ("interpolation", "network") for line in out.splitlines())


def test_eval_reports_each_method_as_it_is_scored_before_the_next_runs(test_data):
    # The caller sees bicubic's score while the network has not even been loaded.
    from cvlab.core.jobs import JobContext
    from cvlab.tools.superres.methods import evaluate

    class SeenEnough(Exception):
        pass

    hr = read_image(test_data / "photos" / "opencv_dnn_superres_butterfly.png").array
    ctx = JobContext.local("superres")
    seen = []

    def on_output(output):
        seen.append((output.method, round(output.psnr, 2)))
        raise SeenEnough

    with pytest.raises(SeenEnough):
        evaluate(hr, 4, ["bicubic", "srresnet"], ctx=ctx, on_output=on_output)
    assert [name for name, _ in seen] == ["bicubic"] and seen[0][1] > 20
    assert "srresnet" not in ctx.models


def test_eval_table_rows_follow_the_methods_and_a_misspelt_one_prints_none(capsys, test_data):
    photo = str(test_data / "photos" / "opencv_dnn_superres_butterfly.png")
    code, out, _ = run(capsys, "eval", photo, "--models", "nearest,bicubic")
    assert code == 0
    rows = [line.split()[0] for line in out.splitlines()[2:]]
    assert rows == ["Nearest", "Bicubic"]
    code, out, err = run(capsys, "eval", photo, "--models", "bicubic,banana")
    assert code != 0 and "banana" in err
    assert "Bicubic" not in out  # the name is checked before any method runs
