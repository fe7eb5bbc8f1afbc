"""The CT tab's Qt side (the only Qt code of the CT tool)."""

from cvlab.tools.ct.panel.ct_panel import CTPanel

__all__ = ["CTPanel"]
