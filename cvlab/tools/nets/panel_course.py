"""Two pages of the Networks tab that are tables of totals: the comparison of two networks
and the course's ResNet table beside ours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.tools.nets.figures import comparison_rows, millions


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows, right: frozenset[int]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, item)


def _fit_height(table: QTableWidget) -> None:
    """Every row shown, the table no taller than that (the page scrolls, not the table)."""
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2)


class ComparisonView(QWidget):
    """The totals of two networks side by side, with the second's over the first's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(self.tr("Choose a second network under \u201cCompare with\u201d to "
                                   "see the two side by side."))
        self.hint.setWordWrap(True)
        self.table = _table(4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.show_profiles((), ())

    def show_profiles(self, profiles, titles) -> None:
        if len(profiles) < 2:
            self.table.hide()
            self.hint.show()
            self.table.setRowCount(0)
            return
        self.hint.hide()
        self.table.show()
        first, second = titles[0], titles[1]
        self.table.setHorizontalHeaderLabels(
            ["", first, second, self.tr("{0} ÷ {1}").format(second, first)])
        _fill(self.table, comparison_rows(*profiles), frozenset({1, 2, 3}))
        _fit_height(self.table)

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


class CourseView(QWidget):
    """The course's ResNet table (He et al. 2015, Table 1) beside ours, both variants."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(self.tr(
            "The course's table gives ResNet-18/34/50/101/152 at 224×224 input as 1.8, 3.6, "
            "3.8, 7.6 and 11.3 ×10⁹ \u201cFLOPs\u201d: multiply-adds, which is what this tab "
            "counts. Ours are measured now, for the paper's network and for torchvision's."))
        intro.setWordWrap(True)
        self.status = QLabel()
        self.table = _table(7)
        self.table.setHorizontalHeaderLabels([
            self.tr("Network"), self.tr("Parameters"), self.tr("Course (×10⁹)"),
            self.tr("Ours, paper variant (×10⁹)"), self.tr("Difference"),
            self.tr("Ours, torchvision (×10⁹)"), self.tr("Difference")])
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.retry = QPushButton(self.tr("Measure again"))
        self.retry.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(self.explanation)
        layout.addWidget(self.retry, 0, Qt.AlignLeft)
        layout.addStretch(1)
        self.show_rows((), "", busy=False)

    def show_rows(self, rows, explanation: str, busy: bool) -> None:
        self.retry.setVisible(not rows and not busy)
        self.status.setVisible(busy)
        self.status.setText(self.tr("Measuring the five ResNets in both variants…"))
        self.table.setVisible(bool(rows))
        _fill(self.table, [
            [f"ResNet-{r.depth}", millions(r.params), f"{r.course_macs / 1e9:.1f}",
             f"{r.paper_macs / 1e9:.2f}", f"{r.paper_difference:+.1%}",
             f"{r.torchvision_macs / 1e9:.2f}", f"{r.torchvision_difference:+.1%}"]
            for r in rows], frozenset(range(1, 7)))
        _fit_height(self.table)
        self.explanation.setText(explanation)

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
