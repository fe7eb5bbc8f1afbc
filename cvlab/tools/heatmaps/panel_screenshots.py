"""The Heatmaps tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations

from cvlab.core.samples import resources_dir


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    photos = resources_dir() / "samples" / "photos"

    def methods(names):
        def prepare(panel):
            panel.view_methods.setChecked(True)
            panel.set_methods(names)
            panel.run()
        return prepare

    def depths(panel):
        panel.view_depths.setChecked(True)
        panel.run()
    return [("coffee", photos / "skimage_coffee.png", methods({"gradcam", "gradcam++"})),
            ("chelsea", photos / "skimage_chelsea.png", methods({"gradcam", "layercam"})),
            ("chelsea-depths", photos / "skimage_chelsea.png", depths)]
