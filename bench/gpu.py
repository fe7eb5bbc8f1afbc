"""The first thing to run on a CUDA machine: every tool's models on the GPU and on the CPU, for
the same inputs; do the outputs agree, and how fast is each side?

    .venv/bin/python bench/gpu.py [--runs 5] [--only superres,faces] [--json out.json]
                                  [--precisions fp32,tf32,bf16,fp16] [--small]

On a machine without CUDA it prints one line ("no CUDA device: ...") and exits 0, without
loading any model. The models and their inputs are bench/gpu_cases.py's table (one function
per tool; the agreement figures are in bench/gpu_figures.py); each runs through the tool's
own engine function.

Per model, the CPU runs fp32 once (the reference output, also the warm-up) and then --runs
times (median). The GPU then runs each precision:

- fp32  strict IEEE fp32 (TF32 off for cuDNN convolutions and matmuls);
- tf32  torch's CUDA defaults, which the app keeps: cuDNN may run fp32 convolutions in TF32
        (the header prints the settings) -- this is the app's real "fp32" on the GPU;
- bf16, fp16  torch.autocast around the engine call (super-resolution takes the precision
        itself). Tools other than super-resolution offer fp32 only, so their bf16/fp16 rows
        are probes: a probe outside its tolerance shows WARN and does not fail the run.

For each: the first run (cuDNN heuristics, allocations, lazy kernel loading; the CUDA context
is made beforehand), the median of --runs steady runs (torch.cuda.synchronize around each),
the peak of torch.cuda.max_memory_allocated over them (weights included; blank for
onnxruntime, whose memory torch does not see), and the agreement
of the first run's output with the CPU reference against the case's stated tolerance.
Exit status 1 when any offered precision disagrees or errors; missing weights are SKIP.

--cpu-only-selfcheck runs the "GPU" side on the CPU too (fp32 and bf16 unless --precisions):
a check of the bench itself on any machine; cpu against cpu must agree.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def no_cuda_line() -> str | None:
    """The one line to print when there is no CUDA device, else None."""
    import torch

    if torch.cuda.is_available():
        return None
    return (f"no CUDA device: torch.cuda.is_available() is False (torch {torch.__version__}, "
            f"built with CUDA {torch.version.cuda or 'none'}); nothing to compare")


@dataclass
class Row:
    tool: str
    model: str
    precision: str
    status: str                      # PASS FAIL WARN ERROR SKIP CPU-ONLY
    cpu_ms: float | None = None
    first_ms: float | None = None
    steady_ms: float | None = None
    peak_mib: float | None = None
    figures: dict | None = None
    tolerance: dict | None = None
    note: str = ""

    @property
    def speedup(self) -> float | None:
        if self.cpu_ms and self.steady_ms:
            return self.cpu_ms / self.steady_ms
        return None


# ----- precision and timing -----------------------------------------------------------------

@contextlib.contextmanager
def strict_fp32(torch):
    """TF32 off for cuDNN convolutions and CUDA matmuls, restored afterwards."""
    conv = getattr(getattr(torch.backends.cudnn, "conv", None), "fp32_precision", None)
    if conv is not None:  # torch >= 2.9's per-backend setting
        matmul = torch.backends.cuda.matmul.fp32_precision
        torch.backends.cudnn.conv.fp32_precision = "ieee"
        torch.backends.cuda.matmul.fp32_precision = "ieee"
        try:
            yield
        finally:
            torch.backends.cudnn.conv.fp32_precision = conv
            torch.backends.cuda.matmul.fp32_precision = matmul
        return
    old = torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = old


def precision_context(torch, precision: str, device: str, native: bool):
    if precision == "fp32":
        return strict_fp32(torch)
    if precision in ("bf16", "fp16") and not native:
        dtype = torch.bfloat16 if precision == "bf16" else torch.float16
        return torch.autocast(device_type=device, dtype=dtype)
    return contextlib.nullcontext()


def tf32_settings(torch) -> str:
    conv = getattr(getattr(torch.backends.cudnn, "conv", None), "fp32_precision", None)
    if conv is not None:
        return (f"cudnn.conv.fp32_precision={conv}, "
                f"cuda.matmul.fp32_precision={torch.backends.cuda.matmul.fp32_precision}")
    return (f"cudnn.allow_tf32={torch.backends.cudnn.allow_tf32}, "
            f"cuda.matmul.allow_tf32={torch.backends.cuda.matmul.allow_tf32}")


def timed(call, runs: int, sync) -> tuple[object, float, float]:
    """(first output, first ms, median ms of ``runs`` more calls)."""
    sync()
    start = time.perf_counter()
    first = call()
    sync()
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        sync()
        start = time.perf_counter()
        call()
        sync()
        times.append((time.perf_counter() - start) * 1000)
    return first, first_ms, statistics.median(times) if times else first_ms


# ----- one case -----------------------------------------------------------------------------

def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:150] if text else ''}"


def _missing_weights(exc: BaseException) -> str:
    """The fetch command for missing weights ("" when ``exc`` is something else)."""
    if type(exc).__name__ != "WeightsMissingError":
        return ""
    command = re.search(r"cvlab weights fetch [\w ]*\w", str(exc))
    return "weights not here; " + (command.group(0) if command else _reason(exc))


def run_case(case, precisions, runs: int, device: str, torch, within) -> list[Row]:
    def row(precision, status, **kw):
        return Row(case.tool, case.model, precision, status, **kw)

    if case.cpu_only:
        return [row("-", "CPU-ONLY", note=case.cpu_only)]
    why = case.unavailable(device.split(":")[0])
    if why:
        return [row(p, "SKIP", note=why) for p in precisions]
    cuda = device.startswith("cuda")
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    try:
        data = case.inputs()
        cpu_model = case.load("cpu")
        with strict_fp32(torch):
            reference, _, cpu_ms = timed(lambda: case.run(cpu_model, data, "fp32"), runs,
                                         lambda: None)
        cpu_model = None  # freed before the GPU side loads
        model = case.load(device)
    except Exception as exc:  # noqa: BLE001 - one row per precision says why
        missing = _missing_weights(exc)
        return [row(p, "SKIP" if missing else "ERROR", note=missing or _reason(exc))
                for p in precisions]

    rows = []
    for precision in precisions:
        bounds = case.tolerances.get(precision)
        if precision in case.skip or bounds is None:
            rows.append(row(precision, "SKIP",
                            note=case.skip.get(precision, "no tolerance stated")))
            continue
        probe = precision not in case.offered
        note = "autocast probe: the tool offers fp32 only" if probe else ""
        prefix = "autocast probe: " if probe else ""
        if cuda:
            gc.collect()
            torch.cuda.reset_peak_memory_stats()
        try:
            with precision_context(torch, precision, device.split(":")[0],
                                   case.native_precision):
                # tf32 is fp32 as far as an engine knows: only torch's backend flags differ
                engine = "fp32" if precision == "tf32" else precision
                output, first_ms, steady_ms = timed(
                    lambda engine=engine: case.run(model, data, engine), runs, sync)
            figures = case.compare(reference, output)
        except Exception as exc:  # noqa: BLE001
            rows.append(row(precision, "WARN" if probe else "ERROR", cpu_ms=cpu_ms,
                            tolerance=bounds, note=prefix + _reason(exc)))
            continue
        ok = within(figures, bounds)
        status = "PASS" if ok else ("WARN" if probe else "FAIL")
        peak = (torch.cuda.max_memory_allocated() / 2 ** 20
                if cuda and case.torch_memory else None)
        rows.append(row(precision, status, cpu_ms=cpu_ms, first_ms=first_ms,
                        steady_ms=steady_ms, peak_mib=peak,
                        figures={k: figures[k] for k in bounds if k in figures},
                        tolerance=bounds, note=note))
    model = None
    if cuda:
        gc.collect()
        torch.cuda.empty_cache()
    return rows


# ----- table --------------------------------------------------------------------------------

def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    if 0.99 < value < 1:  # correlations, similarities: show the nines
        return f"{value:.6g}"
    return f"{value:.3g}"


def _figures(figures: dict | None) -> str:
    return ", ".join(f"{k} {_number(v)}" for k, v in (figures or {}).items())


def _bounds(bounds: dict | None, upper) -> str:
    return ", ".join(f"{k} {'<=' if k in upper else '>='} {_number(v)}"
                     for k, v in (bounds or {}).items())


def format_table(rows: list[Row], upper) -> str:
    def ms(value):
        return "" if value is None else f"{value:.1f}"

    header = ["tool", "model", "prec", "cpu ms", "gpu first ms", "gpu steady ms", "speed-up",
              "peak MiB", "agreement", "tolerance", "result"]
    lines = [header]
    for r in rows:
        speedup = "" if r.speedup is None else f"{r.speedup:.1f}x"
        peak = "" if r.peak_mib is None else f"{r.peak_mib:.0f}"
        result = r.status + (f" ({r.note})" if r.note else "")
        lines.append([r.tool, r.model, r.precision, ms(r.cpu_ms), ms(r.first_ms),
                      ms(r.steady_ms), speedup, peak, _figures(r.figures),
                      _bounds(r.tolerance, upper), result])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    return "\n".join(" | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " | "
                     + line[-1] for line in lines)


# ----- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="steady-state runs per side")
    parser.add_argument("--only", default="", help="comma-separated tools (default: all)")
    parser.add_argument("--json", type=Path, help="write the rows and the setting here")
    parser.add_argument("--precisions", default="", help="subset of fp32,tf32,bf16,fp16")
    parser.add_argument("--small", action="store_true", help="smaller inputs (quick look)")
    parser.add_argument("--device", default="cuda", help="the GPU side's device (cuda:N)")
    parser.add_argument("--cpu-only-selfcheck", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    line = None if args.cpu_only_selfcheck else no_cuda_line()
    if line:
        print(line)
        return 0

    import torch

    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gpu_cases import PRECISIONS, TOOLS
    from gpu_figures import UPPER, within

    tools = [t.strip() for t in args.only.split(",") if t.strip()] or list(TOOLS)
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {unknown}; choose from {', '.join(TOOLS)}")
    default = "fp32,bf16" if args.cpu_only_selfcheck else ",".join(PRECISIONS)
    precisions = [p.strip() for p in (args.precisions or default).split(",") if p.strip()]
    if any(p not in PRECISIONS for p in precisions):
        parser.error(f"precisions are {', '.join(PRECISIONS)}")

    setting = {"torch": torch.__version__, "cuda_build": torch.version.cuda,
               "cpu_threads": torch.get_num_threads(), "runs": args.runs,
               "precisions": precisions, "small": args.small,
               "selfcheck": args.cpu_only_selfcheck}
    if args.cpu_only_selfcheck:
        device = "cpu"
        print("SELF-CHECK: the 'gpu' columns are a second run on the CPU (cpu vs cpu)")
    else:
        device = args.device
        torch.cuda.set_device(torch.device(device))  # synchronize, memory stats: this one
        start = time.perf_counter()
        torch.zeros(1, device=device).add_(1)
        torch.cuda.synchronize()
        setting.update(gpu=torch.cuda.get_device_name(torch.device(device)),
                       cudnn=torch.backends.cudnn.version(), tf32_defaults=tf32_settings(torch),
                       context_ms=round((time.perf_counter() - start) * 1000, 1))
    print(", ".join(f"{k} {v}" for k, v in setting.items()), flush=True)

    rows: list[Row] = []
    for tool in tools:
        for case in TOOLS[tool](args.small):
            case_rows = run_case(case, precisions, args.runs, device, torch, within)
            for r in case_rows:
                print(f"  {r.tool} | {r.model} | {r.precision}: {r.status} "
                      f"{_figures(r.figures)} {r.note}", file=sys.stderr, flush=True)
            rows += case_rows

    print(format_table(rows, UPPER))
    bad = [r for r in rows if r.status in ("FAIL", "ERROR")]
    counts = {s: sum(r.status == s for r in rows)
              for s in ("PASS", "FAIL", "ERROR", "WARN", "SKIP", "CPU-ONLY")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if bad:
        summary += " -- disagreeing: " + ", ".join(f"{r.model} {r.precision}" for r in bad)
    print("\n" + summary)
    if args.json:
        args.json.write_text(json.dumps({"setting": setting,
                                         "rows": [asdict(r) for r in rows]}, indent=1,
                                        default=str))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
