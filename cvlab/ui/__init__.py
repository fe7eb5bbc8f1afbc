"""Qt side of CV Lab: main window, device worker, shared widgets."""
