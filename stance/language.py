"""Language rules (one data folder per language) and language identification.

Each supported language has ``lexicons/lang/<code>/rules.toml`` (abbreviations, name
endings, pronouns, valence shifters, clause and quote marks) and
``lexicons/sentiment/<code>.tsv``. Adding a language adds those two files; no code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from stance.errors import LexiconError, UnsupportedLanguageError
from stance.resources import lexicon_dir, read_toml


def _phrases(items: Any, path: Path, key: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise LexiconError(f"{path}: '{key}' must be a list of non-empty strings")
    return tuple(tuple(item.lower().split()) for item in items)


def _weighted(items: Any, path: Path, key: str) -> dict[tuple[str, ...], float]:
    if not isinstance(items, dict):
        raise LexiconError(f"{path}: '{key}' must be a table of phrase = strength")
    out: dict[tuple[str, ...], float] = {}
    for phrase, strength in items.items():
        if not isinstance(strength, (int, float)) or not 0 <= strength <= 1:
            raise LexiconError(
                f"{path}: '{key}.{phrase}' = {strength!r}; strengths must be numbers in [0, 1]"
            )
        out[tuple(phrase.lower().split())] = float(strength)
    return out


@dataclass(frozen=True)
class ShifterSet:
    """One kind of valence shifter: its phrases, how far it reaches and what it does."""

    phrases: dict[tuple[str, ...], float]
    scope: int = 0
    scope_after: int = 0
    factor: float = 1.0
    before: float = 1.0
    after: float = 1.0
    exceptions: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class LanguageRules:
    """The rules of one language, read from ``lexicons/lang/<code>/rules.toml``."""

    code: str
    name: str
    abbreviations: frozenset[str]
    name_suffixes: tuple[str, ...]
    pronouns: dict[str, frozenset[str]]
    negators: ShifterSet
    intensifiers: ShifterSet
    downtoners: ShifterSet
    hedges: ShifterSet
    contrast: ShifterSet
    clause_marks: frozenset[str]
    quote_marks: frozenset[str]
    path: Path = field(compare=False)
    endings: tuple[tuple[str, str], ...] = ()
    speech_verbs: frozenset[str] = frozenset()
    agent_markers: frozenset[str] = frozenset()
    scare_quotes: tuple[int, float, float] = (0, 1.0, 1.0)  # max words, positive factor, negative factor

    @classmethod
    def from_file(cls, path: Path) -> LanguageRules:
        """Read and validate one ``rules.toml``."""
        raw = read_toml(path)
        try:
            language = raw["language"]
            shifters = raw["shifters"]

            def simple(key: str, default_factor: float = 1.0) -> ShifterSet:
                table = shifters[key]
                phrases = _phrases(table["items"], path, f"shifters.{key}.items")
                return ShifterSet(
                    phrases=dict.fromkeys(phrases, 1.0),
                    scope=int(table.get("scope", 0)),
                    scope_after=int(table.get("scope_after", 0)),
                    factor=float(table.get("factor", default_factor)),
                    before=float(table.get("before", 1.0)),
                    after=float(table.get("after", 1.0)),
                    exceptions=_phrases(table.get("exceptions", []), path, f"shifters.{key}.exceptions"),
                )

            def graded(key: str) -> ShifterSet:
                table = shifters[key]
                return ShifterSet(
                    phrases=_weighted(table["items"], path, f"shifters.{key}.items"),
                    scope=int(table.get("scope", 2)),
                    scope_after=int(table.get("scope_after", 0)),
                )

            pronouns = {
                gender: frozenset(p.lower() for p in words)
                for gender, words in raw.get("pronouns", {}).items()
            }
            return cls(
                code=str(language["code"]),
                name=str(language["name"]),
                abbreviations=frozenset(a.lower().rstrip(".") for a in raw["abbreviations"]["items"]),
                name_suffixes=tuple(s.lower() for s in raw.get("names", {}).get("suffixes", [])),
                pronouns=pronouns,
                negators=simple("negators", -0.75),
                intensifiers=graded("intensifiers"),
                downtoners=graded("downtoners"),
                hedges=simple("hedges", 0.6),
                contrast=simple("contrast"),
                clause_marks=frozenset(c.lower() for c in raw.get("clauses", {}).get("items", [])),
                quote_marks=frozenset(raw.get("quotes", {}).get("marks", [])),
                path=path,
                endings=tuple((str(e).lower(), str(r).lower())
                              for e, r in raw.get("lemmas", {}).get("endings", {}).items()),
                speech_verbs=frozenset(w.lower() for w in raw.get("speech", {}).get("verbs", [])),
                agent_markers=frozenset(w.lower() for w in raw.get("agents", {}).get("markers", [])),
                scare_quotes=(int(raw.get("quotes", {}).get("scare_max_words", 0)),
                              float(raw.get("quotes", {}).get("scare_positive", 1.0)),
                              float(raw.get("quotes", {}).get("scare_negative", 1.0))),
            )
        except KeyError as exc:
            raise LexiconError(
                f"{path}: missing key {exc}; see lexicons/README.md (section lang/<code>/rules.toml) for the layout"
            ) from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise LexiconError(f"{path}: {exc}") from None

    def pronoun_gender(self, token: str) -> str | None:
        """Return the gender a pronoun refers to (``"any"`` fits all), or None."""
        return self.pronoun_genders.get(token)

    @cached_property
    def clause_bounds(self) -> frozenset[str]:
        """Tokens that end a clause for the learned scorer's clause words: clause and quote marks."""
        return self.clause_marks | self.quote_marks

    @cached_property
    def pronoun_genders(self) -> dict[str, str]:
        """Each pronoun's gender (the first table that lists a word wins), for lookup per token."""
        genders: dict[str, str] = {}
        for gender, words in self.pronouns.items():
            for word in sorted(words):
                genders.setdefault(word, gender)
        return genders


