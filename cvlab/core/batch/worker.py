"""The worker: a Ray actor (wrapped with ``ray.remote`` by the driver, so importing this
module does not import Ray) that opens the tool's engine once and then processes items."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from cvlab.core.batch.items import Item, content_hash


class BatchWorker:
    """The actor (wrapped with ``ray.remote`` at run time, so importing this module does not
    import Ray). It never raises from ``__init__``: a tool that cannot open (weights
    missing) is reported by :meth:`ready`, so the driver says it once and stops."""

    def __init__(self, opener: str, options: dict, threads: int) -> None:
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.error = None
        try:
            os.environ["CVLAB_THREADS"] = str(threads)   # the engines' own thread rule
            _limit_threads(threads)
            from cvlab.core.device import resolve_device
            from cvlab.core.manifest import resolve

            self.process = resolve(opener)(options, resolve_device())
        except Exception as exc:  # reported by ready(): one sentence, not a traceback
            self.error = str(exc).strip("'\"") or type(exc).__name__

    def ready(self) -> tuple[str, str | None]:
        return self.name, self.error

    def run(self, item: Item, out_root: str, attempt: int) -> dict:
        from cvlab.core.terminal import about

        start = time.perf_counter()
        record = {"key": item.key, "fingerprint": item.fingerprint, "attempts": attempt,
                  "worker": self.name}
        try:
            record["content_hash"] = content_hash(item.files)
            out_dir = Path(out_root) / item.out_dir
            result = self.process(item, out_dir)
            prefix = Path(item.out_dir)
            record.update(status="done", figures=result.figures,
                          outputs=[(prefix / name).as_posix() for name in result.outputs])
        except (Exception, MemoryError) as exc:  # that item's failure, not the worker's
            record.update(status="failed", error=about(item.shown, exc))
        record["seconds"] = round(time.perf_counter() - start, 3)
        return record


def _limit_threads(threads: int) -> None:
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass
    try:
        import cv2

        cv2.setNumThreads(threads)
    except ImportError:
        pass
