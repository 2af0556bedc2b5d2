"""An analysis refusing one of its options (a scope, an alternative, ages ...)."""

from __future__ import annotations


class OptionError(ValueError):
    """A bad option of an analysis; ``option`` names it as the command line spells it.

    Parameters
    ----------
    option : str
        E.g. ``"--scope"``.
    message : str
        What was expected and what was found.
    """

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
