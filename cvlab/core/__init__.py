"""Qt-free engines shared by every tool (device, image I/O, metrics, weights)."""
