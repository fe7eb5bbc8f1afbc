"""The live curves: loss and accuracy against the epoch, training and validation.

:class:`CurvePlots` keeps each metric's points and appends the new ones the panel polled
from the run (``append``), so a redraw costs one ``setData`` per curve and never re-reads
the run. A metric whose name says "acc" goes to the accuracy plot, any other to the loss
plot; validation curves are drawn dashed in a second colour. ``set_stale`` fades the curves
when they no longer belong to the settings on screen; ``show_previous`` draws the run before
in grey behind them.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.tools.training.demos import CURVE_TITLES

TRAIN_COLOR = (70, 150, 240)
VALIDATION_COLOR = (245, 150, 40)
STALE_ALPHA = 90            # curves of settings no longer on screen: faded
PREVIOUS_COLOR = (150, 150, 150)

# Final values that are not curves -> their words in the results table.
FINAL_TITLES = {
    "epochs_run": QT_TRANSLATE_NOOP("CurvePlots", "epochs run"),
    "best_epoch": QT_TRANSLATE_NOOP("CurvePlots", "best epoch (kept)"),
    "stopped_early": QT_TRANSLATE_NOOP("CurvePlots", "stopped early"),
    "gap": QT_TRANSLATE_NOOP("CurvePlots", "accuracy gap (training − validation)"),
    "grad_norm_first_layer": QT_TRANSLATE_NOOP("CurvePlots",
                                               "gradient norm, first layer (mean)"),
    "grad_norm_last_layer": QT_TRANSLATE_NOOP("CurvePlots", "gradient norm, last layer (mean)"),
    "initial_grad_norm_first_layer": QT_TRANSLATE_NOOP(
        "CurvePlots", "gradient norm, first layer, epoch 1"),
    "initial_grad_norm_last_layer": QT_TRANSLATE_NOOP(
        "CurvePlots", "gradient norm, last layer, epoch 1"),
    "output": QT_TRANSLATE_NOOP("CurvePlots", "output y at the last step"),
    "steps": QT_TRANSLATE_NOOP("CurvePlots", "steps"),
    "loss_after": QT_TRANSLATE_NOOP("CurvePlots", "loss after the last update"),
    "images": QT_TRANSLATE_NOOP("CurvePlots", "versions made"),
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
    color = VALIDATION_COLOR if is_validation(name) else TRAIN_COLOR
    if stale:  # faded, not grey: grey is the run before
        color = (*color, STALE_ALPHA)
    style = Qt.DashLine if is_validation(name) else Qt.SolidLine
    return pg.mkPen(color, width=2, style=style)


class CurvePlots(QWidget):
    """Loss and accuracy plots with legends, one above (or beside) the other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Legends where their curves seldom are: loss falls away from the top (the axis
        # keeps a quarter of headroom), accuracy rises away from the bottom.
        self.loss_plot = self._plot(self.tr("Loss"), legend_at=(-10, 10))
        self.accuracy_plot = self._plot(self.tr("Accuracy"), legend_at=(-10, -10))
        self.box = QBoxLayout(QBoxLayout.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.loss_plot, 1)
        self.box.addWidget(self.accuracy_plot, 1)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.epochs: dict[str, list[float]] = {}
        self.values: dict[str, list[float]] = {}
        self.redraws = 0   # setData rounds so far (tests count the updates per second)
        self.loss_top = None  # the loss axis's top while a run draws
        self.stale = False
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((230, 230, 230), width=1,
                                                             style=Qt.DotLine))
        self.marked = False  # whether the marker is on the loss plot
        self.previous_items: list = []  # (plot, curve) of the run before

    def _plot(self, title: str, legend_at: tuple[int, int]) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setTitle(title)
        plot.setLabel("bottom", self.tr("epoch"))
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.addLegend(offset=legend_at, brush=(0, 0, 0, 170))  # readable over a curve
        plot.setMinimumHeight(150)
        plot.getAxis("left").enableAutoSIPrefix(False)  # no "(x0.001)": values as they are
        return plot

    def set_side_by_side(self, side_by_side: bool) -> None:
        """Loss beside accuracy (the curves alone fill the tab) or above it (beside a
        picture)."""
        self.box.setDirection(QBoxLayout.LeftToRight if side_by_side
                              else QBoxLayout.TopToBottom)

    def set_x_title(self, text: str) -> None:
        """What a point is on the x axis: an epoch, or a step of one example."""
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.setLabel("bottom", text)

    def set_metrics(self, names) -> None:
        """Empty curves for the metrics ``names`` (a demo's ``curves``)."""
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.clear()  # removes the curves and their legend rows (and the marker)
        self.marked = False
        self.previous_items = []
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
        """No points. The axes then move as little as they can while a run draws (an axis
        that moves repaints its labels, two thirds of a redraw's cost): with ``epochs`` the
        x axis spans the whole run from the start; accuracy spans 0..1; the loss axis
        starts at 0 and grows in steps with headroom (:meth:`append`)."""
        self.set_metrics(list(self.curves))
        for plot in (self.loss_plot, self.accuracy_plot):
            if epochs:
                plot.setXRange(0, epochs, padding=0.02)
            else:
                plot.enableAutoRange(x=True)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.loss_plot.setYRange(0.0, 1.0, padding=0.02)
        self.loss_top = None

    def append(self, points) -> None:
        """Add ``points`` [(epoch, {metric: value})] and redraw the curves they touch."""
        touched, highest = set(), None  # highest: the largest new loss value
        if points and not self.point_count():  # the run's first points: what it reports
            self.show_plots_for(set(self.curves) & set(points[0][1]))
        for epoch, metrics in points:
            for name, value in metrics.items():
                if name in self.curves and value is not None:
                    self.epochs[name].append(float(epoch))
                    self.values[name].append(float(value))
                    touched.add(name)
                    if not is_accuracy(name) and (highest is None or value > highest):
                        highest = float(value)
        for name in touched:
            self.curves[name].setData(self.epochs[name], self.values[name])
        if touched:
            self.redraws += 1
            self._fit_loss_axis(highest)

    def _fit_loss_axis(self, highest: float | None) -> None:
        """Grow the loss axis by a quarter more than needed when a value passes its top."""
        if highest is not None and (self.loss_top is None or highest > self.loss_top):
            self.loss_top = max(highest, 1e-6) * 1.25
            self.loss_plot.setYRange(0.0, self.loss_top, padding=0.02)

    def show_previous(self, points) -> None:
        """The run before, grey and thin behind the current curves (None: none)."""
        for plot, item in self.previous_items:
            plot.removeItem(item)
        self.previous_items = []
        if not points:
            return
        named = set()
        for name in self.curves:
            epochs = [e for e, m in points if name in m]
            values = [m[name] for _, m in points if name in m]
            if not values:
                continue
            plot = self.accuracy_plot if is_accuracy(name) else self.loss_plot
            style = Qt.DashLine if is_validation(name) else Qt.SolidLine
            item = plot.plot(epochs, values, pen=pg.mkPen(PREVIOUS_COLOR, width=1, style=style),
                             name=None if plot in named else self.tr("the run before"))
            item.setZValue(-1)
            named.add(plot)
            self.previous_items.append((plot, item))
            if not is_accuracy(name):
                self._fit_loss_axis(max(values))

    def mark(self, x: float | None) -> None:
        """A vertical line on the loss plot at ``x`` (the step the diagram shows); None: none."""
        if x is None:
            if self.marked:
                self.loss_plot.removeItem(self.marker)
            self.marked = False
            return
        if not self.marked:
            self.loss_plot.addItem(self.marker, ignoreBounds=True)
            self.marked = True
        self.marker.setValue(x)

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
    """Per-layer gradient norms (log y), layer 1 nearest the input: the run's first epoch
    dashed, the latest solid, so the fading towards the input and its change show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabel("bottom", self.tr("layer (1 = nearest the input)"))
        self.setLabel("left", self.tr("gradient norm"))
        self.setLogMode(x=False, y=True)
        self.getAxis("left").enableAutoSIPrefix(False)
        self.showGrid(x=True, y=True, alpha=0.25)
        # Bottom right: below the norms, which grow towards the output.
        self.addLegend(offset=(-10, -10), brush=(0, 0, 0, 170))
        self.first = self.plot([], [], name=self.tr("first epoch"),
                               pen=pg.mkPen(PREVIOUS_COLOR, width=2, style=Qt.DashLine))
        self.latest = self.plot([], [], name=self.tr("latest epoch"),
                                pen=pg.mkPen(TRAIN_COLOR, width=2), symbol="o",
                                symbolSize=6, symbolBrush=TRAIN_COLOR)
        self.first_norms = None

    def show_norms(self, norms, epoch: int | None = None) -> None:
        """A run's per-layer norms now (None clears); the first ones shown stay dashed."""
        if norms is None:
            self.first_norms = None
            self.first.setData([], [])
            self.latest.setData([], [])
            self.setTitle(None)
            return
        values = [max(float(v), 1e-30) for v in norms]  # log y: no zero
        layers = list(range(1, len(values) + 1))
        if self.first_norms is None:
            self.first_norms = values
            self.first.setData(layers, values)
        self.latest.setData(layers, values)
        self.setTitle(self.tr("Gradient norm per layer, epoch {0}").format(epoch)
                      if epoch else self.tr("Gradient norm per layer"))
