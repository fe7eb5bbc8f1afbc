"""The restore methods a user can pick, and running them (no Qt).

Inpainting: the classical ones always work offline; "net" is the network trained by this
project (committed weights); "lama" needs the online LaMa checkpoint. Colourisation:
"scribbles" (Levin et al.'s optimisation, needs the user's colour scribbles), "net" (trained
here), and Zhang et al.'s ECCV16 / SIGGRAPH17 models (online). Every learned model is loaded
once per device into the tool's model cache (``ctx.models``, a ToolModels; by default a cache
of this call only, on the CPU).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.jobs import ToolModels
from cvlab.tools.restore.limits import check_restore_size


@dataclass(frozen=True)
class Method:
    name: str
    title: str
    weights: tuple[str, ...] = ()     # catalogue entries it needs ("" = none)
    online: bool = False


INPAINT_METHODS: tuple[Method, ...] = (
    Method("telea", QT_TRANSLATE_NOOP("RestorePanel", "OpenCV Telea")),
    Method("ns", QT_TRANSLATE_NOOP("RestorePanel", "OpenCV Navier–Stokes")),
    Method("biharmonic", QT_TRANSLATE_NOOP("RestorePanel", "Biharmonic")),
    Method("exemplar", QT_TRANSLATE_NOOP("RestorePanel", "Exemplar (patches)")),
    Method("net", QT_TRANSLATE_NOOP("RestorePanel", "CV Lab net (trained here)"), ("inpaint_net",)),
    Method("lama", QT_TRANSLATE_NOOP("RestorePanel", "LaMa"), ("lama",), online=True),
)
COLOR_METHODS: tuple[Method, ...] = (
    Method("scribbles", QT_TRANSLATE_NOOP("RestorePanel", "Scribbles (Levin et al.)")),
    Method("net",
        QT_TRANSLATE_NOOP("RestorePanel", "CV Lab net (trained here)"), ("colorize_net",)),
    Method("eccv16",
        QT_TRANSLATE_NOOP("RestorePanel", "Zhang et al. ECCV16"), ("zhang_eccv16",), online=True),
    Method("siggraph17",
        QT_TRANSLATE_NOOP(
            "RestorePanel", "Zhang et al. SIGGRAPH17"), ("zhang_siggraph17",), online=True),
)
CLASSICAL_INPAINT = ("telea", "ns", "biharmonic", "exemplar")


def method(methods: tuple[Method, ...], name: str) -> Method:
    for m in methods:
        if m.name == name:
            return m
    raise KeyError(f"unknown method {name!r}; choose from {', '.join(m.name for m in methods)}")


def run_inpaint(name: str, image: np.ndarray, mask: np.ndarray, *,
                models: ToolModels | None = None, radius: int = 5, progress: Callable | None = None,
                cancelled: Callable | None = None) -> np.ndarray:
    """``image`` with the ``mask`` (H, W bool) filled by method ``name``; same layout."""
    method(INPAINT_METHODS, name)
    check_restore_size(image)
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != image.shape[:2]:
        raise ValueError(translate("RestoreErrors", "the mask is {0}×{1} px, the image "
                                   "{2}×{3} px").format(mask.shape[1], mask.shape[0],
                                                        image.shape[1], image.shape[0]))
    if name in CLASSICAL_INPAINT:
        from cvlab.tools.restore.crop import with_context
        from cvlab.tools.restore.inpaint_classical import inpaint

        return with_context(image, mask, lambda im, m: inpaint(
            im, m, name, radius=radius, progress=progress, cancelled=cancelled))
    models = models if models is not None else ToolModels.local("restore")
    if name == "net":
        from cvlab.tools.restore.inpaint_net import inpaint_net, load_inpaint_net

        model = models.get("inpaint_net", lambda: load_inpaint_net(models.device))
        return inpaint_net(model, image, mask)
    from cvlab.tools.restore.inpaint_net import inpaint_lama, load_lama

    model = models.get("lama", lambda: load_lama(models.device))
    return inpaint_lama(model, image, mask)


def run_colorize(name: str, image: np.ndarray, *, scribbles: np.ndarray | None = None,
                 scribble_mask: np.ndarray | None = None, strength: float = 1.0,
                 models: ToolModels | None = None, progress: Callable | None = None,
                 cancelled: Callable | None = None) -> np.ndarray:
    """An RGB uint8 colourisation of ``image`` that keeps its full-resolution luminance."""
    method(COLOR_METHODS, name)
    check_restore_size(image)
    if name == "scribbles":
        if scribble_mask is None or not np.any(scribble_mask):
            raise ValueError(translate("RestoreErrors", "paint some colour scribbles first (or "
                                       "load a scribble image)"))
        from cvlab.tools.restore.colorize_levin import colorize_scribbles

        result = colorize_scribbles(image, scribbles, scribble_mask, progress=progress,
                                    cancelled=cancelled)
        return _with_strength(image, result, strength)
    models = models if models is not None else ToolModels.local("restore")
    if name == "net":
        from cvlab.tools.restore.colorize_net import colorize_net, load_colorize_net

        model = models.get("colorize_net", lambda: load_colorize_net(models.device))
        return colorize_net(model, image, strength=strength)
    from cvlab.tools.restore.zhang import colorize_zhang, load_zhang

    entry = f"zhang_{name}"
    model = models.get(entry, lambda: load_zhang(entry, models.device))
    return colorize_zhang(model, image, strength=strength)


def _with_strength(image: np.ndarray, result: np.ndarray, strength: float) -> np.ndarray:
    """The input's own lightness with ``strength`` × the result's colour (ab)."""
    if strength >= 1.0:
        return result
    from cvlab.tools.restore.color import lightness, recombine, split_lab

    return recombine(lightness(image), split_lab(result)[1], strength)
