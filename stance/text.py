"""Text: sentences, tokens and lemmas, with character offsets into the cleaned text.

Sentences are split at line breaks (headlines and bullet points are sentences of their own)
and then by NLTK's Punkt algorithm with the language's abbreviation list from
``lexicons/lang/<code>/rules.toml`` (no trained model is downloaded). Tokens are words
(hyphens and apostrophes inside a word kept) and single punctuation marks. Lemmas come from
simplemma, which ships its dictionaries in the wheel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from stance.language import LanguageRules

TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*|\S", re.UNICODE)
_END_CHARS = re.compile(r"[.?!]")  # the characters Punkt may end a sentence at
_SPACED_TOKEN = re.compile(r"(\s*)(" + TOKEN.pattern + ")", re.UNICODE)  # every token with the space before it


class Token(NamedTuple):
    """A word or punctuation mark: its text, offsets, lower-case form and lemma.

    A named tuple rather than a dataclass: a document makes thousands of tokens, and a tuple
    is built about three times faster than a frozen dataclass.
    """

    text: str
    start: int
    end: int
    lower: str
    lemma: str
    is_word: bool  # a word (starts with a letter or digit), not punctuation


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with offsets into the cleaned text and its tokens."""

    sentence_id: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


def fold(word: str) -> str:
    """Lower-case a word and fold letters that lexicons write one way (ё → е)."""
    return word.lower().replace("ё", "е").replace("’", "'")


@lru_cache(maxsize=200_000)
def lemmatize(word: str, language: str) -> str:
    """Return simplemma's lemma of ``word`` in ``language``, folded (cached per process)."""
    import simplemma

    try:
        return fold(simplemma.lemmatize(word, lang=language))
    except ValueError:
        return fold(word)


class TextSplitter:
    """Split a cleaned text into sentences and tokens according to one language's rules."""

    def __init__(self, rules: LanguageRules) -> None:
        self.rules = rules
        self._punkt = None
        self._forms: dict[str, tuple[str, str, bool]] = {}  # word -> (folded, lemma, is a word), per language

    @property
    def punkt(self):  # -> nltk PunktSentenceTokenizer
        if self._punkt is None:
            from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

            params = PunktParameters()
            params.abbrev_types = set(self.rules.abbreviations)
            self._punkt = PunktSentenceTokenizer(params)
        return self._punkt

    def tokens(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """Tokenise ``text``; offsets are shifted by ``offset``."""
        out = []
        forms = self._forms
        if len(forms) > 200_000:
            forms.clear()
        position = offset
        # findall with the preceding space captured: offsets come from running lengths, which
        # is cheaper than asking each match object for its group, start and end
        for space, word in _SPACED_TOKEN.findall(text):
            start = position + len(space)
            position = start + len(word)
            known = forms.get(word)
            if known is None:
                lower = fold(word)
                known = forms[word] = (lower, lemmatize(word, self.rules.code) if word[0].isalpha() else lower,
                                       word[0].isalnum())
            out.append(Token(word, start, position, *known))
        return tuple(out)

    def _line_spans(self, line: str) -> list[tuple[int, int]] | Iterator[tuple[int, int]]:
        """Punkt's sentence spans of one line.

        A line with no '.', '?' or '!' before its last character holds no place where Punkt
        could end a sentence, and Punkt would return the whole line (without its trailing
        space): that answer is given without running it.
        """
        body = line.rstrip()
        if not body.strip():
            return []
        if _END_CHARS.search(body, 0, len(body) - 1) is None:
            return [(0, len(body))]
        return self.punkt.span_tokenize(line)

    def sentences(self, text: str) -> list[Sentence]:
        """Split ``text`` into sentences (line breaks always end one)."""
        out: list[Sentence] = []
        line_start = 0
        for line in text.split("\n"):
            for start, end in self._line_spans(line):
                chunk = line[start:end]
                stripped = chunk.strip()
                if not stripped:
                    continue
                lead = len(chunk) - len(chunk.lstrip())
                absolute = line_start + start + lead
                out.append(Sentence(
                    sentence_id=len(out),
                    start=absolute,
                    end=absolute + len(stripped),
                    text=stripped,
                    tokens=self.tokens(stripped, absolute),
                ))
            line_start += len(line) + 1
        return out
