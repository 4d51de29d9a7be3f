"""Actors and their mentions.

``lexicons/actors.toml`` defines each actor: display name, kind (person, org, product,
government), grammatical gender for pronouns, aliases (per language, all matched in every
language), evaluative labels (nicknames such as "Scam Altman", with a weight) and
epithets (role nouns such as "the billionaire" that stand for the actor).

Matching rules, all documented in ``lexicons/README.md``:

* An alias matches consecutive tokens, case-insensitively, except that a capitalised alias
  only matches capitalised text ("Маск" matches, "маска" — a mask — does not).
* Each token may carry one of the language's name endings (``names.suffixes``): Russian
  declension (Маска, Маском), German and English possessives (Musks, Musk's), Indonesian
  clitics (Musknya).
* Longer aliases win over shorter ones; matches do not overlap.
* Epithets ("the billionaire", "миллиардер") refer to their actor only in a document that
  has named the actor before, and not in a sentence that names it.
* Pronoun rule: a third-person pronoun of the language refers to the most recent person
  actor of a compatible gender mentioned in the same sentence before it or in the
  ``pronoun_window`` sentences before; it adds a mention only in a sentence that does not name
  that actor already (the name carries the sentence).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from stance.errors import LexiconError, UnknownActorError
from stance.language import LanguageRules
from stance.resources import lexicon_dir, read_toml
from stance.text import TOKEN, Sentence, fold

KINDS = ("person", "org", "product", "government")


@dataclass(frozen=True)
class Actor:
    """A person or organisation whose framing the tool measures."""

    actor_id: str
    name: str
    kind: str
    gender: str = ""
    aliases: tuple[str, ...] = ()
    labels: dict[str, float] = field(default_factory=dict)
    epithets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """One place a document refers to an actor."""

    actor: str
    sentence_id: int
    token_start: int
    token_end: int
    start: int
    end: int
    text: str
    via: str  # "name", "label", "epithet" or "pronoun"
    label_weight: float | None = None


@dataclass(frozen=True)
class _Alias:
    actor: str
    tokens: tuple[str, ...]
    capitalised: tuple[bool, ...]
    label_weight: float | None
    text: str
    via: str


class ActorCatalog:
    """The actors a run looks for, and the matcher that finds their mentions.

    Parameters
    ----------
    actors
        The actors; alias text must not be shared between two actors.
    source
        Where they were read from, for messages.
    """

    def __init__(self, actors: Sequence[Actor], source: str = "<actors>") -> None:
        self.actors = {a.actor_id: a for a in actors}
        self.source = source
        self._index: dict[str, list[_Alias]] = {}
        owner: dict[tuple[str, ...], str] = {}
        for actor in actors:
            entries = ([(a, None, "name") for a in actor.aliases]
                       + [(a, w, "label") for a, w in actor.labels.items()]
                       + [(a, None, "epithet") for a in actor.epithets])
            for text, weight, via in entries:
                words = [m.group() for m in TOKEN.finditer(text)]
                if not words:
                    raise LexiconError(f"{source}: actor '{actor.actor_id}' has an empty alias")
                key = tuple(fold(w) for w in words)
                if key in owner and owner[key] != actor.actor_id:
                    raise LexiconError(
                        f"{source}: alias '{text}' is given for both '{owner[key]}' and "
                        f"'{actor.actor_id}'; an alias must name one actor — remove it from one"
                    )
                owner[key] = actor.actor_id
                alias = _Alias(actor.actor_id, key, tuple(w[0].isupper() for w in words), weight, text, via)
                self._index.setdefault(key[0], []).append(alias)
        for aliases in self._index.values():
            aliases.sort(key=lambda a: -len(a.tokens))
        # per set of name endings: each word's candidate aliases, grouped by the base they
        # start from (most words have none, and are passed over with one lookup)
        self._candidates: dict[tuple[str, ...], dict[str, tuple[list[_Alias], ...]]] = {}

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> ActorCatalog:
        """Read an actors file (TOML); by default the shipped ``lexicons/actors.toml``."""
        path = Path(path) if path is not None else lexicon_dir() / "actors.toml"
        raw = read_toml(path)
        actors = []
        for actor_id, table in raw.items():
            if not isinstance(table, dict):
                raise LexiconError(f"{path}: '{actor_id}' must be a table ([{actor_id}])")
            kind = table.get("kind", "")
            if kind not in KINDS:
                raise LexiconError(f"{path}: actor '{actor_id}' has kind '{kind}'; use one of {', '.join(KINDS)}")
            aliases = table.get("aliases", [])
            if isinstance(aliases, dict):
                aliases = [a for per_language in aliases.values() for a in per_language]
            labels = table.get("labels", {})
            for label, weight in labels.items():
                if not isinstance(weight, (int, float)) or not -1 <= weight <= 1:
                    raise LexiconError(f"{path}: label '{label}' of '{actor_id}' has weight {weight!r}; use a number in [-1, 1]")
            epithets = table.get("epithets", [])
            if isinstance(epithets, dict):
                epithets = [e for per_language in epithets.values() for e in per_language]
            name = table.get("name", actor_id)
            unique = list(dict.fromkeys([name, *aliases]))
            actors.append(Actor(actor_id, name, kind, table.get("gender", ""), tuple(unique),
                                {k: float(v) for k, v in labels.items()}, tuple(dict.fromkeys(epithets))))
        if not actors:
            raise LexiconError(f"{path}: no actors defined; add at least one [actor_id] table")
        return cls(actors, str(path))

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __getitem__(self, actor_id: str) -> Actor:
        try:
            return self.actors[actor_id]
        except KeyError:
            raise UnknownActorError(actor_id, self.actors) from None

    def select(self, actor_ids: Iterable[str]) -> ActorCatalog:
        """A catalog restricted to ``actor_ids`` (each must exist)."""
        return ActorCatalog([self[a] for a in actor_ids], self.source)

    def find_mentions(self, sentences: Sequence[Sentence], rules: LanguageRules,
                      pronoun_window: int = 2) -> list[Mention]:
        """Find every mention in a document's sentences, pronouns included."""
        mentions: list[Mention] = []
        last_person: tuple[str, int] | None = None  # (actor, sentence_id)
        named_before: set[str] = set()
        for sentence in sentences:
            matches = self._names_in(sentence, rules.name_suffixes)
            named_actors = {m.actor for m in matches if m.via != "epithet"}
            named = [m for m in matches if m.via != "epithet"
                     or (m.actor in named_before and m.actor not in named_actors)]
            named_before |= named_actors
            by_start = {m.token_start: m for m in named}
            found: list[Mention] = []
            pronoun_genders = rules.pronoun_genders
            for index, token in enumerate(sentence.tokens):
                if index in by_start:
                    mention = by_start[index]
                    found.append(mention)
                    if self.actors[mention.actor].kind == "person":
                        last_person = (mention.actor, sentence.sentence_id)
                    continue
                if last_person is None:
                    continue
                gender = pronoun_genders.get(token.lower)
                if gender is None:
                    continue
                actor, seen_in = last_person
                if sentence.sentence_id - seen_in > pronoun_window or actor in named_actors:
                    continue
                if gender != "any" and self.actors[actor].gender != gender:
                    continue
                if any(m.actor == actor for m in found):
                    continue  # one pronoun mention per sentence is enough
                found.append(Mention(actor, sentence.sentence_id, index, index + 1, token.start,
                                     token.end, token.text, "pronoun"))
            mentions.extend(found)
        return mentions

    def _names_in(self, sentence: Sentence, suffixes: tuple[str, ...]) -> list[Mention]:
        tokens = sentence.tokens
        out: list[Mention] = []
        candidates = self._candidates.get(suffixes)
        if candidates is None or len(candidates) > 200_000:
            candidates = self._candidates[suffixes] = {}
        index = 0
        while index < len(tokens):
            lower = tokens[index].lower
            groups = candidates.get(lower)
            if groups is None:
                groups = candidates[lower] = tuple(self._index[b] for b in _bases(lower, suffixes) if b in self._index)
            if not groups:
                index += 1
                continue
            match = None
            for group in groups:
                for alias in group:
                    if self._matches(alias, tokens, index, suffixes):
                        if match is None or len(alias.tokens) > len(match.tokens):
                            match = alias
                        break
            if match is None:
                index += 1
                continue
            end = index + len(match.tokens)
            first, last = tokens[index], tokens[end - 1]
            out.append(Mention(
                match.actor, sentence.sentence_id, index, end, first.start, last.end,
                sentence.text[first.start - sentence.start: last.end - sentence.start],
                match.via, match.label_weight,
            ))
            index = end
        return out

    @staticmethod
    def _matches(alias: _Alias, tokens: Sequence, index: int, suffixes: tuple[str, ...]) -> bool:
        if index + len(alias.tokens) > len(tokens):
            return False
        for offset, (word, capital) in enumerate(zip(alias.tokens, alias.capitalised)):
            token = tokens[index + offset]
            if capital and not token.text[0].isupper():
                return False
            if word not in _bases(token.lower, suffixes):
                return False
        return True


@lru_cache(maxsize=200_000)
def _bases(word: str, suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """The forms a token may have before one of the language's name endings was added.

    The word itself first, then each stripped form in the order of ``suffixes`` (a fixed
    order, so every process matches the same alias when two of equal length fit); cached,
    since every token of every document asks.
    """
    bases = [word]
    for suffix in suffixes:
        if suffix and word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: -len(suffix)]
            if base not in bases:
                bases.append(base)
    return tuple(bases)


def load_actors(path: str | Path | None = None) -> ActorCatalog:
    """Load an actors file; by default the shipped one. See :class:`ActorCatalog`."""
    return ActorCatalog.from_file(path)
