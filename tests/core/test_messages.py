"""The message board and the headlines, without a window."""

import pytest
from PIL import Image

from cvlab.core.images import ImageLoadError, read_image
from cvlab.core.messages import Message, MessageBoard, job_headline, unopenable_headline


def test_a_tabs_message_shows_only_while_that_tab_is_current():
    board = MessageBoard(active_tab="ct")
    board.post(Message("Saved ct_axial.png", tab="ct"))
    assert board.shown.text == "Saved ct_axial.png"
    board.show_tab("restore")
    assert board.shown is None
    board.post(Message("Working on the result of OpenCV Telea", tab="restore"))
    board.show_tab("ct")
    assert board.shown.text == "Saved ct_axial.png"
    board.show_tab("restore")
    assert board.shown.text == "Working on the result of OpenCV Telea"


def test_an_app_message_shows_on_every_tab_until_the_next_action():
    board = MessageBoard(active_tab="ct")
    board.post(Message("nope.png: no such file or folder", "error"))
    board.show_tab("ocr")
    assert board.shown.text.startswith("nope.png")
    board.clear_tab("ocr")
    assert board.shown is None


def test_the_next_action_clears_the_error_and_a_chained_job_keeps_the_news():
    board = MessageBoard(active_tab="inspect")
    board.post(Message("notes.png is not an image (it is text)", "error", tab="inspect"))
    board.clear_tab("inspect", errors_only=True)
    assert board.shown is None
    board.post(Message("Opened photo.png", tab="inspect"))
    board.clear_tab("inspect", errors_only=True)
    assert board.shown.text == "Opened photo.png"
    board.clear_tab("inspect")
    assert board.shown is None
    assert len(board.history) == 2


def test_dismiss_removes_only_what_is_shown():
    board = MessageBoard(active_tab="ct")
    board.post(Message("app-wide", tab=None, when=1.0))
    board.post(Message("ct's own", "error", tab="ct", when=2.0))
    board.dismiss()
    assert board.shown.text == "app-wide"


def test_changes_notify_listeners():
    board = MessageBoard(active_tab="ct")
    seen = []
    board.changed.connect(lambda name, value: seen.append(name))
    board.post(Message("hello", tab="ct"))
    assert "shown" in seen and "history" in seen


def test_text_named_png_reads_as_one_sentence(tmp_path):
    (tmp_path / "notes.png").write_text("This is not an image, just notes\n")
    try:
        read_image(tmp_path / "notes.png")
    except ImageLoadError as exc:
        headline = job_headline("Open image", str(tmp_path / "notes.png"), exc)
    assert headline == "notes.png is not an image (it is text)"


def test_binary_junk_headline_has_no_bytes_literal(tmp_path):
    (tmp_path / "junk.png").write_bytes(bytes(range(256)))
    try:
        read_image(tmp_path / "junk.png")
    except ImageLoadError as exc:
        assert "b'" not in exc.reason and "\\x" not in exc.reason
        assert exc.headline == "junk.png is not an image file CV Lab can read"


def test_a_pipe_and_an_oversized_image_read_as_sentences_on_the_file(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(ImageLoadError) as caught:
        read_image(tmp_path / "pipe.png")
    assert caught.value.headline == "pipe.png is a named pipe (FIFO), not an image file"
    Image.new("L", (40, 30)).save(tmp_path / "big.png")
    with pytest.raises(ImageLoadError) as caught:
        read_image(tmp_path / "big.png", max_pixels=1000)
    assert caught.value.headline == ("big.png has 1,200 pixels (40×30), more than the limit "
                                     "of 1,000; the caller's limit")


def test_other_failures_name_the_file_not_the_exception_class():
    text = job_headline("Measure", "/data/scans/scan.dcm", ValueError("bad pixel spacing"))
    assert text == "Measure failed on scan.dcm: bad pixel spacing"
    assert "ValueError" not in text


def test_a_folder_without_dicom_says_what_it_holds(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert unopenable_headline(empty) == "No DICOM images in folder empty: it is empty"
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("a.txt", "b.txt", "c.csv"):
        (notes / name).write_text("x")
    assert unopenable_headline(notes) == "No DICOM images in folder notes: 3 files, none DICOM"
    assert unopenable_headline(notes / "a.txt") == (
        "a.txt is not an image or a DICOM file that CV Lab can open")
