"""Start-up benchmark: process start to main window shown, beside `import torch` alone.

Both are measured in this one run, each as a fresh process, N times; medians reported.
Goal (issues 2 and 15): the window, with every tab built, in under 1.5 s on the 2-core
development machine, and no engine library (torch, pydicom, scipy, cv2, onnx) imported
before it is shown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from summary import record


def time_window_shown(env: dict) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-m", "cvlab"], env=env, capture_output=True,
                         text=True, timeout=300)
    line = next((text for text in out.stdout.splitlines()
                 if text.startswith("CVLAB_WINDOW_SHOWN")), None)
    if line is None:
        raise RuntimeError(f"the app printed no start-up line:\n{out.stdout}\n{out.stderr}")
    fields = dict(part.split("=") for part in line.split()[1:])
    if fields["torch_loaded"] != "False":
        raise RuntimeError("torch was imported before the window was shown")
    if fields.get("engines", "-") != "-":
        raise RuntimeError(f"engines imported before the window was shown: {fields['engines']}")
    return float(fields["t"]) - start


def time_import(module: str) -> float:
    start = time.time()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, timeout=300)
    return time.time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, CVLAB_STARTUP_PROBE="1", XDG_CONFIG_HOME=config)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        time_window_shown(env)  # warm the file cache once, like a second start
        time_import("torch")
        window = [time_window_shown(env) for _ in range(args.runs)]
        torch_only = [time_import("torch") for _ in range(args.runs)]
        python_only = [time_import("sys") for _ in range(args.runs)]
    print(f"platform: {env['QT_QPA_PLATFORM']}, {os.cpu_count()} CPUs, {args.runs} runs each")
    print(f"{'measure':<40}{'median s':>10}{'min s':>10}{'max s':>10}")
    for name, values in (("process start -> window shown (ours)", window),
                         ("python -c 'import torch' (baseline)", torch_only),
                         ("python -c 'import sys' (interpreter)", python_only)):
        print(f"{name:<40}{statistics.median(values):>10.3f}{min(values):>10.3f}"
              f"{max(values):>10.3f}")
    record("Window shown, every tab", statistics.median(window), "import torch",
           statistics.median(torch_only), "process start to first paint")
    goal = statistics.median(window) < 1.5
    print(f"goal: window under 1.5 s -> {'met' if goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
