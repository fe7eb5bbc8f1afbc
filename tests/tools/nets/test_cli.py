"""`cvlab nets` through argparse: register on a fresh parser, run the command's func."""

import json

import pytest

from cvlab.tools.nets.architectures import ARCHITECTURES
from cvlab.tools.nets.cli import register
from cvlab.tools.nets.profile import profile
from tests.cli_run import run_registered


def run(capsys, *argv):
    return run_registered(capsys, register, "nets", *argv)


def test_one_arch_json_is_its_profile(capsys):
    code, out, err = run(capsys, "table", "resnet18", "--json")
    assert code == 0 and err == ""
    report = json.loads(out)["profile"]
    assert report["arch"] == "resnet18" and report["input_shape"] == [3, 224, 224]
    assert abs(report["params"] / 1e6 - 11.69) <= 0.005            # torchvision: 11.69 M
    assert abs(report["macs"] - 1.82e9) / 1.82e9 <= 0.01            # 1.82 ×10⁹
    assert report["macs"] == sum(row["macs"] for row in report["rows"])
    assert [s["name"] for s in report["stages"]][0] == "stem"
    assert report["rows"][0]["name"] == "conv1" and report["rows"][0]["output_shape"] == [
        64, 112, 112]


def test_one_arch_text_has_layers_stages_and_totals(capsys):
    code, out, _ = run(capsys, "table", "resnet50", "--input", "160")
    assert code == 0
    result = profile("resnet50", 160)
    assert "input 3×160×160" in out and f"{result.params:,} parameters" in out
    assert f"{result.macs:,} MACs" in out
    assert "layer1.0.downsample.0" in out and "branch" in out
    stage_lines = [line for line in out.splitlines() if line.startswith("layer4 ")]
    assert stage_lines and "2048×5×5" in stage_lines[0]


def test_several_archs_are_compared(capsys):
    code, out, _ = run(capsys, "table", "vgg16", "mobilenet_v2", "--json")
    assert code == 0
    rows = json.loads(out)["comparison"]
    assert [r["arch"] for r in rows] == ["vgg16", "mobilenet_v2"]
    assert abs(rows[0]["macs"] - 15.5e9) / 15.5e9 <= 0.01 and rows[1]["params"] < 4e6
    code, text, _ = run(capsys, "table", "vgg16", "mobilenet_v2")
    assert "VGG-16" in text and "MobileNetV2" in text and "15.470" in text


def test_resnet_course(capsys):
    code, out, _ = run(capsys, "table", "resnet-course", "--json")
    assert code == 0
    course = json.loads(out)["resnet_course"]
    assert [r["depth"] for r in course["rows"]] == [18, 34, 50, 101, 152]
    assert all(abs(r["paper_difference"]) <= 0.02 for r in course["rows"])
    assert "1×1" in course["explanation"]
    code, text, _ = run(capsys, "table", "resnet-course")
    assert "ResNet-152" in text and "11.3" in text and "torchvision" in text.lower()
    code, _, err = run(capsys, "table", "resnet-course", "--input", "160")
    assert code == 1 and "224" in err


def test_list(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == [a.name for a in ARCHITECTURES]
    code, text, _ = run(capsys, "list")
    assert "vit_b_16" in text and "resnet-course" in text


@pytest.mark.parametrize("argv, words", [
    (("table", "resnet05"), ["unknown architecture 'resnet05'", "did you mean resnet50?",
                             "vit_b_16"]),
    (("table", "vgg16", "--input", "16"), ["--input 16 is too small for vgg16", "32×32"]),
    (("table", "vit_b_16", "--input", "100"), ["multiple of 16"]),
    (("table", "alexnet", "--input", "0"), ["--input must be between 1 and"]),
])
def test_errors_are_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("cvlab nets: ") and err.count("\n") == 1
    for word in words:
        assert word in err
