"""The Heatmaps tab driven as a student would: open a photo, pick classes, methods, layers,
re-colour, export; and a model of their own."""

import numpy as np
import pytest
import torch

from cvlab.tools import tool_samples

SAMPLES = [s for _, s in tool_samples()]
COFFEE = next(s.path for s in SAMPLES if "coffee" in s.relative_path)
CHELSEA = next(s.path for s in SAMPLES if "chelsea" in s.relative_path)


def heatmap_panel(qtbot, window, photo=COFFEE):
    panel = next(p for p in window.panels if p.spec.id == "heatmaps")
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.facts is not None, timeout=60_000)
    window.open_path(photo)
    qtbot.waitUntil(lambda: panel.path == str(photo) and complete(panel), timeout=60_000)
    return panel


def complete(panel) -> bool:
    """A run has shown every map (each method's map appears as soon as it is done)."""
    return panel.explanation is not None and not panel.state.pending


def wait_for_new_result(qtbot, panel, action):
    before = panel.explanation
    action()
    qtbot.waitUntil(lambda: panel.explanation is not before and complete(panel),
                    timeout=120_000)


def test_coffee_gives_espresso_and_two_methods_side_by_side(qtbot, window):
    panel = heatmap_panel(qtbot, window)
    assert panel.predictions.item(0, 0).text() in ("espresso", "cup")
    assert panel.chosen_methods() == ["gradcam", "layercam"]
    captions = [view.caption() for view in panel.compare.panels()]
    assert len(captions) == 3 and captions[0].startswith("Input · top-1")
    assert captions[1].startswith("Grad-CAM · features.18 · espresso · drop ")
    assert captions[2].startswith("Layer-CAM · features.18")
    height, width = panel.image.shape[:2]
    for heat in panel.heats:
        assert heat.shape == (height, width) and 0 <= heat.min() and heat.max() > 0.99
        y, x = np.unravel_index(int(np.argmax(heat)), heat.shape)
        assert 160 <= x <= 425 and 5 <= y <= 310      # on the cup, not the table


def test_clicking_a_prediction_explains_that_class(qtbot, window):
    panel = heatmap_panel(qtbot, window)
    row = next(r for r in range(panel.predictions.rowCount())
               if panel.predictions.item(r, 0).text() == "cup")
    wait_for_new_result(qtbot, panel, lambda: panel._prediction_clicked(row, 0))
    assert panel.target == 968
    assert all(" · cup" in h.title for h in panel.explanation.heatmaps)
    assert panel.class_picker.text() == "cup (968)"


def test_class_search_by_name(qtbot, window):
    panel = heatmap_panel(qtbot, window, CHELSEA)
    picker = panel.class_picker
    assert picker.resolve("tabby") == 281 and picker.resolve("281") == 281
    assert picker.resolve("tabby, tabby cat (281)") == 281
    assert picker.resolve("cat") is None                  # ambiguous: many classes say cat
    wait_for_new_result(qtbot, panel, lambda: picker._commit("tiger cat"))
    assert {h.result.target for h in panel.explanation.heatmaps} == {282}


def test_layer_cam_over_depths_and_two_classes(qtbot, window):
    panel = heatmap_panel(qtbot, window, CHELSEA)
    wait_for_new_result(qtbot, panel, lambda: panel.view_depths.click())
    depths = list(panel.facts.depth_layers)
    assert depths[-1] == "features.18" and len(depths) >= 4
    titles = [h.title for h in panel.explanation.heatmaps]
    assert len(titles) == len(depths) + 1 and "fused" in titles[-1]
    assert [h.request.layers for h in panel.explanation.heatmaps[:-1]] == [(d,) for d in depths]

    wait_for_new_result(qtbot, panel, lambda: panel.view_classes.click())
    first, second = panel.explanation.heatmaps
    top = [p[0] for p in panel.explanation.predictions[:2]]
    assert [first.result.target, second.result.target] == top
    assert not np.array_equal(first.result.fused, second.result.fused)


