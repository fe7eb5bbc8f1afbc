"""The CT tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations

from cvlab.core.samples import resources_dir


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.ct.sample_data import thorax_phantom_folder

    samples = resources_dir() / "samples"

    def window(name, tab=0):
        def prepare(panel):
            panel.window_box.choose_preset(name)
            panel.side_tabs.setCurrentIndex(tab)
        return prepare

    def nodules(panel):
        panel.window_box.choose_preset("Lung")
        panel.side_tabs.setCurrentIndex(1)
        panel.lungs_box.run()

    def pick_first_nodule(panel):
        panel.lungs_box.table.selectRow(0)

    return [("head", samples / "head_ct_coronal", window("Brain")),
            ("head-bone", None, window("Bone")),
            ("chest", samples / "chest_ct_axial", window("Lung")),
            ("phantom", thorax_phantom_folder(), nodules),
            ("phantom-nodule", None, pick_first_nodule)]
