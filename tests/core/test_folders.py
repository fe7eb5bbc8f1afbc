"""cvlab.core.folders: which files of a folder a batch reads, and unique output stems."""

from pathlib import Path

import pytest

from cvlab.core.folders import check_outside, folder_images, unique_stems


def test_folder_images_are_the_image_files_sorted_by_name(tmp_path):
    for name in ("b.PNG", "a.jpg", "notes.txt", "c.tif"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub.png").mkdir()  # a folder, whatever its name
    skipped = []
    images = folder_images(tmp_path, lambda entry, why: skipped.append((entry.name, why)))
    assert [p.name for p in images] == ["a.jpg", "b.PNG", "c.tif"]
    assert skipped == [("notes.txt", "not an image file"), ("sub.png", "a folder")]


def test_folder_images_refuses_a_file(tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    with pytest.raises(ValueError, match="not a folder"):
        folder_images(tmp_path / "a.png")


def test_unique_stems_add_the_suffix_only_where_stems_clash():
    paths = [Path("x/a.png"), Path("x/a.JPG"), Path("x/b.png")]
    assert unique_stems(paths) == {paths[0]: "a_png", paths[1]: "a_jpg", paths[2]: "b"}


def test_check_outside_refuses_the_folder_and_what_is_inside_it(tmp_path):
    source = tmp_path / "photos"
    source.mkdir()
    assert check_outside(tmp_path / "out", source) == (tmp_path / "out").resolve()
    for out in (source, source / "out", source / "a" / ".." / "b"):
        with pytest.raises(ValueError, match="-o x: is the input folder or inside it"):
            check_outside(out, source, shown="-o x")
