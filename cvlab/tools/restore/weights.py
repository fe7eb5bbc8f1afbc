"""The weights catalogue entries the Restore tool owns: inpainting and colourisation
networks.

Named by the manifest (``weights="cvlab.tools.restore.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``, which
also knows the shared backbones.
"""

from __future__ import annotations

from cvlab.core.weights.backbones import SHARED_ENTRIES
from cvlab.core.weights.catalogue import Catalogue, Entry, LocalSource, UrlSource

INPAINT_NET = Entry(
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
)

# LaMa inpainting, online only: big-lama as lama-cleaner/IOPaint distribute it (a TorchScript
# trace of the generator; IOPaint pins only its md5, e3aa4aaa15225a33ec84f9f4bc47e500). The
# size and sha256 are the ones several unrelated public projects pin for this exact URL, one of
# them stating that the digest was taken from the file matching IOPaint's md5. Not downloaded
# or checked on these machines (no network). spandrel's LaMa architecture runs it
# (cvlab/tools/restore/inpaint_net.py: load_lama / inpaint_lama).
LAMA = Entry(
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
)

# Zhang et al. automatic colourisers (richzhang/colorization, BSD-2-Clause), online only; run
# by cvlab/tools/restore/zhang.py. As with torchvision's files, the 8 hex digits in each file
# name are the first digits of its sha256 (the download is checked against that prefix). The
# repository does not state the files' byte sizes, so size is 0 (unknown): about 4 bytes per
# parameter plus pickle overhead, ~129 MB (32.2 M parameters) and ~137 MB (34.2 M).
_ZHANG_LICENCE = "BSD-2-Clause (richzhang/colorization)"

ZHANG_ECCV16 = Entry(
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
)

ZHANG_SIGGRAPH17 = Entry(
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
)

COLORIZE_NET = Entry(
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
)

ENTRIES: tuple[Entry, ...] = (
    INPAINT_NET,
    LAMA,
    ZHANG_ECCV16,
    ZHANG_SIGGRAPH17,
    COLORIZE_NET,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
