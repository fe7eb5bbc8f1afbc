"""`make bench`'s summary: rows recorded by the benchmarks, ratios against earlier figures."""

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _summary():
    spec = importlib.util.spec_from_file_location("bench_summary", BENCH / "summary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_record_appends_only_while_a_summary_run_collects(tmp_path, monkeypatch):
    summary = _summary()
    out = tmp_path / "rows.jsonl"
    monkeypatch.delenv(summary.SUMMARY_ENV, raising=False)
    summary.record("CT series load", 1.0, "pydicom", 2.0)
    assert not out.exists()
    monkeypatch.setenv(summary.SUMMARY_ENV, str(out))
    summary.record("CT series load", 1.0, "pydicom", 2.0)
    summary.record("Grad-CAM", 0.05, "pytorch-grad-cam", 0.1)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["measure"] for r in rows] == ["CT series load", "Grad-CAM"]


def test_the_table_compares_each_ratio_with_the_earlier_one():
    summary = _summary()
    text = summary.table([
        {"measure": "CT series load", "ours_s": 0.30, "baseline": "pydicom",
         "baseline_s": 1.0, "note": ""},                       # 0.30 <= 0.37: kept
        {"measure": "MTCNN", "ours_s": 0.9, "baseline": "facenet",
         "baseline_s": 1.0, "note": ""},                       # 0.90 > 0.73 × 1.1: not kept
        {"measure": "first result", "ours_s": 0.2, "baseline": "", "baseline_s": None,
         "note": ""},
    ]).splitlines()
    assert text[2].startswith("| CT series load |") and text[2].endswith("| yes |")
    assert "| 0.30 |" in text[2]
    assert text[3].endswith("| NO |")
    assert "| — |" in text[4]


def test_every_listed_benchmark_exists():
    summary = _summary()
    for script, _full, _quick in summary.BENCHES:
        assert (BENCH / script).is_file(), script
