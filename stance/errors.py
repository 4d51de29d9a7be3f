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


class UnknownActorError(StanceError, KeyError):
    """An actor id that the actors file does not define."""

    def __init__(self, actor: str, known: Iterable[str]) -> None:
        self.actor = actor
        self.known = sorted(known)
        super().__init__(actor)

    def __str__(self) -> str:
        return f"unknown actor '{self.actor}'; known actors: {', '.join(self.known)}"


class UnknownDocumentError(StanceError, KeyError):
    """A document id that is not in the analysed corpus."""

    def __init__(self, doc_id: str, known: Iterable[str]) -> None:
        self.doc_id = doc_id
        self.known = sorted(known)
        super().__init__(doc_id)

    def __str__(self) -> str:
        shown = ", ".join(self.known[:20]) + (" ..." if len(self.known) > 20 else "")
        return f"unknown document '{self.doc_id}'; documents in the corpus: {shown}"


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
