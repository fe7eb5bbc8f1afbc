"""The sample data shipped in resources/samples (see its MANIFEST.md for sources and licences)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

RESOURCES_ENV = "CVLAB_RESOURCES"


def resources_dir() -> Path:
    env = os.environ.get(RESOURCES_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True)
class Sample:
    title: str
    relative_path: str
    kind: str          # "image" or "dicom"
    description: str

    @property
    def path(self) -> Path:
        return resources_dir() / "samples" / self.relative_path


SAMPLES: tuple[Sample, ...] = (
    Sample("Chest CT (axial, 191 slices)", "chest_ct_axial", "dicom",
           "Real chest CT for the lung window (WW 1500 / WL −700) and nodule work"),
    Sample("Head CT (coronal, 108 slices)", "head_ct_coronal", "dicom",
           "Real head CT acquired as coronal slices"),
    Sample("Photo: astronaut (faces)", "photos/skimage_astronaut.png", "image",
           "Eileen Collins, scikit-image sample; one face"),
    Sample("Photo: butterfly (super-resolution)", "photos/opencv_dnn_superres_butterfly.png",
           "image", "OpenCV's super-resolution sample"),
    Sample("Photo: baboon", "photos/opencv_baboon.jpg", "image", "Classic test image"),
    Sample("Photo: coffee (heatmaps)", "photos/skimage_coffee.png", "image",
           "A cup of espresso, scikit-image sample, CC0"),
    Sample("Photo: Chelsea the cat (heatmaps)", "photos/skimage_chelsea.png", "image",
           "A tabby cat, scikit-image sample, CC0"),
    Sample("Photo: China (Summer Palace)", "photos/sklearn_china.jpg", "image",
           "scikit-learn sample photo, CC-BY 2.0"),
    Sample("Photo: flower", "photos/sklearn_flower.jpg", "image",
           "scikit-learn sample photo, CC-BY 2.0"),
    Sample("Text: printed page (OCR)", "ocr/skimage_page.png", "image",
           "scikit-image page of printed English text"),
    Sample("Text: OpenCV sample (OCR)", "ocr/imageTextN.png", "image",
           "OpenCV's text sample"),
)


def cache_dir() -> Path:
    """Where generated samples and other re-creatable files go ($CVLAB_CACHE overrides)."""
    env = os.environ.get("CVLAB_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "cvlab"


def list_samples() -> list[Sample]:
    """The samples present on disk (a packaged install may ship fewer)."""
    return [s for s in SAMPLES if s.path.exists()]
