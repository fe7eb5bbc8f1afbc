"""The device worker: one long-lived QThread that owns the compute device.

Every model load and inference runs here, one job at a time. The GUI thread submits
plain Python functions and hears back through signals (queued across threads), so it
never runs torch and never blocks on a job. torch itself is imported on this thread,
after the window is up.

A job's life (each step a signal, delivered on the GUI thread, and the matching
``on_*`` callback given to :meth:`DeviceWorker.submit`)::

    queued ──> started ──> progress* ──> result | error | cancelled ──> finished
       └──────────────────────────────> cancelled ──> finished   (dropped before it ran)

- *queued*: ``submit(fn, *args, key=..., source=..., tool=...)`` appends the job. Options of
  ``submit`` are keyword-only and the job gets positional arguments only; bind a job's own
  keyword arguments with ``functools.partial``, so no job keyword can collide with them.
- *latest wins*: jobs that share a ``key`` replace each other. A newer submit drops the
  queued ones of that key (each reports ``cancelled``) and asks the running one to stop.
- *started*: the worker thread calls ``fn(ctx, *args)``, ``ctx`` a
  :class:`cvlab.core.jobs.JobContext` for ``tool`` on the current device, whose ``models``
  is the tool's view of the worker's one :class:`ModelCache`.
- *progress*: ``ctx.progress(fraction, text)``, throttled here to about
  :data:`PROGRESS_INTERVAL_S`; a fraction of 1.0 always goes through.
- *cancel* is cooperative: :meth:`DeviceWorker.cancel` sets a flag that ``ctx.cancelled()``
  reads; the job raises :class:`~cvlab.core.cancel.Cancelled` (``ctx.check_cancelled()``)
  and reports ``cancelled``. A job that ignores the flag runs to its end, and its value is
  then reported as ``cancelled``, not as a result.
- *error*: any other exception becomes a :class:`JobFailure` (out-of-memory recognised, the
  device cache emptied); the worker goes on with the next job.
- *finished* follows every end, for bookkeeping (progress bar, busy state).
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from cvlab.core.cancel import Cancelled
from cvlab.core.cpu_threads import fit_threads_to_machine
from cvlab.core.device import DeviceChoice, is_out_of_memory, requested_spec
from cvlab.core.jobs import JobContext, ToolModels
from cvlab.core.messages import file_name, job_headline
from cvlab.core.model_cache import ModelCache

PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress signals a second per job



@dataclass
class JobFailure:
    """What went wrong in a job, in words the user can act on."""

    job_id: int
    label: str
    source: str | None
    kind: str  # "error" or "out_of_memory"
    exc_type: str
    message: str
    traceback: str
    headline: str = ""  # one sentence for people (cvlab.core.messages.job_headline)
    tool: str = ""      # the tool whose tab the message belongs to ("" for the app's own)

    def summary(self) -> str:
        """The headline: names the file and what is wrong, never the exception's class."""
        what = self.label or "Job"
        where = f" on {file_name(self.source)}" if self.source else ""
        if self.kind == "out_of_memory":
            return (f"{what} ran out of device memory{where} "
                    "(try a smaller image or tile size, or switch to the CPU)")
        return self.headline or f"{what} failed{where}: {self.message}"

    def details(self) -> str:
        """What the message log shows behind Details: the full source, then the traceback."""
        lines = [f"Job: {self.label or '(unnamed)'}"]
        if self.source:
            lines.append(f"Input: {self.source}")
        lines.append(f"Error: {self.exc_type}: {self.message}")
        return "\n".join(lines) + "\n\n" + self.traceback


@dataclass
class Job:
    id: int
    fn: Callable[..., Any]
    args: tuple
    label: str = ""
    key: str | None = None      # jobs sharing a key: the latest wins
    source: str | None = None   # the file or folder the job works on, for messages
    tool: str = ""              # whose models the job's context sees
    cancel_event: threading.Event = field(default_factory=threading.Event)
    callbacks: dict[str, Callable] = field(default_factory=dict)
    control: bool = False       # internal jobs (device switch) run without a context

    @property
    def cancel_requested(self) -> bool:
        return self.cancel_event.is_set()


