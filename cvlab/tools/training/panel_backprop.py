"""The back-propagation diagram: the demo's 2-2-1 network drawn with QPainter, walked
through one gradient-descent step at a time, one phase at a time.

The walk over a run's history (``backprop.Network`` per step) has :data:`PHASES` phases a
step: the inputs; the hidden layer's forward values; the output and the loss; the output's
error term δ and the gradients on the hidden→output edges; the hidden δs and the gradients
on the input→hidden edges (the chain rule); the update of every weight. Each phase shows
what has been computed so far and no more. An edge's gradient is green when the update
raises its weight (∂L/∂w < 0) and red when it lowers it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

PHASES = 6  # inputs, hidden, output + loss, output δ, hidden δ, update
EDGE_COLOR = QColor(150, 150, 150)
RAISE_COLOR = QColor(30, 140, 60)
LOWER_COLOR = QColor(200, 50, 50)
NODE_COLOR = QColor(235, 238, 245)
DONE_COLOR = QColor(255, 228, 170)   # a node whose forward value is computed
BACK_COLOR = QColor(200, 225, 255)   # ... and whose δ is


def walk_position(walk: int) -> tuple[int, int]:
    """(index of the step in the history, phase) of walk position ``walk``."""
    return walk // PHASES, walk % PHASES


class NetworkDiagram(QWidget):
    """Draws one ``backprop.Network`` at one phase (and the weights the update leads to)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = None
        self.next_weights = None
        self.phase = 0
        self.setMinimumSize(260, 220)  # it scales its drawing; a small window still fits

    def show_phase(self, network, phase: int, next_weights=None) -> None:
        self.network, self.phase, self.next_weights = network, phase, next_weights
        self.update()

    def centres(self) -> list[list[QPointF]]:
        """Node centres: inputs, hidden, output, in columns across the widget."""
        w, h = self.width(), self.height()
        columns = (0.12, 0.5, 0.82)
        rows = ((0.28, 0.72), (0.22, 0.78), (0.5,))
        # In a narrow view the outer columns keep room for a node and its labels.
        xs = (max(w * columns[0], 42.0), w * columns[1], min(w * columns[2], w - 48.0))
        return [[QPointF(x, h * y) for y in ys] for x, ys in zip(xs, rows)]

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self.network is None:
            return
        net, phase = self.network, self.phase
        radius = min(max(min(self.width(), self.height()) / 16, 18.0), 34.0)
        inputs, hidden, output = self.centres()
        # (from, to, where along, weight, gradient, gradient reached, weight after update)
        edges = []
        for j, h in enumerate(hidden):
            for i, x in enumerate(inputs):
                edges.append((x, h, 0.25, net.weights.hidden[j, i], net.grad.hidden[j, i],
                              phase >= 4, self._next("hidden", (j, i))))
            edges.append((h, output[0], 0.5, net.weights.out[j], net.grad.out[j], phase >= 3,
                          self._next("out", j)))
        for a, b, _where, _weight, gradient, reached, _after in edges:
            painter.setPen(QPen(self._edge_color(gradient, reached), 2.0))
            painter.drawLine(a, b)
        # Nodes: value once forward reached them, δ once backward did.
        for i, centre in enumerate(inputs):
            self._node(painter, centre, radius, f"x{i + 1}", net.inputs[i], True, [])
        for j, centre in enumerate(hidden):
            below = [f"b = {net.weights.hidden_bias[j]:.3f}"]
            if phase >= 1:
                below.insert(0, f"z = {net.hidden_pre[j]:.3f}")
            if phase >= 4:
                below.append(f"δ = {net.delta_hidden[j]:.4f}")
            self._node(painter, centre, radius, f"h{j + 1}", net.hidden[j], phase >= 1, below,
                       phase >= 4)
        below = [f"b = {net.weights.out_bias:.3f}"]
        if phase >= 2:
            below = [f"z = {net.output_pre:.3f}", *below,
                     f"t = {net.target:.3f}", f"L = {net.loss:.5f}"]
        if phase >= 3:
            below.append(f"δ = {net.delta_out:.4f}")
        self._node(painter, output[0], radius, "y", net.output, phase >= 2, below, phase >= 3)
        # Edge labels last, on top, along the part of each edge between the two circles.
        for a, b, where, weight, gradient, reached, after in edges:
            d = b - a
            unit = d / max(math.hypot(d.x(), d.y()), 1e-9)
            start, end = a + unit * radius, b - unit * radius
            lines = [f"w = {weight:.3f}"]
            if reached:
                lines.append(f"∂L/∂w = {gradient:.4f}")
            if after is not None:
                lines.append(f"→ {after:.3f}")
            self._text_box(painter, start + (end - start) * where, lines,
                           self._edge_color(gradient, reached) if reached else None)

    def _next(self, layer: str, index):
        """The weight after this step's update, shown in the update phase."""
        if self.next_weights is None:
            return None
        return float(getattr(self.next_weights, layer)[index])

    @staticmethod
    def _edge_color(gradient: float, reached: bool) -> QColor:
        if not reached:
            return EDGE_COLOR
        return RAISE_COLOR if gradient < 0 else LOWER_COLOR

    def _node(self, painter, centre, radius, name, value, reached, below, backward=False):
        painter.setPen(QPen(self.palette().text().color(), 1.5))
        painter.setBrush(BACK_COLOR if backward else DONE_COLOR if reached else NODE_COLOR)
        painter.drawEllipse(centre, radius, radius)
        painter.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius,
                                2 * radius), Qt.AlignCenter,
                         f"{name}\n{value:.3f}" if reached else name)
        if below:
            height = painter.fontMetrics().height() * len(below)
            self._text_box(painter, QPointF(centre.x(), centre.y() + radius + 4 + height / 2),
                           below)

    def _text_box(self, painter, centre, lines, color=None):
        metrics = painter.fontMetrics()
        width = max(metrics.horizontalAdvance(line) for line in lines) + 8
        height = metrics.height() * len(lines) + 4
        box = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        painter.setPen(Qt.NoPen)
        painter.setBrush(self.palette().base())
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(color or self.palette().text().color())
        painter.drawText(box, Qt.AlignCenter, "\n".join(lines))


