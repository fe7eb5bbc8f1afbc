"""Helpers for the training demos' tests: a demo run with options over its defaults."""

import pytest
import torch

from cvlab.tools.training.demos import checked_options, find_demo
from cvlab.tools.training.live import LiveRun


@pytest.fixture(autouse=True)
def one_thread():
    # Tiny networks: one thread is fastest, and the suite runs two workers on two cores.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def run_demo(name: str, seed: int = 0, cancelled=lambda: False, **options):
    """(final metrics, LiveRun) of the demo ``name`` with ``options`` over its defaults."""
    demo = find_demo(name)
    live = LiveRun()
    final = demo.run(checked_options(demo, options), seed, live, cancelled)
    return final, live
