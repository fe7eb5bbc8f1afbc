"""The block diagram of a network's stages, drawn with QPainter (one row per network).

The stages run left to right, joined by arrows. Each is a box whose height grows with the
logarithm of its MACs (one scale for every network shown, so two rows compare at a
glance), its output shape inside, its name above, and its parameters, MACs and receptive
field at its end below. Clicking a box chooses that stage (``stageClicked(network,
index)``; a click beside the boxes gives (-1, -1)); a tooltip gives the stage's figures in
full where a narrow box shortens them. ``box_rect(network, index)`` says where a box is
drawn (tests click it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cvlab.tools.nets.figures import (
    field_text,
    giga,
    millions,
    shape_text,
    short_giga,
    short_millions,
    totals_text,
)

MARGIN = 10
ARROW = 14           # the gap between two boxes, where the arrow is
ROW_GAP = 14         # between two networks' rows
BOX_FILL = QColor("#dbe8f6")
BOX_EDGE = QColor("#4a78a8")
CHOSEN_FILL = QColor("#ffd9a8")
CHOSEN_EDGE = QColor("#c46a00")


class StageDiagram(QWidget):
    stageClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)
        self._profiles: tuple = ()
        self._titles: tuple[str, ...] = ()
        self._selected: tuple | None = None
        self._message = ""
        self._boxes: list[tuple[int, int, QRectF]] = []

    # ----- what it shows --------------------------------------------------------------
    def set_profiles(self, profiles, titles) -> None:
        self._profiles, self._titles = tuple(profiles), tuple(titles)
        self.updateGeometry()
        self.update()

    def set_selected(self, selected: tuple | None) -> None:
        self._selected = selected
        self.update()

    def set_message(self, text: str) -> None:
        """Shown when there is no network to draw (measuring, or why not)."""
        self._message = text
        self.update()

    def message(self) -> str:
        return self._message

    def box_rect(self, network: int, index: int) -> QRectF | None:
        self._lay_out()
        return next((r for n, i, r in self._boxes if (n, i) == (network, index)), None)

    def minimumSizeHint(self):  # noqa: N802 (Qt naming)
        """As narrow as the widest figure allows (never cut short: the page scrolls)."""
        hint = super().minimumSizeHint()
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(text) for profile in self._profiles
                      for stage in profile.stages
                      for text in self._texts(stage) + stage.name.split()), default=60)
        stages = max((len(p.stages) for p in self._profiles), default=1)
        hint.setWidth(2 * MARGIN + stages * (widest + 8) + (stages - 1) * ARROW)
        hint.setHeight(max(1, len(self._profiles)) * (self._fixed_height() + 34))
        return hint

    def _texts(self, stage) -> list[str]:
        """The output shape (in the box), then its three facts (below it)."""
        return [shape_text(stage.output_shape),
                self.tr("params {0}").format(short_millions(stage.params)),
                self.tr("MACs {0}").format(short_giga(stage.macs)),
                self.tr("RF {0}").format(field_text(stage.receptive_field))]

    # ----- layout ---------------------------------------------------------------------
    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _fixed_height(self) -> int:
        """A row's height without its boxes: the title, two name lines, three fact lines."""
        return 6 * self._line() + 18 + ROW_GAP

    def _scale(self):
        """log10(MACs) -> 0..1, one scale for every stage shown."""
        logs = [math.log10(s.macs) for p in self._profiles for s in p.stages if s.macs > 0]
        low, high = (min(logs), max(logs)) if logs else (0.0, 1.0)
        span = max(high - low, 1e-9)
        return lambda macs: (math.log10(macs) - low) / span if macs > 0 else 0.0

    def _lay_out(self) -> list:
        """Each row's title rectangle and, per stage, its name, box and facts rectangles."""
        self._boxes = []
        if not self._profiles:
            return []
        rows, line = len(self._profiles), self._line()
        row_height = (self.height() - 2 * MARGIN) / rows
        box_area = max(line + 12, min(140, row_height - self._fixed_height()))
        shortest = max(line + 6, box_area * 0.28)
        scale = self._scale()
        layout = []
        content = self._fixed_height() + box_area
        for network, profile in enumerate(self._profiles):
            # each row's drawing centred in its share of the height
            top = MARGIN + network * row_height + max(0.0, (row_height - content) / 2)
            title = QRectF(MARGIN, top, self.width() - 2 * MARGIN, line + 4)
            count = max(1, len(profile.stages))
            column = (self.width() - 2 * MARGIN - (count - 1) * ARROW) / count
            names_top = title.bottom() + 6
            centre = names_top + 2 * line + 4 + box_area / 2
            stages = []
            for index, stage in enumerate(profile.stages):
                left = MARGIN + index * (column + ARROW)
                height = shortest + (box_area - shortest) * scale(stage.macs)
                box = QRectF(left, centre - height / 2, column, height)
                name = QRectF(left, names_top, column, 2 * line + 2)
                facts = QRectF(left, centre + box_area / 2 + 4, column, 3 * line + 2)
                stages.append((stage, name, box, facts))
                self._boxes.append((network, index, box))
            layout.append((profile, title, centre, stages))
        return layout

    # ----- painting -------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        text = self.palette().windowText().color()
        if not self._profiles:
            painter.setPen(text)
            painter.drawText(self.rect().adjusted(20, 20, -20, -20),
                             Qt.AlignCenter | Qt.TextWordWrap, self._message)
            return
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(self.font())
        for network, (profile, title, centre, stages) in enumerate(self._lay_out()):
            painter.setPen(text)
            painter.setFont(bold)
            name = self._titles[network] if network < len(self._titles) else profile.title
            painter.drawText(title, Qt.AlignLeft | Qt.AlignVCenter, metrics.elidedText(
                f"{name}  ·  {totals_text(profile)}", Qt.ElideRight, int(title.width())))
            for index, (stage, name_rect, box, facts) in enumerate(stages):
                chosen = self._selected == (network, index)
                painter.setFont(bold if chosen else self.font())
                painter.setPen(text)
                painter.drawText(name_rect, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap,
                                 stage.name)
                painter.setFont(self.font())
                painter.setPen(QPen(CHOSEN_EDGE if chosen else BOX_EDGE, 2.5 if chosen else 1.2))
                painter.setBrush(CHOSEN_FILL if chosen else BOX_FILL)
                painter.drawRoundedRect(box, 4, 4)
                painter.setPen(QColor("#1d2a38"))
                shape, *lines = self._texts(stage)
                painter.drawText(box, Qt.AlignCenter, metrics.elidedText(
                    shape, Qt.ElideRight, int(box.width()) - 4))
                painter.setPen(text)
                painter.drawText(facts, Qt.AlignHCenter | Qt.AlignTop, "\n".join(
                    metrics.elidedText(t, Qt.ElideRight, int(facts.width())) for t in lines))
                if index + 1 < len(stages):
                    self._arrow(painter, box.right() + 2, stages[index + 1][2].left() - 2,
                                centre, text)
        painter.end()

    @staticmethod
    def _arrow(painter: QPainter, start: float, end: float, y: float, pen_color) -> None:
        painter.setPen(QPen(pen_color, 1.4))
        painter.drawLine(QPointF(start, y), QPointF(end - 5, y))
        head = QPainterPath()
        head.addPolygon(QPolygonF([QPointF(end, y), QPointF(end - 6, y - 4),
                                   QPointF(end - 6, y + 4)]))
        painter.fillPath(head, pen_color)

    # ----- interaction ----------------------------------------------------------------
    def _hit(self, point) -> tuple[int, int] | None:
        self._lay_out()
        return next(((n, i) for n, i, r in self._boxes if r.contains(point)), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.button() == Qt.LeftButton:
            hit = self._hit(event.position())
            self.stageClicked.emit(*(hit if hit is not None else (-1, -1)))
        super().mousePressEvent(event)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            hit = self._hit(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._stage_tip(*hit), self)
            return True
        return super().event(event)

    def _stage_tip(self, network: int, index: int) -> str:
        stage = self._profiles[network].stages[index]
        return self.tr("{0}: {1} layers, output {2}, {3} parameters, {4} MACs, receptive "
                       "field {5}; click to list its layers").format(
            stage.name, stage.count, shape_text(stage.output_shape), millions(stage.params),
            giga(stage.macs), field_text(stage.receptive_field))