def test_opacity_and_colormap_recolor_without_recomputing(qtbot, window):
    panel = heatmap_panel(qtbot, window)
    explanation = panel.explanation
    before = panel.compare.panels()[1].image().copy()
    panel.alpha.setValue(90)
    after_alpha = panel.compare.panels()[1].image().copy()
    panel.colormap_box.setCurrentText("inferno")
    after_colormap = panel.compare.panels()[1].image()
    assert panel.explanation is explanation
    assert not np.array_equal(before, after_alpha)
    assert not np.array_equal(after_alpha, after_colormap)


def test_export_writes_overlays_and_maps_and_never_overwrites(qtbot, window, tmp_path):
    panel = heatmap_panel(qtbot, window)
    written = panel.export_to(tmp_path)
    names = sorted(p.name for p in written)
    assert names == ["skimage_coffee_1_gradcam_features.18.npy",
                     "skimage_coffee_1_gradcam_features.18.png",
                     "skimage_coffee_2_layercam_features.18.npy",
                     "skimage_coffee_2_layercam_features.18.png"]
    heat = np.load(tmp_path / names[0])
    assert heat.dtype == np.float32 and heat.shape == panel.image.shape[:2]
    np.testing.assert_array_equal(heat, panel.heats[0])
    with pytest.raises(FileExistsError, match="exists"):
        panel.export_to(tmp_path)


def test_a_gray_torchscript_model_of_ones_own(qtbot, window, tmp_path):
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 2)).eval()
    path = tmp_path / "xray_net.pt"
    torch.jit.save(torch.jit.script(net), str(path))
    classes = tmp_path / "classes.txt"
    classes.write_text("normal\npneumonia\n")
    panel = heatmap_panel(qtbot, window)
    source = ("user", str(path), None, str(classes))
    wait_for_new_result(qtbot, panel, lambda: panel.load_model(source))
    assert panel.source_model == source and panel.facts.class_names == ("normal", "pneumonia")
    assert panel.model_box.currentText() == "Your model…"
    assert {p[1] for p in panel.explanation.predictions} == {"normal", "pneumonia"}
    assert panel.heats[0].shape == panel.image.shape[:2]


def test_a_broken_model_file_is_reported_and_the_tab_keeps_its_model(qtbot, window, tmp_path):
    panel = heatmap_panel(qtbot, window)
    broken = tmp_path / "broken.pth"
    broken.write_bytes(b"not a model")
    failures = []
    window.context.worker.error.connect(lambda _id, failure: failures.append(failure))
    panel.load_model(("user", str(broken), None, None))
    qtbot.waitUntil(lambda: bool(failures), timeout=30_000)
    assert str(broken) in failures[0].message
    assert panel.source_model == ("builtin", "mobilenet_v2")
    assert panel.model_box.currentText().startswith("MobileNetV2")
    wait_for_new_result(qtbot, panel, panel.run)             # still works


def test_efficientnet_lite0_explains_with_its_own_preprocessing(qtbot, window):
    panel = heatmap_panel(qtbot, window)
    wait_for_new_result(qtbot, panel,
                        lambda: panel.load_model(("builtin", "efficientnet_lite0")))
    assert panel.model_box.currentText().startswith("EfficientNet-Lite0")
    assert panel.layer_box.currentText() == "_head_relu"
    assert panel.explanation.predictions[0][1] in ("espresso", "cup")
    heat = panel.heats[0]
    y, x = np.unravel_index(int(np.argmax(heat)), heat.shape)
    assert 150 <= x <= 430 and 0 <= y <= 320


def test_the_online_resnet18_without_its_weights_says_what_to_fetch(qtbot, window):
    from cvlab.core.weights import status
    from cvlab.tools.heatmaps.weights import get

    if status(get("resnet18_imagenet")) == "present":
        pytest.skip("ResNet-18 has been fetched on this machine")
    panel = heatmap_panel(qtbot, window)
    failures = []
    window.context.worker.error.connect(lambda _id, failure: failures.append(failure))
    panel.load_model(("builtin", "resnet18"))
    qtbot.waitUntil(lambda: bool(failures), timeout=30_000)
    assert "cvlab weights fetch resnet18_imagenet" in failures[0].message
    assert panel.source_model == ("builtin", "mobilenet_v2")
