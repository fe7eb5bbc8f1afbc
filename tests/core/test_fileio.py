import pytest

from cvlab.core.fileio import UnsafeOutputError, atomic_write, check_output_path


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
