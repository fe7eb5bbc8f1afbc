"""Networks: what is inside the classic CNNs and a ViT, measured rather than quoted.

The engine (no Qt; the manifest ``TOOL`` and the tab come later):

* ``architectures``   - the registry of buildable architectures (built without weights);
* ``unet``            - a small standard U-Net (Ronneberger et al. 2015) for that registry;
* ``profile``         - one forward pass with hooks: the layer table, stages and totals;
* ``macs``            - the multiply-accumulates of one layer call;
* ``receptive_field`` - the main path and its theoretical receptive field;
* ``stages``          - the grouping of layers into stages;
* ``table``           - the records: a layer row, a stage, a profile;
* ``resnet_table``    - the course's ResNet FLOPs table beside ours for both ResNet variants;
* ``features``        - feature maps and first-layer filters of the offline ImageNet models;
* ``cli``             - ``cvlab nets table ARCH…`` and ``cvlab nets list``.
"""
