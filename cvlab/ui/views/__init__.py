"""Shared image views: every tool draws with these, none draws its own."""

from cvlab.ui.views.compare_view import CompareView
from cvlab.ui.views.image_view import ImageView

__all__ = ["CompareView", "ImageView"]
