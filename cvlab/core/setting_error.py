"""The error for a setting a user gave that cannot be used: an environment variable such as
``CVLAB_DEVICE`` or ``CVLAB_MAX_PIXELS``. Its message names the setting, so a command's one
line (:func:`cvlab.core.terminal.about`) does not put an input file in front of it."""


class SettingError(ValueError):
    """A setting that cannot be used; the message says which, its value and why."""
