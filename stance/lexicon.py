"""Sentiment lexicons: ``lexicons/sentiment/<code>.tsv`` (term, weight, pos, note).

A term is a lemma or a multi-word expression of lemmas. A token matches an entry through its
folded surface form or its lemma; multi-word expressions match consecutive tokens (surface
or lemma at each position) and win over single words.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from stance.errors import LexiconError
from stance.resources import lexicon_dir
from stance.text import Token, fold

COLUMNS = ["term", "weight", "pos", "note"]
HEADER = "\t".join(COLUMNS)


@dataclass(frozen=True)
class LexiconEntry:
    """One row of a sentiment lexicon."""

    term: str
    weight: float
    pos: str = ""
    note: str = ""


@dataclass(frozen=True)
class LexiconMatch:
    """An entry found at tokens ``[start, end)`` of a sentence."""

    entry: LexiconEntry
    start: int
    end: int


class LexiconRow(NamedTuple):
    """A row of a lexicon TSV: its entry, or what makes it unusable.

    ``problem`` is empty for a usable row (``entry`` is set), else one of ``missing`` (no such
    file, line 0), ``header`` (line 1), ``no weight``, ``empty term``, ``not a number``,
    ``out of range`` and ``duplicate`` (``first_line`` is where the term was defined). A named
    tuple: a lexicon has thousands of rows.
    """

    line: int
    entry: LexiconEntry | None = None
    problem: str = ""
    cells: tuple[str, ...] = ()
    term: str = ""
    weight: float = 0.0
    first_line: int = 0


def read_rows(path: Path) -> Iterator[LexiconRow]:
    """The rows of a lexicon TSV in file order; blank lines and ``#`` comments are left out.

    A missing file or a wrong header is one problem row that ends the reading; every other row
    is usable or carries its problem, and reading goes on. A term counts as defined (for
    ``duplicate``) only on a usable row.
    """
    if not path.is_file():
        yield LexiconRow(0, problem="missing")
        return
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:2]] != COLUMNS[:2]:
            yield LexiconRow(1, problem="header")
            return
        for line, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            term = " ".join(fold(row[0]).split())
            # a row of one non-blank cell always has a term, so these two never meet
            if len(row) < 2:
                yield LexiconRow(line, problem="no weight", cells=tuple(row), term=term)
                continue
            if not term:
                yield LexiconRow(line, problem="empty term", cells=tuple(row))
                continue
            try:
                weight = float(row[1])
            except ValueError:
                yield LexiconRow(line, problem="not a number", cells=tuple(row), term=term)
                continue
            if not -1 <= weight <= 1:
                yield LexiconRow(line, problem="out of range", cells=tuple(row), term=term, weight=weight)
                continue
            if term in seen:
                yield LexiconRow(line, problem="duplicate", cells=tuple(row), term=term, weight=weight,
                                 first_line=seen[term])
                continue
            seen[term] = line
            entry = LexiconEntry(term, weight, row[2].strip() if len(row) > 2 else "",
                                 row[3].strip() if len(row) > 3 else "")
            yield LexiconRow(line, entry)


#: What is wrong with each kind of problem row, and what to do (filled in from the row).
ROW_MESSAGES = {
    "missing": "lexicon file not found",
    "header": "the header must be '" + HEADER + "' (tab-separated)",
    "no weight": "'{row.term}' has no weight: expected term<TAB>weight",
    "empty term": "the term is empty; write the lemma in the first column",
    "not a number": "weight '{row.cells[1]}' of '{row.term}' is not a number",
    "out of range": "weight {row.weight:g} of '{row.term}' is outside [-1, 1]",
    "duplicate": "'{row.term}' is already defined on line {row.first_line}",
}


def row_message(row: LexiconRow) -> str:
    """What is wrong with a problem row, and what to do (the caller adds the file and line)."""
    return ROW_MESSAGES[row.problem].format(row=row)


class SentimentLexicon:
    """A language's sentiment lexicon, indexed for lookup by token.

    Parameters
    ----------
    entries
        The entries; terms must be unique.
    language
        The language code, for messages.
    """

    def __init__(self, entries: Sequence[LexiconEntry], language: str = "") -> None:
        self.language = language
        self.entries = {e.term: e for e in entries}
        self._single: dict[str, LexiconEntry] = {}
        self._multi: dict[str, list[tuple[tuple[str, ...], LexiconEntry]]] = {}
        for entry in entries:
            words = tuple(entry.term.split())
            if len(words) == 1:
                self._single[words[0]] = entry
            else:
                self._multi.setdefault(words[0], []).append((words, entry))
        for candidates in self._multi.values():
            candidates.sort(key=lambda c: -len(c[0]))
        # the second words of the multi-word entries of each first word: most words that
        # start an entry ("не", "the") are not followed by any of them
        self._seconds = {first: frozenset(words[1] for words, _ in candidates)
                         for first, candidates in self._multi.items()}
        # the one-word entry (or None) of each (surface, lemma) seen, per set of ending rules
        self._word_cache: dict[tuple[tuple[str, str], ...], dict[tuple[str, str], LexiconEntry | None]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_file(cls, path: Path, language: str = "") -> SentimentLexicon:
        """Read and validate a lexicon TSV; errors name the file and line."""
        entries: list[LexiconEntry] = []
        for row in read_rows(path):
            if row.problem:
                where = str(path) if row.problem == "missing" else f"{path}, line {row.line}"
                raise LexiconError(f"{where}: {row_message(row)}")
            assert row.entry is not None
            entries.append(row.entry)
        return cls(entries, language)

    def match(self, tokens: Sequence[Token], endings: Sequence[tuple[str, str]] = ()) -> list[LexiconMatch]:
        """All non-overlapping entries found in ``tokens``, longest first at each position.

        ``endings`` are (ending, replacement) pairs tried, in order, on a word that matches
        no entry by surface or lemma: "провального" → "провальный" with ("ого", "ый").
        """
        endings = endings if isinstance(endings, tuple) else tuple(endings)
        words = self._word_cache.get(endings)
        if words is None or len(words) > 200_000:
            words = self._word_cache[endings] = {}
        multi = self._multi
        found: list[LexiconMatch] = []
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            lower, lemma = token.lower, token.lemma
            hit = self._multi_at(tokens, index) if lower in multi or lemma in multi else None
            if hit is None:
                key = (lower, lemma)
                try:
                    entry = words[key]
                except KeyError:
                    entry = words[key] = self._single_entry(lower, lemma, endings)
                if entry is not None:
                    hit = LexiconMatch(entry, index, index + 1)
            if hit is None:
                index += 1
                continue
            found.append(hit)
            index = hit.end
        return found

    def _single_entry(self, lower: str, lemma: str, endings: tuple[tuple[str, str], ...]) -> LexiconEntry | None:
        """The one-word entry of a word: by surface, lemma, compound head, then ending rules."""
        entry = self._single.get(lower) or self._single.get(lemma)
        if entry is None and "-" in lower:
            # compounds such as "ИИ-пузырь" or "KI-Blase": the head is the last part
            entry = self._single.get(lower.rsplit("-", 1)[1])
        if entry is None:
            for ending, replacement in endings:
                if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                    entry = self._single.get(lower[: len(lower) - len(ending)] + replacement)
                    if entry is not None:
                        break
        return entry

    def _multi_at(self, tokens: Sequence[Token], index: int) -> LexiconMatch | None:
        first = tokens[index]
        count = len(tokens)
        if index + 1 >= count:
            return None
        second = tokens[index + 1]
        for key in (first.lower, first.lemma) if first.lower != first.lemma else (first.lower,):
            seconds = self._seconds.get(key)
            if seconds is None or (second.lower not in seconds and second.lemma not in seconds):
                continue
            for words, entry in self._multi[key]:
                end = index + len(words)
                if end > count:
                    continue
                for offset in range(1, len(words)):
                    token = tokens[index + offset]
                    word = words[offset]
                    if word != token.lower and word != token.lemma:
                        break
                else:
                    return LexiconMatch(entry, index, end)
        return None


def load_lexicon(language: str, root: Path | None = None) -> SentimentLexicon:
    """Load the shipped sentiment lexicon of ``language``."""
    root = root or lexicon_dir()
    return SentimentLexicon.from_file(root / "sentiment" / f"{language}.tsv", language)
