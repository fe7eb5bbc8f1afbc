"""The training demos: what each offers (options, curves) and how to run it.

Importing this module imports no torch: a demo's ``run`` imports its engine module on its
first call, so the tab can build its option widgets at start-up for free.

``run(options, seed, live, cancelled) -> final metrics``: ``options`` complete (see
:func:`default_options` and :func:`checked_options`), everything random drawn from
``seed``, points and snapshots written to ``live`` as it goes. It asks ``cancelled()``
at least every 0.1 s and, when True, returns early with what it has and
``"cancelled": True`` in the final metrics.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.options import Option, resolve

RunFn = Callable[[dict, int, LiveRun, Callable[[], bool]], dict]

# Every curve a demo may draw, with its English title (translate("TrainingDemos", title)).
CURVE_TITLES = {
    "train_loss": QT_TRANSLATE_NOOP("TrainingDemos", "training loss"),
    "val_loss": QT_TRANSLATE_NOOP("TrainingDemos", "validation loss"),
    "train_acc": QT_TRANSLATE_NOOP("TrainingDemos", "training accuracy"),
    "val_acc": QT_TRANSLATE_NOOP("TrainingDemos", "validation accuracy"),
    "loss": QT_TRANSLATE_NOOP("TrainingDemos", "loss"),
}


@dataclass(frozen=True)
class Demo:
    """One demo. ``title`` and ``summary`` are English, marked for "TrainingDemos"."""

    name: str
    title: str
    summary: str
    options: tuple[Option, ...]
    curves: tuple[str, ...]
    run: RunFn
    snapshots: tuple[str, ...] = ()  # the names it gives LiveRun.set_snapshot

    def option(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


def _lazy(module: str) -> RunFn:
    """``cvlab.tools.training.<module>.run``, imported on the first call."""
    def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
        engine = importlib.import_module(f"cvlab.tools.training.{module}")
        return engine.run(options, seed, live, cancelled)

    run.__name__ = f"run_{module}"
    return run


def _epochs(default: int, maximum: int) -> Option:
    return Option("epochs", QT_TRANSLATE_NOOP("TrainingOptions", "Epochs"), "int", default,
                  1, maximum, 1, log_scale=True,
                  help=QT_TRANSLATE_NOOP("TrainingOptions",
                                         "How many passes over the training data."))


def _learning_rate(default: float, minimum: float = 1e-4, maximum: float = 1.0) -> Option:
    return Option("learning_rate", QT_TRANSLATE_NOOP("TrainingOptions", "Learning rate"),
                  "float", default, minimum, maximum, minimum, log_scale=True,
                  help=QT_TRANSLATE_NOOP("TrainingOptions",
                                         "How far each step moves the weights."))


FIT_OPTIONS = (
    Option("dataset", QT_TRANSLATE_NOOP("TrainingOptions", "Data"), "choice", "moons",
           choices=("moons", "spirals", "circles", "curve"),
           choice_titles=(QT_TRANSLATE_NOOP("TrainingOptions", "Two moons"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Two spirals"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Two circles"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Curve (regression)")),
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "Two classes to separate, or a noisy curve to fit.")),
    Option("samples", QT_TRANSLATE_NOOP("TrainingOptions", "Samples"), "int", 200, 20, 2000,
           10, log_scale=True,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "How many points there are: more data is the surest "
                                  "remedy for overfitting.")),
    Option("noise", QT_TRANSLATE_NOOP("TrainingOptions", "Noise"), "float", 0.2, 0.0, 0.6,
           0.01, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                        "How far the points scatter from the clean shape.")),
    Option("hidden", QT_TRANSLATE_NOOP("TrainingOptions", "Hidden units"), "int", 32, 2, 256,
           1, log_scale=True,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "The width of each hidden layer: the model's capacity.")),
    Option("layers", QT_TRANSLATE_NOOP("TrainingOptions", "Hidden layers"), "int", 2, 1, 6, 1,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "How many hidden layers there are.")),
    Option("weight_decay", QT_TRANSLATE_NOOP("TrainingOptions", "Weight decay"), "float", 0.0,
           0.0, 0.1, 1e-5, log_scale=True,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "Adds the squared weights times this to the loss: "
                                  "smaller weights, a smoother boundary.")),
    Option("dropout", QT_TRANSLATE_NOOP("TrainingOptions", "Dropout"), "float", 0.0, 0.0,
           0.7, 0.05, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                             "The fraction of hidden units switched off at "
                                             "random in each training step.")),
    Option("early_stopping", QT_TRANSLATE_NOOP("TrainingOptions", "Early stopping"), "bool",
           False, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                         "Stop when the validation loss has not improved "
                                         "for a while, and keep the best weights.")),
    Option("patience", QT_TRANSLATE_NOOP("TrainingOptions", "Patience"), "int", 50, 5, 500, 5,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "Epochs without a better validation loss before early "
                                  "stopping stops.")),
    _epochs(500, 5000),
    _learning_rate(0.01),
    Option("validation", QT_TRANSLATE_NOOP("TrainingOptions", "Validation share"), "float",
           0.3, 0.1, 0.5, 0.05,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "The fraction of the points held out to measure "
                                  "generalisation.")),
)

VANISHING_OPTIONS = (
    Option("activation", QT_TRANSLATE_NOOP("TrainingOptions", "Activation"), "choice",
           "sigmoid", choices=("sigmoid", "relu", "residual"),
           choice_titles=(QT_TRANSLATE_NOOP("TrainingOptions", "Sigmoid"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "ReLU"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "ReLU with residual "
                                                               "connections")),
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "Sigmoid's slope is at most 1/4, so gradients shrink "
                                  "layer by layer; ReLU and skip connections keep them.")),
    Option("depth", QT_TRANSLATE_NOOP("TrainingOptions", "Layers"), "int", 20, 4, 50, 1,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "How many linear layers the network "
                                                     "has.")),
    Option("width", QT_TRANSLATE_NOOP("TrainingOptions", "Width"), "int", 32, 4, 128, 1,
           log_scale=True,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "Units in each hidden layer.")),
    _epochs(300, 3000),
    _learning_rate(0.003, maximum=0.1),
)

BACKPROP_OPTIONS = (
    Option("x1", QT_TRANSLATE_NOOP("TrainingOptions", "Input x1"), "float", 0.6, -2.0, 2.0,
           0.05),
    Option("x2", QT_TRANSLATE_NOOP("TrainingOptions", "Input x2"), "float", -0.4, -2.0, 2.0,
           0.05),
    Option("target", QT_TRANSLATE_NOOP("TrainingOptions", "Target"), "float", 0.9, 0.0, 1.0,
           0.05, help=QT_TRANSLATE_NOOP("TrainingOptions", "The output the network should "
                                                           "give for this input.")),
    _learning_rate(0.5, minimum=0.01, maximum=10.0),
    Option("steps", QT_TRANSLATE_NOOP("TrainingOptions", "Steps"), "int", 30, 1, 500, 1,
           help=QT_TRANSLATE_NOOP("TrainingOptions",
                                  "Gradient-descent steps on the one example.")),
)

DIGITS_OPTIONS = (
    Option("residual", QT_TRANSLATE_NOOP("TrainingOptions", "Residual connections"), "bool",
           False, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                         "Add each pair of convolutions' input to its "
                                         "output, as ResNet does.")),
    Option("depth", QT_TRANSLATE_NOOP("TrainingOptions", "Convolution layers"), "int", 20,
           2, 32, 2, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                            "3×3 convolutions in the network, in pairs.")),
    Option("channels", QT_TRANSLATE_NOOP("TrainingOptions", "Channels"), "int", 16, 4, 32, 4,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "Feature maps in every layer.")),
    _epochs(20, 200),
    _learning_rate(0.01, minimum=1e-3, maximum=0.5),
    Option("batch_size", QT_TRANSLATE_NOOP("TrainingOptions", "Batch size"), "int", 64, 8,
           512, 8, log_scale=True,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "Images per gradient step.")),
)

AUGMENT_OPTIONS = (
    Option("transform", QT_TRANSLATE_NOOP("TrainingOptions", "Transform"), "choice", "rotate",
           choices=("flip", "rotate", "crop_resize", "color_jitter", "noise", "elastic"),
           choice_titles=(QT_TRANSLATE_NOOP("TrainingOptions", "Horizontal flip"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Rotation"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Crop and resize"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Colour jitter"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Gaussian noise"),
                          QT_TRANSLATE_NOOP("TrainingOptions", "Elastic deformation"))),
    Option("strength", QT_TRANSLATE_NOOP("TrainingOptions", "Strength"), "float", 0.5, 0.0,
           1.0, 0.05, help=QT_TRANSLATE_NOOP("TrainingOptions",
                                             "How strong the random change may be.")),
    Option("count", QT_TRANSLATE_NOOP("TrainingOptions", "Versions"), "int", 6, 1, 12, 1,
           help=QT_TRANSLATE_NOOP("TrainingOptions", "Augmented versions of each image.")),
)

DEMOS: tuple[Demo, ...] = (
    Demo("fit", QT_TRANSLATE_NOOP("TrainingDemos", "Fitting 2-D data"),
         QT_TRANSLATE_NOOP("TrainingDemos",
                           "A small network learns two classes or a curve: watch the decision "
                           "boundary, under- and overfitting, and what each remedy does."),
         FIT_OPTIONS, ("train_loss", "val_loss", "train_acc", "val_acc"), _lazy("fit"),
         ("boundary",)),
    Demo("vanishing", QT_TRANSLATE_NOOP("TrainingDemos", "Vanishing gradients"),
         QT_TRANSLATE_NOOP("TrainingDemos",
                           "A deep network's gradient at every layer: with sigmoid it fades "
                           "towards the input, with ReLU and residual connections it does "
                           "not."),
         VANISHING_OPTIONS, ("train_loss", "train_acc"), _lazy("vanishing"), ("grad_norms",)),
    Demo("backprop", QT_TRANSLATE_NOOP("TrainingDemos", "Back-propagation"),
         QT_TRANSLATE_NOOP("TrainingDemos",
                           "A network of three neurons and one example: the forward values "
                           "and the gradient on every edge, step by step."),
         BACKPROP_OPTIONS, ("loss",), _lazy("backprop"), ("network", "history", "after")),
    Demo("digits", QT_TRANSLATE_NOOP("TrainingDemos", "Deeper networks: plain vs residual"),
         QT_TRANSLATE_NOOP("TrainingDemos",
                           "A small CNN on 8×8 handwritten digits: a deeper plain network "
                           "trains worse than a shallow one; with residual connections it "
                           "does not."),
         DIGITS_OPTIONS, ("train_loss", "val_loss", "train_acc", "val_acc"), _lazy("digits"),
         ("predictions",)),
    Demo("augment", QT_TRANSLATE_NOOP("TrainingDemos", "Data augmentation"),
         QT_TRANSLATE_NOOP("TrainingDemos",
                           "Random flips, rotations, crops, colour changes, noise and "
                           "deformations: new training images from the same photos."),
         AUGMENT_OPTIONS, (), _lazy("augment"), ("samples",)),
)


def demo_names() -> list[str]:
    return [demo.name for demo in DEMOS]


def find_demo(name: str) -> Demo:
    """The demo called ``name``; ValueError in one sentence naming the closest one."""
    for demo in DEMOS:
        if demo.name == name:
            return demo
    known = ", ".join(demo_names())
    close = difflib.get_close_matches(name.lower(), demo_names(), n=1, cutoff=0.5)
    if close:
        raise ValueError(translate(
            "TrainingDemos", "unknown demo '{0}' (did you mean {1}?); demos: {2}").format(
            name, close[0], known))
    raise ValueError(translate("TrainingDemos", "unknown demo '{0}'; demos: {1}").format(
        name, known))


def default_options(demo: Demo) -> dict:
    """Every option of ``demo`` at its default."""
    return {option.name: option.default for option in demo.options}


def checked_options(demo: Demo, given: dict) -> dict:
    """``given`` over the defaults, each value checked (OptionError, a ValueError, names
    the option and what it takes)."""
    return resolve(demo.options, given)
