"""The MaskPainter's toolbar: which tools and controls it offers, their shortcuts, and the
load/save dialogs. It drives the painter through the painter's public API only.

TOOLBAR names every item; a painter shows a subset (SCRIBBLE_TOOLBAR drops the mask-only
Invert, Grow, Shrink, Load and Save). Items left out keep their keyboard shortcuts where
they have one (B/E/R/L for the tools, Ctrl+Z / Ctrl+Shift+Z for undo and redo).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

TOOLS = ("brush", "eraser", "rect", "lasso")
TOOLBAR = TOOLS + ("size", "clear", "invert", "grow", "shrink", "undo", "redo", "load",
                   "save", "opacity")
SCRIBBLE_TOOLBAR = tuple(n for n in TOOLBAR
                         if n not in ("invert", "grow", "shrink", "load", "save"))


class MaskToolbar(QToolBar):
    """The items of ``items`` (names from TOOLBAR) for ``painter``; ``size_spin``,
    ``grow_spin``, ``opacity_slider`` and ``tool_actions`` exist whether shown or not.

    ``painter`` is a MaskPainter, used through its public methods (set_tool, clear_mask,
    invert_mask, grow_mask, shrink_mask, set_opacity, has_image, load_mask, save_mask);
    this module does not import it, so the two files form no import cycle."""

    def __init__(self, painter: QWidget, items: tuple[str, ...], undo_stack: QUndoStack,
                 opacity: float) -> None:
        super().__init__(painter)
        self._painter = painter
        self._add_tools(items)
        self.addSeparator()
        self._add_size(items)
        self.addSeparator()
        self._add_mask_operations(items)
        self.addSeparator()
        self._add_undo(items, undo_stack)
        self.addSeparator()
        if "load" in items:
            self.addAction(self.tr("Load mask…"), self.load_dialog)
        if "save" in items:
            self.addAction(self.tr("Save mask…"), self.save_dialog)
        self.opacity_slider = QSlider(Qt.Horizontal, painter)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(int(round(opacity * 100)))
        self.opacity_slider.setMaximumWidth(100)
        self.opacity_slider.valueChanged.connect(lambda v: painter.set_opacity(v / 100))
        if "opacity" in items:
            self.addWidget(QLabel(self.tr("Opacity")))
            self.addWidget(self.opacity_slider)
        else:
            self.opacity_slider.hide()

    def _add_tools(self, items) -> None:
        group = QActionGroup(self)
        group.setExclusive(True)
        self.tool_actions: dict[str, QAction] = {}
        for name, label, key in (("brush", self.tr("Brush"), "B"),
                                 ("eraser", self.tr("Eraser"), "E"),
                                 ("rect", self.tr("Rectangle"), "R"),
                                 ("lasso", self.tr("Lasso"), "L")):
            action = QAction(label, self._painter, checkable=True)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self._painter.set_tool(n))
            group.addAction(action)
            self._show_or_keep_shortcut(action, name in items)
            self.tool_actions[name] = action
        self.tool_actions["brush"].setChecked(True)

    def _add_size(self, items) -> None:
        self.size_spin = QSpinBox(self._painter)
        self.size_spin.setRange(1, 200)
        self.size_spin.setValue(15)
        self.size_spin.setSuffix(" px")
        self.size_spin.setToolTip(self.tr("Brush size ([ and ] change it)"))
        if "size" in items:
            self.addWidget(QLabel(self.tr("Size")))
            self.addWidget(self.size_spin)
        else:
            self.size_spin.hide()
        for key, step in (("[", -1), ("]", 1)):
            shortcut = QShortcut(QKeySequence(key), self._painter)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.step_size(s))

    def _add_mask_operations(self, items) -> None:
        painter = self._painter
        self.grow_spin = QSpinBox(painter)
        self.grow_spin.setRange(1, 100)
        self.grow_spin.setValue(2)
        self.grow_spin.setSuffix(" px")
        for name, label, slot in (
                ("clear", self.tr("Clear"), painter.clear_mask),
                ("invert", self.tr("Invert"), painter.invert_mask),
                ("grow", self.tr("Grow"), lambda: painter.grow_mask(self.grow_spin.value())),
                ("shrink", self.tr("Shrink"),
                 lambda: painter.shrink_mask(self.grow_spin.value()))):
            if name in items:
                self.addAction(label, slot)
        if {"grow", "shrink"} & set(items):
            self.addWidget(self.grow_spin)
        else:
            self.grow_spin.hide()

    def _add_undo(self, items, undo_stack: QUndoStack) -> None:
        undo = undo_stack.createUndoAction(self._painter, self.tr("Undo"))
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = undo_stack.createRedoAction(self._painter, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for name, action in (("undo", undo), ("redo", redo)):
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self._show_or_keep_shortcut(action, name in items)

    def _show_or_keep_shortcut(self, action: QAction, shown: bool) -> None:
        if shown:
            self.addAction(action)
        else:
            self._painter.addAction(action)  # not on the toolbar, its shortcut still works

    def step_size(self, direction: int) -> None:
        """[ and ]: the brush a tenth smaller or larger (at least one pixel)."""
        size = self.size_spin.value()
        self.size_spin.setValue(size + direction * max(1, size // 10))

    def texts(self) -> list[str]:
        """The texts of the toolbar's buttons, as the user reads them."""
        return [a.text() for a in self.actions() if a.text()]

    def load_dialog(self) -> None:
        if not self._painter.has_image():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load mask"), "",
                                              self.tr("Images (*.png *.tif *.tiff *.bmp *.jpg)"))
        if path:
            try:
                self._painter.load_mask(path)
            except (ValueError, OSError) as exc:
                QMessageBox.warning(self, self.tr("Load mask"), str(exc))

    def save_dialog(self) -> None:
        if not self._painter.has_image():
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save mask"), "mask.png",
                                              self.tr("PNG (*.png)"))
        if path:
            try:
                self._painter.save_mask(path)
            except (ValueError, OSError) as exc:
                QMessageBox.warning(self, self.tr("Save mask"), str(exc))
