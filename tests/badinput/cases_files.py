"""Non-image cases of the bad-input corpus: output paths, DICOM folders, model and class
files, the window-presets file, the environment and mistyped command lines."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from PIL import Image

from tests.badinput import dicom, hostile, images
from tests.badinput.corpus import Builder, Case, Check, combined, given, nothing, one_file

PHOTO = one_file("photo.png", lambda p: images.small_photo().save(p))
UPSCALE = ("sr", "upscale", "{img}", "--model", "bicubic", "--scale", "2", "-o")


def _written(relative: str) -> Check:
    def check(paths: dict[str, Path], stdout: str) -> str | None:
        target = paths["out"] / relative
        if not target.is_file():
            return f"{relative} was not written"
        with Image.open(target) as image:
            if image.size != (192, 128):
                return f"{relative} is {image.size}, expected (192, 128)"
        return None
    return check


def _link_to_photo(kind: str) -> Builder:
    def build(folder: Path) -> dict[str, Path]:
        paths = PHOTO(folder)
        link = folder / f"{kind}.png"
        (os.link if kind == "hardlink" else os.symlink)(paths["img"], link)
        return {**paths, "link": link}
    return build


def _photo_folder(folder: Path) -> dict[str, Path]:
    photos = folder / "photos"
    photos.mkdir()
    images.write_face_photo(photos / "face.png")
    images.small_photo().save(photos / "street.png")
    return {"photos": photos}


def _photo_and_fifo(folder: Path) -> dict[str, Path]:
    paths = PHOTO(folder)
    target = folder / "pipe_out.png"
    os.mkfifo(target)
    return {**paths, "target": target}


def output_cases() -> list[Case]:
    refuse = "overwrite|input|same"
    cases = [
        Case("output/same-as-input", "output path", PHOTO, UPSCALE + ("{img}",),
             names=("photo.png",), cause=refuse),
        Case("output/dotdot-to-input", "output path", PHOTO,
             UPSCALE + ("{in}/../in/photo.png",), names=("photo.png",), cause=refuse),
        Case("output/symlink-to-input", "output path", _link_to_photo("symlink"),
             UPSCALE + ("{link}",), names=("photo.png", "symlink.png"), cause=refuse),
        Case("output/hardlink-to-input", "output path", _link_to_photo("hardlink"),
             UPSCALE + ("{link}",), names=("photo.png", "hardlink.png"), cause=refuse),
        Case("output/proc", "output path", PHOTO, UPSCALE + ("/proc/version.png",),
             names=("/proc/version.png",), cause="cannot|denied|read-only|not permitted"),
        Case("output/parent-is-a-file", "output path", PHOTO, UPSCALE + ("{img}/up.png",),
             names=("photo.png",), cause="not a folder|is a file"),
        Case("output/is-a-folder", "output path", PHOTO, UPSCALE + ("{out}",),
             names=("out",), cause="folder"),
        Case("output/unknown-extension", "output path", PHOTO, UPSCALE + ("{out}/up.xyz",),
             names=(".xyz", "up.xyz"), cause="suffix"),
        Case("output/is-a-fifo", "output path", _photo_and_fifo, UPSCALE + ("{target}",),
             names=("pipe_out.png",), cause="named pipe"),
        Case("output/new-folders", "output path", PHOTO, UPSCALE + ("{out}/a/b/up.png",),
             expect="ok", check=_written("a/b/up.png")),
        Case("output/chinese-name", "output path", PHOTO, UPSCALE + ("{out}/结果 图.png",),
             expect="ok", check=_written("结果 图.png")),
        Case("output/mask-as-output", "output path", combined(PHOTO, one_file(
            "mask.png", images.write_mask, "mask")),
             ("restore", "inpaint", "{img}", "--mask", "{mask}", "-o", "{mask}"),
             names=("mask.png",), cause=refuse),
        Case("output/anonymise-over-input", "output path", PHOTO,
             ("faces", "{img}", "--anonymize", "blur", "-o", "{img}"),
             names=("photo.png",), cause=refuse),
    ]
    for tool in ("cam", "ocr", "plate", "faces"):
        argv = (tool, "{photos}", "-o", "{photos}/results")
        if tool == "faces":
            argv = ("faces", "{photos}", "--anonymize", "blur", "-o", "{photos}/results")
        cases.append(Case(f"output/inside-input-folder/{tool}", "output path", _photo_folder,
                          argv, names=("photos",), cause="inside"))
    cases.append(Case("output/inside-input-folder/ct-render", "output path",
                      lambda f: {"ct": dicom.good_folder(f)},
                      ("ct", "render", "{ct}", "-o", "{ct}/render.png"),
                      names=("series",), cause="inside"))
    return cases + batch_output_cases()


def _mkdir(folder: Path) -> Path:
    (folder / "empty").mkdir()
    return folder / "empty"


def batch_output_cases() -> list[Case]:
    """`cvlab batch`'s roots, refused before Ray starts."""
    cases = [Case(f"output/batch-inside-input/{' '.join(verb)}", "output path", _photo_folder,
                  ("batch", *verb, "{photos}", "{photos}/results"), names=("photos",),
                  cause="inside")
             for verb in (("faces",), ("ocr",), ("cam",), ("sr", "upscale"),
                          ("restore", "inpaint"), ("restore", "colorize"))]
    cases += [
        Case("output/batch-inside-input/ct nodules", "output path",
             lambda f: {"ct": dicom.good_folder(f)},
             ("batch", "ct", "nodules", "{ct}", "{ct}/screen"), names=("series",),
             cause="inside"),
        Case("output/batch-input-root-is-a-file", "output path", PHOTO,
             ("batch", "faces", "{img}", "{out}/anon"), names=("photo.png",),
             cause="not a folder"),
        Case("output/batch-input-root-empty", "output path", lambda f: {"empty": _mkdir(f)},
             ("batch", "ct", "nodules", "{empty}", "{out}/screen"), names=("empty",),
             cause="no DICOM series"),
        Case("output/batch-input-root-missing", "output path", PHOTO,
             ("batch", "faces", "{in}/nowhere", "{out}/anon"), names=("nowhere",),
             cause="not a folder"),
    ]
    return cases


