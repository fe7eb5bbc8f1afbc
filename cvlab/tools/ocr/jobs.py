"""The OCR tab's worker jobs (no Qt): one backend per name and device in ``ctx.models``."""

from __future__ import annotations

import numpy as np

from cvlab.core.i18n import translate


def backend_for(ctx, name: str):
    def load():
        from cvlab.tools.ocr.models import load_backend

        return load_backend(name, str(ctx.device) if name == "torch" else "cpu")

    return ctx.models.get(name, load)


def read_job(ctx, backend_name: str, image: np.ndarray, options: dict):
    from cvlab.tools.ocr.pipeline import read_text

    backend = backend_for(ctx, backend_name)
    ctx.progress(0.0, translate("OcrPipeline", "reading text"))
    return read_text(image, backend, progress=ctx.progress, cancelled=ctx.cancelled, **options)


def clpr_backend_for(ctx, name: str):
    def load():
        from cvlab.tools.ocr.clpr_models import load_clpr

        return load_clpr(name, str(ctx.device) if name == "torch" else "cpu")

    return ctx.models.get(f"clpr-{name}", load)


def plates_job(ctx, backend_name: str, image: np.ndarray, methods: tuple[str, ...],
               min_confidence: float, engine: str = "ppocr"):
    """Plates by ``engine`` (plate_engines.ENGINES); ``methods`` are the "ppocr" finders."""
    from cvlab.tools.ocr.plate_engines import find_plates_with

    backend = (clpr_backend_for if engine == "clpr" else backend_for)(ctx, backend_name)
    return find_plates_with(engine, image, backend, methods=methods,
                            min_confidence=min_confidence, progress=ctx.progress,
                            cancelled=ctx.cancelled)
