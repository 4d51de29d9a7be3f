"""Streaming: chunked runs write the same tables as the in-memory analysis, and bad input
stops the run with its line named and nothing half-written."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conftest import SEEDS
from stance.cli import main
from stance.corpus import iter_corpus, load_corpus
from stance.errors import CorpusError
from stance.output import TABLES
from stance.pipeline import Analyzer
from stance.stream import StreamResult, analyze_to, chunked


def csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def seeds_as_jsonl(path, copies: int = 1) -> None:
    """The seed corpus as a JSON Lines table, repeated ``copies`` times with distinct ids."""
    lines = []
    for copy in range(copies):
        for doc in load_corpus(SEEDS).documents:
            lines.append(json.dumps({
                "doc_id": f"{doc.doc_id}-{copy}", "source": doc.source, "language": doc.language or "",
                "title": doc.title, "translation_of": f"{doc.translation_of}-{copy}" if doc.translation_of else "",
                "text": doc.text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def streamed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("streamed") / "out"
    result = analyze_to(Analyzer(), SEEDS, output=folder, chunk_size=3)
    return folder, result


@pytest.mark.parametrize("table", TABLES)
def test_a_chunked_run_writes_the_in_memory_tables_exactly(streamed, seeds_analysis, table):
    folder, _ = streamed
    expected = getattr(seeds_analysis, table)
    assert (folder / f"{table}.csv").read_text(encoding="utf-8") == csv_text(expected)
    pd.testing.assert_frame_equal(pd.read_parquet(folder / f"{table}.parquet"), expected.reset_index(drop=True))


def test_a_chunked_run_returns_the_in_memory_counts_and_aggregates(streamed, seeds_analysis):
    _, result = streamed
    assert isinstance(result, StreamResult)
    assert result.n_documents == len(seeds_analysis.texts) == 10
    assert result.n_mentions == len(seeds_analysis.mentions)
    assert result.n_actors == seeds_analysis.mentions["actor"].nunique()
    pd.testing.assert_frame_equal(result.profiles, seeds_analysis.profiles)
    pd.testing.assert_frame_equal(result.documents, seeds_analysis.documents)
    assert result.agreement_rate == seeds_analysis.agreement_rate
    assert sorted(p.name for p in result.written) == sorted(f"{t}.{e}" for t in TABLES for e in ("csv", "parquet"))
    assert not [p for p in result.written[0].parent.iterdir() if p.name.startswith(".stance-")]


def test_a_streamed_table_corpus_equals_its_in_memory_analysis(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    seeds_as_jsonl(corpus, copies=2)
    expected = Analyzer().analyze(corpus)
    analyze_to(Analyzer(), corpus, output=tmp_path / "out", parquet=False, chunk_size=7)
    for table in TABLES:
        assert (tmp_path / "out" / f"{table}.csv").read_text(encoding="utf-8") == csv_text(getattr(expected, table))
    assert len(expected.texts) == 20 and len(expected.agreement) > 0


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet"])
def test_csv_and_parquet_tables_stream_in_batches_to_the_in_memory_result(tmp_path, suffix, monkeypatch):
    import stance.corpus

    monkeypatch.setattr(stance.corpus, "TABLE_BATCH", 3)  # several batches from a 20-row table
    source = tmp_path / "corpus.jsonl"
    seeds_as_jsonl(source, copies=2)
    frame = pd.DataFrame([json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()])
    corpus = tmp_path / f"corpus{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(corpus)
    else:
        frame.to_csv(corpus, index=False, sep="\t" if suffix == ".tsv" else ",")
    expected = Analyzer().analyze(source)
    analyze_to(Analyzer(), corpus, output=tmp_path / "out", parquet=False, chunk_size=6)
    for table in ("mentions", "documents", "profiles", "agreement"):
        assert (tmp_path / "out" / f"{table}.csv").read_text(encoding="utf-8") == csv_text(getattr(expected, table))


def test_without_an_output_folder_nothing_is_written_and_counts_are_returned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = analyze_to(Analyzer(), SEEDS)
    assert result.n_documents == 10 and result.written == [] and list(tmp_path.iterdir()) == []


def test_the_corpus_is_read_lazily(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "Musk spoke."}\n{not json\n', encoding="utf-8")
    items = iter_corpus(corpus)
    assert next(items).text == "Musk spoke."  # the bad second line is not read yet
    with pytest.raises(CorpusError, match="line 2"):
        next(items)


def test_chunks_have_the_asked_size_and_skips_are_collected(tmp_path):
    skipped = []
    chunks = list(chunked(iter_corpus(SEEDS), 4, skipped))
    assert [len(c) for c in chunks] == [4, 4, 2] and skipped == []


def big_jsonl_with_a_bad_line(path, bad_line: int, lines: int = 300) -> None:
    docs = load_corpus(SEEDS).documents
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, lines + 1):
            if number == bad_line:
                handle.write('{"doc_id": "broken", "text": "unterminated\n')
                continue
            doc = docs[number % len(docs)]
            handle.write(json.dumps({"doc_id": f"d{number}", "language": doc.language or "",
                                     "text": doc.text[:400]}, ensure_ascii=False) + "\n")


def test_a_malformed_line_in_a_big_jsonl_is_named_and_nothing_is_half_written(tmp_path, capsys):
    corpus = tmp_path / "big.jsonl"
    big_jsonl_with_a_bad_line(corpus, bad_line=251)
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "-q", "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["analyze", str(corpus), "--chunk-size", "50", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{corpus}, line 251: not valid JSON" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # previous results untouched


def test_a_failed_first_run_leaves_no_output_folder(tmp_path):
    corpus = tmp_path / "big.jsonl"
    big_jsonl_with_a_bad_line(corpus, bad_line=120, lines=130)
    out = tmp_path / "new" / "out"
    with pytest.raises(CorpusError, match="line 120"):
        analyze_to(Analyzer(), corpus, output=out, chunk_size=25)
    assert not out.exists()


def test_the_final_line_has_documents_mentions_and_megabytes(tmp_path, capsys, seeds_analysis):
    assert main(["analyze", str(SEEDS), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    final = err[-1]
    assert final.startswith(f"stance: 10 documents, {len(seeds_analysis.mentions)} mentions, ")
    assert " MB in " in final and "MB/s" in final and "documents/s" in final


def test_quiet_prints_nothing(tmp_path, capsys):
    assert main(["analyze", str(SEEDS), "-q", "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_chunk_size_below_one_is_an_error(capsys):
    assert main(["analyze", str(SEEDS), "--chunk-size", "0"]) == 1
    assert "--chunk-size 0" in capsys.readouterr().err


def test_the_progress_bar_counts_documents_per_second(capsys):
    analyze_to(Analyzer(), SEEDS, chunk_size=4, progress=True)
    err = capsys.readouterr().err
    assert "analyse:" in err and "doc/s" in err


def test_without_a_terminal_the_command_shows_no_progress_bar(tmp_path, capsys):
    assert main(["analyze", str(SEEDS), "-o", str(tmp_path / "out")]) == 0
    assert "doc/s" not in capsys.readouterr().err
