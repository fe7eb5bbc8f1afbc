"""Bad input through the GUI (issue 16, point 3), on the real MainWindow and DeviceWorker.

Every tab that opens images is handed, through its own "Open image…" button (the file
dialog answered by the test), a text file named .png, a PNG cut after 100 bytes, an empty
file, a named pipe and a 60000×60000 decompression bomb. Each time the tab says, in one
sentence on its own status line, which file and what is wrong (no traceback, no errno, no
exception class), the image opened before stays the one the tab names and shows (nothing of
the bad file is shown as if it had opened), and a good image opens and works afterwards.

The CT tab gets a folder of junk, a folder with a named pipe among real slices and folders
with one forged slice; a bad window-presets file and an unusable CVLAB_DEVICE are said once
and worked around.
"""

import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import pydicom
import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QPushButton

from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker

# What a sentence for people never holds: Python's words for the error.
PYTHON_SPEAK = re.compile(r"Traceback|Errno|\b[A-Z]\w*(Error|Exception)\b|File \"|<class ")

# kind of bad file -> (its name, words of the cause the sentence must give)
BAD_IMAGES = {
    "text": ("lecture_notes.png", "not an image"),
    "truncated": ("cut_short.png", "cut short"),
    "empty": ("nothing.png", "empty"),
    "fifo": ("pipe.png", "named pipe"),
    "bomb": ("bomb.png", "pixels"),
}

# tab -> (the good image opened first, the good image opened after the bad ones)
IMAGE_TABS = {
    "superres": ("photos/opencv_dnn_superres_butterfly.png", "ocr/skimage_page.png"),
    "heatmaps": ("photos/opencv_dnn_superres_butterfly.png", "photos/opencv_baboon.jpg"),
    "ocr": ("ocr/skimage_page.png", "ocr/imageTextN.png"),
    "faces": ("faces/skimage_astronaut.png", "photos/opencv_dnn_superres_butterfly.png"),
    "restore": ("photos/opencv_dnn_superres_butterfly.png", "photos/opencv_baboon.jpg"),
    "inspect": ("photos/opencv_dnn_superres_butterfly.png", "photos/opencv_baboon.jpg"),
}
JOB_TIMEOUT_MS = 120_000   # a model's first load on a 2-core machine
ERROR_TIMEOUT_MS = 30_000  # a bad file is refused long before this


# ----- bad files, made once ------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


