"""The live curves: loss and accuracy against the epoch, training and validation.

:class:`CurvePlots` keeps each metric's points and appends the new ones the panel polled
from the run (``append``), so a redraw costs one ``setData`` per curve and never re-reads
the run. A metric whose name says "acc" goes to the accuracy plot, any other to the loss
plot; validation curves are drawn dashed in a second colour. ``set_stale`` greys the curves
when they no longer belong to the settings on screen.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.tools.training.demos import CURVE_TITLES

TRAIN_COLOR = (70, 150, 240)
VALIDATION_COLOR = (245, 150, 40)
STALE_COLOR = (120, 120, 120)

# Final values that are not curves -> their words in the results table.
FINAL_TITLES = {
    "epochs_run": QT_TRANSLATE_NOOP("CurvePlots", "epochs run"),
    "best_epoch": QT_TRANSLATE_NOOP("CurvePlots", "best epoch (kept)"),
    "stopped_early": QT_TRANSLATE_NOOP("CurvePlots", "stopped early"),
    "gap": QT_TRANSLATE_NOOP("CurvePlots", "accuracy gap (training − validation)"),
}


def metric_title(name: str) -> str:
    """A curve's or a final value's words (a name without any is shown as it is)."""
    if name in CURVE_TITLES:
        return translate("TrainingDemos", CURVE_TITLES[name])
    return translate("CurvePlots", FINAL_TITLES[name]) if name in FINAL_TITLES else name


def is_accuracy(name: str) -> bool:
    return "acc" in name


def is_validation(name: str) -> bool:
    return name.startswith("val") or "_val" in name or "test" in name


def metric_pen(name: str, stale: bool = False):
    color = STALE_COLOR if stale else VALIDATION_COLOR if is_validation(name) else TRAIN_COLOR
    style = Qt.DashLine if is_validation(name) else Qt.SolidLine
    return pg.mkPen(color, width=2, style=style)


class CurvePlots(QWidget):
    """Loss and accuracy plots, one above the other, with legends."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = self._plot(self.tr("Loss"))
        self.accuracy_plot = self._plot(self.tr("Accuracy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.accuracy_plot)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.epochs: dict[str, list[float]] = {}
        self.values: dict[str, list[float]] = {}
        self.redraws = 0   # setData rounds so far (tests count the updates per second)
        self.stale = False

    def _plot(self, title: str) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setTitle(title)
        plot.setLabel("bottom", self.tr("epoch"))
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.addLegend(offset=(-10, 10), brush=(0, 0, 0, 170))  # readable over a curve
        plot.setMinimumHeight(150)
        return plot

    def set_metrics(self, names) -> None:
        """Empty curves for the metrics ``names`` (a demo's ``curves``)."""
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.clear()  # removes the curves and their legend rows
        self.curves.clear()
        self.epochs = {name: [] for name in names}
        self.values = {name: [] for name in names}
        for name in names:
            plot = self.accuracy_plot if is_accuracy(name) else self.loss_plot
            self.curves[name] = plot.plot([], [], pen=metric_pen(name, self.stale),
                                          name=metric_title(name))
        self.show_plots_for(names)

    def show_plots_for(self, names) -> None:
        """Only the plots that curves ``names`` go to (the regression curve has no accuracy)."""
        self.accuracy_plot.setVisible(any(is_accuracy(n) for n in names))
        self.loss_plot.setVisible(any(not is_accuracy(n) for n in names))

    def clear(self, epochs: int | None = None) -> None:
        """No points; with ``epochs``, the x axis spans the run to come from the start, so
        the axes stay put while it draws (a moving axis repaints every tick)."""
        self.set_metrics(list(self.curves))
        for plot in (self.loss_plot, self.accuracy_plot):
            if epochs:
                plot.setXRange(0, epochs, padding=0.02)
            else:
                plot.enableAutoRange(x=True)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)

    def append(self, points) -> None:
        """Add ``points`` [(epoch, {metric: value})] and redraw the curves they touch."""
        touched = set()
        if points and not self.point_count():  # the run's first points: what it reports
            self.show_plots_for(set(self.curves) & set(points[0][1]))
        for epoch, metrics in points:
            for name, value in metrics.items():
                if name in self.curves and value is not None:
                    self.epochs[name].append(float(epoch))
                    self.values[name].append(float(value))
                    touched.add(name)
        for name in touched:
            self.curves[name].setData(self.epochs[name], self.values[name])
        if touched:
            self.redraws += 1

    def point_count(self) -> int:
        return sum(len(v) for v in self.values.values())

    def set_stale(self, stale: bool) -> None:
        """Grey curves: they come from settings other than those on screen now."""
        if stale == self.stale:
            return
        self.stale = stale
        for name, curve in self.curves.items():
            curve.setPen(metric_pen(name, stale))


class GradientNormPlot(pg.PlotWidget):
    """Per-layer gradient norms (log y), first layer on the left, one curve per network."""

    PENS = ((70, 150, 240), (245, 150, 40), (90, 200, 110), (220, 80, 200))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Gradient norm per layer"))
        self.setLabel("bottom", self.tr("layer (1 = nearest the input)"))
        self.setLabel("left", self.tr("gradient norm"))
        self.setLogMode(x=False, y=True)
        self.showGrid(x=True, y=True, alpha=0.25)
        self.addLegend(offset=(-10, 10))

    def show_norms(self, norms) -> None:
        """``norms``: a sequence of per-layer norms, or {name: sequence} for several nets."""
        self.clear()
        if norms is None:
            return
        series = norms.items() if isinstance(norms, dict) else [("", norms)]
        for i, (name, values) in enumerate(series):
            values = [max(float(v), 1e-30) for v in values]  # log y: no zero
            self.plot(list(range(1, len(values) + 1)), values, name=name or None,
                      pen=pg.mkPen(self.PENS[i % len(self.PENS)], width=2), symbol="o",
                      symbolSize=6, symbolBrush=self.PENS[i % len(self.PENS)])
