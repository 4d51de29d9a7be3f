"""Explaining a score: each mention with its cues marked and the arithmetic behind it."""

from __future__ import annotations

import json
import math

from stance.pipeline import Analysis

_COLORS = {"neg": "\033[31m", "pos": "\033[32m", "mention": "\033[4;1m", "off": "\033[0m"}


def _mark(sentence: str, offset: int, spans: list[tuple[int, int, str]], color: bool) -> str:
    """Mark spans of a sentence: the mention as <<...>> and cues as [word ±w]."""
    out, cursor = [], 0
    for start, end, kind in sorted(spans):
        start, end = start - offset, end - offset
        if start < cursor:
            continue
        out.append(sentence[cursor:start])
        word = sentence[start:end]
        if kind == "mention":
            out.append(f"{_COLORS['mention']}{word}{_COLORS['off']}" if color else f"<<{word}>>")
        else:
            if color:
                out.append(f"{_COLORS['neg' if kind.startswith('-') else 'pos']}{word}{_COLORS['off']}")
            else:
                out.append(f"[{word} {kind}]")
        cursor = end
    out.append(sentence[cursor:])
    return "".join(out)


def _learned_lines(row: object, shown: int = 6) -> list[str]:
    """The learned scorer's part of a mention's account: probabilities and largest terms."""
    terms = json.loads(getattr(row, "model_terms", "[]") or "[]")
    lines = [f"  learned scorer: P(hostile) {row.p_hostile:.2f}, P(neutral) {row.p_neutral:.2f}, "  # type: ignore[attr-defined]
             f"P(favorable) {row.p_favorable:.2f}; score = P(favorable) − P(hostile) = "  # type: ignore[attr-defined]
             f"{row.score:+.3f} -> {row.label} (the most probable class)"]  # type: ignore[attr-defined]
    if terms:
        total = sum(term["logit"] for term in terms)
        lines.append(f"  log(P(favorable) / P(hostile)) = {total:+.2f}, the sum of the intercept and every "
                     "feature's value × weight; the largest:")
        for term in terms[:shown]:
            lines.append(f"    {term['feature'][:40]:<40} {term['value']:>+7.3f} × {term['weight']:>+6.2f}"
                         f" → {term['logit']:>+6.2f}")
        if len(terms) > shown:
            lines.append(f"    ... {len(terms) - shown} more in the model_terms column")
    return lines


def explain_text(analysis: Analysis, doc_id: str, actor: str, color: bool = False) -> str:
    """A readable account of every mention of ``actor`` in ``doc_id`` and how it was scored."""
    analysis.explain(doc_id, actor)  # validates the document and actor ids
    chosen = analysis.mentions[(analysis.mentions["doc_id"] == doc_id) & (analysis.mentions["actor"] == actor)]
    config = analysis.config
    name = analysis.actors[actor].name
    lines = [f"{name} ({actor}) in {doc_id}: {len(chosen)} mention(s)"]
    if chosen.empty:
        lines.append("  no mentions of this actor in this document")
        return "\n".join(lines)
    for row in chosen.itertuples(index=False):
        cues = json.loads(row.cues)
        offset = row.sentence_start
        spans = [(row.start, row.end, "mention")] + [(c["start"], c["end"], f"{c['weight']:+.2f}") for c in cues
                                                      if c["entry"].split(":")[0] != "label"]
        lines.append("")
        lines.append(f"[sentence {row.sentence_id}] {_mark(row.sentence, offset, spans, color)}")
        lines.append(f"  mention: {row.mention!r} ({row.via})")
        learned = not math.isnan(getattr(row, "p_hostile", math.nan))
        if not cues:
            lines.append("  no cues within reach: S = 0, lexicon score = 0.000"
                         + ("" if learned else " -> neutral"))
            if learned:
                lines += _learned_lines(row)
            continue
        lines.append(f"  {'cue':<22}{'entry':<22}{'weight':>7}  {'shifters':<28}{'×shift':>7}{'dist':>5}"
                     f"{'×prox':>7}{'×clause':>8}{'×rival':>7}{'= contrib':>10}")
        for c in cues:
            shifts = ", ".join(c["shifts"]) or "—"
            lines.append(f"  {c['term'][:21]:<22}{c['entry'][:21]:<22}{c['weight']:>+7.2f}  {shifts[:27]:<28}"
                         f"{c['shift']:>7.2f}{c['distance']:>5}{c['proximity']:>7.2f}{c['clause']:>8.2f}"
                         f"{c['competitor']:>7.2f}{c['contribution']:>+10.3f}")
        total = sum(c["contribution"] for c in cues)
        lexicon_score = total / math.sqrt(total * total + config.alpha)
        lines.append(f"  S = {total:+.3f};  {'lexicon score' if learned else 'score'} = S / sqrt(S² + "
                     f"{config.alpha:g}) = {lexicon_score:+.3f}" + ("" if learned else f" -> {row.label}"))
        if learned:
            lines += _learned_lines(row)
    docs = analysis.documents
    row = docs[(docs["doc_id"] == doc_id) & (docs["actor"] == actor)].iloc[0]
    lines.append("")
    lines.append(f"document stance = mean of {row['n_mentions']} mention score(s) = {row['stance']:+.3f} "
                 f"[95% CI {row['ci_low']:+.3f}, {row['ci_high']:+.3f}] -> {row['label']} "
                 f"(hostile <= {config.hostile_at:+g}, favorable >= {config.favorable_at:+g})")
    return "\n".join(lines)

