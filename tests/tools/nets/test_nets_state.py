"""The Networks tab's state without a window: what it shows always belongs to what is chosen."""

import numpy as np
import pytest

from cvlab.tools.nets import state as nets
from cvlab.tools.nets.features import FeatureMaps, channel_grid
from cvlab.tools.nets.figures import comparison_rows, depth, field_summary, giga, short_millions
from cvlab.tools.nets.table import LayerRow, Profile, Stage


def fake_profile(arch: str, params: int = 1000, macs: int = 5000) -> Profile:
    rows = (LayerRow("conv1", "Conv2d", (8, 16, 16), params // 2, macs // 2, True, 3),
            LayerRow("relu", "ReLU", (8, 16, 16), 0, 0, True, 3),
            LayerRow("down", "Conv2d", (8, 8, 8), 0, 0, False, 3),
            LayerRow("fc", "Linear", (10,), params - params // 2, macs - macs // 2, True, None))
    stages = (Stage("stem", 0, 3, (8, 16, 16), params // 2, macs // 2, 3),
              Stage("head", 3, 1, (10,), params - params // 2, macs - macs // 2, None))
    return Profile(arch, arch, (3, 32, 32), (10,), rows, stages, params, macs, "meta")


def test_a_new_choice_clears_the_old_measurement_and_stale_results_are_dropped():
    s = nets.NetsState()
    first = nets.measure_again(s)
    assert first == 1 and s.measuring == 1 and s.profiles == ()
    second = nets.choose_arch(s, "resnet18")  # asked again before the first came back
    assert not nets.measured(s, first, (fake_profile("resnet50"),))
    assert s.profiles == ()
    assert nets.measured(s, second, (fake_profile("resnet18"),))
    assert s.measuring is None and s.profiles[0].arch == "resnet18"
    nets.select_stage(s, 0, 1)
    assert s.selected == (0, 1) and [r.name for r in nets.table_rows(s)] == ["fc"]
    nets.choose_input(s, 160)
    assert s.profiles == () and s.selected is None and nets.table_rows(s) == ()


def test_comparison_measures_two_networks_and_none_or_the_same_measures_one():
    s = nets.NetsState()
    nets.choose_compare(s, "mobilenet_v2")
    assert nets.chosen(s) == ("resnet50", "mobilenet_v2")
    nets.choose_compare(s, "resnet50")
    assert nets.chosen(s) == ("resnet50",)
    nets.choose_compare(s, None)
    assert nets.chosen(s) == ("resnet50",)


def test_an_input_that_does_not_fit_is_one_sentence_and_nothing_is_measured():
    s = nets.NetsState()
    assert nets.choose_arch(s, "vit_b_16") is not None
    assert nets.choose_input(s, 100) is None
    assert s.problem == "ViT-B/16 needs an input side that is a multiple of 16 pixels."
    assert s.profiles == () and s.measuring is None
    assert nets.choose_input(s, 48) is not None and s.problem == ""
    assert nets.choose_arch(s, "alexnet") is None  # 48 fits ViT, not AlexNet's 63
    assert s.problem == "AlexNet needs an input of at least 63×63 pixels."
    assert nets.choose_input(s, 224) is not None and s.problem == ""
    assert nets.choose_input(s, 5) is None and s.input_size == nets.MIN_INPUT


def test_a_stage_selection_outside_the_profile_selects_nothing():
    s = nets.NetsState()
    request = nets.measure_again(s)
    nets.measured(s, request, (fake_profile("resnet50"),))
    nets.select_stage(s, 1, 0)   # no second network
    assert s.selected is None
    nets.select_stage(s, 0, 7)
    assert s.selected is None and len(nets.table_rows(s)) == 4


def test_feature_maps_belong_to_the_photo_model_and_layer():
    s = nets.NetsState()
    assert nets.needs_feature_model(s)
    assert nets.choose_feature_model(s, "mobilenet_v2")  # the first load
    filters = np.zeros((10, 10, 3), np.uint8)
    layers = tuple(f"features.{i}" for i in range(19))
    assert nets.maps_requested(s) is None              # no layers yet, no photo
    assert nets.feature_model_loaded(s, "mobilenet_v2", layers, filters)
    assert s.feature_layer == "features.0"
    assert nets.maps_requested(s) is None              # no photo
    photo = np.zeros((20, 30, 3), np.uint8)
    nets.open_photo(s, "/photos/cat.png", photo)
    request = nets.maps_requested(s)
    maps = FeatureMaps("mobilenet_v2", "features.0", np.ones((32, 4, 6), np.float32), layers,
                       (224, 336))
    assert nets.maps_done(s, request, maps) and s.maps is maps
    nets.choose_layer(s, "features.3")
    assert s.maps is None                               # the old layer's maps go at once
    late = nets.maps_requested(s)
    assert not nets.maps_done(s, late, maps)            # maps of another layer are not shown
    again = nets.maps_requested(s)
    nets.maps_failed(s, late)
    assert s.maps_busy == again                          # a stale failure changes nothing
    assert nets.choose_feature_model(s, "efficientnet_lite0")
    assert s.filters is None and s.feature_layers == () and s.maps is None
    assert not nets.feature_model_loaded(s, "mobilenet_v2", layers, filters)  # stale load
    with pytest.raises(ValueError):
        nets.choose_feature_model(s, "resnet50")


def test_figures_read_as_the_course_writes_them():
    a, b = fake_profile("a", 25_557_032, 4_089_184_256), fake_profile("b", 3_504_872, 300_774_272)
    assert depth(a) == 2 and field_summary(a) == "3 px, then the whole input"
    assert giga(4_089_184_256) == "4.09 G" and giga(2_048_000) == "0.00205 G"
    assert short_millions(14_157_824) == "14.2 M" and short_millions(928) == "0.001 M"
    rows = {what: rest for what, *rest in comparison_rows(a, b)}
    assert rows["Parameters"] == ["25.56 M", "3.50 M", "×0.14"]
    assert rows["Multiply-adds (MACs)"] == ["4.09 G", "0.301 G", "×0.07"]


def test_channel_grid_tiles_each_channel_on_its_own_scale():
    maps = np.stack([np.full((4, 6), 5.0), np.arange(24.0).reshape(4, 6), -np.ones((4, 6))])
    maps = maps.astype(np.float32)
    grid = channel_grid(maps, 64, gap=2)
    assert grid.dtype == np.uint8 and grid.shape == (2 * 4 + 2, 2 * 6 + 2, 3)
    ramp = grid[0:4, 8:14]
    assert ramp[0, 0].sum() < ramp[3, 5].sum()          # low to high, inferno dark to bright
    assert (grid[0:4, 0:6] == grid[0, 0]).all()          # a constant channel is one colour
    assert channel_grid(maps, 1).shape == (4, 6, 3)
