"""The CT tab: three linked planes (or one), shared window/level, overlays, side tools."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.images import save_image
from cvlab.tools.ct import jobs
from cvlab.tools.ct.geometry import plane_name
from cvlab.tools.ct.mpr import PLANES, Reformatter, obliquity_warning, reformatter
from cvlab.tools.ct.overlay_text import ViewState, corner_texts
from cvlab.tools.ct.panel.export_actions import export_anonymised_copy
from cvlab.tools.ct.panel.lungs_box import LungsBox
from cvlab.tools.ct.panel.measure_box import MeasureBox
from cvlab.tools.ct.panel.series_dialog import LoadReportDialog, SeriesDialog, report_text
from cvlab.tools.ct.panel.slice_view import SliceView
from cvlab.tools.ct.panel.window_box import WindowBox
from cvlab.tools.ct.render import render_plane
from cvlab.tools.ct.state import CTController, CTState
from cvlab.tools.ct.volume import Volume
from cvlab.tools.ct.windowing import load_presets_with_notice, window_bounds
from cvlab.ui.tool_panel import ToolPanel


class CTPanel(ToolPanel):
    """Renders `self.state` (cvlab/tools/ct/state.py); user actions go to `self.controller`."""

    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = CTState()
        self.controller = CTController(
            self.state, file_name=lambda n: self.tr("File {0}").format(n))
        _presets, notice = load_presets_with_notice()
        if notice:  # the user's presets file is ignored: said once, the built-in ones are used
            self.context.notify(notice)
        self.fmt: Reformatter | None = None   # derived from state.volume
        self.report_text = ""
        self.point = np.zeros(3)          # the crosshair, canonical (z, y, x)
        self.views = {plane: SliceView(plane) for plane in PLANES}
        for v in self.views.values():
            v.indexRequested.connect(self.set_index)
            v.pointPicked.connect(self._on_point_picked)
            v.cursorMoved.connect(self._on_cursor)
            v.activated.connect(self._set_active)
            v.view.levelsChanged.connect(self._on_view_levels)

        self.window_box = WindowBox()
        self.window_box.windowChanged.connect(self.controller.set_window)
        self.window_box.presetChosen.connect(self.controller.choose_preset)
        self.window_box.invertChanged.connect(self.controller.set_invert)
        self.window_box.presetsEdited.connect(self.controller.reload_presets)
        self.lungs_box = LungsBox(self)
        self.measure_box = MeasureBox(self)
        self.info_label = QLabel(self.tr("Open a DICOM folder (File → Open DICOM Folder…, or "
                                         "drop it here), or a sample from Help → Samples."))
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.cursor_label = QLabel("—")
        self.cursor_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        side = QTabWidget()
        view_tab = QWidget()
        view_layout = QVBoxLayout(view_tab)
        view_layout.addWidget(self.window_box)
        view_layout.addWidget(self._display_options())
        view_layout.addWidget(self.info_label)
        view_layout.addStretch(1)
        side.addTab(view_tab, self.tr("View"))
        side.addTab(self.lungs_box, self.tr("Lungs && nodules"))
        side.addTab(self.measure_box, self.tr("Measure"))
        self.side_tabs = side

        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        views_widget = QWidget()
        views_widget.setLayout(self.grid)
        self.show_empty_state(views_widget, lambda: self.volume is not None)
        self._place_views("three")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(views_widget, 1)
        left_layout.addWidget(self.cursor_label)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        side.setMinimumWidth(320)
        split.setSizes([1000, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(split)
        self.cine = QTimer(self)
        self.cine.timeout.connect(self._cine_step)
        self.state.changed.connect(self._on_state_changed)
        self._render_window()

    # ----- the state, rendered ----------------------------------------------------------
    @property
    def volume(self) -> Volume | None:
        return self.state.volume

    @property
    def source(self) -> Path | None:
        return self.state.source

    @property
    def active_plane(self) -> str:
        return self.state.active_plane

    @property
    def invert(self) -> bool:
        return self.state.invert

    def _on_state_changed(self, name: str, value) -> None:
        if name == "volume":
            self._show_new_volume(value)
        elif name in ("window", "preset", "presets"):
            self._render_window()
            if name == "window":
                self.refresh_all()
        elif name == "invert":
            with QSignalBlocker(self.window_box.invert_box):
                self.window_box.invert_box.setChecked(value)
            self.refresh_all()
        elif name == "layout":
            with QSignalBlocker(self.layout_box):
                self.layout_box.setCurrentIndex(self.layout_box.findData(value))
            self._place_views(value)
        elif name == "active_plane" and self.state.layout == "single":
            self._place_views("single")
        elif name == "cursor":
            self.cursor_label.setText(value or "—")

    def _render_window(self) -> None:
        state = self.state
        self.window_box.show_window(state.presets, state.window, state.preset)

    # ----- controls -------------------------------------------------------------------
    def _display_options(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("Three views"), "three")
        self.layout_box.addItem(self.tr("Single view"), "single")
        self.layout_box.currentIndexChanged.connect(
            lambda i: self.controller.set_layout(self.layout_box.itemData(i)))
        self.crosshair_box = QCheckBox(self.tr("Crosshair"))
        self.crosshair_box.setChecked(True)
        self.crosshair_box.toggled.connect(self.refresh_all)
        self.overlay_box = QCheckBox(self.tr("Corner text"))
        self.overlay_box.setChecked(True)
        self.overlay_box.toggled.connect(self.refresh_all)
        self.anonymise_box = QCheckBox(self.tr("Anonymise display"))
        self.anonymise_box.setToolTip(self.tr("Hide the patient's name, ID and institution"))
        self.anonymise_box.toggled.connect(self.refresh_all)
        self.cine_button = QPushButton(self.tr("Cine ▶"))
        self.cine_button.setCheckable(True)
        self.cine_button.toggled.connect(self._toggle_cine)
        self.fps_box = QSpinBox()
        self.fps_box.setRange(1, 60)
        self.fps_box.setValue(10)
        self.fps_box.setSuffix(self.tr(" fps"))
        self.fps_box.valueChanged.connect(lambda fps: self.cine.setInterval(1000 // fps))
        self.report_button = QPushButton(self.tr("Load report…"))
        self.report_button.clicked.connect(self.show_load_report)
        self.tags_button = QPushButton(self.tr("DICOM tags…"))
        self.tags_button.clicked.connect(self.show_tags)
        grid.addWidget(QLabel(self.tr("Layout")), 0, 0)
        grid.addWidget(self.layout_box, 0, 1)
        grid.addWidget(self.crosshair_box, 1, 0)
        grid.addWidget(self.overlay_box, 1, 1)
        grid.addWidget(self.anonymise_box, 2, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.cine_button)
        row.addWidget(self.fps_box)
        grid.addLayout(row, 3, 0, 1, 2)
        grid.addWidget(self.report_button, 4, 0)
        grid.addWidget(self.tags_button, 4, 1)
        files_button = QPushButton(self.tr("Open DICOM files…"))
        files_button.setToolTip(self.tr("A set of files, a DICOMDIR, or single images"))
        files_button.clicked.connect(self.choose_files)
        grid.addWidget(files_button, 6, 0, 1, 2)
        export_button = QPushButton(self.tr("Export…"))
        export_button.setToolTip(self.tr("The view as PNG, or an anonymised copy of the series"))
        export_button.clicked.connect(lambda: self.export() if self.volume is not None
                                      else self.context.notify(self.tr("Open a series first")))
        grid.addWidget(export_button, 5, 0, 1, 2)
        return box

    def _place_views(self, layout: str) -> None:
        for v in self.views.values():
            self.grid.removeWidget(v)
            v.hide()
        if layout == "single":
            view = self.views[self.active_plane]
            self.grid.addWidget(view, 0, 0)
            view.show()
        else:
            for plane, (r, c) in zip(PLANES, ((0, 0), (0, 1), (1, 0))):
                self.grid.addWidget(self.views[plane], r, c)
                self.views[plane].show()

    # ----- opening --------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.open_files([path])

    def open_files(self, paths: list[Path]) -> None:
        """A folder, a DICOMDIR, one file or a set of files (scanned together)."""
        source = Path(paths[0]) if len(paths) == 1 else Path(paths[0]).parent
        label = str(source) if len(paths) == 1 else self.tr("{0} files in {1}").format(
            len(paths), source)
        self.submit(jobs.scan_job, [str(p) for p in paths],
                    label=self.tr("Scan DICOM"), source=label, key="ct-open",
                    on_result=lambda outcome: self._on_scanned(source, outcome))

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Open DICOM files"),
                                                str(Path.home()),
                                                self.tr("DICOM (*.dcm *.DCM *.ima DICOMDIR);;"
                                                        "All files (*)"))
        if paths:
            self.open_files([Path(p) for p in paths])

    def _on_scanned(self, path: Path, outcome: jobs.ScanOutcome) -> None:
        scan = outcome.scan
        series = scan.series[0]
        if len(scan.series) > 1:
            dialog = SeriesDialog(scan, outcome.thumbnails, self)
            if not dialog.exec():
                return
            series = scan.series[dialog.chosen_index()]
        self.submit(jobs.load_job, series, scan.skipped,
                    label=self.tr("Load series"), source=str(path),
                    key="ct-open",
                    on_result=lambda result: self.show_volume(result, path))

    def show_volume(self, result, source: Path) -> None:
        volume = result.volume
        fmt = reformatter(volume)
        warnings = list(volume.warnings)
        oblique = obliquity_warning(fmt)
        if oblique:
            warnings.append(oblique)
        self.report_text = report_text(result.report, warnings)
        self.controller.open_volume(volume, Path(source), fmt.acquired_plane())
        shape = " × ".join(str(n) for n in volume.shape)
        spacing = " × ".join(f"{s:.2f}" for s in volume.spacing)
        self.info_label.setText(self.tr(
            "{0}\n{1} slices ({2} voxels, k × rows × cols), spacing {3} mm, acquired {4}.\n{5}")
            .format(source, volume.shape[0], shape, spacing, plane_name(self.active_plane),
                    result.report.summary()))
        if warnings:
            self.context.notify_error(self.tr("{0}: {1} (see Load report…)")
                                      .format(source.name, warnings[0]), self.report_text)
        else:
            self.context.notify(self.tr("Opened {0}: {1}").format(source, result.report.summary()))

    def _show_new_volume(self, volume: Volume) -> None:
        """Everything that showed the previous series now shows this one (state.volume)."""
        self.fmt = reformatter(volume)
        self.point = np.array([(n - 1) / 2 for n in self.fmt.shape_zyx]).round()
        if volume.is_rgb:
            self.window_box.clear_histogram()
        else:
            self.window_box.set_histogram(volume.voxels)
        self.lungs_box.volume_changed(volume)
        self.measure_box.volume_changed(volume)
        for v in self.views.values():
            v.view.clear()
        self.refresh_all()
        for v in self.views.values():
            v.view.fit()

    def show_load_report(self) -> None:
        LoadReportDialog(self.report_text or self.tr("Nothing loaded yet."), self).exec()

    def show_tags(self) -> None:
        """The header of the acquired slice under the crosshair (a multi-frame file: its file)."""
        if self.volume is None or not self.volume.slices:
            self.context.notify(self.tr("No DICOM file is shown: open a series first."))
            return
        k = int(round(self.fmt.to_original(self.point)[0]))
        path = self.volume.slices[min(max(k, 0), len(self.volume.slices) - 1)].path
        from cvlab.tools.ct.panel.tags_dialog import TagsDialog  # pydicom: not at start-up

        TagsDialog(path, self).exec()

    # ----- navigation -----------------------------------------------------------------
    def set_index(self, plane: str, index: int) -> None:
        if self.fmt is None:
            return
        axis = PLANES.index(plane)
        self.point[axis] = int(np.clip(index, 0, self.fmt.shape_zyx[axis] - 1))
        self.refresh_all()

    def _on_point_picked(self, plane: str, row: float, col: float) -> None:
        if self.fmt is None:
            return
        index = int(self.point[PLANES.index(plane)])
        zyx = self.fmt.to_canonical(plane, index, round(row), round(col))
        self.point = np.clip(zyx, 0, np.array(self.fmt.shape_zyx) - 1)
        self.refresh_all()

    def _set_active(self, plane: str) -> None:
        self.controller.set_active_plane(plane)

    def _toggle_cine(self, on: bool) -> None:
        self.cine_button.setText(self.tr("Cine ■") if on else self.tr("Cine ▶"))
        if on and self.fmt is not None:
            self.cine.start(1000 // self.fps_box.value())
        else:
            self.cine.stop()

    def _cine_step(self) -> None:
        if self.fmt is None:
            return
        plane = self.active_plane
        count = self.fmt.count(plane)
        self.set_index(plane, (int(self.point[PLANES.index(plane)]) + 1) % count)

    # ----- window/level -------------------------------------------------------------
    def _on_view_levels(self, low: float, high: float) -> None:
        """A right-drag in one view sets the one window all views share."""
        self.controller.set_window_bounds(low, high)

    def levels(self) -> tuple[float, float]:
        return window_bounds(*self.state.window) if self.state.window else (0.0, 255.0)

    # ----- drawing ------------------------------------------------------------------
    def refresh_all(self) -> None:
        """Redraw the three planes (the boxes call it after changing what they show)."""
        if self.fmt is None:
            return
        for plane in PLANES:
            self._refresh_view(plane)

    def _refresh_view(self, plane: str) -> None:
        fmt, volume, view = self.fmt, self.volume, self.views[plane]
        index = int(self.point[PLANES.index(plane)])
        image = fmt.slice(plane, index)
        row_mm, col_mm = fmt.pixel_spacing(plane)
        levels = (0, 255) if volume.is_rgb else self.levels()
        view.view.set_colormap("gray-inverted" if self.invert and not volume.is_rgb else None)
        with view.view.signals_blocked():
            view.show_slice(image, index, fmt.count(plane), levels, row_mm / col_mm)
        _, row, col = fmt.to_display(plane, self.point)
        view.crosshair.set_position(col, row)
        view.crosshair.set_visible(self.crosshair_box.isChecked())
        view.corners.set_visible(self.overlay_box.isChecked())
        slice_info = None
        if plane == fmt.acquired_plane() and volume.slices:
            k = int(round(fmt.to_original(self.point)[0]))
            slice_info = volume.slices[min(max(k, 0), len(volume.slices) - 1)]
        width, level = self.state.window or (float("nan"), float("nan"))
        state = ViewState(plane, index, fmt.count(plane), width, level, self.invert,
                          view.view.zoom_factor())
        texts = corner_texts(volume.header, state, slice_info, self.anonymise_box.isChecked())
        for corner, text in texts.items():
            view.corners.set_text(corner, text)
        self.lungs_box.draw_overlays(plane, index, view.view)
        self.measure_box.on_slice_shown(plane, index)

    def _on_cursor(self, plane: str, row: int, col: int) -> None:
        if self.fmt is None or row < 0:
            self.controller.set_cursor("")
            return
        index = int(self.point[PLANES.index(plane)])
        zyx = self.fmt.to_canonical(plane, index, row, col)
        kij = self.fmt.to_original(zyx)
        value = self.fmt.canonical[tuple(int(v) for v in zyx)]
        mm = self.volume.index_to_patient(*kij)
        unit = "" if self.volume.is_rgb else " HU"
        self.controller.set_cursor(self.tr("{0}  voxel (k={1}, i={2}, j={3})  {4}{5}   "
                                           "patient x={6:.1f} y={7:.1f} z={8:.1f} mm")
                                   .format(plane_name(plane),
                                           *(int(v) for v in kij), value, unit, *mm))

    def jump_to(self, kij) -> None:
        """Centre every view on a voxel (k, i, j), e.g. a nodule from the report."""
        if self.fmt is None:
            return
        self.point = np.round(self.fmt.from_original(kij))
        self.refresh_all()

    # ----- export ---------------------------------------------------------------------
    def can_export(self) -> bool:
        return self.volume is not None

    def export(self) -> None:
        """File → Export…: the view as PNG (with or without overlays) or an anonymised copy."""
        choices = [self.tr("View as shown, with overlays (PNG)"),
                   self.tr("Image only, no overlays (PNG)"),
                   self.tr("Anonymised copy of the series (DICOM)…")]
        choice, ok = QInputDialog.getItem(self, self.tr("Export"), self.tr("What to export:"),
                                          choices, 0, False)
        if not ok:
            return
        if choice == choices[2]:
            export_anonymised_copy(self)
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export view as PNG"),
                                              str(Path.home() / f"ct_{self.active_plane}.png"),
                                              self.tr("PNG (*.png)"))
        if path:
            self.export_png(path, with_overlays=choice == choices[0])

    def export_png(self, path: str, with_overlays: bool = True) -> bool:
        try:
            if with_overlays:
                pixels = self.views[self.active_plane].view.grab_rgb()
            else:
                index = int(self.point[PLANES.index(self.active_plane)])
                width, level = self.state.window or (255.0, 127.5)
                pixels = render_plane(self.volume, self.active_plane, index, width, level,
                                      self.invert)
            save_image(path, pixels, inputs=self.volume_files())
        except Exception as exc:
            self.context.notify_error(self.tr("Export failed: {0}").format(exc))
            return False
        self.context.notify(self.tr("Saved {0}").format(path))
        return True

    def volume_files(self) -> list[str]:
        return [s.path for s in self.volume.slices] if self.volume else []
