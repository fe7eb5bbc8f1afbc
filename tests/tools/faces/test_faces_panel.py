"""The Faces tab as a user drives it: detect, tune the threshold live, keep a face,
anonymise, export, a folder run."""

import json

import numpy as np
from PIL import Image

from cvlab.core.images import read_image


def faces_panel(qtbot, window, path):
    panel = next(p for p in window.panels if p.spec.id == "faces")
    window.tabs.setCurrentWidget(panel)
    window.open_path(path)
    qtbot.waitUntil(lambda: panel.path == str(path) and panel.count_label.text() != "",
                    timeout=120_000)
    return panel


def wait_for_faces(qtbot, panel, action):
    before = panel.faces
    action()
    qtbot.waitUntil(lambda: panel.faces is not before, timeout=120_000)


def test_astronaut_has_one_face_with_landmarks(qtbot, window, test_data):
    panel = faces_panel(qtbot, window, test_data / "faces" / "skimage_astronaut.png")
    assert panel.detector() == "mtcnn"
    assert len(panel.faces) == 1 and panel.count_label.text() == "1 face(s)"
    face = panel.faces[0]
    x0, y0, x1, y1 = face.box
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in face.landmarks)
    assert set(panel.view.overlay_names()) == {"faces", "landmarks"}


def test_the_threshold_slider_changes_what_is_found(qtbot, window, tmp_path):
    from cvlab.tools.faces.samples import group_photo

    path = tmp_path / "group.png"
    Image.fromarray(group_photo()).save(path)
    panel = faces_panel(qtbot, window, path)
    found = len(panel.faces)
    assert found >= 4
    wait_for_faces(qtbot, panel, lambda: panel.set_threshold(0.05))
    assert len(panel.faces) > found             # the low end lets weak candidates in
    wait_for_faces(qtbot, panel, lambda: panel.set_threshold(0.7))
    assert len(panel.faces) == found
    wait_for_faces(qtbot, panel, lambda: panel.min_size.setValue(150))
    assert all(min(f.box[2] - f.box[0], f.box[3] - f.box[1]) >= 150 for f in panel.faces)


def test_unticked_faces_are_kept_and_the_rest_anonymised(qtbot, window, tmp_path):
    from cvlab.tools.faces.samples import group_photo

    path = tmp_path / "group.png"
    Image.fromarray(group_photo()).save(path)
    panel = faces_panel(qtbot, window, path)
    assert len(panel.faces) >= 2
    panel.face_list.item(0).setCheckState(panel.face_list.item(0).checkState().Unchecked)
    assert panel.keep == {0}
    out = panel.anonymised()
    original = panel.image
    kept, blurred = panel.faces[0].box.astype(int), panel.faces[1].box.astype(int)
    np.testing.assert_array_equal(out[kept[1]:kept[3], kept[0]:kept[2]],
                                  original[kept[1]:kept[3], kept[0]:kept[2]])
    assert not np.array_equal(out[blurred[1]:blurred[3], blurred[0]:blurred[2]],
                              original[blurred[1]:blurred[3], blurred[0]:blurred[2]])
    panel.preview.setChecked(True)
    np.testing.assert_array_equal(panel.view.image(), out)


def test_exports_boxes_and_never_over_the_input(qtbot, window, test_data, tmp_path):
    panel = faces_panel(qtbot, window, test_data / "faces" / "skimage_astronaut.png")
    data = json.loads(panel.export_boxes(tmp_path / "faces.json").read_text())
    assert len(data) == 1 and len(data[0]["box"]) == 4
    assert panel.export_boxes(tmp_path / "faces.csv").read_text().count("\n") >= 2
    import pytest

    with pytest.raises(Exception, match="overwrite"):
        from cvlab.core.images import save_image

        save_image(panel.path, panel.anonymised(), inputs=[panel.path])


