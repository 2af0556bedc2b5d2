"""The store's errors: each carries a translatable message (Swedish and English) that says
what was expected, what was found and what to do."""

from __future__ import annotations

from socinvest.params.errors import InputError, Message


class StoreError(Exception):
    """A request the store refuses; ``text`` is the message in the gettext catalogue."""

    def __init__(self, text: Message) -> None:
        super().__init__(text.english)
        self.text = text

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``sv`` or ``en``; English when ``None``)."""
        return self.text.render(lang)


class NotFoundError(StoreError):
    """No scenario, version, run or investment of that name or number."""


class ConflictError(StoreError):
    """Someone else wrote the same thing meanwhile, or it exists already; nothing was saved."""


class NotUpgradedError(StoreError):
    """The database's schema is not the one this version of socinvest needs."""


class DriverMissingError(StoreError):
    """The database driver (psycopg for PostgreSQL) is not installed."""


class ToolMissingError(StoreError):
    """An external program (pg_dump, pg_restore) is not installed or failed."""


class BadFileError(StoreError):
    """A file given to the store (a plan, observations, a budget, a backup) is not valid;
    ``error`` lists every problem with its line. Nothing was written."""

    def __init__(self, error: InputError) -> None:
        first = error.problems[0].text if error.problems else Message("bad file")
        super().__init__(first)
        self.error = error

    def __str__(self) -> str:
        return str(self.error)
