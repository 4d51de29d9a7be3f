"""Throughput benchmark of ``stance analyze``: speed, memory, parallel speed-up and start-up.

Builds a multilingual corpus by repeating the seed texts (every copy with distinct doc ids,
translations pointing at their own copy's original) to two sizes, and measures in one run:

* whole-process wall time, peak RSS, documents and MB per second of ``stance analyze`` at
  both sizes, in a fresh child process each (``os.wait4`` gives the child's peak RSS);
* the marginal rate: (big − small) / (time big − time small), i.e. without start-up;
* the same with ``--jobs 2`` and the speed-up over one job (whole and marginal);
* VADER and TextBlob, sentence by sentence, on English seed text of the small size, as the
  reference rate (they score English sentence polarity only; we run the whole pipeline);
* per-stage time (read, clean, language ID, split, lemmatise, actors, score, reference
  scores, aggregate, write) from cProfile of a one-process run on the small corpus;
* cold time of ``stance --help`` and of ``stance analyze seeds``.

The seeds repeat, so caches keyed on words (lemmas, name endings, lexicon endings) are warm
after the first copy, as they would be on a real archive with its Zipfian vocabulary; the
TextBlob reference column is cached per sentence and so also profits from the repetition.

Usage (from the project root; takes ~6 minutes at the default sizes on a quiet 2-core box)::

    python bench/throughput.py                      # 1 MB and 10 MB, best of 2 runs, writes bench/throughput.md
    python bench/throughput.py --sizes 0.2,1 --out /tmp/t.md   # quick check
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STANCE = [sys.executable, "-m", "stance.cli"]
NOTES = "<!-- notes: kept when the figures above are regenerated -->"


def build_corpus(path: Path, megabytes: float) -> tuple[int, int]:
    """Write the seeds repeated to ``megabytes`` as JSON Lines; return (documents, bytes)."""
    from stance.corpus import load_corpus

    documents = load_corpus(SEEDS).documents
    target, written, count, copy = int(megabytes * 1e6), 0, 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while written < target:
            for doc in documents:
                record = {"doc_id": f"{doc.doc_id}-c{copy}", "source": doc.source, "language": doc.language or "",
                          "title": doc.title, "date": doc.date, "url": doc.url,
                          "translation_of": f"{doc.translation_of}-c{copy}" if doc.translation_of else "",
                          "text": doc.text}
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode())
                count += 1
            copy += 1
    return count, written


def run_child(argv: list[str]) -> tuple[float, float, str]:
    """Run a command; return (wall seconds, peak RSS in MB, stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, text=True)
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024, stderr


def analyze(corpus: Path, out: Path, jobs: int) -> tuple[float, float]:
    seconds, rss, _ = run_child([*STANCE, "analyze", str(corpus), "-q", "-o", str(out), "--jobs", str(jobs)])
    shutil.rmtree(out, ignore_errors=True)
    return seconds, rss


def english_sentences(megabytes: float) -> list[str]:
    from stance.corpus import load_corpus
    from stance.language import load_rules
    from stance.text import TextSplitter

    splitter = TextSplitter(load_rules("en"))
    sentences = [s.text for d in load_corpus(SEEDS).documents if d.language == "en"
                 for s in splitter.sentences(d.text)]
    size = sum(len(s.encode()) for s in sentences)
    return sentences * (int(megabytes * 1e6 / size) + 1)


def reference_rates(megabytes: float) -> dict[str, float]:
    """MB/s of VADER and TextBlob over English sentences of ``megabytes`` (loaded first)."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sentences = english_sentences(megabytes)
    size = sum(len(s.encode()) for s in sentences) / 1e6
    vader = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for sentence in sentences:
        vader.polarity_scores(sentence)
    vader_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for sentence in sentences:
        TextBlob(sentence).sentiment.polarity
    blob_seconds = time.perf_counter() - started
    return {"megabytes": size, "vader": size / vader_seconds, "textblob": size / blob_seconds,
            "vader_seconds": vader_seconds, "textblob_seconds": blob_seconds}


# stage -> (file suffix, function name) whose cumulative profiled time is the stage's
STAGES = {
    "read (JSONL lines)": [("stance/corpus.py", "_jsonl_records")],
    "clean": [("stance/clean.py", "clean")],
    "language ID": [("stance/language.py", "detect")],
    "split + tokenise": [("stance/text.py", "sentences")],
    "  of which lemmatise": [("stance/text.py", "lemmatize")],
    "    of which dictionary load": [("simplemma/strategies/dictionaries/dictionary_factory.py",
                                      "_load_dictionary_from_disk")],
    "actors": [("stance/actors.py", "find_mentions")],
    "score (cues, shifters, mentions, tone)": [("stance/score.py", "sentence_cues"), ("stance/score.py", "score"),
                                               ("stance/score.py", "tone"), ("stance/model.py", "score")],
    "reference columns (VADER, TextBlob)": [("stance/reference.py", "vader"), ("stance/reference.py", "textblob")],
    "cue records + JSON": [("stance/score.py", "as_record"), ("json/__init__.py", "dumps")],
    "aggregate (documents, profiles, agreement)": [("stance/profiles.py", "aggregate_documents"),
                                                   ("stance/profiles.py", "aggregate_profiles"),
                                                   ("stance/profiles.py", "translation_agreement")],
    "write (CSV + Parquet)": [("stance/stream.py", "append"), ("stance/stream.py", "finish"),
                              ("stance/stream.py", "write_whole")],
}


def stage_profile(corpus: Path, out: Path) -> tuple[dict[str, float], float]:
    """Profiled seconds per stage of a one-process run (imports included in the total)."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    from stance.pipeline import Analyzer
    from stance.stream import analyze_to

    analyze_to(Analyzer(), corpus, output=out)
    profiler.disable()
    total = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    stages = {}
    for stage, functions in STAGES.items():
        seconds = 0.0
        for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
            if any(filename.replace(os.sep, "/").endswith(suffix) and name == function for suffix, function in functions):
                seconds += cumulative
        stages[stage] = seconds
    return stages, total


