"""Running a batch task on Ray: the driver's loop (the actor is ``worker``, Ray's
connection and sizing ``cluster``).

Workers: one Ray actor per worker, started once; each opens the tool's engine once (its
model loaded once) and then takes items. An actor asks Ray for ``threads`` CPUs, and for
``gpus_per_worker`` GPUs when the cluster has GPUs (Ray then gives it its own
``CUDA_VISIBLE_DEVICES``), so a cluster of GPU nodes gets an actor per GPU.

Streaming: discovery runs in a thread and hands items over through a bounded queue; each
actor has at most ``IN_FLIGHT`` items queued (one running, one waiting, so it never idles
between items), so neither the list of inputs nor their pixels are held by the driver.

Faults: when an actor dies (killed, out of memory, its node lost) Ray fails its queued
calls with ``RayActorError``; the driver starts a new actor in its place and gives each of
those items one more try; an item whose worker dies twice is a failure. An exception inside
the tool is not a fault of the worker: it is that item's failure, in one sentence.

Ctrl+C or SIGTERM: the actors are killed, the items in flight are not journalled (they are
redone on the next run), the summaries are written and :class:`BatchInterrupted` is raised.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cvlab.core.batch.cluster import BatchError, connect, plan_workers
from cvlab.core.batch.items import Item, UnreadableFolder, discover
from cvlab.core.batch.ledger import Ledger
from cvlab.core.batch.summary import write_summaries
from cvlab.core.batch.task import BatchTask
from cvlab.core.batch.worker import BatchWorker

IN_FLIGHT = 2


class BatchInterrupted(Exception):
    """Ctrl+C: what was finished is journalled; the same command resumes."""

    def __init__(self, report: BatchReport) -> None:
        super().__init__("interrupted")
        self.report = report


@dataclass
class BatchReport:
    done: int = 0
    failed: int = 0
    skipped: int = 0          # done by an earlier run, inputs and options unchanged
    retried: int = 0          # items given a second try after their worker died
    workers: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0   # Ray connected and every actor's engine open
    work_seconds: float = 0.0      # the items' own time in the workers, summed
    items_seconds: float = 0.0     # from the actors ready to the last result
    failures: list[tuple[str, str]] = field(default_factory=list)
    summaries: list[Path] = field(default_factory=list)

    @property
    def items_per_second(self) -> float:
        processed = self.done + self.failed
        return processed / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Flight:
    item: Item
    slot: int
    actor: object
    attempt: int


def run_batch(task: BatchTask, options: dict, input_root: Path, out_root: Path, *,
              cluster: str = "local", workers: int | None = None,
              gpus_per_worker: float | None = None,
              progress: Callable[[float, str], None] | None = None,
              note: Callable[[str], None] | None = None) -> BatchReport:
    """Run ``task`` over every item under ``input_root``; outputs, journal and summaries go
    to ``out_root`` (checked by the caller to lie outside ``input_root``)."""
    input_root, out_root = Path(input_root), Path(out_root)
    note = note or (lambda message: None)
    ledger = Ledger(out_root, task.name, options)
    _sweep_temporary_files(out_root)
    started = time.perf_counter()
    report = BatchReport()
    discovery = _Discovery(task, input_root, ledger)
    try:
        # Ray starts with the first item to do: rerunning a finished cohort starts nothing.
        if discovery.wait_for_work():
            _run_on_ray(task, options, cluster, workers, gpus_per_worker, discovery, ledger,
                        out_root, report, progress, note, started)
        elif discovery.error is not None:
            raise BatchError(f"{input_root}: {discovery.error}")
        report.skipped = discovery.skipped
    except KeyboardInterrupt:
        raise BatchInterrupted(report) from None
    finally:   # the summaries describe what is journalled, however the run ended
        discovery.stop()
        report.seconds = time.perf_counter() - started
        if ledger.records:   # nothing at all (the tool could not open): no files
            report.summaries = write_summaries(out_root, task.name, options, input_root,
                                               ledger.records, task.figures)
    return report


def _run_on_ray(task, options, cluster, workers, gpus_per_worker, discovery, ledger,
                out_root, report, progress, note, started) -> None:
    from cvlab.core.cpu_threads import available_cores

    ray, started_here = connect(cluster, available_cores())
    stop = _StopRequest()   # after connect: ray.init sets its own SIGTERM handler
    try:
        slots = plan_workers(ray, workers, gpus_per_worker)
        report.workers = len(slots)
        _drive(ray, task, options, slots, discovery, ledger, out_root, report, progress,
               note, started, stop)
    finally:
        stop.restore()
        if started_here:
            ray.shutdown()


class _StopRequest:
    """Ctrl+C and SIGTERM (a job scheduler's stop, `kill`) as a request the loop honours
    between results, never in the middle of a journal line. A second Ctrl+C stops at once.
    Installed after connecting (ray.init sets its own SIGTERM handler, which exits with code
    15 and writes nothing); off the main thread, where signals cannot be handled, it does
    nothing."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._request)

    def _request(self, signum, frame) -> None:
        if self.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt   # the second Ctrl+C: the user will not wait
        self.requested = True

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def _sweep_temporary_files(out_root: Path) -> None:
    """Remove what a worker killed mid-write left: the hidden ``.NAME.*.part`` files of
    cvlab.core.fileio.atomic_write (never a finished output). Only at the start of a run,
    when no worker of this OUT_ROOT is writing."""
    if not out_root.is_dir():
        return
    for leftover in out_root.rglob(".*.part"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)


class _Discovery(threading.Thread):
    """Finds the items in the background; those the journal has done are counted, not
    queued. ``found`` is the cohort's size once ``finished`` is set."""

    def __init__(self, task: BatchTask, root: Path, ledger: Ledger) -> None:
        super().__init__(name="batch-discovery", daemon=True)
        self.task, self.root, self.ledger = task, root, ledger
        self.items: queue.Queue = queue.Queue(maxsize=64)
        self.found = 0
        self.skipped = 0
        self.finished = False
        self.error: BaseException | None = None
        self._stopping = threading.Event()  # not _stop: Thread has one
        self.start()

    def run(self) -> None:
        try:
            for entry in discover(self.task, self.root):
                if self._stopping.is_set():
                    return
                self.found += 1
                if isinstance(entry, Item) and self.ledger.is_done(entry):
                    self.skipped += 1
                    continue
                while not self._stopping.is_set():
                    try:
                        self.items.put(entry, timeout=0.2)
                        break
                    except queue.Full:
                        continue
        except Exception as exc:  # said by the driver, in its thread
            self.error = exc
        finally:
            self.finished = True

    def stop(self) -> None:
        self._stopping.set()

    def wait_for_work(self) -> bool:
        """Block until an entry is queued (True) or the walk ended with none (False)."""
        while self.items.empty():
            if self.finished:
                return not self.items.empty()
            time.sleep(0.02)
        return True

    def take(self, wait: float = 0.0):
        try:
            return self.items.get(timeout=wait) if wait else self.items.get_nowait()
        except queue.Empty:
            return None

    @property
    def exhausted(self) -> bool:
        return self.finished and self.items.empty()


def _drive(ray, task, options, slots, discovery, ledger, out_root, report, progress, note,
           started, stop: _StopRequest) -> None:
    remote = ray.remote(BatchWorker)

    def start_actor(slot: dict):
        actor = remote.options(num_cpus=slot["num_cpus"], num_gpus=slot["num_gpus"]).remote(
            task.opener, options, slot["threads"])
        return actor

    actors = [start_actor(slot) for slot in slots]
    _check_ready(ray, actors)
    stop.check()
    report.startup_seconds = time.perf_counter() - started
    flights: dict = {}
    load = [0] * len(actors)
    retries: deque = deque()      # (item, attempt) whose worker died: before new items
    held: deque = deque()         # an entry taken while idle, fed on the next pass
    out_root_text = str(out_root)

    def finish(record: dict) -> None:
        ledger.append(record)
        report.work_seconds += record.get("seconds", 0.0)
        if record["status"] == "done":
            report.done += 1
        else:
            report.failed += 1
            report.failures.append((record["key"], record.get("error", "")))

    while True:
        stop.check()
        for slot in range(len(actors)):
            while load[slot] < IN_FLIGHT:
                if retries:
                    item, attempt = retries.popleft()
                else:
                    entry = held.popleft() if held else discovery.take()
                    if entry is None:
                        break
                    if isinstance(entry, UnreadableFolder):
                        finish({"key": entry.key, "status": "failed", "error": entry.reason,
                                "attempts": 1})
                        continue
                    item, attempt = entry, 1
                ref = actors[slot].run.remote(item, out_root_text, attempt)
                flights[ref] = _Flight(item, slot, actors[slot], attempt)
                load[slot] += 1
        if discovery.error is not None:
            raise BatchError(f"{discovery.root}: {discovery.error}")
        if not flights:
            if discovery.exhausted and not retries and not held:
                break
            entry = discovery.take(wait=0.2)  # nothing running: wait for discovery
            if entry is not None:
                held.append(entry)
            continue
        ready, _ = ray.wait(list(flights), num_returns=1, timeout=0.5)
        for ref in ready:
            flight = flights.pop(ref)
            load[flight.slot] -= 1
            try:
                finish(ray.get(ref))
            except ray.exceptions.RayActorError:   # the actor died: not the item's fault
                stop.check()   # Ctrl+C in a terminal reaches the actors too: no restart
                if actors[flight.slot] is flight.actor:   # first of its calls to fail
                    note(f"worker {flight.slot + 1} died while processing "
                         f"{flight.item.key}; starting another")
                    actors[flight.slot] = start_actor(slots[flight.slot])
                    _check_ready(ray, [actors[flight.slot]])
                if flight.attempt < 2:
                    report.retried += 1
                    retries.append((flight.item, flight.attempt + 1))
                else:
                    finish({"key": flight.item.key, "status": "failed", "attempts": 2,
                            "fingerprint": flight.item.fingerprint,
                            "error": f"{flight.item.shown}: its worker died twice while "
                                     "processing it (killed, or out of memory)"})
            except ray.exceptions.RayError as exc:   # lost result, lost node: that item
                finish({"key": flight.item.key, "status": "failed",
                        "attempts": flight.attempt, "fingerprint": flight.item.fingerprint,
                        "error": f"{flight.item.shown}: Ray lost its result "
                                 f"({type(exc).__name__})"})
        if progress is not None:
            _show_progress(progress, report, discovery, started)
    report.items_seconds = time.perf_counter() - started - report.startup_seconds


def _check_ready(ray, actors) -> None:
    for name, error in ray.get([actor.ready.remote() for actor in actors]):
        if error:
            raise BatchError(f"a worker ({name}) cannot open the tool: {error}")


def _show_progress(progress, report: BatchReport, discovery: _Discovery, started) -> None:
    processed = report.done + report.failed
    elapsed = time.perf_counter() - started - report.startup_seconds
    rate = processed / elapsed if elapsed > 0 else 0.0
    to_do = discovery.found - discovery.skipped
    if discovery.finished and to_do:
        left = max(0, to_do - processed)
        eta = f" · ETA {_duration(left / rate)}" if rate > 0 else ""
        progress(processed / to_do, f"{processed}/{to_do} · {rate:.2f} items/s{eta}")
    else:
        progress(0.0, f"{processed} done, {to_do} found so far · {rate:.2f} items/s")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


__all__ = ["BatchError", "BatchInterrupted", "BatchReport", "BatchWorker", "connect",
           "run_batch"]
