"""`cvlab batch` on a real local Ray instance: every tool's task over a small cohort,
outputs mirrored, summaries, the input tree untouched, reruns resumed."""

import csv
import json
import shutil

import numpy as np
import pytest
from PIL import Image

from cvlab.cli import main
from tests.batch.conftest import photo_cohort, tree_state


def _summary(out):
    with open(out / "batch_summary.csv", encoding="utf-8") as fh:
        return {row["item"]: row for row in csv.DictReader(fh)}


def test_faces_anonymises_a_tree_and_reports_every_item(ray_cluster, test_data, tmp_path,
                                                        capsys):
    root = photo_cohort(test_data, tmp_path / "in")
    before = tree_state(root)
    out = tmp_path / "out"
    code = main(["batch", "faces", str(root), str(out), "--anonymize", "blur", "--json"])
    captured = capsys.readouterr()
    assert code == 1                           # two items failed
    report = json.loads(captured.out)
    assert (report["done"], report["failed"], report["skipped"]) == (4, 2, 0)
    rows = _summary(out)
    assert set(rows) == {"site0/day1/biden_480.jpg", "site0/day1/obama2_480.jpg",
                         "site0/day2/obama3_480.jpg", "site0/day2/obama_480.jpg",
                         "site0/notes.png", "site0/pipe.png"}
    for key, row in rows.items():
        if key.endswith(".jpg"):
            assert row["status"] == "done" and row["faces"] == "1", row
            written = out / row["outputs"]
            assert written.name.endswith("_anonymised.png")
            assert written.parent.relative_to(out).as_posix() == key.rsplit("/", 1)[0]
            source = np.asarray(Image.open(root / key).convert("RGB"), dtype=np.int16)
            blurred = np.asarray(Image.open(written).convert("RGB"), dtype=np.int16)
            assert source.shape == blurred.shape
            changed = (np.abs(source - blurred).max(axis=2) > 8).mean()
            assert 0.02 < changed < 0.5, changed      # the face, not the whole photo
    assert "named pipe" in rows["site0/pipe.png"]["error"]
    assert "not an image" in rows["site0/notes.png"]["error"]
    with open(out / "batch_failures.csv", encoding="utf-8") as fh:
        assert sorted(r["item"] for r in csv.DictReader(fh)) == ["site0/notes.png",
                                                                 "site0/pipe.png"]
    assert "site0/pipe.png" in captured.err and "named pipe" in captured.err
    assert tree_state(root) == before             # nothing written under INPUT_ROOT
    summary = json.loads((out / "batch_summary.json").read_text())
    assert summary["counts"] == {"items": 6, "done": 4, "failed": 2, "retried": 0}

    # A rerun does the failures again and skips the rest; a photo replaced is redone.
    shutil.copy(root / "site0" / "day1" / "biden_480.jpg", root / "site0" / "day2" /
                "obama_480.jpg")
    assert main(["batch", "faces", str(root), str(out), "--anonymize", "blur",
                 "--json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert (again["done"], again["failed"], again["skipped"]) == (1, 2, 3)

    # With nothing left to do (the bad files gone), a rerun starts no worker at all.
    (root / "site0" / "notes.png").unlink()
    (root / "site0" / "pipe.png").unlink()
    assert main(["batch", "faces", str(root), str(out), "--anonymize", "blur",
                 "--json"]) == 0
    last = json.loads(capsys.readouterr().out)
    assert (last["done"], last["skipped"], last["workers"]) == (0, 4, 0)


def test_ct_nodules_screens_each_series_found_under_the_root(ray_cluster, test_data,
                                                             tmp_path, capsys):
    root = tmp_path / "cohort"
    shutil.copytree(test_data / "ct" / "chest_ct_axial", root / "patient1" / "ct")
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", root / "patient2")
    (root / "patient3").mkdir()
    (root / "patient3" / "IM0001").write_bytes(b"\0" * 200)
    (root / "README.txt").write_text("the cohort\n")    # not scanned as DICOM
    out = tmp_path / "screen"
    assert main(["batch", "ct", "nodules", str(root), str(out), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["done"], report["failed"]) == (1, 2)
    rows = _summary(out)
    done = [r for k, r in rows.items() if k.startswith("patient1/ct#")]
    assert len(done) == 1 and done[0]["status"] == "done"
    assert done[0]["slices"] == "191" and float(done[0]["right_lung_ml"]) > 1000
    written = json.loads((out / done[0]["outputs"]).read_text())
    assert written["count"] == int(done[0]["nodules"]) and "Teaching aid" in written["disclaimer"]
    assert (out / "patient1" / "ct" / "series_nodules.json").is_file()
    failed = {k: r["error"] for k, r in rows.items() if r["status"] == "failed"}
    assert any(k.startswith("patient2#") and "no air inside the body" in why
               for k, why in failed.items())
    assert "no loadable DICOM image" in failed["patient3"]


@pytest.mark.parametrize("argv, figure, check", [
    (["ocr"], "lines", lambda v: int(v) >= 10),
    (["sr", "upscale", "--model", "bicubic", "--scale", "2"], "out_width",
     lambda v: int(v) == 2 * 512),
    (["cam", "--method", "gradcam"], "top1_name", lambda v: v != ""),
    (["restore", "inpaint", "--masks", "scratches"], "filled_percent",
     lambda v: 0 <= float(v) < 50),
    (["restore", "colorize", "--method", "net"], "width", lambda v: int(v) == 512),
])
def test_every_tool_runs_its_own_engine_in_batch(ray_cluster, test_data, tmp_path, argv,
                                                 figure, check, capsys):
    root = tmp_path / "in" / "scans"
    root.mkdir(parents=True)
    source = test_data / ("ocr/imageTextN.png" if argv[0] == "ocr"
                          else "faces/skimage_astronaut.png")
    shutil.copy(source, root / "one.png")
    if argv[:2] == ["restore", "colorize"]:
        Image.open(root / "one.png").convert("L").save(root / "one.png")
    out = tmp_path / "out"
    verb = argv[:2] if argv[0] in ("sr", "restore") else argv[:1]
    code = main(["batch", *verb, str(tmp_path / "in"), str(out), *argv[len(verb):]])
    assert code == 0, capsys.readouterr().err
    (row,) = _summary(out).values()
    assert row["status"] == "done" and check(row[figure]), row
    for name in row["outputs"].split("; "):
        assert (out / name).is_file() and (out / name).parent == out / "scans"


def test_an_inpaint_mask_beside_its_photo_is_its_input_not_an_item(ray_cluster, test_data,
                                                                  tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(test_data / "faces" / "skimage_astronaut.png", root / "a.png")
    mask = np.zeros((512, 512), np.uint8)
    mask[100:120, 50:450] = 255
    Image.fromarray(mask).save(root / "a_mask.png")
    shutil.copy(test_data / "faces" / "skimage_astronaut.png", root / "b.png")
    assert main(["batch", "restore", "inpaint", str(root), str(tmp_path / "out")]) == 1
    rows = _summary(tmp_path / "out")
    assert set(rows) == {"a.png", "b.png"}
    assert rows["a.png"]["status"] == "done"
    assert abs(float(rows["a.png"]["filled_percent"]) - 100 * 20 * 400 / 512 ** 2) < 0.01
    assert "no mask beside it" in rows["b.png"]["error"]


def test_a_tool_that_cannot_open_stops_the_run_in_one_sentence(ray_cluster, test_data,
                                                               tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(test_data / "faces" / "skimage_astronaut.png", root / "a.png")
    code = main(["batch", "cam", str(root), str(tmp_path / "out"), "--layer", "no_such"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("cvlab batch cam: a worker") and "no_such" in err
    assert not (tmp_path / "out").exists()      # no empty summaries left behind


def test_out_root_inside_the_input_is_refused_before_ray_starts(test_data, tmp_path, capsys):
    root = photo_cohort(test_data, tmp_path / "in")
    before = tree_state(root)
    assert main(["batch", "faces", str(root), str(root / "out")]) == 1
    assert "never writes into an input folder" in capsys.readouterr().err
    assert tree_state(root) == before


def test_worker_planning_asks_for_gpus_where_the_cluster_has_them():
    from cvlab.core.batch.cluster import BatchError, plan_workers

    class Resources:
        def __init__(self, **values):
            self.values = values

        def cluster_resources(self):
            return self.values

    gpu_nodes = plan_workers(Resources(CPU=64, GPU=8), None, None)
    assert len(gpu_nodes) == 8 and {s["num_gpus"] for s in gpu_nodes} == {1.0}
    assert len(plan_workers(Resources(CPU=64, GPU=8), None, 0.5)) == 16
    cpus = plan_workers(Resources(CPU=16), None, None)
    assert len(cpus) == 4 and {(s["num_cpus"], s["num_gpus"]) for s in cpus} == {(4, 0.0)}
    assert len(plan_workers(Resources(CPU=2), None, None)) == 1
    with pytest.raises(BatchError, match="the cluster has no GPU"):
        plan_workers(Resources(CPU=2), None, 1.0)
