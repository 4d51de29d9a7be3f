"""Features of a mention for the learned scorer, computed from the lexicon scorer's own cues.

Two families, both plain ``{name: value}`` mappings so that every learned weight can be read
next to the feature it multiplies:

* **cue features** (``cue:*``): language-independent numbers derived from the lexicon cues
  around the mention — signed sums by distance band and side, counts, shifters that applied,
  the untargeted tone of the sentence, where the target stands, whether it sits in a quotation
  or next to a reporting verb, whether it is the agent of a passive. They mean the same in
  every language, so a model trained on English and Russian carries to German and Indonesian.
* **word features** (``word:<lang>:*``): the lemmas near the mention, by side, and the lemmas
  of the mention's own clause (``word:<lang>:C:*``: up to the nearest clause mark or quotation
  mark of the language's rules on either side), so that two actors of one sentence get the
  words of their own clause. They only fire in the language they were learned in, and let a
  language with training data correct its lexicon.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stance.actors import Mention
from stance.score import LexiconScorer, MentionScore, _gap
from stance.text import Sentence

#: Distance bands (in words) for the signed cue sums.
BANDS = ((0, 2, "near"), (3, 6, "mid"), (7, 10_000, "far"))
#: How many words on each side of a mention feed the word features.
WORD_WINDOW = 6
#: The value of a clause word feature (every word of the mention's clause counts the same).
CLAUSE_WEIGHT = 0.5


@dataclass(frozen=True)
class MentionFeatures:
    """The features of one mention, with the lexicon score they were derived from."""

    values: dict[str, float]
    lexicon: MentionScore


def mention_features(scorer: LexiconScorer, sentence: Sentence, mention: Mention,
                     others: Sequence[Mention] = (), cues: list | None = None,
                     words: bool = True) -> MentionFeatures:
    """Compute the features of ``mention`` in ``sentence`` (see the module docstring)."""
    rules = scorer.rules
    tokens = sentence.tokens
    taken = {i for m in (mention, *others) for i in range(m.token_start, m.token_end)}
    if cues is None:
        cues = scorer.sentence_cues(sentence, taken)
    scored = scorer.score(sentence, mention, others, cues)
    values: dict[str, float] = {"cue:total": scored.total, "cue:score": scored.score}
    pos = sum(c.contribution for c in scored.cues if c.contribution > 0)
    neg = sum(c.contribution for c in scored.cues if c.contribution < 0)
    values["cue:pos"], values["cue:neg"] = pos, neg
    values["cue:n_pos"] = float(sum(c.contribution > 0 for c in scored.cues))
    values["cue:n_neg"] = float(sum(c.contribution < 0 for c in scored.cues))
    for cue in scored.cues:
        band = next(name for low, high, name in BANDS if low <= cue.distance <= high)
        side = "before" if cue.end <= mention.start else "after"
        sign = "pos" if cue.contribution > 0 else "neg"
        _add(values, f"cue:{band}_{sign}", cue.contribution)
        _add(values, f"cue:{side}_{sign}", cue.contribution)
        for shift in cue.shifts:
            _add(values, f"cue:{shift.kind}", cue.weight * cue.proximity)
        if cue.competitor != 1.0:
            _add(values, "cue:shared", cue.contribution)
    tone_pos = sum(c.weight * c.shift for c in cues if c.weight * c.shift > 0)
    tone_neg = sum(c.weight * c.shift for c in cues if c.weight * c.shift < 0)
    values["cue:tone_pos"], values["cue:tone_neg"] = tone_pos, tone_neg
    values["cue:tone"] = scorer.config.squash(tone_pos + tone_neg)
    n_words = sum(t.is_word for t in tokens) or 1
    before = scorer._positions(sentence)[0]
    position = before[mention.token_start] if mention.token_start < len(before) else 0
    values["cue:position"] = position / n_words
    values["cue:opens"] = float(position <= 1)
    values["cue:length"] = math.log1p(n_words)
    values["cue:pronoun"] = float(mention.via == "pronoun" or rules.pronoun_gender(mention.text.lower()) is not None)
    values["cue:others"] = float(sum(1 for m in others if m.actor != mention.actor))
    quotes = [i for i, t in enumerate(tokens) if t.text in rules.quote_marks]
    inside = sum(1 for i in quotes if i < mention.token_start) % 2 == 1 and any(i >= mention.token_end for i in quotes)
    values["cue:quoted_target"] = float(inside)
    values["cue:quotes"] = float(bool(quotes))
    if quotes:
        token_at = {t.start: i for i, t in enumerate(tokens)}  # a cue keeps character offsets
        values["cue:quoted_cues"] = sum(c.contribution for c in scored.cues
                                        if _in_quotes(quotes, token_at.get(c.start, -1)))
    window = range(max(0, mention.token_start - 3), min(len(tokens), mention.token_end + 3))
    values["cue:speaker"] = float(any(tokens[i].lower in rules.speech_verbs or tokens[i].lemma in rules.speech_verbs
                                      for i in window if i not in taken))
    values["cue:agent"] = float(mention.token_start > 0
                                and tokens[mention.token_start - 1].lower in rules.agent_markers)
    if words:
        _word_features(values, scorer, sentence, mention, taken, before)
    return MentionFeatures({k: v for k, v in values.items() if v != 0.0}, scored)


def _word_features(values: dict[str, float], scorer: LexiconScorer, sentence: Sentence,
                   mention: Mention, taken: set[int], before: list[int]) -> None:
    language = scorer.rules.code
    decay = scorer.config.decay
    for index, token in enumerate(sentence.tokens):
        if index in taken or not token.is_word:
            continue
        distance = _gap(before, index, index + 1, mention.token_start, mention.token_end)
        if distance > WORD_WINDOW:
            continue
        side = "L" if index < mention.token_start else "R"
        weight = 1.0 / (1.0 + distance / decay)
        _add(values, f"word:{language}:{side}:{token.lemma}", weight)
        _add(values, f"word:{language}:{token.lemma}", weight)
    tokens = sentence.tokens
    bounds = scorer.rules.clause_bounds
    low, high = mention.token_start, mention.token_end
    while low > 0 and tokens[low - 1].text not in bounds and tokens[low - 1].lower not in bounds:
        low -= 1
    while high < len(tokens) and tokens[high].text not in bounds and tokens[high].lower not in bounds:
        high += 1
    for index in range(low, high):
        if index not in taken and tokens[index].is_word:
            values[f"word:{language}:C:{tokens[index].lemma}"] = CLAUSE_WEIGHT


def _in_quotes(quotes: list[int], index: int) -> bool:
    return sum(1 for i in quotes if i < index) % 2 == 1 and any(i > index for i in quotes)


def _add(values: dict[str, float], key: str, value: float) -> None:
    values[key] = values.get(key, 0.0) + value