def test_folder_run_writes_copies_and_a_summary_elsewhere(qtbot, window, test_data, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    Image.open(test_data / "faces" / "skimage_astronaut.png").save(source / "a.png")
    Image.open(test_data / "photos" / "sklearn_flower.jpg").save(source / "b.png")
    (source / "broken.png").write_bytes(b"not an image")
    panel = faces_panel(qtbot, window, test_data / "faces" / "skimage_astronaut.png")
    panel.last_folder_report = None
    panel.run_folder(str(source), str(tmp_path / "out"), anonymise_faces=True)
    qtbot.waitUntil(lambda: panel.last_folder_report is not None, timeout=120_000)
    report = panel.last_folder_report
    assert {r["file"]: r["faces"] for r in report.rows} == {"a.png": 1, "b.png": 0}
    assert [p.endswith("broken.png") for p, _ in report.failed] == [True]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["a_anonymised.png", "b_anonymised.png", "faces_summary.csv"]
    assert read_image(tmp_path / "out" / "a_anonymised.png").array.shape[:2] == (512, 512)
    assert sorted(p.name for p in source.iterdir()) == ["a.png", "b.png", "broken.png"]


def test_strength_and_margin_sliders_show_their_values(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = next(p for p in window.panels if p.spec.id == "faces")
    window.tabs.setCurrentWidget(panel)
    assert panel.strength_label.isVisible() and panel.strength_label.text() == "50 %"
    assert panel.margin_label.isVisible() and panel.margin_label.text() == "15 %"
    panel.strength.setFocus()
    QTest.keyClick(panel.strength, Qt.Key_PageUp)           # the keyboard moves it by 10
    assert panel.strength_label.text() == f"{panel.strength.value()} %" == "60 %"
    QTest.keyClick(panel.margin, Qt.Key_Home)
    assert panel.margin_label.text() == "0 %"


def test_same_person_with_another_photo_shows_both_chips_and_the_verdict(qtbot, window,
                                                                         test_data):
    people = test_data / "faces" / "people"
    panel = faces_panel(qtbot, window, people / "obama_480.jpg")
    box = panel.same_person
    assert box.model() == "sface" and not box.verdict.isVisible()
    panel.compare_with_photo(path=str(people / "obama2_480.jpg"))
    qtbot.waitUntil(lambda: panel.state.comparison is not None, timeout=120_000)
    result = panel.state.comparison
    assert result.same and result.chip_a.shape == (112, 112, 3)
    assert "same person" in box.verdict.text() and "obama2_480.jpg" in box.verdict.text()
    assert all(not chip.pixmap().isNull() and chip.isVisible() for chip in box.chips)

    # the next photo drops the answer: it was about faces no longer on screen
    panel = faces_panel(qtbot, window, people / "biden_480.jpg")
    assert panel.state.comparison is None and box.verdict.text() == ""
    assert not any(chip.isVisible() for chip in box.chips)
    box.model_box.setCurrentIndex(box.model_box.findData("dlib"))
    panel.compare_with_photo(box.model(), path=str(people / "obama_480.jpg"))
    qtbot.waitUntil(lambda: panel.state.comparison is not None, timeout=120_000)
    assert not panel.state.comparison.same and panel.state.comparison.verifier == "dlib"
    assert panel.state.comparison.chip_a.shape == (150, 150, 3)
    assert "different people" in box.verdict.text() and "distance" in box.verdict.text()


def test_same_person_needs_two_selected_faces(qtbot, window, tmp_path):
    from cvlab.tools.faces.samples import group_photo

    path = tmp_path / "group.png"
    Image.fromarray(group_photo()).save(path)
    panel = faces_panel(qtbot, window, path)
    panel.same_person.faces_button.click()          # nothing selected: a hint, no job
    assert panel.state.comparing is None
    # the collage pastes the same astronaut four times: two of her faces are one person
    astronauts = [i for i, f in enumerate(panel.faces) if f.width > 60][:2]
    for row in astronauts:
        panel.face_list.item(row).setSelected(True)
    panel.same_person.faces_button.click()
    qtbot.waitUntil(lambda: panel.state.comparison is not None, timeout=120_000)
    assert panel.state.comparison.same
    first, second = (r + 1 for r in astronauts)
    assert panel.state.comparison_label == f"Faces {first} and {second}"


def test_a_failed_comparison_leaves_no_old_answer_and_says_why(qtbot, window, test_data,
                                                               tmp_path):
    people = test_data / "faces" / "people"
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    panel = faces_panel(qtbot, window, people / "obama_480.jpg")
    assert not panel.same_person.faces_button.isEnabled()    # one face: nothing to pair
    panel.compare_with_photo(path=str(people / "obama2_480.jpg"))
    qtbot.waitUntil(lambda: panel.state.comparison is not None, timeout=120_000)
    panel.compare_with_photo(path=str(broken))
    assert panel.state.comparison is None                     # gone at once, not on failure
    qtbot.waitUntil(lambda: panel.state.comparing is None, timeout=120_000)
    assert panel.state.comparison is None and panel.same_person.verdict.text() == ""
    assert "broken.png is not an image" in window.notifications.current_text()
