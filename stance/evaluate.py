"""Evaluation: score labelled targets with the mention scorer and measure agreement.

Formats (one target per record):

* ``newsmtsc``: JSONL with ``sentence``, ``from``, ``to`` (end exclusive), ``polarity`` (-1/0/1)
  and optionally ``lang`` (default ``en``);
* ``rusentne``: RuSentNE-2023's tab-separated layout (``sentence``, ``entity_pos_start_rel``,
  ``entity_pos_end_rel``, ``label``), language ``ru``;
* ``table``: CSV/TSV/JSONL with ``text``, ``start``, ``end``, ``label`` and optionally ``lang``.

Each target is scored exactly as ``stance analyze`` scores a mention (same splitter, lexicon,
shifters, competitor rule with the shipped actors). Any malformed record is an error naming its
line; nothing is scored partially.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from stance.actors import Mention
from stance.errors import CorpusError
from stance.pipeline import Analyzer, LanguageKit
from stance.score import MentionScore
from stance.text import Sentence

FORMATS = ("newsmtsc", "rusentne", "table")
CLASSES = (-1, 0, 1)
LABEL_CLASS = {"hostile": -1, "neutral": 0, "favorable": 1}


@dataclass(frozen=True)
class Target:
    """A labelled target: a character span of a sentence and its gold polarity."""

    line: int
    text: str
    start: int
    end: int
    label: int
    language: str


def _target(path: Path, line: int, text: object, start: object, end: object, label: object,
            language: object) -> Target:
    where = f"{path}, line {line}"
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: the sentence is empty")
    try:
        begin, finish, gold = int(start), int(end), int(float(label))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CorpusError(f"{where}: offsets and label must be integers (got {start!r}, {end!r}, {label!r})") from None
    if gold not in CLASSES or float(label) != gold:  # type: ignore[arg-type]
        raise CorpusError(f"{where}: label {label!r} is not one of -1, 0, 1")
    if not 0 <= begin < finish <= len(text):
        raise CorpusError(f"{where}: offsets {begin}-{finish} lie outside the sentence (length {len(text)})")
    return Target(line, text, begin, finish, gold, str(language or "en"))


def read_targets(path: str | Path, format: str, language: str | None = None) -> list[Target]:
    """Read labelled targets in one of :data:`FORMATS`."""
    path = Path(path)
    if format not in FORMATS:
        raise CorpusError(f"format '{format}' is unknown; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    targets = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    if format == "newsmtsc" or (format == "table" and path.suffix.lower() == ".jsonl"):
        keys = ("sentence", "from", "to", "polarity", "lang") if format == "newsmtsc" else ("text", "start", "end", "label", "lang")
        for line, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}, line {line}: not JSON ({exc.msg})") from None
            missing = [k for k in keys[:4] if k not in record]
            if missing:
                raise CorpusError(f"{path}, line {line}: missing {', '.join(missing)}")
            targets.append(_target(path, line, *(record.get(k) for k in keys[:4]),
                                   language or record.get(keys[4]) or "en"))
        return targets
    delimiter = "," if format == "table" and path.suffix.lower() == ".csv" else "\t"
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    keys = (("sentence", "entity_pos_start_rel", "entity_pos_end_rel", "label") if format == "rusentne"
            else ("text", "start", "end", "label"))
    missing = [k for k in keys if k not in (reader.fieldnames or [])]
    if missing:
        raise CorpusError(f"{path}, line 1: missing column(s) {', '.join(missing)}; found {reader.fieldnames}")
    default = "ru" if format == "rusentne" else "en"
    for line, record in enumerate(reader, start=2):
        targets.append(_target(path, line, *(record.get(k) for k in keys),
                               language or record.get("lang") or default))
    return targets


def target_mention(target: Target, analyzer: Analyzer) -> tuple[LanguageKit, Sentence, Mention, list[Mention]] | None:
    """The target as a mention in its sentence, with the catalogue's other mentions there.

    None when the span covers no token (spaces or punctuation only).
    """
    kit = analyzer.kit(target.language)
    tokens = kit.splitter.tokens(target.text)
    sentence = Sentence(0, 0, len(target.text), target.text, tokens)
    inside = [i for i, t in enumerate(tokens) if t.start < target.end and t.end > target.start]
    if not inside:
        return None
    mention = Mention("__target__", 0, inside[0], inside[-1] + 1, target.start, target.end,
                      target.text[target.start:target.end], "name")
    others = [m for m in analyzer.actors.find_mentions([sentence], kit.rules)
              if m.token_end <= mention.token_start or m.token_start >= mention.token_end]
    return kit, sentence, mention, others


def score_targets(targets: list[Target], analyzer: Analyzer) -> list[MentionScore]:
    """Score each target as a mention, with the analyzer's scorer for its language.

    A span of spaces or punctuation names nothing and scores 0 (neutral).
    """
    scores = []
    for target in targets:
        found = target_mention(target, analyzer)
        if found is None:
            scores.append(MentionScore(0.0, 0.0, (), "neutral"))
            continue
        kit, sentence, mention, others = found
        scores.append(kit.scorer.score(sentence, mention, others))
    return scores


def evaluate(targets: list[Target], analyzer: Analyzer) -> dict[str, object]:
    """Score targets and return ``f1_macro, f1_pn, accuracy, n, per_class, confusion``."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    if not targets:
        raise CorpusError("no targets to evaluate")
    gold = [t.label for t in targets]
    predicted = [LABEL_CLASS[s.label] for s in score_targets(targets, analyzer)]
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=list(CLASSES), zero_division=0)
    names = {-1: "negative", 0: "neutral", 1: "positive"}
    return {
        "f1_macro": float(f1_score(gold, predicted, labels=list(CLASSES), average="macro", zero_division=0)),
        "f1_pn": float(f1_score(gold, predicted, labels=[-1, 1], average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(gold, predicted)),
        "n": len(gold),
        "per_class": {names[c]: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                      for c, p, r, f, s in zip(CLASSES, precision, recall, f1, support)},
        "confusion": {"labels": [names[c] for c in CLASSES],
                      "matrix": confusion_matrix(gold, predicted, labels=list(CLASSES)).tolist()},
    }
