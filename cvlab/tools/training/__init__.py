"""Training: watch the phenomena of training happen on small networks, live and seeded.

Demos (``demos.py``): a small MLP's decision boundary on 2-D toy data (under- and
overfitting, data size, the remedies), vanishing gradients (sigmoid, ReLU, residual),
back-propagation step by step on a tiny network, plain vs residual CNNs on small digits,
and a preview of data augmentation. A run is one job on the device worker that fills a
thread-safe ``LiveRun`` (``live.py``) the tab polls for its curves; ``cvlab train DEMO``
runs the same job headless. The tab opens no files: its data is made or shipped.
"""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, ToolSpec

TOOL = ToolSpec(
    id="training",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Training"),
    panel="cvlab.tools.training.panel:TrainingPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "Train small networks live: over- and underfitting, vanishing gradients, "
                    "back-propagation, plain vs residual networks, data augmentation"),
    commands=(Command("train", "cvlab.tools.training.cli",
                      "run a training demo headless and print its final values"),),
    screenshots="cvlab.tools.training.panel_screenshots:screenshot_plan",
)