class _Throttle:
    """The worker's side of ``ctx.progress``: at most one signal per PROGRESS_INTERVAL_S."""

    def __init__(self, worker: DeviceWorker, job: Job) -> None:
        self._worker = worker
        self._job = job
        self._last = 0.0

    def __call__(self, fraction: float, text: str = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        self._worker.progress.emit(self._job.id, float(min(max(fraction, 0.0), 1.0)), text)


class _Loop(QThread):
    def __init__(self, worker: DeviceWorker) -> None:
        super().__init__()
        self.setObjectName("cvlab-device-worker")
        self._worker = worker

    def run(self) -> None:  # runs on the worker thread
        self._worker._run_loop()


class DeviceWorker(QObject):
    """Runs submitted jobs one at a time on its own thread; reports through signals."""

    started = Signal(int)
    progress = Signal(int, float, str)
    result = Signal(int, object)
    error = Signal(int, object)        # JobFailure
    cancelled = Signal(int)
    finished = Signal(int)             # after result, error or cancelled
    deviceChanged = Signal(str, str, object)  # spec, description, list[DeviceChoice]
    deviceStatus = Signal(str)         # refreshed description (memory use) after each job
    deviceError = Signal(str)
    busyChanged = Signal(bool)
    _controlDone = Signal(int)

    def __init__(self, device_spec: str | None = None, model_budget_bytes: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spec = requested_spec(device_spec)
        self.device = None
        self.device_description = "starting…"
        self.device_choices: list[DeviceChoice] = []
        self.models = ModelCache(model_budget_bytes)
        self._queue: deque[Job] = deque()
        self._cond = threading.Condition()
        self._current: Job | None = None
        self._records: dict[int, Job] = {}   # GUI-side: jobs whose final signal is pending
        self._ids = itertools.count(1)
        self._stopping = False
        self._thread = _Loop(self)
        # Receivers are this object's slots, so they run on the GUI thread (queued).
        self.started.connect(self._on_started)
        self.progress.connect(self._on_progress)
        self.result.connect(self._on_result)
        self.error.connect(self._on_error)
        self.cancelled.connect(self._on_cancelled)
        self._controlDone.connect(self._on_control_done)

    # ----- GUI-thread API -------------------------------------------------------------
    def start(self) -> None:
        if not self._thread.isRunning():
            self._thread.start()

    def submit(self, fn: Callable[..., Any], *args, label: str = "", key: str | None = None,
               source: str | None = None, tool: str = "", on_result: Callable | None = None,
               on_error: Callable | None = None, on_progress: Callable | None = None,
               on_started: Callable | None = None,
               on_cancelled: Callable | None = None) -> Job:
        """Queue ``fn(ctx, *args)`` (bind keyword arguments with ``functools.partial``).

        ``label`` and ``source`` (the file or folder worked on) name the job in messages;
        ``tool`` scopes ``ctx.models``. With ``key``, older jobs of that key are dropped
        (pending) or asked to stop (running): the latest wins."""
        callbacks = {name: cb for name, cb in (("result", on_result), ("error", on_error),
                     ("progress", on_progress), ("started", on_started),
                     ("cancelled", on_cancelled)) if cb is not None}
        job = Job(next(self._ids), fn, args, label=label, key=key, source=source, tool=tool,
                  callbacks=callbacks)
        superseded: list[Job] = []
        with self._cond:
            if key is not None:
                superseded = [j for j in self._queue if j.key == key]
                for old in superseded:
                    self._queue.remove(old)
                if self._current is not None and self._current.key == key:
                    self._current.cancel_event.set()
            self._queue.append(job)
            self._records[job.id] = job
            self._cond.notify()
        for old in superseded:
            self.cancelled.emit(old.id)
        return job

    def cancel(self, job_id: int | None = None) -> None:
        """Cancel one job (queued or running), or the running one when no id is given."""
        dropped = None
        with self._cond:
            if job_id is None or (self._current is not None and self._current.id == job_id):
                if self._current is not None:
                    self._current.cancel_event.set()
                return
            for j in self._queue:
                if j.id == job_id:
                    dropped = j
                    break
            if dropped is not None:
                self._queue.remove(dropped)
        if dropped is not None:
            self.cancelled.emit(dropped.id)

    def cancel_all(self) -> None:
        with self._cond:
            dropped = list(self._queue)
            self._queue.clear()
            if self._current is not None:
                self._current.cancel_event.set()
        for j in dropped:
            self.cancelled.emit(j.id)

    def set_device(self, spec: str) -> None:
        """Switch device on the worker thread; cached models are dropped."""
        job = Job(next(self._ids), self._switch_device, (spec,), label="Switch device",
                  control=True)
        with self._cond:
            self._queue.append(job)
            self._records[job.id] = job
            self._cond.notify()

    @property
    def device_spec(self) -> str:
        return self._spec

    def is_busy(self) -> bool:
        with self._cond:
            return self._current is not None or bool(self._queue)

    def unfinished_jobs(self) -> int:
        """Jobs submitted whose final signal has not reached the GUI thread yet.

        Use this, not :meth:`is_busy`, in a slot of ``finished``: ``is_busy`` reads the
        worker thread, which clears its current job only after emitting the job's end, so
        inside that slot it can still say busy with nothing left to come. This count is
        kept on the GUI thread by the same signals, so it is 0 in the last ``finished``."""
        return len(self._records)

    def job(self, job_id: int) -> Job | None:
        """A job whose final signal is still to come (GUI thread), else None."""
        return self._records.get(job_id)

    def pending_jobs(self) -> int:
        with self._cond:
            return len(self._queue) + (self._current is not None)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the thread: queued jobs are dropped, the running one is asked to cancel."""
        with self._cond:
            self._stopping = True
            self._queue.clear()
            if self._current is not None:
                self._current.cancel_event.set()
            self._cond.notify_all()
        if not self._thread.isRunning():
            return True
        return self._thread.wait(timeout_ms)

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until every job has reported back (for tests and the CLI)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
            if not self._records and not self.is_busy():
                return True
            time.sleep(0.002)
        return False

    # ----- worker thread ---------------------------------------------------------------
    def _run_loop(self) -> None:
        self._init_device(self._spec)
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                job = self._queue.popleft()
                self._current = job
            self.busyChanged.emit(True)
            try:
                self._execute(job)
            finally:
                with self._cond:
                    self._current = None
                    idle = not self._queue
                if idle:
                    self.busyChanged.emit(False)

    def _execute(self, job: Job) -> None:
        if job.control:
            job.fn(*job.args)
            self._controlDone.emit(job.id)
            return
        if job.cancel_requested:
            self.cancelled.emit(job.id)
            return
        self.started.emit(job.id)
        try:
            fit_threads_to_machine()  # the cores free now, on this thread (core/cpu_threads)
            value = job.fn(self._context(job), *job.args)
        except Cancelled:
            self.cancelled.emit(job.id)
        except BaseException as exc:  # a job must never take the worker down
            self.error.emit(job.id, self._failure(job, exc))
        else:
            if job.cancel_requested:
                self.cancelled.emit(job.id)
            else:
                self.result.emit(job.id, value)
        finally:
            self._refresh_status()

    def _context(self, job: Job) -> JobContext:
        return JobContext(job.tool, self.device, ToolModels(self.models, job.tool, self.device),
                          progress=_Throttle(self, job),
                          cancelled=lambda: job.cancel_requested or self._stopping)

    def _failure(self, job: Job, exc: BaseException) -> JobFailure:
        oom = is_out_of_memory(exc)
        if oom:
            self._release_device_memory()
        return JobFailure(job_id=job.id, label=job.label, source=job.source,
                          kind="out_of_memory" if oom else "error",
                          exc_type=type(exc).__name__, message=str(exc) or repr(exc),
                          traceback="".join(traceback.format_exception(exc)),
                          headline=job_headline(job.label, job.source, exc), tool=job.tool)

    def _release_device_memory(self) -> None:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def _init_device(self, spec: str) -> None:
        from cvlab.core import device as dev
        try:
            self.device = dev.resolve_device(spec)
        except Exception as exc:  # e.g. CVLAB_DEVICE=cuda on a machine without CUDA
            self.deviceError.emit(QCoreApplication.translate(
                "DeviceWorker", "{0}; using the CPU instead").format(exc))
            spec = "cpu"
            self.device = dev.resolve_device("cpu")
        self._spec = spec
        self.device_choices = dev.available_choices()
        self.device_description = dev.describe_device(self.device)
        self.deviceChanged.emit(self._spec, self.device_description, self.device_choices)

    def _switch_device(self, spec: str) -> None:
        from cvlab.core import device as dev

        try:
            new = dev.resolve_device(spec)
        except Exception as exc:
            self.deviceError.emit(str(exc))
            return
        if new != self.device:
            self.models.clear()
        self.device, self._spec = new, requested_spec(spec)
        self.device_description = dev.describe_device(new)
        self.deviceChanged.emit(self._spec, self.device_description, self.device_choices)

    def _refresh_status(self) -> None:
        if self.device is not None and self.device.type == "cuda":
            from cvlab.core.device import describe_device

            self.device_description = describe_device(self.device)
            self.deviceStatus.emit(self.device_description)

    # ----- GUI-thread dispatch to per-job callbacks ----------------------------------
    @Slot(int)
    def _on_started(self, job_id: int) -> None:
        self._call(job_id, "started")

    @Slot(int, float, str)
    def _on_progress(self, job_id: int, fraction: float, text: str) -> None:
        self._call(job_id, "progress", fraction, text)

    @Slot(int, object)
    def _on_result(self, job_id: int, value: object) -> None:
        self._finish(job_id, "result", value)

    @Slot(int, object)
    def _on_error(self, job_id: int, failure: object) -> None:
        self._finish(job_id, "error", failure)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        self._finish(job_id, "cancelled")

    @Slot(int)
    def _on_control_done(self, job_id: int) -> None:
        self._records.pop(job_id, None)
        self.finished.emit(job_id)

    def _call(self, job_id: int, name: str, *args) -> None:
        job = self._records.get(job_id)
        cb = job.callbacks.get(name) if job else None
        if cb is not None:
            cb(*args)

    def _finish(self, job_id: int, name: str, *args) -> None:
        try:
            self._call(job_id, name, *args)
        finally:
            self._records.pop(job_id, None)
            self.finished.emit(job_id)
