"""The ``stance`` command: ``analyze`` a corpus, ``explain`` a score, ``report`` for a reader."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stance.errors import StanceError

EXIT_USAGE = 2
EXIT_ERROR = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stance",
        description="Score the stance of news texts toward the actors they mention, and compare sources.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", help="a folder of .txt/.md/.html files (optional manifest.csv) "
                                      "or a .csv/.tsv/.jsonl/.parquet table with a 'text' column")
        sub.add_argument("--actors", metavar="FILE", help="an actors TOML file (default: the shipped one)")
        sub.add_argument("--languages", metavar="CODES",
                         help="comma-separated language codes to accept (default: all installed)")
        model_option(sub)

    def model_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--model", metavar="MODEL", default="lexicon",
                         help="the mention scorer: lexicon (default), default (the shipped learned model) or a model file from 'stance train'")

    analyze = commands.add_parser("analyze", help="score every mention and write the tables")
    common(analyze)
    analyze.add_argument("-o", "--output", metavar="DIR", help="write the tables (CSV + Parquet) here")
    analyze.add_argument("--no-parquet", action="store_true", help="write CSV files only")
    analyze.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    analyze.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                         help="worker processes (default 1; with --engine dask, workers of a local cluster)")
    analyze.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="run chunks in local processes or on a Dask cluster (needs stance[dask])")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="address of a Dask scheduler (tcp://host:8786); default: start a local cluster")
    analyze.add_argument("--chunk-size", type=int, default=100, metavar="DOCS",
                         help="documents read and processed at a time (default 100)")
    analyze.add_argument("--no-reference", action="store_true",
                         help="leave the VADER and TextBlob reference columns of English mentions empty "
                              "(NaN): about a tenth less time on English text")

    evaluate = commands.add_parser("evaluate", help="score labelled targets and report F1 and accuracy")
    evaluate.add_argument("path", help="a file of labelled targets")
    evaluate.add_argument("--format", required=True, choices=("newsmtsc", "rusentne", "table"),
                          help="newsmtsc JSONL, RuSentNE TSV, or a CSV/TSV/JSONL table with text,start,end,label[,lang]")
    evaluate.add_argument("--lang", metavar="CODE", help="language of every target (overrides the file)")
    evaluate.add_argument("--json", metavar="FILE", help="also write the metrics as JSON here")
    model_option(evaluate)

    train = commands.add_parser("train", help="train the learned scorer on labelled targets")
    train.add_argument("path", nargs="+", help="file(s) of labelled targets, all in the same --format")
    train.add_argument("--format", required=True, choices=("newsmtsc", "rusentne", "table"),
                       help="newsmtsc JSONL, RuSentNE TSV, or a CSV/TSV/JSONL table with text,start,end,label[,lang]")
    train.add_argument("--lang", metavar="CODE", help="language of every target (overrides the file)")
    train.add_argument("-o", "--output", required=True, metavar="MODEL", help="write the model (JSON) here")
    train.add_argument("--min-targets", type=int, default=300, metavar="N",
                       help="a language needs N targets for a model of its own (default 300); "
                            "others use the shared cue-only model")

    lexicon = commands.add_parser("lexicon", help="check the lexicon files and their coverage on a corpus")
    lexicon.add_argument("action", choices=("check",), help="check: validate every lexicon file")
    lexicon.add_argument("path", nargs="?", help="a corpus to measure coverage on (optional)")
    lexicon.add_argument("--languages", metavar="CODES", help="comma-separated language codes (default: all)")
    lexicon.add_argument("--warnings", action="store_true", help="print every warning, not only the count")

    explain = commands.add_parser("explain", help="show how the mentions of an actor in a document were scored")
    common(explain)
    explain.add_argument("--doc", required=True, metavar="DOC_ID", help="the document id")
    explain.add_argument("--actor", required=True, metavar="ACTOR_ID", help="the actor id, e.g. musk")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                         help="colour cues and mentions (default: when the output is a terminal)")

    report = commands.add_parser("report", help="write a report to read: plots, contrasts in words, evidence")
    report.add_argument("path", help="a corpus (as for analyze) or a folder written by 'stance analyze -o'")
    report.add_argument("--actors", metavar="FILE", help="an actors TOML file (default: the shipped one)")
    report.add_argument("--languages", metavar="CODES",
                        help="comma-separated language codes to accept (default: all installed)")
    report.add_argument("-o", "--output", required=True, metavar="DIR", help="write the report here")
    model_option(report)
    report.add_argument("--format", choices=("html", "md"), default="html",
                        help="html: one self-contained index.html (default); md: report.md with PNG figures")
    report.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no message")
    return parser


def _languages(value: str | None) -> list[str] | None:
    return [code.strip() for code in value.split(",") if code.strip()] if value else None


def _summary(analysis) -> str:  # analysis: stance.stream.StreamResult
    lines = []
    skipped = analysis.skipped
    lines.append(f"{analysis.n_documents} documents analysed, {analysis.n_mentions} mentions of "
                 f"{analysis.n_actors} actors, {len(skipped)} item(s) skipped")
    if not analysis.profiles.empty:
        shown = analysis.profiles.sort_values(["actor", "stance"])
        table = shown[["source", "actor", "n_docs", "n_mentions", "stance", "ci_low", "ci_high", "label"]]
        lines.append("")
        lines.append(table.to_string(index=False, float_format=lambda v: f"{v:+.2f}"))
    rate = analysis.agreement_rate
    lines.append("")
    if rate is None:
        lines.append("Translation agreement: no original/translation pairs with enough mentions to compare")
    else:
        agree = int(analysis.agreement["agree"].sum())
        lines.append(f"Translation agreement: {agree}/{len(analysis.agreement)} document-actor pairs "
                     f"({rate:.0%}) get the same label in the original and the English translation "
                     f"(actors with >= {analysis.config.agreement_min_mentions} mentions in both)")
    for row in skipped.itertuples(index=False):
        lines.append(f"skipped {row.item}: {row.reason}")
    return "\n".join(lines)


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from stance.evaluate import evaluate, read_targets
    from stance.pipeline import Analyzer

    targets = read_targets(args.path, args.format, args.lang)
    metrics = evaluate(targets, Analyzer(languages=sorted({t.language for t in targets}), model=args.model))
    print(f"{metrics['n']} targets: F1m {metrics['f1_macro']:.3f}  F1pn {metrics['f1_pn']:.3f}  "
          f"accuracy {metrics['accuracy']:.3f}")
    for name, row in metrics["per_class"].items():  # type: ignore[union-attr]
        print(f"  {name:<9} precision {row['precision']:.3f}  recall {row['recall']:.3f}  "
              f"f1 {row['f1']:.3f}  n {row['support']}")
    confusion = metrics["confusion"]
    print("  confusion (rows gold, columns predicted: " + ", ".join(confusion["labels"]) + ")")  # type: ignore[index]
    for name, row in zip(confusion["labels"], confusion["matrix"]):  # type: ignore[index]
        print(f"  {name:<9} " + " ".join(f"{v:>6}" for v in row))
    if args.json:
        from stance.output import write_json

        write_json(metrics, args.json)
    return 0


def _train(args: argparse.Namespace) -> int:
    from stance.evaluate import read_targets
    from stance.model import train
    from stance.pipeline import Analyzer

    targets = [t for path in args.path for t in read_targets(path, args.format, args.lang)]
    analyzer = Analyzer(languages=sorted({t.language for t in targets}), reference=False, model="lexicon")
    models = train(targets, analyzer, min_targets=args.min_targets,
                   info={"data": {str(path): args.format for path in args.path}})
    models.save(args.output)
    chosen = models.info["training"]["cross_validation"]
    for language in sorted(models.models):
        row = chosen.get(language, {})
        score = row.get("cv_f1_macro")
        name = "shared (cue features only)" if language == "*" else f"{language} (cue + word features)"
        print(f"  {name}: C={row.get('C')}, cross-validated F1m "
              + ("n/a" if score is None else f"{score:.3f}"))
    print(f"wrote {args.output} ({len(targets)} targets); use it with --model {args.output}")
    return 0


def _lexicon(args: argparse.Namespace) -> int:
    from stance.check import check_all, coverage

    problems, sizes = check_all()
    wanted = _languages(args.languages)
    for code in wanted or []:
        if code not in sizes:
            from stance.errors import UnsupportedLanguageError

            raise UnsupportedLanguageError(code, sorted(sizes))
    if wanted:
        problems = [p for p in problems if any(p.path.endswith(f"{code}.tsv") for code in wanted)]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors + (warnings if args.warnings else []):
        print(problem)
    print("entries: " + ", ".join(f"{code} {n:,}" for code, n in sizes.items() if not wanted or code in wanted))
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)"
          + ("" if args.warnings or not warnings else " (--warnings lists them)"))
    if args.path:
        from stance.pipeline import Analyzer

        rows = coverage(args.path, Analyzer(languages=wanted, reference=False))
        print("coverage: language, documents, words, words in a cue, sentences with a cue, mentions with a cue")
        for row in rows:
            print(f"  {row['language']:<4} {row['documents']:>6} {row['words']:>9,} "
                  f"{row['word_coverage']:>8.1%} {row['sentence_coverage']:>8.1%} {row['mention_coverage']:>8.1%}")
    return EXIT_ERROR if errors else 0


def _report(args: argparse.Namespace) -> int:
    from stance.pipeline import Analyzer
    from stance.report import is_analysis_folder, load_analysis, write_report

    languages = _languages(args.languages)
    if is_analysis_folder(args.path):
        if args.model != "lexicon":
            raise StanceError(f"--model {args.model}: {args.path} is a folder of computed results; --model "
                              "applies to a corpus (run 'stance analyze --model ...' on the corpus, or report on it)")
        analysis = load_analysis(args.path, actors=args.actors, languages=languages)
    else:
        analysis = Analyzer(actors=args.actors, languages=languages, model=args.model).analyze(
            args.path, progress=not args.quiet and sys.stderr.isatty())
    if analysis.texts.empty:
        print(f"stance: nothing to report in {args.path}: every item was skipped", file=sys.stderr)
        for row in analysis.skipped.itertuples(index=False):
            print(f"  {row.item}: {row.reason}", file=sys.stderr)
        return EXIT_ERROR
    written = write_report(analysis, args.output, format=args.format)
    if not args.quiet:
        print(f"wrote {written[0]} and {len(written) - 1} more files and folders to {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        from stance.pipeline import Analyzer

        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "report":
            return _report(args)
        if args.command == "train":
            return _train(args)
        if args.command == "lexicon":
            return _lexicon(args)
        analyzer = Analyzer(actors=args.actors, languages=_languages(args.languages), model=args.model,
                            reference=not getattr(args, "no_reference", False))
        if args.command == "explain":
            from stance.explain import explain_text

            analyzer.actors[args.actor]  # an unknown id fails before the corpus is read
            analysis = analyzer.analyze(args.path)
            color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
            print(explain_text(analysis, args.doc, args.actor, color=color))
            return 0
        from stance.stream import analyze_to

        progress = not args.quiet and sys.stderr.isatty()
        analysis = analyze_to(analyzer, args.path, output=args.output, parquet=not args.no_parquet,
                              jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                              chunk_size=args.chunk_size, progress=progress)
        if analysis.n_documents == 0:
            print(f"stance: nothing to analyse in {args.path}: every item was skipped", file=sys.stderr)
            for row in analysis.skipped.itertuples(index=False):
                print(f"  {row.item}: {row.reason}", file=sys.stderr)
            return EXIT_ERROR
        if args.output and not args.quiet:
            print(f"wrote {len(analysis.written)} files to {args.output}")
        if not args.quiet:
            print(_summary(analysis))
            print(f"stance: {analysis.final_line}", file=sys.stderr)
        return 0
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away ('stance evaluate ... | head'): stop quietly, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
