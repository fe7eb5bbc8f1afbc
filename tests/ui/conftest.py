"""Shown views for the view tests (a real, exposed widget; pytest-qt closes it)."""

import pytest

from cvlab.ui.views import CompareView, ImageView


def _shown(qtbot, widget, width, height):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def view(qtbot):
    return _shown(qtbot, ImageView(), 400, 400)


@pytest.fixture
def compare(qtbot):
    return _shown(qtbot, CompareView(), 800, 600)
