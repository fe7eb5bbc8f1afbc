"""Training scripts for the project's own x4 SRResNet and SRGAN weights (CPU-friendly).

    python -m cvlab.tools.superres.training.train_srresnet --minutes 45 --out weights/srresnet_x4/
    python -m cvlab.tools.superres.training.train_srgan --minutes 15 \
        --init weights/srresnet_x4/model.safetensors --out weights/srgan_x4/
"""
