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
    assert main(["detect", "objects"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'detect' is neither a command nor a file" in err[0]
    assert main(["facs", "photo.png"]) == 2
    assert "did you mean faces?" in capsys.readouterr().err


def test_nets_keeps_the_contract(capsys):
    """The Networks tool's verb: help exits 0; an unknown network or a bad input side is
    exit 1 and one line naming it, before anything is measured."""
    with pytest.raises(SystemExit) as done:
        main(["nets", "--help"])
    assert done.value.code == 0 and "table" in capsys.readouterr().out
    assert main(["nets", "table", "resnet51"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cvlab nets: ") and "'resnet51'" in err[0]
    assert "did you mean resnet50" in err[0] and "Traceback" not in err[0]
    assert main(["nets", "table", "vit_b_16", "--input", "100"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "multiple of 16" in err[0]
    assert main(["nets", "table", "resnet18", "--input", "0"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


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
        stderr=subprocess.PIPE, text=True, env=dict(os.environ, CVLAB_DEVICE="cpu"),
        # As in a terminal: a suite started in the background (`bash .ci/run &`) inherits
        # SIGINT ignored, and Python then leaves it ignored in the child too.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(6)  # into the network's tiles (the model alone takes about a minute here)
    child.send_signal(signal.SIGINT)
    # Python sees the signal between bytecodes: after the network tile running now, which on
    # a machine loaded many times over (CI beside other work) took more than a minute.
    _, err = child.communicate(timeout=300)
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


def _one_line_naming(code, err, shown):
    """Exit 1 and one stderr line that names ``shown`` (as the user gave it), no traceback
    and no temporary ``.part`` name."""
    assert code == 1 and len(err) == 1, err
    assert str(shown) in err[0] and "Traceback" not in err[0] and ".part" not in err[0], err


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "somefile.txt"
    path.write_text("a file, not a folder")
    return path


@pytest.mark.parametrize("argv", [["sr", "upscale", "{photo}", "--model", "bicubic", "-o"],
                                  ["restore", "scratches", "{photo}", "-o"],
                                  ["faces", "{photo}", "--anonymize", "blur", "-o"]])
def test_an_output_that_cannot_be_written_is_named_as_given(argv, a_file, test_data):
    photo = test_data / "photos" / "opencv_baboon.jpg"
    args = [a.format(photo=photo) for a in argv]
    code, err = _cvlab(*args, "/proc/cvlab_out.png")  # no file can be created in /proc
    _one_line_naming(code, err, "/proc/cvlab_out.png")
    assert "cannot create a file in /proc" in err[0]
    for out in (a_file / "out.png", a_file / "deeper" / "out.png"):
        code, err = _cvlab(*args, out)
        _one_line_naming(code, err, out)
        assert err[0].endswith(f"{a_file} is a file, not a folder")
        assert "Errno" not in err[0]
    assert a_file.read_text() == "a file, not a folder"


def test_a_file_as_an_output_folder_is_one_sentence_before_any_model_loads(a_file, test_data,
                                                                           tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes((test_data / "photos" / "opencv_baboon.jpg").read_bytes())
    for argv in (["faces", folder, "--anonymize", "blur"], ["cam", folder], ["ocr", folder],
                 ["plate", folder]):
        code, err = _cvlab(*argv, "-o", a_file)
        _one_line_naming(code, err, a_file)
        assert err[0] == f"cvlab {argv[0]}: -o {a_file}: is a file, not a folder"
        code, err = _cvlab(*argv, "-o", a_file / "out")
        assert err == [f"cvlab {argv[0]}: -o {a_file / 'out'}: {a_file} is a file, "
                       "not a folder"], argv
    code, err = _cvlab("plate", folder / "a.jpg", "--crops", a_file)
    assert code == 1 and err == [f"cvlab plate: --crops {a_file}: is a file, not a folder"]


def _cvlab_torch(*argv):
    """Run `cvlab` in a fresh process: (exit code, stderr lines, whether torch was imported)."""
    script = ("import sys\nfrom cvlab.cli import main\ncode = main(sys.argv[1:])\n"
              "print('torch' in sys.modules)\nsys.exit(code)")
    out = subprocess.run([sys.executable, "-c", script, *map(str, argv)], capture_output=True,
                         text=True, timeout=90, env=dict(os.environ, CVLAB_DEVICE="cpu"))
    return out.returncode, out.stderr.strip().splitlines(), out.stdout.strip() == "True"


@pytest.mark.parametrize("command", ["cam", "ocr", "plate", "faces"])
def test_a_bad_image_or_an_empty_folder_is_said_before_torch_and_the_model_load(command,
                                                                                tmp_path):
    not_an_image = tmp_path / "photo.png"
    not_an_image.write_text("hello, I am text")
    code, err, torch_loaded = _cvlab_torch(command, not_an_image)
    _one_line_naming(code, err, not_an_image)
    assert "not an image file" in err[0] and not torch_loaded
    empty = tmp_path / "empty"
    empty.mkdir()
    output = [] if command == "faces" else ["-o", tmp_path / "out"]
    code, err, torch_loaded = _cvlab_torch(command, empty, *output)
    assert err == [f"cvlab {command}: {empty}: no image files in this folder"]
    assert code == 1 and not torch_loaded
    assert not (tmp_path / "out").exists()


def test_a_bad_image_in_a_faces_folder_is_named_once(test_data, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.png").write_bytes((test_data / "faces" / "skimage_astronaut.png").read_bytes())
    (folder / "b.png").write_text("hello, I am text")
    code, err = _cvlab("faces", folder)
    _one_line_naming(code, err, folder / "b.png")
    assert err[0].count("b.png") == 1


def test_a_broken_torchscript_model_is_one_line_without_torch_warnings(test_data, tmp_path):
    import zipfile

    model = tmp_path / "model.pt"   # looks like TorchScript (a code/ folder), loads as none
    with zipfile.ZipFile(model, "w") as archive:
        archive.writestr("model/code/__torch__.py", "not python")
        archive.writestr("model/constants.pkl", b"not a pickle")
    code, err = _cvlab("cam", test_data / "faces" / "skimage_astronaut.png", "--model", model)
    _one_line_naming(code, err, model)
    assert "not a loadable TorchScript file" in err[0] and "Warning" not in err[0]


def test_an_ocr_region_off_the_image_is_said_before_the_models_load(test_data):
    page = test_data / "ocr" / "imageTextN.png"
    code, err, torch_loaded = _cvlab_torch("ocr", page, "--roi", "5000,5000,10,10")
    assert code == 1 and len(err) == 1 and not torch_loaded
    assert "--roi 5000,5000,10,10 lies outside the image (556×257 px)" in err[0]
