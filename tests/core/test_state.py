from dataclasses import dataclass, field

import numpy as np
import pytest

from cvlab.core.state import Notifier, StateModel


@dataclass(eq=False)
class Example(StateModel):
    scale: int = 4
    image: np.ndarray | None = None
    names: list[str] = field(default_factory=list)


def _recorder(model):
    seen = []
    model.changed.connect(lambda name, value: seen.append((name, value)))
    return seen


def test_a_field_set_notifies_once_and_only_when_the_value_changes():
    model = Example()
    seen = _recorder(model)
    model.scale = 2
    model.scale = 2
    assert seen == [("scale", 2)] and model.scale == 2


def test_update_sets_everything_before_notifying():
    model = Example()
    views = []
    model.changed.connect(lambda name, value: views.append((name, model.scale, model.names)))
    model.update(scale=3, names=["a"])
    assert views == [("scale", 3, ["a"]), ("names", 3, ["a"])]


def test_arrays_compare_by_identity():
    a = np.zeros((2, 2))
    model = Example(image=a)
    seen = _recorder(model)
    model.image = a
    model.image = a.copy()              # equal values, a new image: that is a change
    assert [name for name, _ in seen] == ["image"]


def test_unknown_fields_are_refused():
    model = Example()
    with pytest.raises(AttributeError, match="scael"):
        model.scael = 2
    with pytest.raises(AttributeError):
        model.update(nope=1)


def test_models_do_not_share_notifiers_and_can_disconnect():
    first, second = Example(), Example()
    seen = _recorder(first)
    second.scale = 1
    assert seen == []
    notifier, calls = Notifier(), []
    notifier.connect(calls.append)
    notifier.emit(1)
    notifier.disconnect(calls.append)
    notifier.emit(2)
    assert calls == [1]