# --------------------------------------------------------------------------- DICOM
def _dicom(builder) -> Builder:
    return lambda folder: {"ct": builder(folder)}


CT_COMMANDS = {"info": ("ct", "info", "{ct}"),
               "render": ("ct", "render", "{ct}", "-o", "{out}/render.png"),
               "nodules": ("ct", "nodules", "{ct}")}

# name, builder; the good slices load and the bad file is named
DICOM_LOADABLE = [
    ("fifo-in-folder", dicom.folder_with_fifo, "stream.dcm"),
    ("symlink-loop-in-folder", dicom.folder_with_symlink_loop, None),
    ("chinese-folder-name", dicom.folder_with_unicode_name, None),
    ("duplicated-slices", dicom.duplicated_slices, None),
    ("2000-junk-files", dicom.many_junk_files, None),
    ("damaged-slices", dicom.damaged_in_the_middle, None),
    ("frames-2e9-among-good", partial(dicom.folder_with_forged, NumberOfFrames=2_000_000_000),
     "FORGED.dcm"),
    ("rows-65535-among-good", partial(dicom.folder_with_forged, Rows=65535, Columns=65535,
                                      PixelData=b"\0\0"), "FORGED.dcm"),
    ("spacing-0-among-good", partial(dicom.folder_with_forged, PixelSpacing=[0, 0]),
     "FORGED.dcm"),
]

# name, builder, what the one line must say; nothing in the folder can be loaded
_alone = partial(dicom.folder_with_forged, alone=True)
DICOM_UNLOADABLE = [
    ("junk-only", dicom.junk_folder, "junk", "not a DICOM"),
    ("empty-folder", dicom.empty_folder, "empty", "no files|no DICOM|empty"),
    ("frames-2e9", partial(_alone, NumberOfFrames=2_000_000_000), "series", "NumberOfFrames"),
    ("rows-0", partial(_alone, Rows=0), "series", "Rows"),
    ("spacing-0", partial(_alone, PixelSpacing=[0, 0]), "series", "PixelSpacing"),
    ("spacing-nan", partial(_alone, PixelSpacing=["nan", "nan"]), "series", "PixelSpacing"),
    ("spacing-negative", partial(_alone, PixelSpacing=[-0.7, 0.7]), "series", "PixelSpacing"),
    ("spacing-1e-6", partial(_alone, PixelSpacing=[1e-6, 1e-6]), "series", "PixelSpacing"),
    ("spacing-1e6", partial(_alone, PixelSpacing=[1e6, 1e6]), "series", "PixelSpacing"),
    ("slope-nan", partial(_alone, RescaleSlope="nan"), "series", "RescaleSlope"),
    ("slope-0", partial(_alone, RescaleSlope=0), "series", "RescaleSlope"),
    ("intercept-nan", partial(_alone, RescaleIntercept="nan"), "series", "RescaleIntercept"),
    ("bits-allocated-0", partial(_alone, BitsAllocated=0), "series", "BitsAllocated"),
    ("bits-stored-20", partial(_alone, BitsStored=20), "series", "BitsStored"),
    ("samples-per-pixel-0", partial(_alone, SamplesPerPixel=0), "series", "SamplesPerPixel"),
]


