"""The error type for bad input: it names the file, the line, the field, what was expected
and what was found.

Each problem keeps its message as a *template* (an English gettext message id with
``{named}`` placeholders, marked with ``N_`` so it is extracted into the catalogues) and the
values for the placeholders, besides the English text. :meth:`Problem.format` and
:meth:`InputError.render` translate the template into a language and fill it in; values
(state ids, payer ids, numbers, what was found) are inserted unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from socinvest.i18n import translator

Gettext = Callable[[str], str]


MAX_VALUE_CHARS = 200
"""Longest value from the input quoted in a message; longer ones are cut with an ellipsis
and their length."""


def _identity(message: str) -> str:
    return message


def _shorten(value: str) -> str:
    if len(value) <= MAX_VALUE_CHARS:
        return value
    return f"{value[: MAX_VALUE_CHARS - 20]}…({len(value):,})".replace(",", " ")


@dataclass(frozen=True)
class Message:
    """A translatable text: a template and the values of its placeholders.

    Attributes
    ----------
    template : str
        English message id with ``{named}`` placeholders (a literal brace is doubled).
    args : tuple of (name, value) pairs
        A value is a string, inserted unchanged, or a :class:`Message`, translated into the
        same language first (e.g. the parts of ``"{first} or {second}"``).
    """

    template: str
    args: tuple[tuple[str, str | Message], ...] = ()

    @classmethod
    def of(cls, template: str, /, **args: object) -> Message:
        """A message with ``args`` for its placeholders; values that are not a
        :class:`Message` are turned into strings (format them first, e.g. ``repr(name)``)
        and shortened to :data:`MAX_VALUE_CHARS` characters, so that a huge value from the
        input is not echoed in full."""
        return cls(
            template,
            tuple(
                (name, value if isinstance(value, Message) else _shorten(str(value)))
                for name, value in args.items()
            ),
        )

    @property
    def arguments(self) -> dict[str, str | Message]:
        """The placeholder values by name."""
        return dict(self.args)

    def translate(self, gettext: Gettext) -> str:
        """The text with the template (and every nested message) passed through ``gettext``."""
        values = {
            name: value.translate(gettext) if isinstance(value, Message) else value
            for name, value in self.args
        }
        return gettext(self.template).format(**values)

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (``sv`` or ``en``); English when ``lang`` is ``None``."""
        return self.translate(_identity if lang is None else translator(lang))

    @property
    def english(self) -> str:
        """The English text."""
        return self.translate(_identity)


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    Attributes
    ----------
    field : str
        Dotted path of the field, e.g. ``alternatives[1].interventions[0]``; empty for the
        whole file.
    message : str
        What was expected and what was found, in English.
    line : int or None
        1-based line in the file, when known.
    path : tuple
        The field's path as keys and indices, used to look up its line.
    template : str or None
        The message as an English message id with ``{named}`` placeholders, for translation;
        ``None`` when the problem was made from a fixed text (then ``message`` itself is looked
        up in the catalogue).
    args : tuple of (name, value) pairs
        The values of the template's placeholders (see :class:`Message`).
    """

    field: str
    message: str
    line: int | None = None
    path: tuple[str | int, ...] = ()
    template: str | None = None
    args: tuple[tuple[str, str | Message], ...] = ()

    @classmethod
    def of(
        cls,
        field: str,
        template: str,
        /,
        *,
        line: int | None = None,
        path: tuple[str | int, ...] = (),
        **args: object,
    ) -> Problem:
        """A problem whose message is ``template`` filled in with ``args`` (``line`` and
        ``path`` are the problem's own, not placeholders)."""
        return cls.from_message(field, Message.of(template, **args), line=line, path=path)

    @classmethod
    def from_message(
        cls,
        field: str,
        text: Message | str,
        /,
        *,
        line: int | None = None,
        path: tuple[str | int, ...] = (),
    ) -> Problem:
        """A problem with ``text``: a :class:`Message`, or a fixed English string."""
        if isinstance(text, str):
            return cls(field, text, line, path)
        return cls(field, text.english, line, path, text.template, text.args)

    @property
    def text(self) -> Message:
        """The message as a :class:`Message` (a fixed text is a template without values)."""
        if self.template is None:
            return Message("{text}", (("text", self.message),))
        return Message(self.template, self.args)

    @property
    def arguments(self) -> dict[str, str | Message]:
        """The placeholder values by name."""
        return dict(self.args)

    def message_in(self, lang: str | None) -> str:
        """The message in ``lang`` (``sv`` or ``en``); English when ``lang`` is ``None``."""
        if lang is None:
            return self.message
        if self.template is None:
            return translator(lang)(self.message)
        return Message(self.template, self.args).render(lang)

    def format(self, source: str, lang: str | None = None) -> str:
        """Render as ``file:line: field: message``, the message in ``lang`` (default
        English)."""
        where = source if self.line is None else f"{source}:{self.line}"
        message = self.message_in(lang)
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"


@dataclass
class InputError(Exception):
    """Bad input: one or more problems in one file.

    Attributes
    ----------
    source : str
        The file (or other source) the input came from.
    problems : list of Problem
    """

    source: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format(self.source) for p in self.problems)

    def render(self, lang: str | None = None) -> str:
        """The problems, one a line, with the messages in ``lang`` (default English)."""
        return "\n".join(p.format(self.source, lang) for p in self.problems)
