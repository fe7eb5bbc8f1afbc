"""cvlab.core.terminal: the one progress bar of the command-line tools, and their errors."""

import io

from cvlab.core.terminal import CommandError, ProgressBar, fail
from cvlab.core.weights import cli as weights_cli


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_one_line_per_step_only_when_asked():
    silent, log = io.StringIO(), io.StringIO()
    for stream, steps in ((silent, 0), (log, 10)):
        bar = ProgressBar(stream, name="model", log_steps=steps)
        for done in range(0, 101, 5):
            bar(done / 100, "downloading")
        bar(1.0, "checking")
    assert silent.getvalue() == ""
    lines = log.getvalue().splitlines()
    assert lines[0] == "model:   0% downloading" and lines[-1] == "model: 100% checking"
    assert len(lines) == 12  # 0 %, 10 %, ... 100 %, then the new text


def test_min_interval_skips_fast_redraws_but_never_the_last():
    stream = Terminal()
    bar = ProgressBar(stream, width=10, name="model", min_interval=3600)
    bar(0.1, "a")
    bar(0.5, "b")
    bar(1.0, "c")
    bar.end()
    text = stream.getvalue()
    assert "model [#.........]  10% a" in text and " b" not in text
    assert text.endswith("model [##########] 100% c\x1b[K\n")


def test_the_weights_download_bar_shows_sizes_on_a_terminal_only(monkeypatch):
    for stream, shown in ((Terminal(), "1.0/4.0 MB  downloading"), (io.StringIO(), " downloading")):
        monkeypatch.setattr("sys.stderr", stream)
        bar, report = weights_cli._download_bar("model")
        report(1_000_000, 4_000_000, "downloading")
        assert "model" in stream.getvalue() and " 25%" in stream.getvalue()
        assert shown in stream.getvalue()
    assert "MB" not in stream.getvalue()


def test_fail_prints_one_line(capsys):
    assert fail("cam", str(CommandError("bad option"))) == 1
    assert capsys.readouterr().err == "cvlab cam: bad option\n"
