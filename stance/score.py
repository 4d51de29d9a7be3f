"""Scoring: from the evaluative words around a mention to a stance score in (-1, 1).

For a mention, every lexicon entry (a *cue*) in the same sentence within ``window`` words
contributes::

    contribution = weight × shift × proximity × clause × competitor

* ``weight``     the lexicon weight of the entry;
* ``shift``      the product of the valence shifters that reach the cue (negator factor,
  1 + intensifier strength, 1 − downtoner strength, hedge factor, contrast before/after);
* ``proximity``  1 / (1 + d / decay) for a cue d words away from the mention;
* ``clause``     clause_factor ** k for k clause boundaries between cue and mention;
* ``competitor`` competitor_factor when the cue is closer to another actor's mention.

A mention through an evaluative label ("Scam Altman") adds the label's weight as a cue of its
own. With ``S`` the sum of contributions, ``score = S / sqrt(S² + alpha)``. Every number is
kept on the :class:`Cue` so that a score can be recomputed by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from stance.actors import Mention
from stance.errors import LexiconError
from stance.language import LanguageRules, ShifterSet
from stance.lexicon import SentimentLexicon
from stance.resources import lexicon_dir, read_toml
from stance.text import Sentence

LABELS = ("hostile", "neutral", "favorable")


@dataclass(frozen=True)
class ScoringConfig:
    """The constants of scoring and aggregation (``lexicons/scoring.toml``)."""

    window: int = 12
    decay: float = 4.0
    clause_factor: float = 0.6
    max_clauses: int = 2
    competitor_factor: float = 0.6
    alpha: float = 1.0
    pronoun_window: int = 2
    hostile_at: float = -0.05
    favorable_at: float = 0.05
    bootstrap: int = 2000
    seed: int = 20250522
    cluster_min_docs: int = 5
    agreement_min_mentions: int = 2

    @classmethod
    def from_file(cls, path: Path | None = None) -> ScoringConfig:
        """Read the scoring constants; by default the shipped ``lexicons/scoring.toml``."""
        path = path or lexicon_dir() / "scoring.toml"
        raw = read_toml(path)
        values: dict[str, object] = {}
        for table in ("mention", "labels", "aggregate"):
            values.update(raw.get(table, {}))
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        if unknown:
            raise LexiconError(f"{path}: unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
        config = cls(**values)  # type: ignore[arg-type]
        if not config.hostile_at < 0 < config.favorable_at:
            raise LexiconError(f"{path}: need hostile_at < 0 < favorable_at")
        return config

    def label(self, value: float) -> str:
        """The label of a stance value: hostile, neutral or favorable."""
        if value <= self.hostile_at:
            return "hostile"
        if value >= self.favorable_at:
            return "favorable"
        return "neutral"

    def squash(self, total: float) -> float:
        """Map a sum of contributions into (-1, 1)."""
        return total / math.sqrt(total * total + self.alpha)


@dataclass(frozen=True)
class Shift:
    """A valence shifter applied to a cue."""

    kind: str  # negator, intensifier, downtoner, hedge, contrast
    words: str
    factor: float


@dataclass(frozen=True)
class Cue:
    """An evaluative word near a mention and everything that went into its contribution."""

    term: str
    entry: str
    weight: float
    shifts: tuple[Shift, ...]
    shift: float
    distance: int
    proximity: float
    clause: float
    competitor: float
    contribution: float
    start: int
    end: int

    def as_record(self) -> dict[str, object]:
        # a shallow copy: every field but ``shifts`` is a plain value (dataclasses.asdict
        # deep-copies recursively and was a tenth of the scoring time)
        record = {name: getattr(self, name) for name in _CUE_FIELDS}
        record["shifts"] = [f"{s.kind}:{s.words}×{s.factor:g}" for s in self.shifts]
        return record


_CUE_FIELDS = tuple(f.name for f in fields(Cue))


@dataclass(frozen=True)
class MentionScore:
    """The score of one mention with the cues that produced it."""

    score: float
    total: float
    cues: tuple[Cue, ...] = field(default_factory=tuple)
    label: str = ""  # hostile, neutral or favorable: the scorer's decision


@dataclass(frozen=True)
class _SentenceCue:
    term: str
    entry: str
    weight: float
    start: int  # token indices
    end: int
    shifts: tuple[Shift, ...]
    shift: float


class LexiconScorer:
    """Score mentions from lexicon cues and the language's valence shifters.

    Parameters
    ----------
    lexicon
        The language's sentiment lexicon.
    rules
        The language's rules (shifters, clause marks).
    config
        Scoring constants; by default the shipped ``scoring.toml``.
    """

    def __init__(self, lexicon: SentimentLexicon, rules: LanguageRules,
                 config: ScoringConfig | None = None) -> None:
        self.lexicon = lexicon
        self.rules = rules
        self.config = config or ScoringConfig.from_file()
        self._memo: tuple[Sentence, list[int], list[int]] | None = None

    # -- per sentence -------------------------------------------------------------------
    def sentence_cues(self, sentence: Sentence, exclude: set[int] | None = None) -> list[_SentenceCue]:
        """The cues of a sentence with their shifters (independent of any mention)."""
        tokens = sentence.tokens
        exclude = exclude or set()
        lowers = [t.lower for t in tokens]
        clauses = [i for i, w in enumerate(lowers) if w in self.rules.clause_marks]
        finds = {kind: _occurrences(lowers, shifters.phrases, shifters.exceptions)
                 for kind, shifters in self._shifters()}
        contrast = finds.pop("contrast")
        shifter_tokens = {i for spans in finds.values() for s, e, _ in spans for i in range(s, e)}
        shifter_tokens |= {i for s, e, _ in contrast for i in range(s, e)}
        first_word = next((i for i, t in enumerate(tokens) if t.is_word), 0)
        out = []
        for match in self.lexicon.match(tokens, self.rules.endings):
            span = set(range(match.start, match.end))
            if span & exclude or span <= shifter_tokens:
                continue
            shifts: list[Shift] = []
            for kind, shifters in self._shifters():
                if kind == "contrast":
                    continue
                for start, end, strength in finds[kind]:
                    if _reaches(start, end, match.start, match.end, shifters, clauses):
                        shifts.append(Shift(kind, " ".join(lowers[start:end]), _factor(kind, shifters, strength)))
                        break
            if contrast and contrast[0][0] > first_word:
                # a marker that opens the sentence contrasts with the previous one: no shift
                marker_start, marker_end, _ = contrast[0]
                after = match.start >= marker_end
                factor = self.rules.contrast.after if after else self.rules.contrast.before
                if factor != 1.0:
                    shifts.append(Shift("contrast", " ".join(lowers[marker_start:marker_end]) + (" (after)" if after else " (before)"), factor))
            scare = self._scare_quotes(tokens, match.start, match.end, match.entry.weight)
            if scare is not None:
                shifts.append(scare)
            shift = math.prod(s.factor for s in shifts)
            term = sentence.text[tokens[match.start].start - sentence.start: tokens[match.end - 1].end - sentence.start]
            out.append(_SentenceCue(term, match.entry.term, match.entry.weight, match.start, match.end,
                                    tuple(shifts), shift))
        return out

    def _scare_quotes(self, tokens: Sequence, start: int, end: int, weight: float) -> Shift | None:
        """The scare-quote shift of a cue that stands alone between quotation marks.

        'his "genius" plan': a quoted praise word is read as irony (× ``scare_positive``), a
        quoted insult as the writer keeping their distance (× ``scare_negative``). Only a cue
        of at most ``scare_max_words`` words that fills the whole quotation counts.
        """
        max_words, positive, negative = self.rules.scare_quotes
        marks = self.rules.quote_marks
        if (not max_words or end - start > max_words or start == 0 or end >= len(tokens)
                or tokens[start - 1].text not in marks or tokens[end].text not in marks):
            return None
        factor = positive if weight > 0 else negative
        opening, closing = tokens[start - 1].text, tokens[end].text
        return Shift("scare quotes", f"{opening}…{closing}", factor) if factor != 1.0 else None

    def tone(self, sentence: Sentence, cues: list[_SentenceCue] | None = None) -> float:
        """Untargeted tone of a sentence: all its cues with shifters, no proximity."""
        cues = self.sentence_cues(sentence) if cues is None else cues
        return self.config.squash(sum(c.weight * c.shift for c in cues))

    # -- per mention --------------------------------------------------------------------
    def score(self, sentence: Sentence, mention: Mention, others: Sequence[Mention] = (),
              cues: list[_SentenceCue] | None = None) -> MentionScore:
        """Score one mention; ``others`` are the other mentions in the same sentence."""
        config = self.config
        tokens = sentence.tokens
        mention_tokens = {i for m in (mention, *others) for i in range(m.token_start, m.token_end)}
        if cues is None:
            cues = self.sentence_cues(sentence, mention_tokens)
        words_before, clauses = self._positions(sentence)
        rivals = [m for m in others if m.actor != mention.actor]
        found: list[Cue] = []
        if mention.via == "label" and mention.label_weight:
            found.append(Cue(mention.text, f"label: {mention.text}", mention.label_weight, (), 1.0,
                             0, 1.0, 1.0, 1.0, mention.label_weight, mention.start, mention.end))
        for cue in cues:
            if set(range(cue.start, cue.end)) & mention_tokens:
                continue
            distance = _gap(words_before, cue.start, cue.end, mention.token_start, mention.token_end)
            if distance > config.window:
                continue
            proximity = 1.0 / (1.0 + distance / config.decay)
            between = sum(1 for i in clauses if _between(i, cue.start, cue.end, mention.token_start, mention.token_end))
            clause = config.clause_factor ** min(between, config.max_clauses)
            competitor = 1.0
            if any(_gap(words_before, cue.start, cue.end, r.token_start, r.token_end) < distance for r in rivals):
                competitor = config.competitor_factor
            contribution = cue.weight * cue.shift * proximity * clause * competitor
            found.append(Cue(cue.term, cue.entry, cue.weight, cue.shifts, cue.shift, distance, proximity,
                             clause, competitor, contribution, tokens[cue.start].start, tokens[cue.end - 1].end))
        total = sum(c.contribution for c in found)
        score = config.squash(total)
        return MentionScore(score, total, tuple(found), config.label(score))

    def _positions(self, sentence: Sentence) -> tuple[list[int], list[int]]:
        """Word positions and clause marks of a sentence, computed once for all its mentions."""
        memo = getattr(self, "_memo", None)
        if memo is not None and memo[0] is sentence:
            return memo[1], memo[2]
        words_before = _word_positions(sentence.tokens)
        clauses = [i for i, t in enumerate(sentence.tokens) if t.lower in self.rules.clause_marks]
        self._memo = (sentence, words_before, clauses)  # one assignment: safe across threads
        return words_before, clauses

    def _shifters(self) -> list[tuple[str, ShifterSet]]:
        r = self.rules
        return [("negator", r.negators), ("intensifier", r.intensifiers), ("downtoner", r.downtoners),
                ("hedge", r.hedges), ("contrast", r.contrast)]


def _factor(kind: str, shifters: ShifterSet, strength: float) -> float:
    if kind == "intensifier":
        return 1.0 + strength
    if kind == "downtoner":
        return 1.0 - strength
    return shifters.factor


def _occurrences(words: list[str], phrases: dict[tuple[str, ...], float],
                 exceptions: tuple[tuple[str, ...], ...] = ()) -> list[tuple[int, int, float]]:
    """Where each shifter phrase occurs: (start, end, strength), longest phrase first.

    Tokens inside an exception phrase ("not only") do not count as the shifter.
    """
    by_first = _by_first_word(phrases)
    if by_first.keys().isdisjoint(words):
        return []  # most sentences: no phrase of this kind starts anywhere
    blocked = {i for start, end, _ in _occurrences(words, _exception_phrases(exceptions))
               for i in range(start, end)} if exceptions else set()
    out = []
    free = 0  # the first index not inside a phrase already found
    for index in [i for i, w in enumerate(words) if w in by_first]:
        if index < free:
            continue
        for phrase, strength in by_first[words[index]]:
            if tuple(words[index:index + len(phrase)]) == phrase and index not in blocked:
                out.append((index, index + len(phrase), strength))
                free = index + len(phrase)
                break
    return out


_INDEXES: dict[int, tuple[object, dict[str, list[tuple[tuple[str, ...], float]]]]] = {}


def _by_first_word(phrases: dict[tuple[str, ...], float]) -> dict[str, list[tuple[tuple[str, ...], float]]]:
    """Phrases by their first word, longest first; built once per phrase table (they are
    loaded once and never change) instead of for every sentence and shifter kind."""
    cached = _INDEXES.get(id(phrases))
    if cached is not None and cached[0] is phrases:
        return cached[1]
    by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for phrase, strength in phrases.items():
        by_first.setdefault(phrase[0], []).append((phrase, strength))
    for candidates in by_first.values():
        candidates.sort(key=lambda p: -len(p[0]))  # stable: equal lengths keep table order
    _INDEXES[id(phrases)] = (phrases, by_first)  # the table is kept alive, so its id is not reused
    return by_first


_EXCEPTIONS: dict[tuple[tuple[str, ...], ...], dict[tuple[str, ...], float]] = {}


def _exception_phrases(exceptions: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], float]:
    if exceptions not in _EXCEPTIONS:
        _EXCEPTIONS[exceptions] = dict.fromkeys(exceptions, 0.0)
    return _EXCEPTIONS[exceptions]


def _reaches(start: int, end: int, cue_start: int, cue_end: int, shifters: ShifterSet,
             clauses: list[int]) -> bool:
    """Whether a shifter at tokens [start, end) reaches the cue at [cue_start, cue_end)."""
    if end <= cue_start:
        gap = cue_start - end
        return gap < shifters.scope and not any(end <= i < cue_start for i in clauses)
    if start >= cue_end:
        gap = start - cue_end
        return gap < shifters.scope_after and not any(cue_end <= i < start for i in clauses)
    return False


def _word_positions(tokens: Sequence) -> list[int]:
    """For each token, the number of word tokens before it (punctuation does not count)."""
    out, count = [], 0
    for token in tokens:
        out.append(count)
        if token.is_word:
            count += 1
    return out


def _gap(words_before: list[int], a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of words strictly between two token spans."""
    if a_end <= b_start:
        return max(0, words_before[b_start] - words_before[a_end - 1] - 1)
    if b_end <= a_start:
        return max(0, words_before[a_start] - words_before[b_end - 1] - 1)
    return 0


def _between(index: int, a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    low, high = (a_end, b_start) if a_end <= b_start else (b_end, a_start)
    return low <= index < high