def write_png_bomb(path: Path, side: int = 60_000) -> None:
    """A valid 1-bit gray PNG, side × side black pixels: 3.6 gigapixels (450 MB decoded as
    bits, 3.6 GB as bytes) in about 430 KB. Built by hand: PIL would first allocate the
    image."""
    row = b"\0" * (1 + (side + 7) // 8)          # filter byte + the row's bits
    packer = zlib.compressobj(9)
    rows_per_block = 1000
    block = row * rows_per_block
    data = [packer.compress(block) for _ in range(side // rows_per_block)]
    data.append(packer.compress(row * (side % rows_per_block)))
    data.append(packer.flush())
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit gray
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                     + _png_chunk(b"IDAT", b"".join(data)) + _png_chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def bad_images(tmp_path_factory, test_data) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad-images")
    files = {kind: folder / name for kind, (name, _cause) in BAD_IMAGES.items()}
    files["text"].write_text("Week 3: convolution, padding, stride.\n", encoding="utf-8")
    real_png = test_data / "photos" / "opencv_dnn_superres_butterfly.png"
    files["truncated"].write_bytes(real_png.read_bytes()[:100])
    files["empty"].write_bytes(b"")
    os.mkfifo(files["fifo"])  # no writer: a read of it would wait for ever
    write_png_bomb(files["bomb"])
    return files


# ----- the window ----------------------------------------------------------------------
def start_window(qtbot, tmp_path, device_spec: str | None = "cpu") -> MainWindow:
    """The window first, then the worker, as cvlab.app.run_gui does (so a device problem
    found at the worker's start reaches the window)."""
    worker = DeviceWorker(device_spec=device_spec)
    window = MainWindow(worker, QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    worker.start()
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    window = start_window(qtbot, tmp_path)
    yield window
    window.close()
    assert window.worker.shutdown(20_000)


def show(window, tool_id):
    panel = next(p for p in window.panels if p.spec.id == tool_id)
    window.tabs.setCurrentWidget(panel)
    return panel


def open_button(panel) -> QPushButton:
    """The tab's own "Open image…" button."""
    return next(b for b in panel.findChildren(QPushButton)
                if b.text().lower() == "open image…")


def open_through_tab(monkeypatch, panel, path: Path) -> None:
    """Click the tab's Open button; the file dialog answers ``path``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    open_button(panel).click()


def wait_idle(window, timeout_ms=JOB_TIMEOUT_MS) -> None:
    """Every job (and each job a result starts: a detection, a read, the next map) done."""
    assert window.worker.wait_idle(timeout_ms / 1000)


def wait_for_error(qtbot, window, seen: int):
    """The first error message posted after the first ``seen`` messages."""
    def posted():
        return any(m.level == "error" for m in window.notifications.history[seen:])

    qtbot.waitUntil(posted, timeout=ERROR_TIMEOUT_MS)
    wait_idle(window, ERROR_TIMEOUT_MS)
    return next(m for m in window.notifications.history[seen:] if m.level == "error")


def assert_one_plain_sentence(text: str, *must_say: str) -> None:
    assert text and "\n" not in text, repr(text)
    assert not PYTHON_SPEAK.search(text), text
    assert not re.search(r"[.!?]\s+[A-Z]", text), f"more than one sentence: {text}"
    for words in must_say:
        assert words in text, (words, text)


# ----- what each image tab shows -------------------------------------------------------
def shown_file(panel) -> str | None:
    """The file the tab says its image comes from."""
    if panel.spec.id == "inspect":
        return panel.loaded.path if panel.loaded is not None else None
    if panel.spec.id == "superres":
        return panel.source
    return panel.path


def file_label(panel) -> str:
    if panel.spec.id == "inspect":
        return panel._fact_labels["file"].text()
    return panel.file_label.text()


def shown_pixels(panel):
    """The picture in the tab's main view."""
    if panel.spec.id in ("superres", "heatmaps", "restore"):
        views = panel.compare.panels()
        return views[0].image() if views else None
    return panel.view.image()


def result_of(panel):
    """What the tab holds as made from its image (the object itself, to compare by identity)."""
    state = panel.state
    return {"superres": lambda: state.results, "heatmaps": lambda: state.explanation,
            "ocr": lambda: state.result, "faces": lambda: state.faces,
            "restore": lambda: state.results, "inspect": lambda: state.stats}[panel.spec.id]()


def run_cheapest(window, panel) -> None:
    """Super-resolution runs nothing by itself: evaluate bicubic only (well under a second).
    The other tabs ran what they run on opening (a read, a detection, the maps)."""
    if panel.spec.id == "superres":
        panel.set_methods({"bicubic"})
        panel.run_button.click()
        wait_idle(window)
        assert [row["method"] for row in panel.rows] == ["Bicubic"]


def assert_the_tab_worked_on(panel, path: Path, before) -> None:
    """What the tab shows came from ``path``: a new result where the tab makes one."""
    tool, after = panel.spec.id, result_of(panel)
    if tool in ("heatmaps", "ocr"):
        assert after is not None and after is not before
    if tool == "superres":
        assert panel.table.rowCount() == 1 and panel.table.item(0, 1).text() != "failed"
    if tool == "faces":
        assert panel.count_label.text().endswith("face(s)")
    if tool == "restore":
        with Image.open(path) as image:
            assert panel.image.shape[:2] == (image.height, image.width)
    if tool == "inspect":
        assert panel.stats_table.rowCount() > 0 and after is not before


@pytest.mark.timeout(240)
@pytest.mark.parametrize("tool_id", list(IMAGE_TABS))
def test_bad_images_are_one_sentence_and_the_tab_goes_on(qtbot, window, monkeypatch,
                                                          test_data, bad_images, tool_id):
    first, second = (test_data / name for name in IMAGE_TABS[tool_id])
    panel = show(window, tool_id)
    open_through_tab(monkeypatch, panel, first)
    qtbot.waitUntil(lambda: shown_file(panel) == str(first), timeout=JOB_TIMEOUT_MS)
    wait_idle(window)
    run_cheapest(window, panel)
    result, pixels = result_of(panel), shown_pixels(panel)
    assert pixels is not None and first.name in file_label(panel)

    for kind, bad in bad_images.items():
        seen = len(window.notifications.history)
        open_through_tab(monkeypatch, panel, bad)
        message = wait_for_error(qtbot, window, seen)   # the named pipe too: no hang
        assert message.tab == tool_id, (kind, message)
        assert window.notifications.current_text() == message.text
        assert_one_plain_sentence(message.text, bad.name, BAD_IMAGES[kind][1])
        assert message.text.startswith(f"{bad.name} "), message.text  # "x.png is …"
        # The tab still names and shows the good image, and what it made from that image
        # is unchanged: nothing says or shows the bad file as if it had opened.
        assert shown_file(panel) == str(first), kind
        assert first.name in file_label(panel) and bad.name not in file_label(panel), kind
        assert shown_pixels(panel) is pixels, kind
        assert result_of(panel) is result, kind
        assert not window.job_progress.isVisible(), kind
        assert not panel.empty_state.isVisible(), kind

    # A good image after them: it opens, its name replaces the old one, the tool works.
    open_through_tab(monkeypatch, panel, second)
    assert window.notifications.current_text() == ""   # the user's next action clears it
    qtbot.waitUntil(lambda: shown_file(panel) == str(second), timeout=JOB_TIMEOUT_MS)
    wait_idle(window)
    run_cheapest(window, panel)
    assert second.name in file_label(panel) and first.name not in file_label(panel)
    assert shown_pixels(panel) is not pixels
    assert_the_tab_worked_on(panel, second, result)
    errors = [m for m in window.notifications.history if m.level == "error"]
    assert len(errors) == len(bad_images), [m.text for m in errors]


# ----- the CT tab ----------------------------------------------------------------------
CT_SLICES = 8


@pytest.fixture
def chest_slices(test_data) -> list[Path]:
    return sorted((test_data / "ct" / "chest_ct_axial").iterdir())[:CT_SLICES]


def copy_slices(slices, folder: Path) -> Path:
    folder.mkdir()
    for source in slices:
        shutil.copy(source, folder / source.name)
    return folder


def forge(source: Path, target: Path, **attributes) -> None:
    ds = pydicom.dcmread(source)
    for name, value in attributes.items():
        setattr(ds, name, value)
    ds.save_as(target)


def open_folder(monkeypatch, window, folder: Path) -> None:
    """File → Open DICOM Folder…, the dialog answering ``folder``."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.open_dicom_dialog()


def open_series(qtbot, monkeypatch, window, panel, folder: Path):
    """Open ``folder``; the series it loads and the message posted about it."""
    seen, previous = len(window.notifications.history), panel.volume
    open_folder(monkeypatch, window, folder)
    qtbot.waitUntil(lambda: panel.volume is not previous, timeout=JOB_TIMEOUT_MS)
    wait_idle(window)
    [message] = window.notifications.history[seen:]
    return panel.volume, message


@pytest.mark.timeout(240)
def test_ct_tab_junk_a_named_pipe_and_forged_slices(qtbot, window, monkeypatch, tmp_path,
                                                    chest_slices):
    panel = show(window, "ct")

    # A folder of junk, some of it named like DICOM: one sentence, nothing opened.
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("not a scan")
    (junk / "IM0001.dcm").write_text("not a scan either")
    (junk / "IM0002.dcm").write_bytes(b"")
    seen = len(window.notifications.history)
    open_folder(monkeypatch, window, junk)
    message = wait_for_error(qtbot, window, seen)
    assert message.tab == "ct" and window.notifications.current_text() == message.text
    assert_one_plain_sentence(message.text, "junk", "not a DICOM file")
    assert str(tmp_path) not in message.text   # the folder by name; its path in Details
    assert panel.volume is None and panel.empty_state.isVisible()

    # Real slices and a named pipe: the slices load, the pipe is named and skipped.
    with_pipe = copy_slices(chest_slices, tmp_path / "with_pipe")
    os.mkfifo(with_pipe / "IM9999.dcm")
    volume, message = open_series(qtbot, monkeypatch, window, panel, with_pipe)
    assert volume.shape[0] == CT_SLICES and panel.source == with_pipe
    assert message.tab == "ct" and window.notifications.current_text() == message.text
    assert_one_plain_sentence(message.text, "with_pipe", "1 file(s) skipped", "named pipe",
                              "see Load report")
    assert str(tmp_path) not in message.text
    assert "IM9999.dcm" in panel.report_text   # the report names the pipe
    assert "with_pipe" in panel.info_label.text()

    # One forged slice (its header would give wrong pixels, or ask for 2e9 frames): the
    # tab says which reason, the rest loads, and the series before is gone.
    for folder_name, attributes, cause in (
            ("zero_spacing", {"PixelSpacing": [0, 0]}, "PixelSpacing is 0"),
            ("many_frames", {"NumberOfFrames": 2_000_000_000}, "NumberOfFrames is 2000000000")):
        folder = copy_slices(chest_slices[:-1], tmp_path / folder_name)
        forge(chest_slices[-1], folder / "IM0099.dcm", **attributes)
        before = panel.volume
        volume, message = open_series(qtbot, monkeypatch, window, panel, folder)
        assert volume is not before and volume.shape[0] == CT_SLICES - 1
        assert message.tab == "ct" and window.notifications.current_text() == message.text
        assert_one_plain_sentence(message.text, folder_name, "1 file(s) skipped", cause,
                                  "see Load report")
        assert str(tmp_path) not in message.text
        info = panel.info_label.text()
        assert folder_name in info and "with_pipe" not in info
        assert "IM0099.dcm" in panel.report_text and cause in panel.report_text

    # Junk again, a series on screen: the sentence, and the series stays with its name.
    shown, info = panel.volume, panel.info_label.text()
    seen = len(window.notifications.history)
    open_folder(monkeypatch, window, junk)
    message = wait_for_error(qtbot, window, seen)
    assert_one_plain_sentence(message.text, "junk", "not a DICOM file")
    assert panel.volume is shown and panel.info_label.text() == info
    assert not window.job_progress.isVisible()


def test_a_bad_window_presets_file_is_said_once_and_the_built_in_presets_are_used(
        qtbot, monkeypatch, tmp_path, chest_slices):
    from cvlab.tools.ct.windowing import load_presets

    built_in = [p.name for p in load_presets(tmp_path / "absent.json")]
    bad = tmp_path / "my_presets.json"
    bad.write_text('[{"name": "Lung", "width": 1500, "level": -600},')  # cut short
    monkeypatch.setenv("CVLAB_WINDOW_PRESETS", str(bad))
    window = start_window(qtbot, tmp_path)
    try:
        panel = show(window, "ct")
        notices = [m for m in window.notifications.history if "my_presets.json" in m.text]
        assert len(notices) == 1 and notices[0].tab == "ct"
        assert window.notifications.current_text() == notices[0].text
        assert_one_plain_sentence(notices[0].text, "my_presets.json", "built-in presets")
        assert panel.window_box.preset_names() == built_in

        volume, _message = open_series(qtbot, monkeypatch, window, panel,
                                       copy_slices(chest_slices, tmp_path / "series"))
        assert volume is not None
        names = panel.window_box.preset_names()
        assert names[-len(built_in):] == built_in   # after the file's own windows
        panel.window_box.choose_preset("Lung")   # the built-in one, not the file's -600
        assert panel.state.window == (1500.0, -700.0)
        assert panel.window_box.preset_text().startswith("Lung")
        assert len([m for m in window.notifications.history
                    if "my_presets.json" in m.text]) == 1   # once, not at every open
    finally:
        window.close()
        assert window.worker.shutdown(20_000)


def test_an_unusable_device_falls_back_to_the_cpu_with_a_notice(qtbot, monkeypatch, tmp_path,
                                                               test_data):
    import torch  # the worker imports it anyway

    if torch.cuda.device_count() > 7:
        pytest.skip("cuda:7 exists on this machine")
    monkeypatch.setenv("CVLAB_DEVICE", "cuda:7")   # no such device: CUDA absent, or fewer
    window = start_window(qtbot, tmp_path, device_spec=None)
    try:
        qtbot.waitUntil(lambda: "CPU" in window.device_label.text(), timeout=JOB_TIMEOUT_MS)
        [notice] = [m for m in window.notifications.history if "cuda:7" in m.text]
        assert_one_plain_sentence(notice.text, "'cuda:7'", "using the CPU instead")
        assert notice.tab is None   # about the whole app: on every tab
        panel = show(window, "inspect")
        assert window.notifications.current_text() == notice.text
        assert [a.data() for a in window.device_menu.actions() if a.isChecked()] == ["cpu"]
        image = test_data / "photos" / "opencv_baboon.jpg"
        assert window.open_path(image)   # and jobs run on the CPU
        qtbot.waitUntil(lambda: panel.loaded is not None, timeout=JOB_TIMEOUT_MS)
        assert panel.loaded.path == str(image)
    finally:
        window.close()
        assert window.worker.shutdown(20_000)
