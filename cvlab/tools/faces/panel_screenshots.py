"""The Faces tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.faces.samples import make_group_photo

    def anonymised(panel):
        panel.method_box.setCurrentIndex(panel.method_box.findData("blur"))
        panel.preview.setChecked(True)
    group = make_group_photo()
    return [("group", group, None), ("group-anonymised", group, anonymised)]
