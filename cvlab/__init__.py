"""CV Lab: a desktop image lab for learning computer vision in medicine."""

__version__ = "0.1.0"
