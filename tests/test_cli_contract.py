"""What every `cvlab` command does with a stray word, an unusable device and Ctrl+C: one line
on stderr, no traceback, a meaningful exit code (issue 16, items 6, 8 and 11)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from cvlab.cli import main


def test_a_word_that_is_neither_a_command_nor_a_path_says_so_and_starts_no_window(capsys):
    assert main(["nets", "table", "resnet18"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'nets' is neither a command nor a file" in err[0]
    assert main(["facs", "photo.png"]) == 2
    assert "did you mean faces?" in capsys.readouterr().err


@pytest.mark.parametrize("device", ["cuda:7", "banana", "cuda:x"])
@pytest.mark.parametrize("argv", [["faces", "{photo}"], ["sr", "upscale", "{photo}",
                                                         "--model", "srresnet", "-o", "{out}"]])
def test_an_unusable_device_is_one_line_in_every_command(device, argv, test_data, tmp_path,
                                                         monkeypatch, capsys):
    monkeypatch.setenv("CVLAB_DEVICE", device)
    photo = test_data / "faces" / "skimage_astronaut.png"
    args = [a.format(photo=photo, out=tmp_path / "out.png") for a in argv]
    code = main(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and repr(device) in err[0] and "Traceback" not in err[0]


def test_ctrl_c_is_one_line_and_exit_130(test_data, tmp_path):
    photo = test_data / "photos" / "opencv_baboon.jpg"
    out = tmp_path / "big.png"
    child = subprocess.Popen(
        [sys.executable, "-m", "cvlab", "sr", "upscale", str(photo), "--model",
         "realesrgan-x4plus", "-o", str(out)],
        stderr=subprocess.PIPE, text=True, env=dict(os.environ, CVLAB_DEVICE="cpu"))
    time.sleep(6)  # into the network's tiles (the model alone takes about a minute here)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    lines = [line for line in err.splitlines() if line.strip() and "\r" not in line]
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert lines[-1] == "cvlab sr: interrupted"
    assert not out.exists()


def _cvlab(*argv, timeout=90):
    """Run `cvlab` as a user does; a hang fails the test instead of the suite."""
    out = subprocess.run([sys.executable, "-m", "cvlab", *map(str, argv)], capture_output=True,
                         text=True, timeout=timeout, env=dict(os.environ, CVLAB_DEVICE="cpu"))
    return out.returncode, out.stderr.strip().splitlines()


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.png"
    os.mkfifo(path)
    return path


def test_a_named_pipe_is_refused_in_one_line_wherever_an_image_is_read(fifo, test_data,
                                                                         tmp_path):
    photo = test_data / "photos" / "opencv_baboon.jpg"
    out = tmp_path / "out.png"
    for argv in (["sr", "upscale", fifo, "--model", "bicubic", "-o", out],
                 ["restore", "scratches", fifo, "-o", out],
                 ["restore", "inpaint", photo, "--mask", fifo, "-o", out],
                 ["restore", "colorize", photo, "--scribbles", fifo, "-o", out]):
        code, err = _cvlab(*argv)
        assert code == 1, (argv, err)
        assert err == [f"cvlab {argv[0]}: {fifo}: is a named pipe (FIFO), not an image file"]
        assert not out.exists()


def test_a_named_pipe_in_a_dicom_folder_is_skipped_and_named(test_data, tmp_path):
    import shutil

    series = tmp_path / "series"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", series)
    os.mkfifo(series / "stray")
    out = subprocess.run([sys.executable, "-m", "cvlab", "ct", "info", str(series)],
                         capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr
    assert f"{series / 'stray'}: is a named pipe (FIFO), not a file" in out.stdout
    code, err = _cvlab("ct", "info", "/dev/zero")
    assert code == 1 and "/dev/zero" in err[-1] and "character device" in err[-1]


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory):
    """A valid 13000×13000 PNG of about 160 kB: under the loader's pixel limit, far over
    what super-resolution or Restore can hold in memory."""
    import numpy as np
    from PIL import Image

    path = tmp_path_factory.mktemp("huge") / "huge.png"
    Image.fromarray(np.zeros((13000, 13000), np.uint8)).save(path, optimize=True)
    return path


@pytest.mark.slow
def test_an_image_too_large_for_a_tool_is_refused_at_once_with_the_size_it_takes(huge_png,
                                                                                 tmp_path):
    out = tmp_path / "out.png"
    for argv, limit in ((["sr", "upscale", huge_png, "--model", "bicubic", "-o", out],
                         "at most 67 MP (8192×8192)"),
                        (["restore", "colorize", huge_png, "--method", "net", "-o", out],
                         "at most 36 MP (6000×6000)"),
                        (["restore", "scratches", huge_png, "-o", out],
                         "at most 36 MP (6000×6000)")):
        code, err = _cvlab(*argv, timeout=300)  # a hang guard, not a timing
        assert code == 1 and len(err) == 1, (argv, err)
        assert "13000×13000 px" in err[0] and limit in err[0]
        assert not out.exists()
