"""The batch journal: what counts as done on a rerun (no Ray needed)."""

import json
import os

import pytest

from cvlab.core.batch.items import fingerprint, image_items
from cvlab.core.batch.ledger import MANIFEST_NAME, Ledger, LedgerError


@pytest.fixture
def cohort(tmp_path):
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    for name in ("one.png", "two.png"):
        (root / "a" / name).write_bytes(os.urandom(64))
    out = tmp_path / "out"
    return root, out


def _done(ledger, item, out):
    output = out / item.out_dir / f"{item.stem}_x.png"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"result")
    from cvlab.core.batch.items import content_hash

    ledger.append({"key": item.key, "status": "done", "fingerprint": item.fingerprint,
                   "content_hash": content_hash(item.files),
                   "outputs": [f"{item.out_dir}/{item.stem}_x.png"]})


def test_a_done_item_counts_until_its_bytes_options_or_outputs_change(cohort):
    root, out = cohort
    one, two = list(image_items(root))
    ledger = Ledger(out, "faces", {"detector": "mtcnn"})
    _done(ledger, one, out)
    again = Ledger(out, "faces", {"detector": "mtcnn"})
    assert again.is_done(one) and not again.is_done(two)
    # touched (new time, same bytes): still done, and the new stat is journalled
    os.utime(one.files[0], ns=(1, 1))
    touched = next(image_items(root))
    assert touched.fingerprint != one.fingerprint
    assert again.is_done(touched)
    assert Ledger(out, "faces", {"detector": "mtcnn"}).records[one.key]["fingerprint"] \
        == touched.fingerprint
    # other options: not done
    assert not Ledger(out, "faces", {"detector": "haar"}).is_done(touched)
    # an output deleted: not done
    (out / "a" / "one_x.png").unlink()
    assert not Ledger(out, "faces", {"detector": "mtcnn"}).is_done(touched)


def test_changed_bytes_make_an_item_new(cohort):
    root, out = cohort
    one = next(image_items(root))
    ledger = Ledger(out, "faces", {})
    _done(ledger, one, out)
    with open(one.files[0], "r+b") as fh:   # same size, other bytes
        fh.write(b"\xff" * 8)
    os.utime(one.files[0], ns=(5, 5))
    changed = next(image_items(root))
    assert changed.fingerprint != one.fingerprint
    assert not Ledger(out, "faces", {}).is_done(changed)


def test_a_torn_last_line_is_ignored_and_the_next_line_starts_clean(cohort):
    root, out = cohort
    one, two = list(image_items(root))
    ledger = Ledger(out, "faces", {})
    _done(ledger, one, out)
    with open(out / MANIFEST_NAME, "a", encoding="utf-8") as fh:
        fh.write('{"key": "a/two.png", "stat')           # a power cut mid-line
    reread = Ledger(out, "faces", {})
    assert set(reread.records) == {one.key}
    _done(reread, two, out)
    lines = (out / MANIFEST_NAME).read_text().splitlines()
    assert json.loads(lines[-1])["key"] == two.key
    assert set(Ledger(out, "faces", {}).records) == {one.key, two.key}


def test_another_tasks_output_folder_is_refused(cohort):
    root, out = cohort
    _done(Ledger(out, "faces", {}), next(image_items(root)), out)
    with pytest.raises(LedgerError, match="holds a `cvlab batch faces` run"):
        Ledger(out, "ocr", {})


def test_a_journal_that_is_not_ours_is_refused(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("not json\nnor this\n")
    with pytest.raises(LedgerError, match="line 1 is not a journal entry"):
        Ledger(tmp_path, "faces", {})


def test_image_items_mirror_the_tree_and_never_open_a_pipe(tmp_path):
    root = tmp_path / "in"
    (root / "x" / "y").mkdir(parents=True)
    for rel in ("x/a.png", "x/a.jpg", "x/y/b.PNG", "x/notes.txt", "x/a_mask.png"):
        (root / rel).write_bytes(b"data")
    os.mkfifo(root / "x" / "pipe.png")
    items = list(image_items(root, excluded=lambda p: p.endswith("_mask.png")))
    assert [(i.key, i.out_dir, i.stem) for i in items] == [
        ("x/a.jpg", "x", "a_jpg"), ("x/a.png", "x", "a_png"), ("x/pipe.png", "x", "pipe"),
        ("x/y/b.PNG", "x/y", "b")]
    assert items[2].fingerprint == fingerprint([str(root / "x" / "pipe.png")])
    from cvlab.core.batch.items import content_hash

    content_hash(items[2].files)  # returns at once: a pipe is never read


def test_a_temporary_file_a_killed_worker_left_is_swept_and_nothing_else(tmp_path):
    from cvlab.core.batch.driver import _sweep_temporary_files

    (tmp_path / "a").mkdir()
    leftover = tmp_path / "a" / ".x_anonymised.png.k2j4.part"
    leftover.write_bytes(b"half")
    kept = [tmp_path / "a" / "x_anonymised.png", tmp_path / "a" / "notes.part",
            tmp_path / "a" / ".hidden.png"]
    for path in kept:
        path.write_bytes(b"whole")
    _sweep_temporary_files(tmp_path)
    assert not leftover.exists() and all(p.exists() for p in kept)
