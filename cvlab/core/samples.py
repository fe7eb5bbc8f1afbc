"""Sample data: where shipped samples live (resources/samples, see its MANIFEST.md for sources
and licences), where made ones are cached, and the Sample type tools declare in their manifest.

Which samples exist is each tool's business (its ``ToolSpec.samples``); the registry gathers
them for Help -> Samples.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

RESOURCES_ENV = "CVLAB_RESOURCES"


def resources_dir() -> Path:
    env = os.environ.get(RESOURCES_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "resources"


def cache_dir() -> Path:
    """Where generated samples and other re-creatable files go ($CVLAB_CACHE overrides)."""
    env = os.environ.get("CVLAB_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "cvlab"


@dataclass(frozen=True)
class Sample:
    """A sample a tool offers: either shipped (``relative_path`` under resources/samples) or
    made on first use (``maker``, a no-Qt ``"module:function"`` that takes no argument and
    returns the path, generating it into cache_dir() the first time). ``mode`` is an
    optional hint for the tool's tab, e.g. "plates": the OCR tab opens a plate sample in its
    Licence plates mode rather than the mode it was left in."""

    title: str
    kind: str            # the input kind it is: "image", "dicom", ...
    description: str
    relative_path: str = ""
    maker: str = ""
    mode: str = ""

    def __post_init__(self) -> None:
        if bool(self.relative_path) == bool(self.maker):
            raise ValueError(f"sample {self.title!r}: give a relative_path or a maker, "
                             "exactly one")

    @property
    def shipped(self) -> bool:
        return bool(self.relative_path)

    @property
    def path(self) -> Path:
        """A shipped sample's path (may be absent from a packaged install)."""
        if not self.shipped:
            raise ValueError(f"sample {self.title!r} is made on first use: call make()")
        return resources_dir() / "samples" / self.relative_path

    def available(self) -> bool:
        """Made samples always can be; shipped ones only when present on disk."""
        return not self.shipped or self.path.exists()

    def make(self) -> Path:
        """The path to open: the shipped file, or the maker's output (may take seconds)."""
        if self.shipped:
            return self.path
        module_name, _, function = self.maker.partition(":")
        return Path(getattr(importlib.import_module(module_name), function)())
