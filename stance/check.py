"""``stance lexicon check``: validate every lexicon file and measure coverage on a corpus.

Errors (the file cannot be used as it is): a wrong header, a row without a weight, a weight
that is not a number or lies outside [-1, 1], an empty term, a term defined twice (after
lower-casing and folding ё → е). Warnings (worth a reviewer's look): an unknown part of
speech, a multi-word term not marked ``expr``, a multi-word entry whose sign is the opposite
of one of its own words' entries ("not bad" against "bad" is fine, a typo in a sign is not),
and a lexicon term that is also a valence shifter in the language's rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stance.language import available_languages, load_rules
from stance.lexicon import read_rows, row_message
from stance.resources import lexicon_dir
from stance.text import fold

PARTS_OF_SPEECH = frozenset({"noun", "verb", "adj", "adv", "expr"})


@dataclass(frozen=True)
class Problem:
    """One finding of the check: where, how bad, and what."""

    path: str
    line: int
    severity: str  # error or warning
    message: str

    def __str__(self) -> str:
        return f"{self.path}, line {self.line}: {self.severity}: {self.message}"


def check_lexicon(path: Path, language: str = "", shifter_words: Iterable[str] = ()) -> tuple[list[Problem], int]:
    """Check one lexicon TSV; return its problems and the number of usable entries."""
    problems: list[Problem] = []

    def report(line: int, severity: str, message: str) -> None:
        problems.append(Problem(str(path), line, severity, message))

    entries: dict[str, tuple[float, int]] = {}
    for row in read_rows(path):
        if row.problem:
            report(row.line, "error", row_message(row))
            if row.problem in ("missing", "header"):
                return problems, 0
            continue
        assert row.entry is not None
        term, weight, pos, line = row.entry.term, row.entry.weight, row.entry.pos, row.line
        entries[term] = (weight, line)
        if pos and pos not in PARTS_OF_SPEECH:
            report(line, "warning", f"part of speech '{pos}' of '{term}' is not one of "
                                    f"{', '.join(sorted(PARTS_OF_SPEECH))}")
        if " " in term and pos and pos != "expr":
            report(line, "warning", f"multi-word term '{term}' is marked '{pos}', not 'expr'")
    shifters = {fold(w) for w in shifter_words}
    for term, (weight, line) in entries.items():
        words = term.split()
        if len(words) > 1:
            for word in words:
                single = entries.get(word)
                if single and single[0] * weight < 0 and abs(single[0]) >= 0.3 and abs(weight) >= 0.3:
                    report(line, "warning", f"'{term}' ({weight:+g}) has the opposite sign of its word "
                                            f"'{word}' ({single[0]:+g}, line {single[1]}): check the sign")
        elif term in shifters:
            report(line, "warning", f"'{term}' is also a valence shifter in the {language or 'language'} "
                                    "rules: it shifts other cues and is not scored as a cue itself")
    return problems, len(entries)


def check_all(root: Path | None = None) -> tuple[list[Problem], dict[str, int]]:
    """Check every language's lexicon under ``root`` (by default the shipped lexicons)."""
    root = root or lexicon_dir()
    problems: list[Problem] = []
    sizes: dict[str, int] = {}
    for language in available_languages(root):
        rules = load_rules(language, root)
        shifter_words = [" ".join(p) for s in (rules.negators, rules.intensifiers, rules.downtoners,
                                              rules.hedges, rules.contrast) for p in s.phrases]
        found, size = check_lexicon(root / "sentiment" / f"{language}.tsv", language, shifter_words)
        problems += found
        sizes[language] = size
    return problems, sizes


def coverage(corpus: object, analyzer: object) -> list[dict[str, object]]:
    """Lexicon coverage per language on a corpus.

    For each language: documents, sentences, words, words inside a lexicon match (share), and
    sentences and actor mentions with at least one cue (share). The documents, sentences and
    mentions are those the analysis scores (:meth:`~stance.pipeline.Analyzer.prepare`): a
    document it skips is not counted.
    """
    from stance.corpus import Corpus, load_corpus
    from stance.pipeline import Analyzer

    assert isinstance(analyzer, Analyzer)
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)  # type: ignore[arg-type]
    totals: dict[str, dict[str, int]] = {}
    for document in corpus.documents:
        prepared = analyzer.prepare(document)  # the documents, sentences and mentions the analysis scores
        if prepared.skip is not None:
            continue
        kit, sentences, mentions = prepared.kit, prepared.sentences, prepared.mentions
        assert kit is not None
        row = totals.setdefault(prepared.language, dict.fromkeys(
            ("documents", "sentences", "words", "words_matched", "sentences_with_cues", "mentions",
             "mentions_with_cues"), 0))
        row["documents"] += 1
        for sentence in sentences:
            matches = kit.lexicon.match(sentence.tokens, kit.rules.endings)
            matched = {i for m in matches for i in range(m.start, m.end)}
            row["sentences"] += 1
            row["words"] += sum(t.is_word for t in sentence.tokens)
            row["words_matched"] += sum(1 for i in matched if sentence.tokens[i].is_word)
            row["sentences_with_cues"] += bool(matches)
        for mention in mentions:  # scored with the sentence's other mentions, as the analysis does
            others = [m for m in mentions if m.sentence_id == mention.sentence_id and m is not mention]
            row["mentions"] += 1
            row["mentions_with_cues"] += bool(kit.scorer.score(sentences[mention.sentence_id], mention, others).cues)
    out = []
    for language, row in sorted(totals.items()):
        out.append({"language": language, **row,
                    "word_coverage": row["words_matched"] / row["words"] if row["words"] else 0.0,
                    "sentence_coverage": row["sentences_with_cues"] / row["sentences"] if row["sentences"] else 0.0,
                    "mention_coverage": row["mentions_with_cues"] / row["mentions"] if row["mentions"] else 0.0})
    return out
