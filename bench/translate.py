"""Prepare NewsMTSC sentences for translation, and assemble the translations into target files.

    python bench/translate.py prepare --data ../shared/data --split train --out work/ --parts 3
    python bench/translate.py assemble --data ../shared/data --split train --lang de work/de_*.jsonl \
        --out bench/data/newsmtsc_train_de.jsonl

``prepare`` groups the targets of a split by sentence and writes each sentence once with every
target marked ``[[k|words]]`` (k numbers the targets of that sentence), *without* any label, into
``parts`` files for translators. Targets whose spans overlap go into separate items. For the
train split a subset can be taken (``--keep N --residues R,...``: the sentences whose hash modulo N
is one of the residues), so a translation can be done in batches and the same sentences are
translated into every language.

A translator returns one JSON line per item, ``{"key": ..., "translation": "... [[k|Wörter]] ..."}``,
keeping every mark. ``assemble`` checks each line (every mark present once, nothing else in
brackets), turns the marks into character offsets and joins the gold polarity back from the
English file by NewsMTSC's ``id``. A line that fails a check is reported with its file and line
and left out; the count of such lines is printed, never hidden.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path

MARK = re.compile(r"\[\[(\d+)\|(.+?)\]\]", re.S)


def split_rows(data: Path, split: str) -> list[dict]:
    path = data / "newsmtsc" / f"{split}.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def kept(sentence: str, keep: int, residues: tuple[int, ...] = (0,)) -> bool:
    return keep <= 1 or zlib.crc32(sentence.encode("utf-8")) % keep in residues


def items(rows: list[dict], keep: int, residues: tuple[int, ...] = (0,)) -> list[dict]:
    """One item per sentence (or per group of non-overlapping targets of a sentence)."""
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if kept(row["sentence"], keep, residues):
            by_sentence[row["sentence"]].append(row)
    out = []
    for sentence, targets in by_sentence.items():
        groups: list[list[dict]] = []
        for target in sorted(targets, key=lambda r: (r["from"], r["to"])):
            for group in groups:
                if all(target["from"] >= g["to"] or target["to"] <= g["from"] for g in group):
                    group.append(target)
                    break
            else:
                groups.append([target])
        for n, group in enumerate(groups):
            marked, last = [], 0
            for k, target in enumerate(group, 1):
                marked += [sentence[last:target["from"]], f"[[{k}|{sentence[target['from']:target['to']]}]]"]
                last = target["to"]
            marked.append(sentence[last:])
            key = f"{zlib.crc32(sentence.encode('utf-8')):08x}-{n}"
            out.append({"key": key, "sentence": "".join(marked), "ids": [t["id"] for t in group]})
    return out


def prepare(args: argparse.Namespace) -> None:
    work = items(split_rows(args.data, args.split), args.keep, args.residues)
    args.out.mkdir(parents=True, exist_ok=True)
    size = -(-len(work) // args.parts)
    for part in range(args.parts):
        chunk = work[part * size:(part + 1) * size]
        with (args.out / f"{args.split}_{args.prefix}{part + 1}.jsonl").open("w", encoding="utf-8") as handle:
            for item in chunk:
                handle.write(json.dumps({"key": item["key"], "sentence": item["sentence"]}, ensure_ascii=False) + "\n")
    targets = sum(len(i["ids"]) for i in work)
    print(f"{len(work)} items, {targets} targets in {args.parts} parts of up to {size} under {args.out}")


def assemble(args: argparse.Namespace) -> None:
    rows = split_rows(args.data, args.split)
    by_id = {r["id"]: r for r in rows}
    wanted = {i["key"]: i for i in items(rows, args.keep, args.residues)}
    seen: set[str] = set()
    written, problems = [], []
    for path in args.parts:
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                key, translation = record["key"], record["translation"]
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"{where}: not a JSON line with key and translation ({error})")
                continue
            item = wanted.get(key)
            if item is None or key in seen:
                problems.append(f"{where}: {'unknown' if item is None else 'repeated'} key {key!r}")
                continue
            marks = list(MARK.finditer(translation))
            numbers = [int(m.group(1)) for m in marks]
            if sorted(numbers) != list(range(1, len(item["ids"]) + 1)):
                problems.append(f"{where}: marks {numbers} do not match the {len(item['ids'])} target(s) of {key}")
                continue
            plain, spans, last = [], {}, 0
            for m in marks:
                plain.append(translation[last:m.start()])
                begin = sum(map(len, plain))
                words = m.group(2).strip()
                lead = len(m.group(2)) - len(m.group(2).lstrip())
                plain.append(m.group(2))
                spans[int(m.group(1))] = (begin + lead, begin + lead + len(words))
                last = m.end()
            plain.append(translation[last:])
            sentence = "".join(plain)
            if "[[" in sentence or "]]" in sentence:
                problems.append(f"{where}: a mark is broken in {key}")
                continue
            seen.add(key)
            for k, target_id in enumerate(item["ids"], 1):
                start, end = spans[k]
                english = by_id[target_id]
                row = {"sentence": sentence, "from": start, "to": end, "polarity": english["polarity"],
                       "lang": args.lang, "mention": sentence[start:end], "id": target_id}
                if not args.without_source:
                    row["source_sentence"] = english["sentence"]
                written.append(row)
    missing = len(wanted) - len(seen)
    for problem in problems:
        print(problem, file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in written:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(written)} targets from {len(seen)} items to {args.out}; "
          f"{len(problems)} line(s) rejected, {missing} item(s) without a usable translation")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "assemble"):
        p = sub.add_parser(name)
        p.add_argument("--data", type=Path, required=True, help="folder with newsmtsc/")
        p.add_argument("--split", default="train", help="train, dev_rw or dev_mt")
        p.add_argument("--keep", type=int, default=1, help="keep sentences whose hash %% N is in --residues (1 = all)")
        p.add_argument("--residues", type=lambda v: tuple(int(x) for x in v.split(",")), default=(0,),
                       help="comma-separated residues of the hash modulo --keep to keep (default 0)")
        p.add_argument("--out", type=Path, required=True)
    sub.choices["prepare"].add_argument("--parts", type=int, default=3)
    sub.choices["prepare"].add_argument("--prefix", default="", help="put before the part number in file names")
    sub.choices["assemble"].add_argument("--lang", required=True)
    sub.choices["assemble"].add_argument("--without-source", action="store_true",
                                         help="leave out source_sentence (the English is in NewsMTSC under the same id)")
    sub.choices["assemble"].add_argument("parts", type=Path, nargs="+")
    args = parser.parse_args()
    prepare(args) if args.command == "prepare" else assemble(args)


if __name__ == "__main__":
    main()
