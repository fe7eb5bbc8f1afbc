"""The Networks tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations

from cvlab.core.samples import resources_dir


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.nets.panel import COMPARISON, COURSE, FEATURES, NETWORK

    photo = resources_dir() / "samples" / "photos" / "skimage_chelsea.png"

    def resnet50(panel):
        panel.show_page(NETWORK)
        panel.choose_compare(None)
        panel.choose_arch("resnet50")

    def compared(panel):
        panel.show_page(NETWORK)
        panel.choose_compare("mobilenet_v2")

    def totals(panel):
        panel.show_page(COMPARISON)

    def course(panel):
        panel.show_page(COURSE)

    def features(panel):
        panel.show_page(FEATURES)
        panel.choose_layer("features.3")

    return [("resnet50", None, resnet50), ("compare", None, compared),
            ("compare-totals", None, totals), ("course", None, course),
            ("features", photo, features)]
