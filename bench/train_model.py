"""Train the shipped learned scorer (``lexicons/model.json``) on NewsMTSC and RuSentNE train.

    python bench/train_model.py --data ../shared/data [--out lexicons/model.json]

English: NewsMTSC train. Russian: RuSentNE train minus its fixed 20% dev split (see
``bench/accuracy.py``). German and Indonesian: NewsMTSC train translated for this project
(``bench/data/newsmtsc_train_{de,id}.jsonl``, see ``bench/data/README.md``). ``C`` is chosen
per model by cross-validation on the training data only; no dev set is used.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from accuracy import TRANSLATED, rusentne_split

from stance.evaluate import read_targets
from stance.model import default_model_path, train
from stance.pipeline import Analyzer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with newsmtsc/ and rusentne2023/")
    parser.add_argument("--out", type=Path, default=default_model_path())
    args = parser.parse_args()
    english = read_targets(args.data / "newsmtsc" / "train.jsonl", "newsmtsc")
    russian, _ = rusentne_split(args.data / "rusentne2023" / "train.tsv")
    translated = [t for language in ("de", "id")
                  for t in read_targets(TRANSLATED / f"newsmtsc_train_{language}.jsonl", "newsmtsc")]
    began = time.perf_counter()
    models = train(english + russian + translated, Analyzer(reference=False, model="lexicon"), info={
        "data": {"en": "NewsMTSC train.jsonl (MIT)", "ru": "RuSentNE-2023 train.tsv minus the 20% hash dev split (MIT)",
                 "de": "NewsMTSC train.jsonl translated into German (bench/data/newsmtsc_train_de.jsonl; MIT)",
                 "id": "NewsMTSC train.jsonl translated into Indonesian (bench/data/newsmtsc_train_id.jsonl; MIT)"}})
    models.info["training"]["seconds"] = round(time.perf_counter() - began, 1)
    print(f"trained in {time.perf_counter() - began:.0f} s: {models.info}")
    models.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