class BackpropView(QWidget):
    """The diagram, the Step button and one sentence on what this phase computes."""

    stepPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = NetworkDiagram()
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("The next phase of the forward pass, the "
                                            "backward pass or the update"))
        self.step_button.clicked.connect(self.stepPressed.emit)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.step_button)
        row.addWidget(self.explanation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.diagram, 1)
        layout.addLayout(row)
        self.history: tuple = ()
        self.network_step = None

    def shown_step(self) -> int | None:
        """The gradient-descent step the diagram shows (1 = the first); None: none."""
        return self.network_step

    def step_count(self) -> int:
        """Positions of the walk: every phase of every step of the run so far."""
        return len(self.history) * PHASES

    def show_network(self, history, walk: int, after=None) -> None:
        """Position ``walk`` of the walk over ``history`` (a run's ``backprop.Network``s;
        ``after``: the network the last update leads to). None: nothing to show."""
        self.history = tuple(history or ())
        self.step_button.setEnabled(bool(self.history))
        if not self.history:
            self.network_step = None
            self.diagram.show_phase(None, 0)
            self.explanation.clear()
            return
        index, phase = walk_position(min(walk, self.step_count() - 1))
        network = self.history[index]
        self.network_step = network.step
        following = (self.history[index + 1] if index + 1 < len(self.history) else after)
        next_weights = following.weights if phase == PHASES - 1 and following else None
        self.diagram.show_phase(network, phase, next_weights)
        self.explanation.setText(self.tr("Step {0} of {1}: {2}").format(
            index + 1, len(self.history), self.phase_text(phase)))

    def phase_text(self, phase: int) -> str:
        return (
            self.tr("the inputs x1, x2."),
            self.tr("forward, z = w·x + b and h = σ(z) for each hidden unit."),
            self.tr("forward, the output y = σ(z) and the loss L = ½ (y − t)²."),
            self.tr("backward, the output's δ = (y − t)·y(1 − y); each gradient on its edges "
                    "is δ × h."),
            self.tr("backward, by the chain rule each hidden δ = δ_out·w·h(1 − h); each "
                    "gradient on its edges is δ × x."),
            self.tr("update, every weight moves by −learning rate × ∂L/∂w (green: up, red: "
                    "down)."),
        )[phase]
