"""Accuracy of the mention scorer on labelled targeted-sentiment data.

Scores each marked target with the same code as `stance evaluate` (and so as `stance analyze`
scores a mention), and
reports F1 macro over three classes (F1m), macro F1 over positive and negative (F1pn) and
accuracy, with VADER and TextBlob (sentence polarity, untargeted) as English reference rows.

    python bench/accuracy.py --data ../shared/data [--out bench/accuracy.md]

RuSentNE-2023 has no public dev split here: a fixed 20% of its train file (chosen by a hash of
the sentence, so the split never changes) is used as dev.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import zlib
from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from stance.evaluate import Target, read_targets, score_targets
from stance.pipeline import Analyzer
from stance.reference import ReferenceScorer


def rusentne_split(path: Path) -> tuple[list[Target], list[Target]]:
    """RuSentNE train as (train, dev): dev is the fixed 20% whose sentence hash is divisible by 5."""
    targets = read_targets(path, "rusentne")
    dev = [zlib.crc32(t.text.encode()) % 5 == 0 for t in targets]
    return [t for t, d in zip(targets, dev) if not d], [t for t, d in zip(targets, dev) if d]


def rusentne_dev(path: Path) -> list[Target]:
    """The fixed 20% of RuSentNE train whose sentence hash is divisible by 5."""
    return rusentne_split(path)[1]


def metrics(gold: list[int], predicted: list[int]) -> dict[str, float]:
    return {"f1_macro": f1_score(gold, predicted, labels=[-1, 0, 1], average="macro", zero_division=0),
            "f1_pn": f1_score(gold, predicted, labels=[-1, 1], average="macro", zero_division=0),
            "accuracy": accuracy_score(gold, predicted)}


def to_class(score: float, low: float, high: float) -> int:
    return -1 if score <= low else (1 if score >= high else 0)


TRANSLATED = Path(__file__).with_name("data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with newsmtsc/ and rusentne2023/")
    parser.add_argument("--model", default="default",
                        help="the learned model to measure (default: the shipped lexicons/model.json)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("accuracy.md"))
    args = parser.parse_args()
    scorers = [("stance lexicon", Analyzer(reference=False, model="lexicon")),
               ("stance learned", Analyzer(reference=False, model=args.model))]
    reference = ReferenceScorer()
    sets = [("NewsMTSC dev-rw", "en", read_targets(args.data / "newsmtsc" / "dev_rw.jsonl", "newsmtsc")),
            ("NewsMTSC dev-mt", "en", read_targets(args.data / "newsmtsc" / "dev_mt.jsonl", "newsmtsc")),
            ("RuSentNE train, 20% dev", "ru", rusentne_dev(args.data / "rusentne2023" / "train.tsv"))]
    for language in ("de", "id"):
        for split in ("rw", "mt"):
            path = TRANSLATED / f"newsmtsc_dev_{split}_{language}.jsonl"
            sets.append((f"NewsMTSC dev-{split}, translated", language, read_targets(path, "newsmtsc")))
    rows = []
    for name, language, targets in sets:
        gold = [t.label for t in targets]
        for label, analyzer in scorers:
            score_targets(targets[:50], analyzer)  # load the language's data before timing
            began = time.perf_counter()
            scores = score_targets(targets, analyzer)
            seconds = time.perf_counter() - began
            predicted = [{"hostile": -1, "neutral": 0, "favorable": 1}[s.label] for s in scores]
            rows.append({"set": name, "language": language, "n": len(gold), "scorer": label,
                         **metrics(gold, predicted), "sentences_per_s": len(gold) / seconds})
        if reference.supports(language):
            for label, method in [("VADER (sentence)", reference.vader), ("TextBlob (sentence)", reference.textblob)]:
                predicted = [to_class(method(t.text), -0.05, 0.05) for t in targets]
                rows.append({"set": name, "language": language, "n": len(gold), "scorer": label,
                             **metrics(gold, predicted), "sentences_per_s": float("nan")})
    table = pd.DataFrame(rows)
    config = scorers[0][1].config
    def overall(scorer: str) -> float:  # all targets over all seconds, not a sum of rates
        rows = table[table.scorer == scorer]
        return rows.n.sum() / (rows.n / rows.sentences_per_s).sum()

    lexicon_speed, learned_speed = overall("stance lexicon"), overall("stance learned")
    lines = [f"# Accuracy on dev data ({dt.date.today().isoformat()})", "",
             "Produced by `python bench/accuracy.py --data ../shared/data` (model: "
             f"`{args.model}`). The lexicon scorer labels a mention by the thresholds of "
             f"`lexicons/scoring.toml` (±{config.favorable_at:g}); the learned scorer by its most "
             "probable class. VADER and TextBlob score the whole sentence with their usual ±0.05 "
             "cut-offs (English only). The German and Indonesian sets are NewsMTSC dev translated "
             "for this project (`bench/data/README.md`).", "",
             "| set | lang | n | scorer | F1m | F1pn | accuracy | sentences/s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        speed = "" if r.sentences_per_s != r.sentences_per_s else f"{r.sentences_per_s:,.0f}"
        lines.append(f"| {r.set} | {r.language} | {r.n} | {r.scorer} | {r.f1_macro:.3f} | {r.f1_pn:.3f} | "
                     f"{r.accuracy:.3f} | {speed} |")
    lines += ["", f"Speed over all sets (targets / seconds): lexicon {lexicon_speed:,.0f}, learned "
              f"{learned_speed:,.0f} sentences/s in the same run, so the learned scorer keeps "
              f"{learned_speed / lexicon_speed:.0%} of the lexicon scorer's speed (it computes the same cues, "
              "then its features and one dot product per class; the slowest set keeps less)."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