def cold(argv: list[str], runs: int) -> float:
    return min(run_child(argv)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="small,big corpus size in MB (default 1,10)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "throughput.md"), help="markdown report to write")
    parser.add_argument("--skip-jobs", action="store_true", help="leave out the --jobs 2 runs")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each setting; the fastest counts (default 2)")
    args = parser.parse_args()
    small_mb, big_mb = (float(v) for v in args.sizes.split(","))
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="stance-bench-"))
    try:
        corpora = {}
        for mb in (small_mb, big_mb):
            path = work / f"corpus-{mb:g}MB.jsonl"
            corpora[mb] = (path, *build_corpus(path, mb))
        help_cold = cold([*STANCE, "--help"], 5)
        # the entry point of the interpreter running this script (its venv need not be on PATH)
        entry = Path(sys.executable).with_name("stance")
        entry_point = str(entry) if entry.is_file() else shutil.which("stance")
        help_entry = cold([entry_point, "--help"], 5) if entry_point else float("nan")
        seeds_cold = cold([*STANCE, "analyze", str(SEEDS), "-q"], 2)
        runs: dict[tuple[float, int], tuple[float, float]] = {}
        every: list[str] = []
        for _ in range(args.repeat):  # interleaved, so a burst of load on a shared box hits every setting
            for mb in (small_mb, big_mb):
                for jobs in (1,) if args.skip_jobs else (1, 2):
                    seconds, rss = analyze(corpora[mb][0], work / "out", jobs)
                    best = runs.get((mb, jobs), (float("inf"), 0.0))
                    runs[(mb, jobs)] = (min(best[0], seconds), max(best[1], rss))
                    every.append(f"{mb:g} MB, {jobs} job(s): {seconds:.1f} s, {rss:.0f} MB")
                    print(every[-1], file=sys.stderr)
        reference = reference_rates(small_mb)
        stages, profiled_total = stage_profile(corpora[small_mb][0], work / "out")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    def rate(jobs: int) -> tuple[float, float]:
        (t_small, _), (t_big, _) = runs[(small_mb, jobs)], runs[(big_mb, jobs)]
        d_bytes = (corpora[big_mb][2] - corpora[small_mb][2]) / 1e6
        d_docs = corpora[big_mb][1] - corpora[small_mb][1]
        d_time = max(t_big - t_small, 1e-9)
        return d_bytes / d_time, d_docs / d_time

    lines = [
        "# Throughput of `stance analyze`",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `python bench/throughput.py --sizes {args.sizes}` on "
        f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load_before[0]:.1f} before and {load_after[0]:.1f} after (above ~0.5 the machine was shared and the "
        "timings are noisy).",
        "",
        "## Whole process",
        "",
        f"Wall time is the best of {args.repeat} runs, peak RSS the largest (of the main process; each "
        "`--jobs` worker is a process of about the same size).",
        "",
        "| corpus | documents | jobs | wall s | MB/s | documents/s | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for (mb, jobs), (seconds, rss) in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        _, docs, size = corpora[mb]
        lines.append(f"| {size / 1e6:.1f} MB | {docs} | {jobs} | {seconds:.1f} | {size / 1e6 / seconds:.3f} | "
                     f"{docs / seconds:.1f} | {rss:.0f} |")
    lines += ["", "Every run, in order: " + "; ".join(every) + "."]
    lines += ["", "## Marginal rate (big − small: start-up excluded)", "",
              "| | MB/s | documents/s | speed-up over 1 job |", "|---|---|---|---|"]
    one_mb, one_docs = rate(1)
    lines.append(f"| stance, 1 job | {one_mb:.3f} | {one_docs:.1f} | 1.00 |")
    if not args.skip_jobs:
        two_mb, two_docs = rate(2)
        lines.append(f"| stance, 2 jobs | {two_mb:.3f} | {two_docs:.1f} | {two_mb / one_mb:.2f} |")
        whole = runs[(big_mb, 1)][0] / runs[(big_mb, 2)][0]
        lines.append(f"| (whole-process speed-up of 2 jobs at {big_mb:g} MB) | | | {whole:.2f} |")
    lines.append(f"| VADER, English sentences ({reference['megabytes']:.1f} MB) | {reference['vader']:.3f} | | |")
    lines.append(f"| TextBlob, English sentences ({reference['megabytes']:.1f} MB) | {reference['textblob']:.3f} | | |")
    lines += ["", "## Start-up (best of several cold runs)", "",
              f"* `stance --help`: {help_entry:.2f} s (entry point), {help_cold:.2f} s (`python -m stance.cli --help`)",
              f"* `stance analyze seeds -q`: {seeds_cold:.1f} s",
              "", f"## Per stage (cProfile of one process on the {small_mb:g} MB corpus)", "",
              f"Profiled total {profiled_total:.1f} s (cProfile slows Python code about twofold; imports and "
              "lexicon loading are in the total, not in a stage).", "",
              "| stage | profiled s | share |", "|---|---|---|"]
    for stage, seconds in stages.items():
        lines.append(f"| {stage} | {seconds:.2f} | {seconds / profiled_total:.0%} |")
    report = "\n".join(lines) + "\n"
    print(report)
    out = Path(args.out)
    if out.is_file() and NOTES in out.read_text(encoding="utf-8"):  # keep the written notes below the figures
        report += "\n" + NOTES + out.read_text(encoding="utf-8").split(NOTES, 1)[1]
    out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
