"""Networks: what is inside the classic CNNs and a ViT, measured rather than quoted.

The engine (no Qt):

* ``architectures``   - the registry of buildable architectures (built without weights);
* ``unet``            - a small standard U-Net (Ronneberger et al. 2015) for that registry;
* ``profile``         - one forward pass with hooks: the layer table, stages and totals;
* ``macs``            - the multiply-accumulates of one layer call;
* ``receptive_field`` - the main path and its theoretical receptive field;
* ``stages``          - the grouping of layers into stages;
* ``table``           - the records: a layer row, a stage, a profile;
* ``figures``         - those records' numbers as text, and two networks' comparison;
* ``resnet_table``    - the course's ResNet FLOPs table beside ours for both ResNet variants;
* ``features``        - feature maps and first-layer filters of the offline ImageNet models;
* ``cli``             - ``cvlab nets table ARCH…`` and ``cvlab nets list``.

The tab: ``state`` (what it shows, no Qt), ``jobs`` (what runs on the worker), ``panel*``.
It opens images only for the feature maps: a photo opened while the Networks tab is
current goes to its Feature maps page; from any other tab, images go where they did.
"""

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.manifest import Command, Sample, ToolSpec

TOOL = ToolSpec(
    id="nets",
    title=QT_TRANSLATE_NOOP("ToolSpec", "Networks"),
    panel="cvlab.tools.nets.panel:NetsPanel",
    summary=QT_TRANSLATE_NOOP(
        "ToolSpec", "The classic networks' layers, parameters, multiply-adds and receptive "
                    "fields; open a photo to see a trained network's feature maps"),
    opens=frozenset({"image"}),
    samples=(
        Sample(QT_TRANSLATE_NOOP("Sample", "Photo: Chelsea the cat (feature maps)"), "image",
               QT_TRANSLATE_NOOP("Sample", "A tabby cat, scikit-image sample, CC0"),
               relative_path="photos/skimage_chelsea.png"),
    ),
    commands=(Command("nets", "cvlab.tools.nets.cli",
                      "layer tables, parameters and MACs of classic networks"),),
    screenshots="cvlab.tools.nets.panel_screenshots:screenshot_plan",
)
