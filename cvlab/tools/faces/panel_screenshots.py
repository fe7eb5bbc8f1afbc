"""The Faces tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.faces.samples import make_group_photo

    def anonymised(panel):
        panel.method_box.setCurrentIndex(panel.method_box.findData("blur"))
        panel.preview.setChecked(True)
    def same_person(panel):
        panel.preview.setChecked(False)
        # the two largest faces of the collage: the astronaut, once mirrored
        rows = sorted(range(len(panel.faces)), key=lambda i: -panel.faces[i].width)[:2]
        for row in rows:
            panel.face_list.item(row).setSelected(True)
        panel.same_person.faces_button.click()
    group = make_group_photo()
    return [("group", group, None), ("group-anonymised", group, anonymised),
            ("same-person", group, same_person)]
