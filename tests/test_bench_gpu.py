"""bench/gpu.py, the CPU-vs-GPU check, cannot rot unseen on a machine without CUDA: its
no-CUDA exit, the harness on planted cases, and every tool's case on the CPU (small inputs),
whose comparison must pass for equal outputs and fail for spoiled ones."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import gpu  # noqa: E402
import gpu_cases  # noqa: E402
import gpu_figures  # noqa: E402


def test_without_cuda_it_prints_one_line_and_loads_no_model():
    code = ("import runpy, sys\nsys.argv = ['gpu.py']\n"
            "try:\n    runpy.run_path(sys.argv_path, run_name='__main__')\n"
            "except SystemExit as exc:\n    print('EXIT', exc.code)\n"
            "print('LOADED', sorted(m for m in sys.modules\n"
            "                       if m.startswith(('cvlab', 'gpu_', 'torchvision'))))\n"
            ).replace("sys.argv_path", repr(str(BENCH / "gpu.py")))
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")  # no CUDA even on a GPU machine
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("no CUDA device: torch.cuda.is_available() is False (torch ")
    assert lines[0].endswith("; nothing to compare")
    assert lines[1:] == ["EXIT 0", "LOADED []"]


# ----- the harness, on planted cases ----------------------------------------------------------

SEEN: list[str] = []  # the precisions the planted engine was handed

def _planted_tool(small):
    calls = {"drifting": 0}

    def drifting(loaded, data, precision):
        calls["drifting"] += 1  # the reference is the first call; later ones drift
        return data + (0.0 if calls["drifting"] == 1 else 0.1)

    def missing(device):
        from cvlab.core.weights.loading import WeightsMissingError

        raise WeightsMissingError("weights 'planted' are not on this machine")

    def same(loaded, data, precision):
        SEEN.append(precision)
        return data.copy()

    def inputs():
        return np.linspace(0, 1, 12, dtype=np.float32).reshape(2, 2, 3)

    tolerance = {p: {"max_abs": 1e-6} for p in ("fp32", "tf32", "bf16")}
    common = dict(load=lambda device: device, inputs=inputs,
                  compare=gpu_figures.float_image_figures, tolerances=tolerance)
    return [gpu_cases.Case("planted", "agrees", run=same, **common),
            gpu_cases.Case("planted", "drifts", run=drifting, **common),
            gpu_cases.Case("planted", "no weights", run=same, **{**common, "load": missing}),
            gpu_cases.Case("planted", "numpy only", cpu_only="no torch here")]


def test_the_harness_fails_a_disagreement_and_skips_missing_weights(monkeypatch, tmp_path,
                                                                    capsys):
    monkeypatch.setitem(gpu_cases.TOOLS, "planted", _planted_tool)
    out_json = tmp_path / "rows.json"
    SEEN.clear()
    code = gpu.main(["--cpu-only-selfcheck", "--only", "planted", "--runs", "2",
                     "--precisions", "fp32,tf32,bf16", "--json", str(out_json)])
    assert code == 1
    assert sorted(set(SEEN)) == ["bf16", "fp32"]  # tf32 reaches an engine as fp32
    rows = {(r["model"], r["precision"]): r for r in json.loads(out_json.read_text())["rows"]}
    assert rows["agrees", "fp32"]["status"] == "PASS"
    assert rows["agrees", "fp32"]["figures"] == {"max_abs": 0.0}
    assert rows["agrees", "tf32"]["status"] == "PASS"
    assert rows["drifts", "fp32"]["status"] == "FAIL"
    assert rows["drifts", "fp32"]["figures"]["max_abs"] == pytest.approx(0.1)
    assert rows["drifts", "bf16"]["status"] == "WARN"   # a probe: the tool offers fp32 only
    assert rows["no weights", "fp32"]["status"] == "SKIP"
    assert "WeightsMissingError" in rows["no weights", "fp32"]["note"]
    assert rows["numpy only", "-"]["status"] == "CPU-ONLY"
    printed = capsys.readouterr().out
    assert "max_abs <= 1e-06" in printed and "disagreeing: drifts fp32" in printed


def test_only_agreement_exits_zero(monkeypatch):
    monkeypatch.setitem(gpu_cases.TOOLS, "planted", lambda small: _planted_tool(small)[:1])
    assert gpu.main(["--cpu-only-selfcheck", "--only", "planted", "--runs", "1"]) == 0


def test_strict_fp32_turns_tf32_off_and_restores_the_setting():
    import torch

    before = gpu.tf32_settings(torch)
    with gpu.strict_fp32(torch):
        inside = gpu.tf32_settings(torch)
    assert "tf32" not in inside and "True" not in inside, inside
    assert gpu.tf32_settings(torch) == before


def test_within_reads_bounds_by_direction_and_fails_nan():
    assert gpu_figures.within({"max_abs": 1e-4, "min_iou": 0.99}, {"max_abs": 1e-3,
                                                                  "min_iou": 0.98})
    assert not gpu_figures.within({"max_abs": 2e-3}, {"max_abs": 1e-3})
    assert not gpu_figures.within({"min_iou": 0.5}, {"min_iou": 0.98})
    assert not gpu_figures.within({"max_abs": float("nan")}, {"max_abs": 1e-3})
    assert not gpu_figures.within({}, {"cam_corr": 0.9})           # a missing figure fails


# ----- every tool's case, CPU side, small inputs ----------------------------------------------

def _spoil_faces(faces):
    first = faces[0]
    return [dataclasses.replace(first, box=first.box + 12)] + faces[1:]


def _spoil_ocr(result):
    first = result.lines[0]
    return dataclasses.replace(result, lines=[dataclasses.replace(first, text=first.text + "?")]
                               + result.lines[1:])


def _spoil_heatmaps(explanation):
    first = explanation.heatmaps[0]
    flipped = dataclasses.replace(first.result, fused=first.result.fused[::-1].copy())
    return dataclasses.replace(explanation, heatmaps=[dataclasses.replace(first, result=flipped)]
                               + explanation.heatmaps[1:])


def _spoil_uint8(image):
    spoiled = image.copy()
    spoiled[:8, :8] ^= 0x10
    return spoiled


SPOIL = {"superres": lambda image: image + 0.01, "faces": _spoil_faces, "ocr": _spoil_ocr,
         "heatmaps": _spoil_heatmaps, "restore": _spoil_uint8,
         "nets": lambda maps: maps + 0.01}


# tools whose case says why they have nothing for the GPU
CPU_ONLY = {"ct", "training"}


def test_every_tool_has_a_case_and_a_spoiler_here():
    assert set(gpu_cases.TOOLS) == set(SPOIL) | CPU_ONLY
    for tool in CPU_ONLY:
        assert all(case.cpu_only and case.run is None for case in gpu_cases.TOOLS[tool](True))


@pytest.mark.slow
@pytest.mark.parametrize("tool", sorted(SPOIL))
def test_the_first_case_of_each_tool_runs_on_the_cpu_and_compares(tool):
    case = gpu_cases.TOOLS[tool](True)[0]
    data = case.inputs()
    model = case.load("cpu")
    reference = case.run(model, data, "fp32")
    again = case.run(model, data, "fp32")
    figures = case.compare(reference, again)
    assert set(case.tolerances["fp32"]) <= set(figures)
    assert gpu_figures.within(figures, case.tolerances["fp32"]), figures
    if "found" in figures:
        assert figures["found"] >= 1
    spoiled = case.compare(reference, SPOIL[tool](again))
    assert not gpu_figures.within(spoiled, case.tolerances["fp32"]), spoiled
    # a tolerance is stated for every precision the GPU side may run
    assert set(case.tolerances) == set(gpu_cases.PRECISIONS)


def _torch_users(tool: Path) -> list[str]:
    return [p.name for p in tool.rglob("*.py") if "torch" in p.read_text(encoding="utf-8")]


def test_every_tool_that_uses_torch_has_gpu_cases():
    tools = Path(gpu_cases.REPO) / "cvlab" / "tools"
    with_torch = {d.name for d in tools.iterdir() if d.is_dir() and _torch_users(d)}
    assert with_torch - {"training"} == set(SPOIL), "add the tool to TOOLS in bench/gpu_cases.py"


def test_ct_is_cpu_only_because_it_has_no_torch():
    (case,) = gpu_cases.TOOLS["ct"](True)
    assert case.cpu_only and case.run is None
    users = _torch_users(Path(gpu_cases.REPO) / "cvlab" / "tools" / "ct")
    assert users == [], f"CT now uses torch in {users}: give it a case in bench/gpu_cases.py"
