"""Option: one set of rules for the tab's widgets and the CLI's --set."""

import pytest

from cvlab.tools.training.demos import DEMOS, checked_options, default_options, find_demo
from cvlab.tools.training.options import Option, OptionError
from tests.tools.training.conftest import run_demo

SHORTEST = {"fit": {"epochs": 2, "hidden": 4}, "vanishing": {"epochs": 2, "depth": 4},
            "backprop": {"steps": 2}, "digits": {"epochs": 1, "depth": 2, "channels": 4},
            "augment": {"count": 1}}
SAMPLES = Option("samples", "Samples", "int", 200, 20, 2000, 10)


def test_values_are_checked_and_converted():
    assert SAMPLES.check(40.0) == 40 and isinstance(SAMPLES.check(40.0), int)
    assert SAMPLES.parse(" 300 ") == 300
    rate = Option("learning_rate", "Learning rate", "float", 0.01, 1e-4, 1.0)
    assert rate.parse("1e-3") == 0.001 and isinstance(rate.check(1), float)
    switch = Option("early_stopping", "Early stopping", "bool", False)
    assert switch.parse("on") is True and switch.parse("OFF") is False
    data = Option("dataset", "Data", "choice", "moons", choices=("moons", "curve"),
                  choice_titles=("Two moons", "Curve"))
    assert data.parse("curve") == "curve" and data.choice_title("moons") == "Two moons"


@pytest.mark.parametrize("option, value, words", [
    (SAMPLES, 3, "samples must be between 20 and 2000, not 3"),
    (SAMPLES, 40.5, "samples must be a whole number, not 40.5"),
    (SAMPLES, True, "samples must be a number, not True"),
    (SAMPLES, float("nan"), "samples must be a finite number"),
    (Option("x", "X", "bool", False), 1, "x is on or off, not 1"),
    (Option("d", "D", "choice", "a", choices=("a", "b")), "c", "d must be one of a, b, not c"),
])
def test_a_bad_value_is_one_sentence_naming_the_option(option, value, words):
    with pytest.raises(OptionError, match=words.replace("(", r"\(")):
        option.check(value)


def test_text_that_is_not_a_number():
    with pytest.raises(OptionError, match="samples must be a number, not lots"):
        SAMPLES.parse("lots")


def test_every_demo_declares_valid_options_and_resolves_them():
    for demo in DEMOS:
        names = [option.name for option in demo.options]
        assert len(names) == len(set(names)), demo.name
        assert checked_options(demo, {}) == default_options(demo)
        for option in demo.options:
            assert option.title and (option.kind != "choice" or option.choice_titles)
        _, live = run_demo(demo.name, **SHORTEST[demo.name])
        assert set(demo.snapshots) == set(live.snapshot_names()), demo.name  # what it declares
        assert set(live.last_values()) == set(demo.curves), demo.name
    fit = find_demo("fit")
    assert checked_options(fit, {"samples": 40})["samples"] == 40
    with pytest.raises(OptionError, match="unknown option 'sampels' \\(did you mean samples"):
        checked_options(fit, {"sampels": 40})


def test_an_unknown_demo_names_the_closest():
    with pytest.raises(ValueError, match="unknown demo 'vanish' \\(did you mean vanishing\\?\\)"):
        find_demo("vanish")
    with pytest.raises(ValueError, match="demos: fit, vanishing, backprop, digits, augment"):
        find_demo("zzz")


def test_what_the_tab_imports_at_start_up_imports_no_torch():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, cvlab.tools.training.jobs, cvlab.tools.training.demos, "
            "cvlab.tools.training.live, cvlab.tools.training.options; "
            "print(sorted(m for m in ('torch', 'numpy', 'torchvision') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[3]).stdout
    assert out.strip() == "[]"
