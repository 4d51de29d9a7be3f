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


def rusentne_dev(path: Path) -> list[Target]:
    """The fixed 20% of RuSentNE train whose sentence hash is divisible by 5."""
    return [t for t in read_targets(path, "rusentne") if zlib.crc32(t.text.encode()) % 5 == 0]


def metrics(gold: list[int], predicted: list[int]) -> dict[str, float]:
    return {"f1_macro": f1_score(gold, predicted, labels=[-1, 0, 1], average="macro", zero_division=0),
            "f1_pn": f1_score(gold, predicted, labels=[-1, 1], average="macro", zero_division=0),
            "accuracy": accuracy_score(gold, predicted)}


def to_class(score: float, low: float, high: float) -> int:
    return -1 if score <= low else (1 if score >= high else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with newsmtsc/ and rusentne2023/")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("accuracy.md"))
    args = parser.parse_args()
    analyzer = Analyzer()
    config = analyzer.config
    reference = ReferenceScorer()
    sets = [("NewsMTSC dev-rw", "en", read_targets(args.data / "newsmtsc" / "dev_rw.jsonl", "newsmtsc")),
            ("NewsMTSC dev-mt", "en", read_targets(args.data / "newsmtsc" / "dev_mt.jsonl", "newsmtsc")),
            ("RuSentNE train, 20% dev", "ru", rusentne_dev(args.data / "rusentne2023" / "train.tsv"))]
    rows = []
    for name, language, targets in sets:
        gold = [t.label for t in targets]
        began = time.perf_counter()
        scores = score_targets(targets, analyzer)
        seconds = time.perf_counter() - began
        predicted = [to_class(s, config.hostile_at, config.favorable_at) for s in scores]
        rows.append({"set": name, "language": language, "n": len(gold), "scorer": "stance lexicon",
                     **metrics(gold, predicted), "sentences_per_s": len(gold) / seconds})
        if reference.supports(language):
            for label, method, low, high in [("VADER (sentence)", reference.vader, -0.05, 0.05),
                                             ("TextBlob (sentence)", reference.textblob, -0.05, 0.05)]:
                predicted = [to_class(method(t.text), low, high) for t in targets]
                rows.append({"set": name, "language": language, "n": len(gold), "scorer": label,
                             **metrics(gold, predicted), "sentences_per_s": float("nan")})
    table = pd.DataFrame(rows)
    lines = [f"# Accuracy on dev data ({dt.date.today().isoformat()})", "",
             "Produced by `python bench/accuracy.py --data ../shared/data`. Mention labels use the "
             f"thresholds of `lexicons/scoring.toml` (±{config.favorable_at:g}); VADER and TextBlob "
             "score the whole sentence with their usual ±0.05 cut-offs.", "",
             "| set | lang | n | scorer | F1m | F1pn | accuracy | sentences/s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        speed = "" if r.sentences_per_s != r.sentences_per_s else f"{r.sentences_per_s:,.0f}"
        lines.append(f"| {r.set} | {r.language} | {r.n} | {r.scorer} | {r.f1_macro:.3f} | {r.f1_pn:.3f} | "
                     f"{r.accuracy:.3f} | {speed} |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
