"""The OCR tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations

from cvlab.core.samples import resources_dir


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.ocr.plate_render import make_sample_plate

    def text(panel):
        panel.text_mode.setChecked(True)
        panel.run()

    def plates(panel):
        panel.plate_mode.setChecked(True)
        panel.run()
    return [("text", resources_dir() / "samples" / "ocr" / "imageTextN.png", text),
            ("plate", make_sample_plate(), plates)]
