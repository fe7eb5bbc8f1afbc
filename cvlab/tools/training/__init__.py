"""Training: the training phenomena of the course, watched as they happen (issue 19).

The engine (no Qt, no torch at import time except in the demos' own modules):

* ``options``    - ``Option``: one setting of a demo (a slider, a switch or a choice);
* ``live``       - ``LiveRun``: curves and snapshots written by the job, read by the tab;
* ``demos``      - ``Demo``, ``DEMOS``, ``find_demo``: what each demo offers (torch-free);
* ``loop``       - what every demo's loop shares: seeding, cancel, snapshot pacing, progress;
* ``toy_data``   - the 2-D data sets (moons, spirals, circles, a noisy sine);
* ``fit``        - an MLP on 2-D data: decision boundary, under- and overfitting, remedies;
* ``vanishing``  - a deep MLP: per-layer gradient norms, sigmoid vs ReLU vs residual;
* ``backprop``   - a 2-2-1 network, back-propagation by hand, step by step;
* ``digits``     - a small CNN on 8×8 digits: plain vs residual at two depths;
* ``digits_data``- the digits themselves (resources/datasets, UCI via scikit-learn);
* ``augment``    - the augmentation transforms shown on photos;
* ``jobs``       - ``train_job``: a demo on the device worker;
* ``cli``        - ``cvlab train DEMO`` and ``cvlab train list``.

The tab (Qt): ``panel`` (polls the run's LiveRun ten times a second), ``panel_controls``,
``panel_options`` (widgets from the Option schema), ``panel_plots`` (curves, gradient
norms), ``panel_boundary`` (with ``contour``), ``panel_backprop``, ``panel_augment``,
``panel_screenshots``; its state is ``state.py``. The tab opens no files: its data is made
or shipped.
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
