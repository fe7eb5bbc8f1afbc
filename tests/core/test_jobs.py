"""The job contract (cvlab.core.jobs): per-tool model keys, sub-range progress, run_each."""

import pytest

from cvlab.core.cancel import Cancelled
from cvlab.core.jobs import JobContext, ToolModels, run_each
from cvlab.core.model_cache import ModelCache


def test_tool_and_device_are_part_of_the_key():
    cache, loads = ModelCache(), []

    def loader(what):
        return lambda: loads.append(what) or what

    views = [ToolModels(cache, tool, device) for tool in ("faces", "ocr")
             for device in ("cpu", "cuda:0")]
    got = [view.get("detector", loader((view.tool, view.device))) for view in views]
    assert got == [("faces", "cpu"), ("faces", "cuda:0"), ("ocr", "cpu"), ("ocr", "cuda:0")]
    assert len(cache) == 4 and len(loads) == 4
    assert sorted(cache.keys()) == sorted(view.key("detector") for view in views)
    assert views[0].key("detector") == ("faces", "detector", "cpu")


def test_the_same_tool_device_and_name_load_once():
    cache, loads = ModelCache(), []
    first = ToolModels(cache, "faces", "cpu")
    second = ToolModels(cache, "faces", "cpu")      # another job of the same tool
    model = first.get("mtcnn", lambda: loads.append(1) or object())
    assert second.get("mtcnn", lambda: loads.append(1) or object()) is model
    assert loads == [1] and "mtcnn" in second and "blazeface" not in second


def test_local_context_has_a_cache_of_its_own():
    a, b = JobContext.local("superres"), JobContext.local("superres")
    assert a.tool == "superres" and a.device == "cpu" and a.models.device == "cpu"
    a.models.get("x", lambda: 1)
    assert "x" in a.models and "x" not in b.models
    assert not a.cancelled()
    a.check_cancelled()
    a.progress(0.5)                                 # no reporter: nothing happens


def test_a_part_maps_progress_into_its_range_and_lends_its_text():
    seen = []
    ctx = JobContext.local("ct", progress=lambda f, t: seen.append((round(f, 3), t)))
    part = ctx.part(0.5, 0.75, "nodules")
    part.progress(0.0)
    part.progress(0.5, "slice 3")
    part.progress(2.0)                              # clamped to its range
    assert seen == [(0.5, "nodules"), (0.625, "slice 3"), (0.75, "nodules")]


def test_run_each_times_each_item_and_reports_monotone_progress_to_one():
    seen = []
    ctx = JobContext.local("superres", progress=lambda f, t: seen.append((f, t)))

    def run(part, name):
        for step in (0.25, 0.5, 1.0):
            part.progress(step)
        return name.upper()

    done = run_each(ctx, ["bicubic", "srgan", "lanczos"], run)
    assert [(item, result) for item, result, _ in done] == [
        ("bicubic", "BICUBIC"), ("srgan", "SRGAN"), ("lanczos", "LANCZOS")]
    assert all(isinstance(seconds, float) and seconds >= 0 for _, _, seconds in done)
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {t for _, t in seen} == {"bicubic", "srgan", "lanczos"}


def test_run_each_stops_between_items_on_cancel():
    ran, stop = [], []
    ctx = JobContext.local("restore", cancelled=lambda: bool(stop))

    def run(part, item):
        ran.append(item)
        if item == 2:
            stop.append(True)                       # the user cancels during item 2
        return item

    with pytest.raises(Cancelled):
        run_each(ctx, [1, 2, 3], run)
    assert ran == [1, 2]


def test_run_each_of_nothing_is_empty():
    assert run_each(JobContext.local("x"), [], lambda part, item: item) == []


def test_tool_panels_submit_through_their_tool_panel():
    """A panel that called the worker directly would get a context without its tool."""
    from pathlib import Path

    tools = Path(__file__).resolve().parents[2] / "cvlab" / "tools"
    direct = [str(f.relative_to(tools)) for f in tools.rglob("*.py")
              if "worker.submit(" in f.read_text(encoding="utf-8")]
    assert not direct, f"use ToolPanel.submit (it scopes ctx.models to the tool): {direct}"
