"""The Inspect tab's rules, on its state model and controller alone: no window, no worker."""

import numpy as np
import pytest

from cvlab.core.images import LoadedImage
from cvlab.tools.inspect.state import InspectController, InspectState, cursor_text, image_facts
from cvlab.tools.inspect.stats import histogram, image_stats


def loaded(path="a.png", array=None, **kw):
    array = np.zeros((30, 40, 3), np.uint8) if array is None else array
    values = {"format": "PNG", "source_mode": "RGB", "bit_depth": 8, "exif_transposed": False}
    values.update(kw)
    return LoadedImage(array=array, path=path, **values)


def payload(image):
    return image, image_stats(image.array), histogram(image.array)


@pytest.fixture
def tab():
    state = InspectState()
    return state, InspectController(state)


def test_facts_name_file_format_size_array_storage_and_exif():
    facts = image_facts(loaded(array=np.zeros((30, 40), np.uint16), format="TIFF",
                               source_mode="I;16", bit_depth=16, exif_transposed=True))
    assert facts == {"file": "a.png", "format": "TIFF", "size": "40 × 30 px",
                     "type": "uint16, 1 channel(s), shape (30, 40)", "mode": "I;16, 16-bit",
                     "exif": "applied (rotated upright)"}
    assert image_facts(loaded(format=""))["format"] == "?"
    assert image_facts(loaded())["exif"] == "none"


def test_an_open_shows_facts_stats_and_histogram_of_that_image(tab):
    state, controller = tab
    request = controller.open_requested()
    assert state.opening == request
    image = loaded(array=np.full((30, 40, 3), 7, np.uint8))
    assert controller.opened(request, *payload(image))
    assert state.loaded is image and state.path == "a.png" and state.opening is None
    assert state.facts["size"] == "40 × 30 px"
    assert [s.name for s in state.stats] == ["R", "G", "B"]
    assert state.stats[0].maximum == 7
    counts, edges = state.histogram
    assert len(counts) == 3


def test_a_new_image_replaces_everything_and_clears_the_readout(tab):
    state, controller = tab
    controller.opened(controller.open_requested(), *payload(loaded()))
    controller.cursor_moved(3, 4, np.array([1, 2, 3]))
    assert state.cursor == "(3, 4) = [1, 2, 3]"
    gray = loaded("b.png", np.full((10, 10), 200, np.uint8))
    controller.opened(controller.open_requested(), *payload(gray))
    assert state.cursor is None
    assert state.facts["file"] == "b.png" and state.facts["type"].startswith("uint8, 1 ")
    assert [s.name for s in state.stats] == ["gray"] and len(state.histogram[0]) == 1


def test_a_failed_open_keeps_the_image_shown(tab):
    state, controller = tab
    first = loaded()
    controller.opened(controller.open_requested(), *payload(first))
    broken = controller.open_requested()
    controller.open_ended(broken)
    assert state.loaded is first and state.facts["file"] == "a.png" and state.opening is None


def test_the_result_of_an_older_open_is_ignored(tab):
    state, controller = tab
    older = controller.open_requested()
    newer = controller.open_requested()
    assert not controller.opened(older, *payload(loaded("old.png")))
    assert state.loaded is None and state.opening == newer
    controller.open_ended(older)                 # the newer one still runs
    assert state.opening == newer
    assert controller.opened(newer, *payload(loaded("new.png")))
    assert state.path == "new.png"


def test_the_readout_clears_off_the_image_and_when_the_cursor_leaves(tab):
    state, controller = tab
    controller.cursor_moved(1, 1, [5])           # nothing opened: no readout
    assert state.cursor is None
    controller.opened(controller.open_requested(), *payload(loaded()))
    controller.cursor_moved(1, 2, [5, 6, 7])
    assert state.cursor == "(1, 2) = [5, 6, 7]"
    controller.cursor_moved(100, 2, None)        # off the image
    assert state.cursor is None
    controller.cursor_moved(1, 2, [5, 6, 7])
    controller.cursor_left()
    assert state.cursor is None
    assert cursor_text(0, 0, np.float32(0.5)) == "(0, 0) = 0.5"


def test_changes_are_announced_in_an_order_the_views_can_follow(tab):
    state, controller = tab
    seen = []
    state.changed.connect(lambda name, value: seen.append(name))
    controller.opened(controller.open_requested(), *payload(loaded()))
    # the histogram is drawn with the channel names of the stats: stats come first
    assert seen.index("stats") < seen.index("histogram")
    assert seen.index("loaded") < seen.index("facts")
