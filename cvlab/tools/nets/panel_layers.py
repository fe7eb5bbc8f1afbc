"""The layer table: every layer as it runs (or one stage's), sortable, with its totals.

``LayerTableModel`` holds the rows (a ``table.LayerRow`` each, with its place in the
whole network); the view sorts through a proxy on each column's number (``Qt.UserRole``),
so parameters and MACs sort as numbers and "#" brings the running order back.
``LayerTable`` is the view, the line above it (which network, which stage) with the button
that shows every layer again, and the totals line below.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cvlab.tools.nets.figures import count_text, field_text, giga, millions, shape_text

NUMBER, NAME, TYPE, OUTPUT, PARAMS, MACS, FIELD = range(7)


class LayerTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []          # LayerRow
        self._first = 0                # the first row's index in the whole network

    def set_rows(self, rows, first: int = 0) -> None:
        self.beginResetModel()
        self._rows, self._first = list(rows), first
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent is not None and parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 (Qt naming)
        if orientation != Qt.Horizontal or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        if role == Qt.ToolTipRole:
            return {MACS: self.tr("Multiply-adds: one multiplication and one addition each"),
                    FIELD: self.tr("The main path's receptive field after this layer (a "
                                   "shortcut's layers are a side branch)")}.get(section)
        return (self.tr("#"), self.tr("Layer"), self.tr("Type"), self.tr("Output"),
                self.tr("Parameters"), self.tr("MACs"), self.tr("Receptive field"))[section]

    def _field(self, row) -> str:
        if row.type == "Parameter":
            return ""
        return field_text(row.receptive_field) if row.main else self.tr("branch")

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (str(self._first + index.row() + 1), row.name, row.type,
                    shape_text(row.output_shape), count_text(row.params),
                    count_text(row.macs), self._field(row))[column]
        if role == Qt.UserRole:  # what a column sorts by
            field = row.receptive_field if row.main else -1
            return (self._first + index.row(), row.name, row.type,
                    _elements(row.output_shape), row.params, row.macs,
                    float("inf") if field is None else field)[column]
        if role == Qt.ToolTipRole and column == NAME:  # a narrow column cuts long names
            return row.name
        if role == Qt.TextAlignmentRole and column in (NUMBER, PARAMS, MACS, FIELD):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


def _elements(shape) -> int:
    count = 1
    for n in shape:
        count *= n
    return count if shape else 0


class LayerTable(QWidget):
    showAll = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LayerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(NUMBER, Qt.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.all_button = QPushButton(self.tr("Show every layer"))
        self.all_button.setToolTip(self.tr("Undo the choice of a stage in the diagram"))
        self.all_button.clicked.connect(self.showAll)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)

    def show_rows(self, profile, title: str, stage=None) -> None:
        """``profile``'s rows (only ``stage``'s when given), or nothing when None."""
        if profile is None:
            self.model.set_rows(())
            self.heading.setText("")
            self.totals.setText("")
            self.all_button.setEnabled(False)
            return
        rows = profile.stage_rows(stage) if stage is not None else profile.rows
        self.model.set_rows(rows, stage.first if stage is not None else 0)
        self.all_button.setEnabled(stage is not None)
        if stage is None:
            self.heading.setText(self.tr("{0}: every layer in the order it runs ({1})").format(
                title, len(rows)))
            self.totals.setText(self.tr(
                "Total: {0} parameters ({1}), {2} MACs ({3}); the table's rows add up to "
                "these.").format(count_text(profile.params), millions(profile.params),
                                 count_text(profile.macs), giga(profile.macs)))
        else:
            self.heading.setText(self.tr("{0}, stage {1}: its {2} layers").format(
                title, stage.name, len(rows)))
            self.totals.setText(self.tr(
                "Stage total: {0} parameters ({1}), {2} MACs ({3}), output {4}; "
                "{5} of the network's MACs.").format(
                count_text(stage.params), millions(stage.params), count_text(stage.macs),
                giga(stage.macs), shape_text(stage.output_shape),
                f"{stage.macs / profile.macs:.0%}" if profile.macs else "—"))
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.Stretch)

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def cell(self, row: int, column: int) -> str:
        return self.proxy.data(self.proxy.index(row, column))
