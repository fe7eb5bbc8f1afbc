"""Networks: what is inside the classic CNNs and a ViT, measured rather than quoted.

The engine (no Qt, no GUI yet; the manifest ``TOOL`` comes with the tab):

* ``architectures`` - the registry of buildable architectures (built without weights);
* ``unet``          - a small standard U-Net (Ronneberger et al. 2015) for that registry;
* ``profile``       - one forward pass with hooks: the layer table, stages and totals;
* ``counting``      - the multiply-accumulates of one layer and the receptive-field walk;
* ``stages``        - the grouping of layers into stages;
* ``resnet_table``  - the course's ResNet FLOPs table beside ours for both ResNet variants;
* ``features``      - feature maps and first-layer filters of the offline ImageNet models;
* ``cli``           - ``cvlab nets table ARCH…`` and ``cvlab nets list``.
"""
