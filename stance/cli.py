"""The ``stance`` command: ``analyze`` a corpus and ``explain`` a score."""

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

    analyze = commands.add_parser("analyze", help="score every mention and write the tables")
    common(analyze)
    analyze.add_argument("-o", "--output", metavar="DIR", help="write the tables (CSV + Parquet) here")
    analyze.add_argument("--no-parquet", action="store_true", help="write CSV files only")
    analyze.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    evaluate = commands.add_parser("evaluate", help="score labelled targets and report F1 and accuracy")
    evaluate.add_argument("path", help="a file of labelled targets")
    evaluate.add_argument("--format", required=True, choices=("newsmtsc", "rusentne", "table"),
                          help="newsmtsc JSONL, RuSentNE TSV, or a CSV/TSV/JSONL table with text,start,end,label[,lang]")
    evaluate.add_argument("--lang", metavar="CODE", help="language of every target (overrides the file)")
    evaluate.add_argument("--json", metavar="FILE", help="also write the metrics as JSON here")

    explain = commands.add_parser("explain", help="show how the mentions of an actor in a document were scored")
    common(explain)
    explain.add_argument("--doc", required=True, metavar="DOC_ID", help="the document id")
    explain.add_argument("--actor", required=True, metavar="ACTOR_ID", help="the actor id, e.g. musk")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                         help="colour cues and mentions (default: when the output is a terminal)")
    return parser


def _languages(value: str | None) -> list[str] | None:
    return [code.strip() for code in value.split(",") if code.strip()] if value else None


def _summary(analysis) -> str:  # analysis: stance.pipeline.Analysis
    lines = []
    texts, skipped = analysis.texts, analysis.skipped
    lines.append(f"{len(texts)} documents analysed, {len(analysis.mentions)} mentions of "
                 f"{analysis.mentions['actor'].nunique()} actors, {len(skipped)} item(s) skipped")
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
    metrics = evaluate(targets, Analyzer(languages=sorted({t.language for t in targets})))
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        from stance.pipeline import Analyzer

        if args.command == "evaluate":
            return _evaluate(args)
        analyzer = Analyzer(actors=args.actors, languages=_languages(args.languages))
        if args.command == "explain":
            from stance.explain import explain_text

            analyzer.actors[args.actor]  # an unknown id fails before the corpus is read
            analysis = analyzer.analyze(args.path)
            color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
            print(explain_text(analysis, args.doc, args.actor, color=color))
            return 0
        progress = not args.quiet and sys.stderr.isatty()
        analysis = analyzer.analyze(args.path, progress=progress)
        if analysis.texts.empty:
            print(f"stance: nothing to analyse in {args.path}: every item was skipped", file=sys.stderr)
            for row in analysis.skipped.itertuples(index=False):
                print(f"  {row.item}: {row.reason}", file=sys.stderr)
            return EXIT_ERROR
        if args.output:
            from stance.output import write_analysis

            written = write_analysis(analysis, args.output, parquet=not args.no_parquet)
            if not args.quiet:
                print(f"wrote {len(written)} files to {args.output}")
        if not args.quiet:
            print(_summary(analysis))
        return 0
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
