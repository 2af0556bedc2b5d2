"""An analysis refusing one of its options (a scope, an alternative, ages ...)."""

from __future__ import annotations

from socinvest.params.errors import Message


class OptionError(ValueError):
    """A bad option of an analysis; ``option`` names it as the command line spells it.

    Parameters
    ----------
    option : str
        E.g. ``"--scope"``.
    message : str or Message
        What was expected and what was found: fixed English text, or a :class:`Message` of
        the gettext catalogue (then shown in the user's language).
    """

    def __init__(self, option: str, message: str | Message) -> None:
        super().__init__(message.english if isinstance(message, Message) else message)
        self.option = option
        self.text = message
