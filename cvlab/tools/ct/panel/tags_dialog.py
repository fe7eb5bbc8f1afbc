"""The DICOM tag browser: every element of one file's header, searchable, copyable."""

from __future__ import annotations

import os

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cvlab.tools.ct.tags import TagRow, dataset_rows, filter_rows, read_header

INDENT = "    "                      # one sequence level in the Keyword column
PRIVATE_COLOR = QColor(120, 120, 120)

_ROOT = QModelIndex()  # the invalid index: Qt's default ``parent`` for a flat table


class TagTableModel(QAbstractTableModel):
    """Rows of ``tags.dataset_rows`` as Tag, Keyword, VR, Value."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[TagRow] = []
        self.headers = (self.tr("Tag"), self.tr("Keyword"), self.tr("VR"), self.tr("Value"))

    def set_rows(self, rows: list[TagRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return (row.tag, INDENT * row.depth + row.keyword, row.vr,
                    row.value_text)[index.column()]
        if role == Qt.ForegroundRole and row.is_private:
            return QBrush(PRIVATE_COLOR)
        if role == Qt.ToolTipRole and index.column() == 3:
            return row.value_text
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        return None


class TagsDialog(QDialog):
    def __init__(self, path: str | os.PathLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = os.fspath(path)
        self.setWindowTitle(self.tr("DICOM tags — {0}").format(os.path.basename(self.path)))
        self.resize(900, 640)
        self.all_rows: list[TagRow] = []
        path_label = QLabel(self.path)
        path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        path_label.setWordWrap(True)
        self.status_label = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search tag, keyword or value, e.g. 0010,0010 "
                                               "or PatientName"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.model = TagTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selected rows as tab-separated text"))
        self.copy_button.clicked.connect(self.copy_selected)
        QShortcut(QKeySequence.Copy, self.table, activated=self.copy_selected,
                  context=Qt.WidgetShortcut)   # Ctrl+C in the search field copies its text
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(path_label)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._load()

    def _load(self) -> None:
        try:
            self.all_rows = dataset_rows(read_header(self.path))
        except Exception as exc:   # not DICOM, unreadable: say so in the dialog itself
            self.all_rows = []
            self.status_label.setText(self.tr("Cannot read the header: {0}").format(exc))
            self.search.setEnabled(False)
            self.model.set_rows([])
            return
        self.apply_filter(self.search.text())
        for column, width in ((0, 110), (1, 260), (2, 40)):
            self.table.setColumnWidth(column, width)

    def apply_filter(self, query: str) -> None:
        shown = filter_rows(self.all_rows, query)
        self.model.set_rows(shown)
        self.status_label.setText(self.tr("{0} of {1} elements").format(
            len(shown), len(self.all_rows)))

    def shown_rows(self) -> list[TagRow]:
        return list(self.model.rows)

    def selected_text(self) -> str:
        """Selected rows, top to bottom, as "tag<TAB>keyword<TAB>VR<TAB>value" lines."""
        indexes = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        lines = []
        for i in indexes:
            row = self.model.rows[i]
            lines.append("\t".join((row.tag, INDENT * row.depth + row.keyword, row.vr,
                                    row.value_text)))
        return "\n".join(lines)

    def copy_selected(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)
