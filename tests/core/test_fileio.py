import os
import stat

import pytest

from cvlab.core.fileio import (
    OutputPathError,
    UnsafeOutputError,
    atomic_write,
    check_output_path,
)


def test_atomic_write_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write(b"half of the new")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    with atomic_write(target) as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"


def test_output_may_not_overwrite_an_input(tmp_path):
    src = tmp_path / "scan.png"
    src.write_bytes(b"x")
    with pytest.raises(UnsafeOutputError, match="scan.png"):
        check_output_path(tmp_path / "." / "scan.png", inputs=[src])
    assert check_output_path(src, inputs=[src], allow_overwrite_input=True) == src.resolve()
    with pytest.raises(UnsafeOutputError, match="folder"):
        check_output_path(tmp_path)


def test_only_regular_files_are_readable_files(tmp_path):
    import os

    from cvlab.core.fileio import not_a_regular_file

    regular = tmp_path / "a.png"
    regular.write_bytes(b"x")
    link = tmp_path / "link.png"
    link.symlink_to(regular)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert not_a_regular_file(regular) is None and not_a_regular_file(link) is None
    assert not_a_regular_file(pipe) == "is a named pipe (FIFO), not a file"
    assert not_a_regular_file(tmp_path) == "is a folder, not a file"
    assert not_a_regular_file("/dev/zero") == "is a character device, not a file"
    assert not_a_regular_file(tmp_path / "absent") == "no such file"


def test_a_failed_write_names_the_output_not_its_temporary_file(tmp_path):
    import errno
    import pickle

    from cvlab.core.fileio import OutputPathError

    target = tmp_path / "out.bin"
    with pytest.raises(OutputPathError) as caught:
        with atomic_write(target, shown="out.bin") as fh:
            fh.write(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == "out.bin: cannot write the file: No space left on device"
    assert list(tmp_path.iterdir()) == []
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value) and copy.path == "out.bin"
    with pytest.raises(FileNotFoundError):   # an error about another file passes through
        with atomic_write(target) as fh:
            open(tmp_path / "absent")


def test_a_file_where_a_folder_should_be_is_named(tmp_path):
    from cvlab.core.fileio import OutputPathError, file_in_the_way

    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    assert file_in_the_way(blocker / "a" / "b") == blocker and file_in_the_way(tmp_path) is None
    with pytest.raises(OutputPathError, match=f"^{blocker}/out.png: {blocker} is a file, not"):
        check_output_path(blocker / "out.png")
    with pytest.raises(OutputPathError, match=f"{blocker} is a file, not a folder"):
        with atomic_write(blocker / "sub" / "out.png"):
            pass


def test_a_hard_link_to_an_input_is_the_input(tmp_path):
    source = tmp_path / "scan.png"
    source.write_bytes(b"pixels")
    other_name = tmp_path / "copy.png"
    os.link(source, other_name)
    with pytest.raises(UnsafeOutputError, match="another name of") as caught:
        check_output_path(other_name, inputs=[source])
    assert caught.value.path == str(other_name)
    assert check_output_path(tmp_path / "new.png", inputs=[source]) == tmp_path / "new.png"


def test_a_pipe_or_device_is_never_replaced_by_an_output(tmp_path):
    # Renaming a finished file over /dev/null (as root) would replace the device itself.
    pipe = tmp_path / "out.png"
    os.mkfifo(pipe)
    with pytest.raises(OutputPathError, match="named pipe"):
        check_output_path(pipe)
    with pytest.raises(OutputPathError, match="named pipe"):
        with atomic_write(pipe) as fh:
            fh.write(b"never")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_symlink_loops_among_inputs_or_as_the_output_are_one_sentence(tmp_path):
    loop = tmp_path / "self.dcm"
    os.symlink("self.dcm", loop)  # a folder's stray link: an input the scan skipped
    assert check_output_path(tmp_path / "render.png", inputs=[loop]) == tmp_path / "render.png"
    with pytest.raises(OutputPathError, match="leads back to itself"):
        check_output_path(loop)


def test_an_unwritable_place_is_found_by_the_check_and_the_probe_leaves_nothing(tmp_path):
    # Checked before the work (a minute of Real-ESRGAN), not when the result is saved.
    with pytest.raises(OutputPathError, match="cannot create a file in /proc"):
        check_output_path("/proc/result.png")
    check_output_path(tmp_path / "result.png")
    assert list(tmp_path.iterdir()) == []
