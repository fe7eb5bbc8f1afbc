"""The Networks tab on the real MainWindow and DeviceWorker: choose networks through its own
controls, read the diagram and the layer table, compare two, read the course's ResNet table,
and look at MobileNetV2's feature maps of a sample photo (the real offline weights), a
broken photo in between; then resize the window and change tabs."""

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QFileDialog

from cvlab.tools.nets.panel import COMPARISON, COURSE, FEATURES, NETWORK
from cvlab.tools.nets.panel_layers import MACS, NAME, PARAMS

REPO = Path(__file__).resolve().parents[3]
CHELSEA = REPO / "resources" / "samples" / "photos" / "skimage_chelsea.png"
JOB_TIMEOUT_S = 180  # torch's import and a model's first load on a busy 2-core machine


def wait(window) -> None:
    assert window.worker.wait_idle(JOB_TIMEOUT_S)


def pick(combo, data) -> None:
    """Choose an item as a user does (activated, not only the current index)."""
    index = 0 if data is None else combo.findData(data)  # "(none)" is the first item
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def open_photo(monkeypatch, panel, path: Path) -> None:
    """The tab's own "Open photo…" button; the file dialog answers ``path``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    panel.features.open_button.click()


def diagram_fits(panel) -> bool:
    """Every box of the diagram lies inside the diagram widget."""
    diagram = panel.diagram
    inside = QRect(0, 0, diagram.width(), diagram.height())
    boxes = [diagram.box_rect(n, i) for n, p in enumerate(panel.state.profiles)
             for i in range(len(p.stages))]
    return bool(boxes) and all(inside.contains(b.toRect()) for b in boxes)


def test_networks_tab(qtbot, window, monkeypatch, tmp_path):
    panel = next(p for p in window.panels if p.spec.id == "nets")
    window.tabs.setCurrentWidget(panel)  # the first show measures the default, ResNet-50
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Networks"
    wait(window)
    assert [p.arch for p in panel.state.profiles] == ["resnet50"]

    # ResNet-18, then ResNet-50, through the combo
    pick(panel.arch_box, "resnet18")
    wait(window)
    assert panel.layers.row_count() == 60
    assert "11,689,512 parameters" in panel.layers.totals.text()
    pick(panel.arch_box, "resnet50")
    assert panel.state.profiles == () and "Measuring ResNet-50" in panel.diagram.message()
    wait(window)
    profile = panel.state.profiles[0]
    assert round(profile.params / 1e6, 2) == 25.56
    assert "25.56 M parameters" in panel.summary.text()
    assert "25,557,032 parameters (25.56 M)" in panel.layers.totals.text()
    assert panel.layers.row_count() == 158 and panel.layers.cell(0, NAME) == "conv1"
    assert [s.name for s in profile.stages] == ["stem", "layer1", "layer2", "layer3",
                                                "layer4", "head"]

    # a stage clicked in the diagram lists its layers; "Show every layer" lists all again
    box = panel.diagram.box_rect(0, 3)
    qtbot.mouseClick(panel.diagram, Qt.LeftButton, pos=box.center().toPoint())
    assert panel.state.selected == (0, 3)
    assert panel.layers.row_count() == profile.stages[3].count == 56
    assert panel.layers.cell(0, NAME).startswith("layer3.")
    assert "layer3" in panel.layers.heading.text()
    panel.layers.all_button.click()
    assert panel.state.selected is None and panel.layers.row_count() == 158
    # sorted by MACs, largest first: a number sort, not a text sort
    panel.layers.view.sortByColumn(MACS, Qt.DescendingOrder)
    largest = max(r.macs for r in profile.rows)
    assert panel.layers.cell(0, MACS) == f"{largest:,}"
    panel.layers.view.sortByColumn(PARAMS, Qt.DescendingOrder)
    assert panel.layers.cell(0, NAME) == "layer4.0.conv2"   # 512·512·3·3 > fc's 2048·1000
    assert panel.layers.cell(0, PARAMS) == "2,359,296"

    # compared with MobileNetV2: two rows in the diagram, the totals side by side
    pick(panel.compare_box, "mobilenet_v2")
    wait(window)
    assert panel.diagram.box_rect(1, 0) is not None
    panel.show_page(COMPARISON)
    rows = {row[0]: row[1:] for row in panel.comparison.rows()}
    assert rows["Parameters"] == ["25.56 M", "3.50 M", "×0.14"]
    assert rows["Depth (weighted layers on the main path)"][:2] == ["50", "53"]
    panel.show_page(NETWORK)

    # an input side the second network cannot take: one sentence, nothing stale shown
    pick(panel.compare_box, "vit_b_16")
    wait(window)
    seen = len(window.notifications.history)
    panel.input_spin.setValue(200)
    assert panel.state.profiles == () and panel.comparison.rows() == []
    message = window.notifications.history[seen]
    assert message.level == "error" and message.text == (
        "ViT-B/16 needs an input side that is a multiple of 16 pixels.")
    assert panel.diagram.message() == message.text and panel.layers.row_count() == 0
    panel.input_spin.setValue(224)
    wait(window)
    assert [p.arch for p in panel.state.profiles] == ["resnet50", "vit_b_16"]
    pick(panel.compare_box, None)
    wait(window)

    # the course's ResNet table: five rows, the paper variant within 2 % of the course
    panel.show_page(COURSE)
    wait(window)
    table = panel.course_view.rows()
    assert [row[0] for row in table] == [f"ResNet-{d}" for d in (18, 34, 50, 101, 152)]
    assert [row[2] for row in table] == ["1.8", "3.6", "3.8", "7.6", "11.3"]
    assert all(abs(r.paper_difference) <= 0.02 for r in panel.state.course)
    assert table[2][5] == "4.09" and "1×1" in panel.course_view.explanation.text()

    # feature maps: MobileNetV2's real weights on a sample photo
    panel.show_page(FEATURES)
    assert panel.empty_state.isVisible()
    open_photo(monkeypatch, panel, CHELSEA)
    wait(window)
    assert not panel.empty_state.isVisible()
    maps = panel.state.maps
    assert maps.model == "mobilenet_v2" and maps.layer == "features.0"
    assert maps.maps.shape == (32, 112, 168)
    assert panel.features.maps_view.image() is not None
    assert panel.features.filters_view.image() is not None
    assert "features.0" in panel.features.maps_view.caption()
    assert "skimage_chelsea.png" in panel.features.photo_label.text()
    pick_layer = panel.features.layer_box
    pick_layer.setCurrentText("features.3")
    pick_layer.activated.emit(pick_layer.currentIndex())
    assert panel.state.maps is None and panel.features.maps_view.image() is None
    wait(window)
    assert panel.state.maps.layer == "features.3" and panel.state.maps.maps.shape[0] == 24
    shown = panel.features.maps_view.image().shape
    panel.features.channels.setValue(8)
    assert panel.features.maps_view.image().shape != shown
    assert "the first 8 of its 24 channels" in panel.features.maps_view.caption()

    # a broken photo: one sentence naming it; the maps shown still belong to the cat
    broken = tmp_path / "lecture_notes.png"
    broken.write_text("Week 3: convolution, padding, stride.\n", encoding="utf-8")
    seen = len(window.notifications.history)
    open_photo(monkeypatch, panel, broken)
    wait(window)
    errors = [m for m in window.notifications.history[seen:] if m.level == "error"]
    assert len(errors) == 1 and "lecture_notes.png" in errors[0].text
    assert "\n" not in errors[0].text and "Error" not in errors[0].text
    assert panel.state.photo_path == str(CHELSEA)
    assert "skimage_chelsea.png" in panel.features.photo_label.text()
    assert panel.state.maps.layer == panel.state.feature_layer == "features.3"

    # another model: its maps replace the old ones for the same photo
    pick(panel.features.model_box, "efficientnet_lite0")
    assert panel.state.maps is None and panel.state.filters is None
    wait(window)
    assert panel.state.maps.model == "efficientnet_lite0"
    assert panel.state.maps.layer == panel.features.layer_box.currentText()

    # resizing: the diagram fits at both sizes, the feature views keep their images
    panel.show_page(NETWORK)
    pick(panel.compare_box, "mobilenet_v2")
    wait(window)
    for size in ((1600, 1000), (1280, 720), (1600, 1000)):
        window.resize(*size)
        qtbot.waitUntil(lambda: diagram_fits(panel), timeout=5_000)
        bottom = panel.layers.mapTo(window, QPoint(0, panel.layers.height())).y()
        assert bottom <= window.height()
    panel.show_page(FEATURES)
    assert panel.features.maps_view.image() is not None

    # another tab and back: everything is as it was
    window.tabs.setCurrentWidget(next(p for p in window.panels if p.spec.id == "inspect"))
    window.tabs.setCurrentWidget(panel)
    wait(window)
    assert [p.arch for p in panel.state.profiles] == ["resnet50", "mobilenet_v2"]
    assert panel.state.maps is not None and panel.state.course
    assert window.notifications.current_text() == ""
