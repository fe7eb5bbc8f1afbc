"""Guards against a known PySide6 defect that kills the app after a few hundred signals.

PySide6 6.12.0 on CPython 3.11 returns True from SignalInstance.emit() without taking a
reference, so every emit steals one and Python aborts ("bool_dealloc") once True's count
reaches zero. 6.11.3 (pinned) does not; this test fails if a version with the bug returns.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    values = Signal(float, float)


def test_emitting_signals_keeps_the_reference_count_of_true():
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(300):
        emitter.plain.emit()
        emitter.values.emit(0.0, 1.0)
    assert sys.getrefcount(True) >= before - 5
