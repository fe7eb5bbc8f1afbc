"""Recent files and folders, kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10
KEY = "recent/paths"


class RecentPaths:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        value = self._settings.value(KEY, [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            value = [value]
        return [Path(v) for v in (value or [])]

    def add(self, path: Path) -> None:
        path = Path(path).resolve()
        paths = [p for p in self.paths() if p != path]
        self._store([path, *paths][:MAX_RECENT])

    def forget(self, path: Path) -> None:
        path = Path(path).resolve()
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._store([])

    def last_folder(self) -> str:
        for p in self.paths():
            folder = p if p.is_dir() else p.parent
            if folder.is_dir():
                return str(folder)
        return str(Path.home())

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(KEY, [str(p) for p in paths])
