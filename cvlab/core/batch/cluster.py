"""Ray itself: importing it, connecting (a local instance, this machine's cluster or a
remote one) and sizing the actors to what the cluster has. The only module of the batch
driver that knows Ray's API beyond ``remote``/``wait``/``get``."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

INSTALL_HINT = ("Ray is not installed: install CV Lab's cluster extra with "
                "pip install 'cvlab[cluster]' (in a checkout: .venv/bin/pip install -e "
                "'.[cluster]')")


class BatchError(RuntimeError):
    """The run cannot start or go on (no Ray, no cluster, a worker cannot open the tool)."""


def import_ray():
    try:
        import ray
    except ImportError:
        raise BatchError(INSTALL_HINT) from None
    return ray


def connect(cluster: str, cores: int):
    """Ray, connected: a new local instance (``local``), the running cluster this machine
    belongs to (``auto``) or a remote one (``ray://HOST:PORT``). Returns (ray, started),
    ``started`` when this call started it (and so shuts it down). Ray already initialised in
    this process (a test, a notebook) is used as it is."""
    ray = import_ray()
    if ray.is_initialized():
        return ray, False
    quiet = {"include_dashboard": False, "logging_level": "ERROR", "log_to_driver": False}
    try:
        if cluster == "local":
            # A small object store: results are a few numbers, images never travel.
            # address="local": a new instance even where `ray start` runs one already.
            ray.init(address="local", num_cpus=cores, object_store_memory=200 << 20,
                     **quiet)
        elif cluster == "auto":
            _check_running_cluster()
            ray.init(address=cluster, **quiet)
        elif cluster.startswith("ray://"):
            ray.init(address=cluster, **quiet)
        else:
            raise BatchError(f"--cluster {cluster}: give local, auto or ray://HOST:PORT")
        _quiet_raylet_notices(ray)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        if isinstance(exc, BatchError):
            raise
        raise BatchError(f"--cluster {cluster}: {_connection_problem(cluster, exc)}") from None
    return ray, True


def _check_running_cluster(wait: float = 3.0) -> None:
    """BatchError at once when the cluster ``auto`` would join is not there. Ray finds it in
    $RAY_ADDRESS or in the file ``ray start`` leaves in its temp folder, which outlives a
    cluster stopped without ``ray stop``; joining such a dead address retries for minutes."""
    address = os.environ.get("RAY_ADDRESS", "")
    if not address:
        marker = Path(os.environ.get("RAY_TMPDIR", tempfile.gettempdir())) / "ray" / \
            "ray_current_cluster"
        try:
            address = marker.read_text().strip()
        except OSError:
            raise BatchError("--cluster auto: no Ray cluster runs on this machine (start one "
                             "with `ray start --head`, or leave --cluster out to start a "
                             "local one)") from None
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=wait):
            pass
    except (OSError, ValueError):
        raise BatchError(f"--cluster auto: the Ray cluster at {address} does not answer "
                         "(stopped? `ray start --head` starts one, or leave --cluster out "
                         "to start a local one)") from None


def _connection_problem(cluster: str, exc: BaseException) -> str:
    """Ray's reason in CV Lab's words where we know it (its own names flags we lack)."""
    text = str(exc)
    if "Could not find any running Ray instance" in text:
        return ("no Ray cluster runs on this machine (start one with `ray start --head`, or "
                "leave --cluster out to start a local one)")
    if "ray[client]" in text:
        return ("connecting with ray:// needs Ray Client: pip install 'ray[client]==2.60.0' "
                "(on this machine and the cluster)")
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"cannot connect to Ray: {first}"


def _quiet_raylet_notices(ray) -> None:
    """Ray's driver prints the raylet's notices (a paragraph on stdout when a worker dies)
    whatever ``log_to_driver`` says; the driver says such things itself, in one sentence on
    stderr, and stdout stays the report's (``--json``). Other output passes through. Ray is
    pinned (2.60.0); where its internals differ, nothing is changed."""
    module = getattr(getattr(ray, "_private", None), "worker", None)
    original = getattr(module, "print_to_stdstream", None)
    if original is None or getattr(original, "cvlab_quiet", False):
        return

    def print_unless_raylet(data, *args, **kwargs):
        if data.get("pid") != "raylet":
            original(data, *args, **kwargs)

    print_unless_raylet.cvlab_quiet = True
    module.print_to_stdstream = print_unless_raylet


def plan_workers(ray, workers: int | None, gpus_per_worker: float | None) -> list[dict]:
    """The actors' resource requests: an actor per GPU (or per ``gpus_per_worker``) where
    the cluster has GPUs, else the CPUs shared out (at least one each)."""
    resources = ray.cluster_resources()
    cpus = max(1, int(resources.get("CPU", 1)))
    gpus = resources.get("GPU", 0)
    if gpus_per_worker is None:
        gpus_per_worker = 1.0 if gpus else 0.0
    if gpus_per_worker and not gpus:
        raise BatchError(f"--gpus-per-worker {gpus_per_worker:g}: the cluster has no GPU")
    if workers is None:
        # GPUs: an actor per share; CPUs only: 4 threads an actor (torch's convolutions
        # scale well to about four), never fewer than one actor.
        workers = max(1, int(gpus / gpus_per_worker) if gpus_per_worker else cpus // 4)
    if workers < 1:
        raise BatchError(f"--workers {workers}: give at least 1")
    threads = max(1, cpus // workers)
    return [{"num_cpus": threads, "num_gpus": gpus_per_worker, "threads": threads}
            for _ in range(workers)]
