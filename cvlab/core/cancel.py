"""One exception for a cooperative cancel, so the worker recognises every engine's."""


class Cancelled(Exception):
    """Raised by a long job when its ``cancelled()`` callable says the user cancelled."""
