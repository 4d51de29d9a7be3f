"""Accuracy of the mention scorer on labelled targeted-sentiment data.

Scores each marked target with the same scorer `stance analyze` uses for a mention, and
reports F1 macro over three classes (F1m), macro F1 over positive and negative (F1pn) and
accuracy, with VADER and TextBlob (sentence polarity, untargeted) as English reference rows.

    python bench/accuracy.py --data ../shared/data [--out bench/accuracy.md]

RuSentNE-2023 has no public dev split here: a fixed 20% of its train file (chosen by a hash of
the sentence, so the split never changes) is used as dev.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
import zlib
from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from stance.actors import Mention, load_actors
from stance.pipeline import Analyzer
from stance.reference import ReferenceScorer
from stance.text import Sentence

LABELS = {-1: "hostile", 0: "neutral", 1: "favorable"}


def newsmtsc(path: Path) -> pd.DataFrame:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pd.DataFrame({"text": [r["sentence"] for r in rows], "start": [r["from"] for r in rows],
                         "end": [r["to"] for r in rows], "label": [int(r["polarity"]) for r in rows]})


def rusentne_dev(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, sep="\t", quoting=3, dtype=str, keep_default_na=False)
    dev = frame[[zlib.crc32(s.encode()) % 5 == 0 for s in frame["sentence"]]]
    return pd.DataFrame({"text": dev["sentence"], "start": dev["entity_pos_start_rel"].astype(int),
                         "end": dev["entity_pos_end_rel"].astype(int), "label": dev["label"].astype(int)})


def score_targets(frame: pd.DataFrame, language: str, analyzer: Analyzer) -> list[float]:
    kit = analyzer.kit(language)
    actors = load_actors()
    scores = []
    for text, start, end in zip(frame["text"], frame["start"], frame["end"]):
        tokens = kit.splitter.tokens(text)
        sentence = Sentence(0, 0, len(text), text, tokens)
        inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
        if not inside:
            scores.append(0.0)
            continue
        target = Mention("__target__", 0, inside[0], inside[-1] + 1, start, end, text[start:end], "name")
        others = [m for m in actors.find_mentions([sentence], kit.rules)
                  if m.token_end <= target.token_start or m.token_start >= target.token_end]
        scores.append(kit.scorer.score(sentence, target, others).score)
    return scores


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
    sets = [("NewsMTSC dev-rw", "en", newsmtsc(args.data / "newsmtsc" / "dev_rw.jsonl")),
            ("NewsMTSC dev-mt", "en", newsmtsc(args.data / "newsmtsc" / "dev_mt.jsonl")),
            ("RuSentNE train, 20% dev", "ru", rusentne_dev(args.data / "rusentne2023" / "train.tsv"))]
    rows = []
    for name, language, frame in sets:
        gold = frame["label"].tolist()
        began = time.perf_counter()
        scores = score_targets(frame, language, analyzer)
        seconds = time.perf_counter() - began
        predicted = [to_class(s, config.hostile_at, config.favorable_at) for s in scores]
        rows.append({"set": name, "language": language, "n": len(gold), "scorer": "stance lexicon",
                     **metrics(gold, predicted), "sentences_per_s": len(gold) / seconds})
        if reference.supports(language):
            for label, method, low, high in [("VADER (sentence)", reference.vader, -0.05, 0.05),
                                             ("TextBlob (sentence)", reference.textblob, -0.05, 0.05)]:
                predicted = [to_class(method(t), low, high) for t in frame["text"]]
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