def _render_written(paths: dict[str, Path], stdout: str) -> str | None:
    target = paths["out"] / "render.png"
    if not target.is_file():
        return "render.png was not written"
    with Image.open(target) as image:
        if min(image.size) < 100:
            return f"render.png is only {image.size}"
    return None


def _names_skipped(name: str) -> Check:
    def check(paths: dict[str, Path], stdout: str) -> str | None:
        return None if name in stdout else f"ct info does not list {name} as skipped"
    return check


def dicom_cases() -> list[Case]:
    cases = []
    for name, builder, bad_file in DICOM_LOADABLE:
        for command, argv in CT_COMMANDS.items():
            check = None
            if command == "render":
                check = _render_written
            elif command == "info" and bad_file:
                check = _names_skipped(bad_file)
            cases.append(Case(f"dicom/{name}/{command}", "DICOM folder", _dicom(builder),
                              argv, expect="ok", notes=2, check=check, timeout=120))
    for name, builder, where, cause in DICOM_UNLOADABLE:
        for command, argv in CT_COMMANDS.items():
            cases.append(Case(f"dicom/{name}/{command}", "DICOM folder", _dicom(builder),
                              argv, names=(where,), cause=cause))
    for command, argv in CT_COMMANDS.items():
        cases.append(Case(f"dicom/dev-zero/{command}", "DICOM folder",
                          given("ct", "/dev/zero"), argv, names=("/dev/zero",),
                          cause="character device"))
        cases.append(Case(f"dicom/fifo-path/{command}", "DICOM folder",
                          one_file("stream.dcm", os.mkfifo, "ct"), argv,
                          names=("stream.dcm",), cause="named pipe"))
        cases.append(Case(f"dicom/missing/{command}", "DICOM folder",
                          given("ct", "/nonexistent/ct"), argv, names=("/nonexistent/ct",),
                          cause="does not exist|no such|not found"))
    return cases


# --------------------------------------------------------------------------- model files
MODEL_FILES = [
    ("pickle-code-zip", "evil.pt", hostile.evil_torch_zip),
    ("pickle-code-legacy", "evil_legacy.pth", hostile.evil_legacy_pickle),
    ("truncated-torchscript", "cut.pt", hostile.truncated_torchscript),
    ("not-a-classifier", "conv.pt", hostile.torchscript_not_a_classifier),
    ("state-dict-without-arch", "resnet.pth", hostile.resnet18_state_dict),
    ("random-bytes", "noise.pt", hostile.random_bytes),
    ("text", "model.pt", hostile.text_file),
    ("empty", "empty.pt", hostile.empty_file),
    ("fifo", "pipe.pt", hostile.fifo),
    ("missing", "missing.pt", lambda p: None),
    ("onnx-junk", "model.onnx", hostile.random_bytes),
]


def model_cases() -> list[Case]:
    cases = [Case(f"model/{name}", "model file", combined(PHOTO, one_file(filename, writer,
                                                                             "model")),
                  ("cam", "{img}", "--model", "{model}", "-o", "{out}/cam.png"),
                  names=(filename,), timeout=120)
             for name, filename, writer in MODEL_FILES]
    # TorchScript never unpickles extra files: the model is fine and the pickle never runs
    # (the harness looks for its marker in every case).
    cases.append(Case("model/torchscript-with-pickle", "model file",
                      combined(PHOTO, one_file("evil_script.pt", hostile.evil_torchscript_extra,
                                               "model")),
                      ("cam", "{img}", "--model", "{model}", "-o", "{out}/cam.png"),
                      expect="ok", notes=1, timeout=120))
    resnet = combined(PHOTO, one_file("resnet.pth", hostile.resnet18_state_dict, "model"))
    cases.append(Case("model/wrong-arch", "model file", resnet,
                      ("cam", "{img}", "--model", "{model}", "--arch", "mobilenet_v2"),
                      names=("resnet.pth",), cause="mobilenet_v2|does not match|keys"))
    cases.append(Case("model/unknown-arch", "model file", resnet,
                      ("cam", "{img}", "--model", "{model}", "--arch", "banana"),
                      names=("banana",)))
    cases.append(Case("model/right-arch", "model file", resnet,
                      ("cam", "{img}", "--model", "{model}", "--arch", "resnet18", "-o",
                       "{out}/cam.png"), expect="ok", notes=1))
    for name, filename, writer in [("deep-json", "classes.json", hostile.classes_deep_json),
                                   ("binary", "classes.txt", hostile.classes_binary),
                                   ("json-object", "classes2.json",
                                    hostile.classes_json_object),
                                   ("fifo", "classes_pipe.txt", hostile.fifo)]:
        cases.append(Case(f"classes/{name}", "model file",
                          combined(resnet, one_file(filename, writer, "classes")),
                          ("cam", "{img}", "--model", "{model}", "--arch", "resnet18",
                           "--classes", "{classes}"), names=(filename,)))
    return cases


