"""Help → About: versions of everything the user may need to report."""

from __future__ import annotations

import sys
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion

from cvlab import __version__


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("About", "not installed")


def about_text(device_description: str) -> str:
    rows = [
        ("CV Lab", __version__),
        ("Python", sys.version.split()[0]),
        ("PyTorch", _version("torch")),
        ("torchvision", _version("torchvision")),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        ("pyqtgraph", _version("pyqtgraph")),
        ("pydicom", _version("pydicom")),
        ("OpenCV", _version("opencv-python-headless")),
        (QCoreApplication.translate("About", "Device"), device_description),
    ]
    table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    return ("<h3>CV Lab</h3><p>"
            + QCoreApplication.translate(
                "About", "A desktop image lab for learning computer vision in medicine.")
            + f"</p><table>{table}</table>")
