"""`cvlab train` through argparse: register on a fresh parser, run the command's func."""

import json

import pytest

from cvlab.tools.training.cli import register
from cvlab.tools.training.demos import DEMOS
from tests.cli_run import run_registered


def run(capsys, *argv):
    return run_registered(capsys, register, "train", *argv)


def test_json_has_the_options_the_final_metrics_and_every_curves_last_value(capsys):
    code, out, err = run(capsys, "fit", "--set", "samples=60", "--set", "epochs=30",
                         "--set", "early_stopping=off", "--seed", "2", "--json")
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["demo"] == "fit" and report["seed"] == 2 and report["points"] == 30
    assert report["options"]["samples"] == 60 and report["options"]["early_stopping"] is False
    assert set(report["curves"]) == {"train_loss", "val_loss", "train_acc", "val_acc"}
    assert report["curves"]["val_acc"] == report["final"]["val_acc"]
    _, again, _ = run(capsys, "fit", "--set", "samples=60", "--set", "epochs=30", "--seed",
                      "2", "--json")
    assert json.loads(again) == report  # seeded


def test_text_output_lists_the_final_metrics(capsys):
    code, out, _ = run(capsys, "backprop", "--set", "steps=3")
    assert code == 0
    assert out.splitlines()[0] == "backprop (Back-propagation), seed 0"
    assert "steps=3" in out and any(line.startswith("loss ") for line in out.splitlines())


def test_list(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    records = json.loads(out)
    assert [r["name"] for r in records] == [d.name for d in DEMOS]
    fit = records[0]
    assert {"name": "samples", "kind": "int", "default": 200, "minimum": 20,
            "maximum": 2000}.items() <= fit["options"][1].items()
    code, text, _ = run(capsys, "list")
    assert "moons | spirals | circles | curve" in text and "early_stopping" in text


@pytest.mark.parametrize("argv, words", [
    (("fitt",), "unknown demo 'fitt' (did you mean fit?)"),
    (("fit", "--set", "sampels=40"), "unknown option 'sampels' (did you mean samples?)"),
    (("fit", "--set", "samples"), "--set takes NAME=VALUE, not 'samples'"),
    (("fit", "--set", "samples=lots"), "samples must be a number, not lots"),
    (("vanishing", "--set", "activation=tanh"),
     "activation must be one of sigmoid, relu, residual, not tanh"),
])
def test_mistakes_are_one_line_and_exit_1(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cvlab train: ") and words in lines[0]


def test_no_demo_prints_the_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "cvlab train list" in out
