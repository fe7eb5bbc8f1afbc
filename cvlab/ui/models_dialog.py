"""Models → Manage weights: the catalogue as a table, with fetch, verify and cancel.

Fetching is network I/O, not device work, so it runs on a small QThread of this dialog's own
(the device worker stays free for inference). The thread calls the same engine functions as
`cvlab weights`, reporting through signals; cancelling sets a threading.Event it polls.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.weights import (
    Entry,
    FetchCancelled,
    FetchError,
    LocalSource,
    SdistSource,
    UrlSource,
    UserFileSource,
    WheelSource,
    fetch,
    local_path,
    status,
    verify,
)
from cvlab.tools import weights_catalogue

PROGRESS_INTERVAL_S = 0.05
STATUS_ROLE = Qt.UserRole + 1


class _WeightsThread(QThread):
    """Fetches or verifies a list of entries, one after another, off the GUI thread."""

    progressed = Signal(str, object, object, str)   # name, done bytes, total bytes, text
    entryStarted = Signal(str)
    entryDone = Signal(str, str, str)                # name, status, message ("" when fine)

    def __init__(self, selection: list[Entry], mode: str, cancel_event: threading.Event,
                 parent=None) -> None:
        super().__init__(parent)
        self._selection = selection
        self._mode = mode  # "fetch" or "verify"
        self._cancel = cancel_event
        self._last_report = 0.0

    def run(self) -> None:
        for entry in self._selection:
            if self._cancel.is_set():
                break
            self.entryStarted.emit(entry.name)
            try:
                if self._mode == "verify":
                    _, ok, message = verify([entry])[0]
                    self.entryDone.emit(entry.name, status(entry), "" if ok else message)
                    continue
                fetch(entry, progress=lambda d, t, text, n=entry.name: self._report(n, d, t, text),
                      cancelled=self._cancel.is_set)
                self.entryDone.emit(entry.name, status(entry), "")
            except FetchCancelled:
                self.entryDone.emit(entry.name, status(entry), "")
                break
            except FetchError as exc:
                self.entryDone.emit(entry.name, status(entry), exc.reason)
            except Exception as exc:  # a bug or a disk error must reach the user, not kill Qt
                self.entryDone.emit(entry.name, status(entry), f"{type(exc).__name__}: {exc}")

    def _report(self, name: str, done: int, total: int, text: str) -> None:
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        self.progressed.emit(name, done, total, text)


LICENCE_COLUMN_WIDTH = 220  # pixels; the full licence is in the cell's tooltip
SOURCE_COLUMN_WIDTH = 240


class ModelsDialog(QDialog):
    COLUMNS = ("name", "task", "architecture", "licence", "size", "source", "status")

    def __init__(self, parent: QWidget | None = None, entries: list[Entry] | None = None,
                 check_on_open: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model weights"))
        self._entries = list(entries) if entries is not None else weights_catalogue().entries()
        self._rows = {e.name: i for i, e in enumerate(self._entries)}
        self._thread: _WeightsThread | None = None
        self._cancel = threading.Event()
        self._errors: list[str] = []

        self.table = QTableWidget(len(self._entries), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Task"), self.tr("Architecture"), self.tr("Licence"),
            self.tr("Size (MB)"), self.tr("Source"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        # Licences run to a paragraph: sized to contents, the column pushed its own header
        # out of sight ("L"). A fixed width shows the header and the licence's start; the
        # whole text is the cell's tooltip.
        for name, width in (("licence", LICENCE_COLUMN_WIDTH), ("source", SOURCE_COLUMN_WIDTH)):
            header.setSectionResizeMode(self.COLUMNS.index(name), QHeaderView.Interactive)
            header.resizeSection(self.COLUMNS.index(name), width)
        header.setStretchLastSection(True)
        for row, entry in enumerate(self._entries):
            self._fill_row(row, entry)

        self.fetch_selected_button = QPushButton(self.tr("Fetch selected"), self)
        self.fetch_offline_button = QPushButton(self.tr("Fetch all offline"), self)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.fetch_selected_button.clicked.connect(self.fetch_selected)
        self.fetch_offline_button.clicked.connect(self.fetch_all_offline)
        self.verify_button.clicked.connect(self.verify_all)
        self.close_button.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.setStyleSheet("color: #b00020;")

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        for button in (self.fetch_selected_button, self.fetch_offline_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(1180, 340)  # every column, Status included, fits at 1280×720
        self._set_busy(False)
        if check_on_open:  # hashing big files takes a moment: do it off the GUI thread
            self.verify_all()

    # ----- table --------------------------------------------------------------------------
    def source_text(self, entry: Entry) -> str:
        src = entry.source
        if isinstance(src, WheelSource):
            return self.tr("PyPI wheel {package} {version}").format(
                package=src.package, version=src.version)
        if isinstance(src, SdistSource):
            return self.tr("PyPI sdist {package} {version}").format(
                package=src.package, version=src.version)
        if isinstance(src, UrlSource):
            return self.tr("URL (online)")
        if isinstance(src, LocalSource):
            return self.tr("committed file {path}").format(path=src.path)
        if isinstance(src, UserFileSource):
            return self.tr("file you chose: {path}").format(path=src.path)
        return type(src).__name__

    def status_text(self, state: str) -> str:
        words = {"present": self.tr("present"), "missing": self.tr("missing"),
                 "corrupt": self.tr("corrupt: fetch again"), "unverified": self.tr("unverified"),
                 "checking": self.tr("checking…"), "fetching": self.tr("fetching…")}
        return words.get(state, state)

    def _fill_row(self, row: int, entry: Entry) -> None:
        size = f"{entry.size / 1e6:.1f}" if entry.size else self.tr("unknown")
        cells = (entry.name, entry.task, entry.architecture, entry.licence, size,
                 self.source_text(entry))
        tip = self.tr("{description}\nsha256: {sha}\nfile: {path}").format(
            description=entry.description, sha=entry.sha256_text(), path=local_path(entry))
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            is_licence = column == self.COLUMNS.index("licence")
            item.setToolTip(f"{text}\n\n{tip}" if is_licence else tip)
            self.table.setItem(row, column, item)
        # Before the background check, only say what needs no hashing.
        self._set_status(entry.name, "checking" if local_path(entry).is_file() else "missing")

    def _set_status(self, name: str, state: str) -> None:
        item = QTableWidgetItem(self.status_text(state))
        item.setData(STATUS_ROLE, state)
        self.table.setItem(self._rows[name], self.COLUMNS.index("status"), item)

    def status_of(self, name: str) -> str:
        """The status key shown for an entry ("present", "missing", "checking", ...)."""
        return self.table.item(self._rows[name], self.COLUMNS.index("status")).data(STATUS_ROLE)

    def selected_entries(self) -> list[Entry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._entries[r] for r in rows]

    # ----- actions ------------------------------------------------------------------------
    @Slot()
    def fetch_selected(self) -> None:
        self._start([e for e in self.selected_entries()], "fetch")

    @Slot()
    def fetch_all_offline(self) -> None:
        self._start([e for e in self._entries if e.offline], "fetch")

    @Slot()
    def verify_all(self) -> None:
        self._start(list(self._entries), "verify")

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()
        self.progress_label.setText(self.tr("Cancelling…"))

    def is_busy(self) -> bool:
        return self._thread is not None

    def _start(self, selection: list[Entry], mode: str) -> None:
        if self._thread is not None or not selection:
            return
        self._errors.clear()
        self.message.clear()
        self._cancel = threading.Event()
        thread = _WeightsThread(selection, mode, self._cancel, self)
        thread.progressed.connect(self._on_progress)
        thread.entryStarted.connect(self._on_entry_started)
        thread.entryDone.connect(self._on_entry_done)
        thread.finished.connect(self._on_finished)
        self._thread = thread
        self._mode = mode
        self._set_busy(True)
        self.progress.setRange(0, 0)  # busy until the first byte count arrives
        thread.start()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.fetch_offline_button, self.verify_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress_label.setVisible(busy)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.fetch_selected_button.setEnabled(
            self._thread is None and bool(self.table.selectionModel().selectedRows()))

    @Slot(str)
    def _on_entry_started(self, name: str) -> None:
        if self._mode == "fetch":
            self._set_status(name, "fetching")
            self.progress_label.setText(self.tr("Fetching {name}…").format(name=name))
        else:
            self.progress_label.setText(self.tr("Checking {name}…").format(name=name))

    @Slot(str, object, object, str)
    def _on_progress(self, name: str, done: int, total: int, text: str) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(done / total, 1.0)))
            self.progress_label.setText(self.tr("{name}: {text} ({done:.1f} of {total:.1f} MB)")
                                        .format(name=name, text=text, done=done / 1e6,
                                                total=total / 1e6))
        else:
            self.progress.setRange(0, 0)
            self.progress_label.setText(f"{name}: {text}")

    @Slot(str, str, str)
    def _on_entry_done(self, name: str, state: str, error: str) -> None:
        self._set_status(name, state)
        if error:
            self._errors.append(self.tr("Could not fetch {name}: {reason}").format(
                name=name, reason=error) if self._mode == "fetch" else error)
            self.message.setText("\n".join(self._errors))

    @Slot()
    def _on_finished(self) -> None:
        thread, self._thread = self._thread, None
        if self._cancel.is_set():
            # Entries the thread never reached still read "fetching…"/"checking…": recheck.
            for entry in self._entries:
                if self.status_of(entry.name) in ("fetching", "checking"):
                    self._set_status(entry.name, status(entry))
            self.message.setText("\n".join(self._errors + [self.tr("Cancelled.")]))
        self._set_busy(False)
        if thread is not None:
            thread.deleteLater()

    # ----- closing ------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Close (button, Esc or the window's X): stop any fetch and wait for its thread."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.wait()
            self._on_finished()
        super().done(result)