# --------------------------------------------------------------------------- presets
PRESET_FILES = [("not-json", hostile.presets_not_json), ("deep", hostile.presets_deep),
                ("width-text", hostile.presets_wide), ("width-0", hostile.presets_zero_width),
                ("width-nan", hostile.presets_nan_width), ("folder", hostile.presets_folder),
                ("binary", hostile.presets_binary), ("fifo", hostile.fifo)]


def preset_cases() -> list[Case]:
    """A broken presets file is a note naming it; the render still happens."""
    def build(writer):
        def make(folder: Path) -> dict[str, Path]:
            writer(folder / "presets.json")
            return {"ct": dicom.good_folder(folder)}
        return make

    cases = [Case(f"presets/{name}", "window presets", build(writer),
                  ("ct", "render", "{ct}", "-o", "{out}/render.png"), expect="ok", notes=1,
                  check=_render_written, env={"CVLAB_WINDOW_PRESETS": "{in}/presets.json"})
             for name, writer in PRESET_FILES]
    cases.append(Case("presets/unreadable-home", "window presets",
                      _dicom(dicom.good_folder), CT_COMMANDS["render"], expect="ok", notes=1,
                      check=_render_written, env={"HOME": "/nonexistent/home",
                                                  "XDG_CONFIG_HOME": "/proc/1/ns"}))
    cases.append(Case("presets/bad-window-option", "window presets",
                      _dicom(dicom.good_folder),
                      ("ct", "render", "{ct}", "--window", "wide", "-o", "{out}/render.png"),
                      names=("wide",)))
    return cases


# --------------------------------------------------------------------------- environment
def environment_cases() -> list[Case]:
    cases = []
    commands = {"cam": ("cam", "{img}"), "ocr": ("ocr", "{img}"), "plate": ("plate", "{img}"),
                "faces": ("faces", "{img}"),
                "sr": ("sr", "upscale", "{img}", "--model", "srresnet", "-o", "{out}/up.png"),
                "colorize": ("restore", "colorize", "{img}", "-o", "{out}/colour.png")}
    for device in ("cuda:7", "banana"):
        for tool, argv in commands.items():
            cases.append(Case(f"env/device-{device}/{tool}", "environment", PHOTO, argv,
                              names=(device,), env={"CVLAB_DEVICE": device}))
    for variable, value in (("CVLAB_THREADS", "many"), ("OMP_NUM_THREADS", "-3")):
        cases.append(Case(f"env/{variable}={value}", "environment", PHOTO,
                          UPSCALE + ("{out}/up.png",), expect="ok", notes=1,
                          check=_written("up.png"), env={variable: value}))
    for tool in ("sr", "faces"):  # a limit that is no number is said, not guessed at
        argv = UPSCALE + ("{out}/up.png",) if tool == "sr" else ("faces", "{img}")
        cases.append(Case(f"env/CVLAB_MAX_PIXELS=lots/{tool}", "environment", PHOTO, argv,
                          names=("CVLAB_MAX_PIXELS",), env={"CVLAB_MAX_PIXELS": "lots"}))
    return cases


def usage_cases() -> list[Case]:
    return [Case("usage/unknown-word", "command line", nothing,
                 ("detect", "objects"), expect="usage", names=("detect",)),
            Case("usage/misspelt", "command line", PHOTO, ("facs", "{img}"), expect="usage",
                 names=("faces",)),
            Case("usage/unknown-subcommand", "command line", nothing, ("ct", "bogus"),
                 expect="usage", names=("bogus",)),
            Case("usage/bad-number", "command line", PHOTO,
                 ("sr", "upscale", "{img}", "--scale", "two", "-o", "{out}/up.png"),
                 expect="usage", names=("two",))]
