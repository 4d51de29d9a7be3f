"""Every error ``stance`` raises on purpose.

Each class derives from :class:`StanceError` and from the builtin exception a caller would
expect, so ``except KeyError`` or ``except ValueError`` keeps working. Messages name the file,
row, column or value at fault and say what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable


class StanceError(Exception):
    """Base class of all errors raised by ``stance``."""


class CorpusError(StanceError, ValueError):
    """A corpus path, file, manifest or table cannot be read as a corpus."""


class ManifestError(CorpusError):
    """A manifest row or column is malformed."""

    def __init__(self, path: object, row: int, column: str, problem: str) -> None:
        self.path, self.row, self.column = path, row, column
        super().__init__(f"{path}, row {row}, column '{column}': {problem}")


class LexiconError(StanceError, ValueError):
    """A lexicon, rules or actors file is malformed."""


class ModelError(StanceError, ValueError):
    """A model file is missing or malformed, or has no weights for a language."""


class _UnknownIdError(StanceError, KeyError):
    """An id that is not among the known ones; the message lists them (the first ``shown``)."""

    what = "id"
    known_as = "known ids"
    shown: int | None = None

    def __init__(self, value: str, known: Iterable[str]) -> None:
        self.value = value
        self.known = sorted(known)
        super().__init__(value)

    def __str__(self) -> str:
        listed = self.known if self.shown is None else self.known[: self.shown]
        more = " ..." if len(listed) < len(self.known) else ""
        return f"unknown {self.what} '{self.value}'; {self.known_as}: {', '.join(listed)}{more}"


class UnknownActorError(_UnknownIdError):
    """An actor id that the actors file does not define."""

    what, known_as = "actor", "known actors"

    @property
    def actor(self) -> str:
        return self.value


class UnknownDocumentError(_UnknownIdError):
    """A document id that is not in the analysed corpus."""

    what, known_as, shown = "document", "documents in the corpus", 20

    @property
    def doc_id(self) -> str:
        return self.value


class UnsupportedLanguageError(StanceError, ValueError):
    """A language code for which no rules and lexicon are installed."""

    def __init__(self, language: str, known: Iterable[str]) -> None:
        self.language = language
        self.known = sorted(known)
        super().__init__(
            f"unsupported language '{language}'; supported: {', '.join(self.known)} "
            "(add lexicons/lang/<code>/rules.toml and lexicons/sentiment/<code>.tsv for another)"
        )


class OutputError(StanceError, OSError):
    """Results cannot be written where they were asked for."""


class EngineError(StanceError, ValueError):
    """A parallel run cannot be set up: a bad ``--jobs``/``--engine``, an unreachable scheduler."""
