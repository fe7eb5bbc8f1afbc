"""LiveRun between a writer thread (the job) and a reader (the tab's timer)."""

import threading

import numpy as np

from cvlab.tools.training.live import LiveRun


def test_a_reader_polling_while_a_thread_writes_sees_every_point_once_in_order():
    live = LiveRun()
    total = 5000

    def write():
        for epoch in range(total):
            live.add(epoch, {"train_loss": 1.0 / (epoch + 1)})
            if epoch % 7 == 0:
                live.set_snapshot("grad_norms", np.full(3, epoch, float))
        live.finish({"train_loss": 1.0 / total})

    writer = threading.Thread(target=write)
    seen: list[int] = []
    versions: list[int] = []
    writer.start()
    while True:
        finished = live.finished  # asked first: after it, nothing more is added
        new = live.points_since(len(seen))
        seen += [epoch for epoch, _ in new]
        versions.append(live.snapshot_version())
        snapshot = live.snapshot("grad_norms")
        if snapshot is not None:
            assert len(set(snapshot)) == 1  # never half-written
        if finished and live.count == len(seen):
            break
    writer.join()
    assert seen == list(range(total))
    assert versions == sorted(versions) and versions[-1] == len(range(0, total, 7))
    assert live.final == {"train_loss": 1.0 / total}
    assert live.curve("train_loss")[0][-1] == total - 1
    assert live.last_values() == {"train_loss": 1.0 / total}


def test_snapshots_defaults_progress_and_a_failed_run():
    live = LiveRun()
    assert live.snapshot("boundary") is None and live.snapshot("boundary", 5) == 5
    assert live.snapshot_version() == 0 and not live.finished and live.final is None
    heard = []
    live.on_progress(lambda fraction, text: heard.append((fraction, text)))
    live.report(1.5, "epoch 3 of 2")
    assert heard == [(1.0, "epoch 3 of 2")] and live.progress == (1.0, "epoch 3 of 2")
    live.set_snapshot("boundary", "a")
    live.set_snapshot("boundary", "b")
    assert live.snapshot("boundary") == "b" and live.snapshot_version() == 2
    live.add(1, {"loss": 2})
    assert live.points_since(0) == [(1, {"loss": 2.0})] and live.points_since(1) == []
    live.finish(None)
    assert live.finished and live.final is None