def available_languages(root: Path | None = None) -> list[str]:
    """Codes of the languages that have both rules and a sentiment lexicon."""
    root = root or lexicon_dir()
    return sorted(
        folder.name
        for folder in (root / "lang").iterdir()
        if (folder / "rules.toml").is_file() and (root / "sentiment" / f"{folder.name}.tsv").is_file()
    )


class LanguageIdentifier(Protocol):
    """Anything that ranks language codes for a text: ``rank(text) -> [(code, prob), ...]``."""

    def rank(self, text: str) -> list[tuple[str, float]]: ...


@dataclass(frozen=True)
class Detection:
    """The result of identifying a document's language."""

    language: str
    confidence: float
    best_overall: str
    best_overall_confidence: float


class LanguageDetector:
    """Identify a text's language among the supported ones with py3langid.

    A text whose most likely language is outside ``languages`` with at least
    ``reject_above`` probability is reported as that language, so the caller can skip it.

    Parameters
    ----------
    languages
        The codes to choose among.
    reject_above
        How sure the identifier must be of an unsupported language to reject a text.
    identifier
        A :class:`LanguageIdentifier`; by default py3langid's shipped model (loaded lazily).
    sample_chars
        How much of a text the identifier reads: its first ``sample_chars`` characters, cut at
        a space. A thousand characters identify a news article's language as surely as all of
        it, and the identifier's time grows with the length it reads.
    """

    def __init__(
        self,
        languages: list[str],
        reject_above: float = 0.9,
        identifier: LanguageIdentifier | None = None,
        sample_chars: int = 1000,
    ) -> None:
        self.languages = list(languages)
        self.sample_chars = sample_chars
        self.reject_above = reject_above
        self._identifier = identifier

    @cached_property
    def identifier(self) -> LanguageIdentifier:
        if self._identifier is not None:
            return self._identifier
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as Py3LangId

        return Py3LangId.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(self, text: str) -> Detection:
        """Return the supported language that fits ``text`` best, and the overall best."""
        sample = text
        if len(text) > self.sample_chars:
            cut = text.rfind(" ", 0, self.sample_chars)
            sample = text[:cut if cut > self.sample_chars // 2 else self.sample_chars]
        ranking = [(code, float(p)) for code, p in self.identifier.rank(sample)]
        best_code, best_p = ranking[0]
        supported = [(c, p) for c, p in ranking if c in self.languages]
        if not supported:
            return Detection(best_code, 0.0, best_code, best_p)
        total = sum(p for _, p in supported) or 1.0
        code, p = supported[0]
        return Detection(code, round(p / total, 4), best_code, round(best_p, 4))

    def is_unsupported(self, detection: Detection) -> bool:
        """True when the text is confidently in a language we have no rules for."""
        return detection.best_overall not in self.languages and (
            detection.best_overall_confidence >= self.reject_above
        )


def load_rules(code: str, root: Path | None = None) -> LanguageRules:
    """Load the rules of language ``code`` from the lexicon folder."""
    root = root or lexicon_dir()
    path = root / "lang" / code / "rules.toml"
    if not path.is_file():
        raise UnsupportedLanguageError(code, available_languages(root))
    return LanguageRules.from_file(path)
