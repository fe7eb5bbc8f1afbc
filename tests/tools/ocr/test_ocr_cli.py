"""`cvlab ocr` and `cvlab plate` end to end through cvlab.cli.main: real PP-OCRv4 models
(onnxruntime for speed, one torch run), files written, folders, and the one-line errors."""

import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from cvlab.cli import main
from cvlab.core.image_save import save_image
from cvlab.core.images import load_image

ORT = ("--backend", "onnxruntime")
PPOCR = ("--engine", "ppocr")   # these plate tests check the PP-OCR path (clpr: test_plate_clpr)
# The rows of lines 3-6 of imageTextN.png (556×257): y from 54 to 128 px.
ROI = (0, 52, 556, 76)


@pytest.fixture(scope="module")
def page(test_data):
    return test_data / "ocr" / "imageTextN.png"


def run(capsys, *argv):
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def page_report(page):
    """The page's --json report, read once for the tests that only look at it."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ocr", str(page), *ORT, "--json"])
    assert code == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def plate_scene(tmp_path_factory):
    from cvlab.tools.ocr.plate_render import place_in_scene, render_plate

    scene, quad = place_in_scene(render_plate("京A12345", "blue"), perspective=0.1,
                                 blur_sigma=0.7, seed=1)
    path = tmp_path_factory.mktemp("plates") / "car.png"
    save_image(path, scene)
    return path, quad


# ------------------------------------------------------------------------------------ ocr
def test_page_json_reads_the_lines_in_reading_order(page_report, page):
    report = page_report
    assert report["image"] == str(page)
    assert report["size"] == {"width": 556, "height": 257}
    assert report["backend"] == "onnxruntime" and report["device"] == "cpu"
    assert set(report["timings"]) >= {"det", "rec", "total"}
    lines = report["lines"]
    assert len(lines) >= 10
    assert "technical details" in lines[0]["text"]
    tops = [min(y for _, y in line["box"]) for line in lines]
    assert tops == sorted(tops)
    for line in lines:
        assert set(line) == {"text", "confidence", "box_score", "box", "rotated_180"}
        assert len(line["box"]) == 4 and 0.5 <= line["confidence"] <= 1.0
        assert line["rotated_180"] is False
    assert report["text"] == "\n".join(line["text"] for line in lines)
    assert "paragraphs" not in report


def test_plain_text_and_txt_csv_json_files(capsys, tmp_path, page, page_report):
    texts = [line["text"] for line in page_report["lines"]]
    code, out, err = run(capsys, "ocr", page, *ORT, "-o", tmp_path / "page.txt")
    assert code == 0, err
    assert out.splitlines() == texts
    assert (tmp_path / "page.txt").read_text(encoding="utf-8").splitlines() == texts

    code, _, err = run(capsys, "ocr", page, *ORT, "-o", tmp_path / "page.csv")
    assert code == 0, err
    with open(tmp_path / "page.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["text", "confidence", "x1", "y1", "x2", "y2", "x3", "y3",
                             "x4", "y4"]
    assert [r["text"] for r in rows] == texts
    first = page_report["lines"][0]
    assert float(rows[0]["confidence"]) == pytest.approx(first["confidence"], abs=1e-3)
    assert [float(rows[0][f"{a}{k}"]) for k in range(1, 5) for a in "xy"] == pytest.approx(
        [v for point in first["box"] for v in point], abs=0.06)

    code, out, err = run(capsys, "ocr", page, *ORT, "--json", "-o", tmp_path / "page.json")
    assert code == 0, err
    written = json.loads((tmp_path / "page.json").read_text(encoding="utf-8"))
    assert written["lines"] == json.loads(out)["lines"] == page_report["lines"]
    assert not list(tmp_path.glob(".*.part"))   # atomic writes leave no temporary file


def test_roi_reads_only_the_lines_inside(capsys, page, page_report):
    x, y, w, h = ROI
    code, out, err = run(capsys, "ocr", page, *ORT, "--json", "--roi", ",".join(map(str, ROI)))
    assert code == 0, err
    lines = json.loads(out)["lines"]
    assert 3 <= len(lines) < len(page_report["lines"])
    for line in lines:
        for px, py in line["box"]:
            assert x <= px <= x + w and y <= py <= y + h
    all_texts = [line["text"] for line in page_report["lines"]]
    assert lines[0]["text"] == all_texts[2]           # "small implementation projects, ..."
    assert not any("technical details" in line["text"] for line in lines)


def test_document_finds_paragraphs(capsys, page):
    code, out, err = run(capsys, "ocr", page, *ORT, "--document", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["paragraphs"]) >= 2 and isinstance(report["key_values"], list)
    indices = [i for p in report["paragraphs"] for i in p["line_indices"]]
    assert sorted(indices) == list(range(len(report["lines"])))
    code, out, _ = run(capsys, "ocr", page, *ORT, "--document")
    blocks = out.strip("\n").split("\n\n")
    assert len(blocks) == len(report["paragraphs"])
    assert "technical details" in blocks[0] and "three high-level approaches" in blocks[-1]


def test_torch_reads_a_small_crop_as_onnxruntime_does(capsys, tmp_path, page):
    crop = tmp_path / "crop.png"
    save_image(crop, load_image(page)[10:60, :])
    code, ort_out, err = run(capsys, "ocr", crop, *ORT)
    assert code == 0, err
    code, torch_out, err = run(capsys, "ocr", crop, "--backend", "torch", "--json")
    assert code == 0, err
    report = json.loads(torch_out)
    assert report["backend"] == "torch"
    assert "technical details" in ort_out
    assert [line["text"] for line in report["lines"]] == ort_out.splitlines()


def test_onnxruntime_run_does_not_import_torch(tmp_path, page):
    crop = tmp_path / "crop.png"
    save_image(crop, load_image(page)[10:60, :])
    code = (f"import sys; from cvlab.cli import main\n"
            f"code = main(['ocr', {str(crop)!r}, '--backend', 'onnxruntime'])\n"
            f"print('EXIT', code, 'TORCH', 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ))
    assert "technical details" in out.stdout, out.stderr
    assert "EXIT 0 TORCH False" in out.stdout


def test_one_line_errors(capsys, tmp_path, page, monkeypatch):
    code, _, err = run(capsys, "ocr", page, *ORT, "--roi", "1,2,three")
    assert code == 1 and "--roi 1,2,three" in err and "X,Y,W,H" in err
    code, _, err = run(capsys, "ocr", page, *ORT, "--roi", "2000,0,50,50")
    assert code == 1 and str(page) in err and "outside the image (556×257 px)" in err
    code, _, err = run(capsys, "ocr", page, *ORT, "-o", tmp_path / "page.md")
    assert code == 1 and ".txt, .json or .csv" in err
    code, _, err = run(capsys, "ocr", page, *ORT, "--box-threshold", "1.5")
    assert code == 1 and "--box-threshold" in err
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    code, _, err = run(capsys, "ocr", broken, *ORT)
    assert code == 1 and str(broken) in err
    code, _, err = run(capsys, "ocr", tmp_path / "missing.png", *ORT)
    assert code == 1 and "missing.png: no such file" in err
    code, _, err = run(capsys, "plate", page, *ORT, "--methods", "text,magic")
    assert code == 1 and "magic" in err and "cascade" in err
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path / "no_weights"))
    for command in ("ocr", "plate"):
        code, _, err = run(capsys, command, page, *ORT)
        assert code == 1 and "cvlab weights fetch ppocrv4_det" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_progress_bar_draws_only_on_a_terminal():
    import io

    from cvlab.tools.ocr.cli import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    pipe, terminal = io.StringIO(), Terminal()
    for stream in (pipe, terminal):
        bar = ProgressBar(stream)
        bar(0.5, "1/2 page.png")
        bar.note("cvlab ocr: skipping notes.txt (not an image file)")
        bar.clear()
    assert pipe.getvalue() == "cvlab ocr: skipping notes.txt (not an image file)\n"
    assert "1/2 page.png" in terminal.getvalue() and " 50%" in terminal.getvalue()
    assert terminal.getvalue().count("\r") >= 2


@pytest.fixture
def image_folder(tmp_path, page, plate_scene):
    folder = tmp_path / "images"
    folder.mkdir()
    shutil.copy(page, folder / "page.png")
    shutil.copy(plate_scene[0], folder / "car.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (folder / "notes.txt").write_text("not an image")
    return folder


def test_ocr_folder_writes_json_and_summary_and_counts_the_broken_file(capsys, tmp_path,
                                                                       image_folder):
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "ocr", image_folder, *ORT, "-o", out)
    assert code == 1
    assert str(image_folder / "broken.png") in err and "notes.txt" in err
    assert "2 of 3 image(s) read" in stdout and "1 failed" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["car.json", "page.json", "summary.csv"]
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == ["car.png", "page.png"]
    assert list(rows[0]) == ["file", "lines", "characters", "mean_confidence", "seconds"]
    page_json = json.loads((out / "page.json").read_text(encoding="utf-8"))
    assert int(rows[1]["lines"]) == len(page_json["lines"]) >= 10
    assert int(rows[1]["characters"]) == sum(len(line["text"]) for line in page_json["lines"])


def test_outputs_inside_the_input_folder_are_refused(capsys, image_folder, tmp_path):
    before = sorted(p.name for p in image_folder.iterdir())
    for argv in (("ocr", image_folder, "-o", image_folder),
                 ("ocr", image_folder, "-o", image_folder / "out"),
                 ("plate", image_folder, "-o", tmp_path / "out", "--crops", image_folder / "c")):
        code, _, err = run(capsys, *argv, *ORT)
        assert code == 1 and "input folder" in err, argv
    code, _, err = run(capsys, "ocr", image_folder, *ORT)
    assert code == 1 and "give an output folder with -o" in err
    assert sorted(p.name for p in image_folder.iterdir()) == before
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------- plate
def test_plate_json_and_crops(capsys, tmp_path, plate_scene):
    from cvlab.tools.ocr.plates import quad_iou

    path, quad = plate_scene
    crops = tmp_path / "crops"
    code, out, err = run(capsys, "plate", path, *PPOCR, *ORT, "--json", "--crops", crops)
    assert code == 0, err
    report = json.loads(out)
    assert report["image"] == str(path) and len(report["plates"]) == 1
    plate = report["plates"][0]
    assert plate["text"] == "京A12345" and plate["display"] == "京A·12345"
    assert plate["colour"] == "blue" and plate["kind"] == "blue" and plate["valid"] is True
    assert plate["confidence"] >= 0.5 and plate["source"] in {"text", "colour"}
    assert set(plate) >= {"raw_text", "corrections", "box"}
    assert quad_iou(np.float32(plate["box"]), quad) > 0.5
    crop = load_image(plate["crop"])
    assert crop.shape[0] == 96 and crop.shape[1] > 2 * crop.shape[0]
    assert [p.name for p in crops.iterdir()] == ["car_plate1.png"]

    code, out, err = run(capsys, "plate", path, *PPOCR, *ORT)
    assert code == 0, err
    assert out.splitlines()[0].split("\t")[0] == "京A·12345" and "valid" in out


def test_plate_folder_summary(capsys, tmp_path, image_folder):
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "plate", image_folder, *PPOCR, *ORT, "-o", out)
    assert code == 1 and str(image_folder / "broken.png") in err
    assert "1 plate(s) found" in stdout
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["file"], r["plate"], r["colour"], r["valid"]) for r in rows] == [
        ("car.png", "京A12345", "blue", "1"), ("page.png", "", "", "")]
    assert json.loads((out / "page.json").read_text(encoding="utf-8"))["plates"] == []
