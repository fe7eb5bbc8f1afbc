"""The main window: one tab per registered tool, menus, drag and drop, status bar."""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from cvlab.core.i18n import translate
from cvlab.core.inputs import IMAGE_SUFFIXES, input_kind
from cvlab.core.manifest import Sample, ToolSpec
from cvlab.core.messages import file_name, job_headline, unopenable_headline
from cvlab.tools import input_kinds, tool_specs
from cvlab.ui import language
from cvlab.ui.job_status import DeviceLabel, JobProgress
from cvlab.ui.notifications import NotificationArea
from cvlab.ui.recent import RecentPaths
from cvlab.ui.tool_panel import AppContext, ToolPanel
from cvlab.ui.worker import DeviceWorker, JobFailure


class MainWindow(QMainWindow):
    def __init__(self, worker: DeviceWorker, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CV Lab"))
        self.setAcceptDrops(True)
        self.worker = worker
        self.settings = settings or QSettings()
        self.recent = RecentPaths(self.settings)
        self.notifications = NotificationArea()
        self.context = AppContext(worker, self.notifications, self.settings)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.panels: list[ToolPanel] = []
        self.specs = tool_specs()
        self.extra_input_kinds = input_kinds()  # kinds tools add beyond image and DICOM
        for spec in self.specs:
            self._add_tool(spec)
        self._build_status_bar()
        self._build_menus()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed(self.tabs.currentIndex())
        worker.error.connect(self._on_job_error)
        worker.deviceError.connect(lambda text: self.notifications.post(text, "error"))
        worker.deviceChanged.connect(self._on_device_changed)
        if worker.device is not None:  # the worker was already running
            self._on_device_changed(worker.device_spec, worker.device_description,
                                    worker.device_choices)
        self._restore_state()

    # ----- construction -------------------------------------------------------------
    def _add_tool(self, spec: ToolSpec) -> None:
        try:
            context = dataclasses.replace(self.context, tab=spec.id)  # tags its messages
            panel = spec.load_panel_class()(spec, context)
        except Exception as exc:  # one broken tool must not keep the app from starting
            self.notifications.post(self.tr("The {0} tool failed to load: {1}")
                                    .format(spec.title, exc), "error")
            return
        panel.setObjectName(f"tool-{spec.id}")
        self.panels.append(panel)
        self.tabs.addTab(panel, translate("ToolSpec", spec.title))
        self.tabs.setTabToolTip(self.tabs.count() - 1, translate("ToolSpec", spec.summary))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.addWidget(self.notifications, 1)
        self.job_progress = JobProgress(self.worker)
        bar.addPermanentWidget(self.job_progress)
        self.device_label = DeviceLabel(self.worker)
        bar.addPermanentWidget(self.device_label)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        menu.clear()  # built again when the language changes
        file_menu = menu.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&Open Image…"), self.open_image_dialog,
                     QKeySequence.Open)
        self._action(file_menu, self.tr("Open &DICOM Folder…"), self.open_dicom_dialog,
                     QKeySequence("Ctrl+Shift+O"))
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.export_action = self._action(file_menu, self.tr("&Export…"), self.export_current,
                                          QKeySequence.Save)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.Quit)

        view_menu = menu.addMenu(self.tr("&View"))
        self.device_menu = view_menu.addMenu(self.tr("&Device"))
        self.device_menu.addAction(self.tr("(detecting devices…)")).setEnabled(False)
        self._device_group = QActionGroup(self)
        self._device_group.triggered.connect(lambda a: self.worker.set_device(a.data()))
        view_menu.addSeparator()
        self._action(view_menu, self.tr("Next Tab"), lambda: self._step_tab(1),
                     QKeySequence("Ctrl+Tab"))
        self._action(view_menu, self.tr("Previous Tab"), lambda: self._step_tab(-1),
                     QKeySequence("Ctrl+Shift+Tab"))
        self._action(view_menu, self.tr("&Full Screen"), self.toggle_full_screen,
                     QKeySequence("F11"))
        language_menu = view_menu.addMenu(self.tr("&Language"))
        self._language_group = QActionGroup(self)
        current = language.current_language()
        for code, name in language.LANGUAGES:
            action = language_menu.addAction(name)
            action.setData(code)
            action.setCheckable(True)
            action.setChecked(code == current)
            self._language_group.addAction(action)
        self._language_group.triggered.connect(lambda a: self.set_language(a.data()))

        tools_menu = menu.addMenu(self.tr("&Tools"))
        self._action(tools_menu, self.tr("&Models…"), self.show_models_dialog)

        help_menu = menu.addMenu(self.tr("&Help"))
        self.samples_menu = help_menu.addMenu(self.tr("&Samples"))
        self._fill_samples_menu()
        self._action(help_menu, self.tr("&Messages…"), self.notifications.show_log)
        self._action(help_menu, self.tr("&About CV Lab"), self.show_about)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ApplicationShortcut)
        return action

    # ----- opening files ------------------------------------------------------------
    def open_image_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Image"), self.recent.last_folder(),
            self.tr("Images ({0});;All files (*)").format(patterns))
        if path:
            self.open_path(Path(path))

    def open_dicom_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Open DICOM Folder"),
                                                self.recent.last_folder())
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Send a file or folder to the tool that opens its kind: the current tab if it can,
        else the first tool in the registry that can. Returns whether a tool took it.
        What goes wrong is said in one sentence, on the tab it concerns."""
        path = Path(path)
        if not path.exists():
            self.notifications.post(self.tr("{0}: no such file or folder")
                                    .format(file_name(path)), "error", str(path))
            self.recent.forget(path)
            return False
        kind = input_kind(path, self.extra_input_kinds)
        if kind is None:
            # A folder is opened as a DICOM series: say so on the tab that opens those.
            folder_panel = self._panel_for("dicom") if path.is_dir() else None
            if folder_panel is not None:
                self.tabs.setCurrentWidget(folder_panel)
            self.notifications.post(unopenable_headline(path), "error", str(path),
                                    tab=folder_panel.spec.id if folder_panel else None)
            return False
        panel = self._panel_for(kind)
        if panel is None:
            self.notifications.post(self.tr("{0}: no tool opens {1} input yet")
                                    .format(file_name(path), kind), "error", str(path))
            return False
        self.tabs.setCurrentWidget(panel)
        self.notifications.clear_tab(panel.spec.id)  # a new input: old news is gone
        try:
            panel.open_path(path)
        except Exception as exc:  # a tool's own error must not close the app
            self.notifications.post(job_headline(self.tr("Opening"), str(path), exc), "error",
                                    "".join(traceback.format_exception(exc)),
                                    tab=panel.spec.id)
            return False
        panel.refresh_empty_state()
        self.recent.add(path)
        return True

    def _panel_for(self, kind: str) -> ToolPanel | None:
        current = self.tabs.currentWidget()
        if isinstance(current, ToolPanel) and kind in current.spec.opens:
            return current
        return next((p for p in self.panels if kind in p.spec.opens), None)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        for p in paths:
            action = self.recent_menu.addAction(str(p))
            action.triggered.connect(lambda checked=False, p=p: self.open_path(p))
        if not paths:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear List")).triggered.connect(self.recent.clear)

    def _fill_samples_menu(self) -> None:
        """Every manifest's samples, in tab order: shipped ones present on disk (a packaged
        install may ship fewer), and the ones a tool makes on first use."""
        for spec in self.specs:
            for sample in spec.samples:
                if not sample.available():
                    continue
                action = self.samples_menu.addAction(translate("Sample", sample.title))
                action.setToolTip(translate("Sample", sample.description))
                action.triggered.connect(lambda checked=False, s=sample: self.open_sample(s))

    def open_sample(self, sample: Sample) -> None:
        """Open a shipped sample, or make one (once, on the worker) and then open it, in the
        tab whose manifest lists it (see _open_sample_path)."""
        if sample.shipped:
            self._open_sample_path(sample, sample.path)
            return
        self.worker.submit(lambda ctx: sample.make(), label=sample.title,
                           on_result=lambda path: self._open_sample_path(sample, Path(path)))

    def _open_sample_path(self, sample: Sample, path: Path) -> None:
        """A sample opens in the tab that offers it, with that tab's hints applied first
        (the plate sample in the OCR tab's plate mode), whichever tab is current."""
        owner = next((p for p in self.panels if sample in p.spec.samples
                      and sample.kind in p.spec.opens), None)
        if owner is not None:
            self.tabs.setCurrentWidget(owner)
            owner.apply_sample(sample)
        self.open_path(path)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.open_paths(paths)

    def open_paths(self, paths: list[Path]) -> None:
        """Several DICOM files dropped together are one set (one series), not N opens."""
        dicom_files = [p for p in paths if p.is_file() and input_kind(p) == "dicom"]
        panel = self._panel_for("dicom") if len(dicom_files) > 1 else None
        if panel is not None:
            self.tabs.setCurrentWidget(panel)
            self.notifications.clear_tab(panel.spec.id)
            panel.open_files(dicom_files)
            paths = [p for p in paths if p not in dicom_files]
        for path in paths:
            self.open_path(path)

    # ----- other actions ------------------------------------------------------------
    def export_current(self) -> None:
        panel = self.tabs.currentWidget()
        if isinstance(panel, ToolPanel) and panel.can_export():
            panel.export()
        else:
            self.notifications.post(self.tr("Nothing to export in this tab yet"))

    def show_models_dialog(self) -> None:
        from cvlab.ui.models_dialog import ModelsDialog

        ModelsDialog(self).exec()

    def show_about(self) -> None:
        from cvlab.ui.about import about_text

        QMessageBox.about(self, self.tr("About CV Lab"),
                          about_text(self.worker.device_description))

    def set_language(self, code: str, notice: bool = True) -> None:
        """View → Language: save the choice and install its translators. The menus and tab
        titles change at once; the tabs' own widgets were built in the old language and keep
        the user's images, so one notice says that a restart completes the switch."""
        if code == language.current_language():
            return
        language.save_language(self.settings, code)
        language.apply_language(code)
        self._build_menus()
        if self.worker.device is not None:
            self._on_device_changed(self.worker.device_spec, self.worker.device_description,
                                    self.worker.device_choices)
        for i, panel in enumerate(self.panels):
            self.tabs.setTabText(i, translate("ToolSpec", panel.spec.title))
            self.tabs.setTabToolTip(i, translate("ToolSpec", panel.spec.summary))
        if notice:
            QMessageBox.information(
                self, self.tr("Language"),
                self.tr("The menus and tab titles are now in the new language. Restart CV Lab "
                        "to finish switching: the tabs' own controls change at the next start."))

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _on_job_error(self, job_id: int, failure: JobFailure) -> None:
        self.notifications.post(failure.summary(), "error", failure.details(),
                                tab=failure.tool or None)

    def _on_tab_changed(self, index: int) -> None:
        """Status text belongs to the tab that made it: show only the current tab's."""
        panel = self.tabs.widget(index)
        self.notifications.set_active_tab(panel.spec.id if isinstance(panel, ToolPanel)
                                          else None)

    def _on_device_changed(self, spec: str, description: str, choices) -> None:
        self.device_menu.clear()
        for action in self._device_group.actions():
            self._device_group.removeAction(action)
        for choice in choices:
            action = self.device_menu.addAction(choice.label)
            action.setData(choice.spec)
            action.setCheckable(True)
            action.setChecked(choice.spec == spec)
            self._device_group.addAction(action)

    # ----- settings -----------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        last = self.settings.value("window/tab", "")
        for i, panel in enumerate(self.panels):
            if panel.spec.id == last:
                self.tabs.setCurrentIndex(i)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        current = self.tabs.currentWidget()
        if isinstance(current, ToolPanel):
            self.settings.setValue("window/tab", current.spec.id)
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_state()
        self.worker.cancel_all()
        super().closeEvent(event)
