"""The device worker: one long-lived QThread that owns the compute device.

Every model load and inference runs here, one job at a time. The GUI thread submits
plain Python functions and hears back through signals (queued across threads), so it
never runs torch and never blocks on a job. torch itself is imported on this thread,
after the window is up.
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
from cvlab.core.device import DeviceChoice, is_out_of_memory, requested_spec
from cvlab.core.model_cache import ModelCache

PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress signals a second per job



@dataclass
class JobFailure:
    """What went wrong in a job, in words the user can act on."""

    job_id: int
    label: str
    input: str | None
    kind: str  # "error" or "out_of_memory"
    exc_type: str
    message: str
    traceback: str

    def summary(self) -> str:
        what = self.label or "Job"
        where = f" on {self.input}" if self.input else ""
        if self.kind == "out_of_memory":
            return (f"{what} ran out of device memory{where}: {self.message} "
                    "(try a smaller image or tile size, or switch to the CPU)")
        return f"{what} failed{where}: {self.exc_type}: {self.message}"


@dataclass
class Job:
    id: int
    fn: Callable[..., Any]
    args: tuple
    kwargs: dict
    label: str = ""
    key: str | None = None      # jobs sharing a key: the latest wins
    input: str | None = None    # the file or folder the job works on, for messages
    cancel_event: threading.Event = field(default_factory=threading.Event)
    callbacks: dict[str, Callable] = field(default_factory=dict)
    control: bool = False       # internal jobs (device switch) run without a context

    @property
    def cancel_requested(self) -> bool:
        return self.cancel_event.is_set()


class JobContext:
    """Handed to every job function as its first argument."""

    def __init__(self, worker: DeviceWorker, job: Job) -> None:
        self._worker = worker
        self._job = job
        self._last_progress = 0.0

    @property
    def device(self):
        return self._worker.device

    @property
    def models(self) -> ModelCache:
        return self._worker.models

    def progress(self, fraction: float, text: str = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        self._worker.progress.emit(self._job.id, float(min(max(fraction, 0.0), 1.0)), text)

    def cancelled(self) -> bool:
        return self._job.cancel_requested or self._worker._stopping

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise Cancelled()


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
               input: str | None = None, on_result: Callable | None = None,
               on_error: Callable | None = None, on_progress: Callable | None = None,
               on_started: Callable | None = None, on_cancelled: Callable | None = None,
               **kwargs) -> Job:
        """Queue ``fn(ctx, *args, **kwargs)``. With ``key``, older jobs of that key are dropped
        (pending) or asked to stop (running): the latest wins."""
        callbacks = {name: cb for name, cb in (("result", on_result), ("error", on_error),
                     ("progress", on_progress), ("started", on_started),
                     ("cancelled", on_cancelled)) if cb is not None}
        job = Job(next(self._ids), fn, args, kwargs, label=label, key=key, input=input,
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
        job = Job(next(self._ids), self._switch_device, (spec,), {}, label="Switch device",
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
            value = job.fn(JobContext(self, job), *job.args, **job.kwargs)
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

    def _failure(self, job: Job, exc: BaseException) -> JobFailure:
        oom = is_out_of_memory(exc)
        if oom:
            self._release_device_memory()
        return JobFailure(job_id=job.id, label=job.label, input=job.input,
                          kind="out_of_memory" if oom else "error",
                          exc_type=type(exc).__name__, message=str(exc) or repr(exc),
                          traceback="".join(traceback.format_exception(exc)))

    def _release_device_memory(self) -> None:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def _init_device(self, spec: str) -> None:
        from cvlab.core import device as dev

        try:
            self.device = dev.resolve_device(spec)
        except Exception as exc:  # e.g. CVLAB_DEVICE=cuda on a machine without CUDA
            self.deviceError.emit(f"{exc}; using the CPU instead")
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
