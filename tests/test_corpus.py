"""Reading corpora: folders with and without a manifest, tables, encodings, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import SEEDS
from stance.corpus import decode_bytes, html_to_text, load_corpus
from stance.errors import CorpusError, ManifestError


def test_the_seed_folder_reads_with_its_manifest():
    corpus = load_corpus(SEEDS)
    ids = [d.doc_id for d in corpus.documents]
    assert len(ids) == 10 and ids[0] == "000_9dec3350a9cf1688"
    gate = next(d for d in corpus.documents if d.doc_id == "004_0fbfe6249f737cbd")
    assert (gate.source, gate.language) == ("Gate", "id")
    translation = next(d for d in corpus.documents if d.doc_id == "004_0fbfe6249f737cbd_en")
    assert translation.translation_of == "004_0fbfe6249f737cbd" and translation.language == "en"
    assert corpus.skipped == []


def test_without_a_manifest_the_source_comes_from_the_folder(tmp_path):
    (tmp_path / "gate").mkdir()
    (tmp_path / "gate" / "a.txt").write_text("Musk mengamuk lagi.", encoding="utf-8")
    (tmp_path / "dw_2025.txt").write_text("Musk spricht.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert {d.doc_id: d.source for d in corpus.documents} == {"a": "gate", "dw_2025": "dw"}
    assert all(d.language is None for d in corpus.documents)


@pytest.mark.parametrize("encoding, text", [("cp1251", "Маск снова удивил рынок своими планами на будущее."),
                                            ("latin-1", "Übermäßig gewagte Pläne für Musks Übernahme.")])
def test_legacy_encodings_are_decoded(tmp_path, encoding, text):
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    document = load_corpus(tmp_path).documents[0]
    assert document.text == text


def test_empty_and_binary_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "good.txt").write_text("Musk spoke.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    reasons = {s.item: s.reason for s in corpus.skipped}
    assert reasons["empty"] == "empty file"
    assert "binary" in reasons["blob"]


def test_a_missing_path_is_an_error_naming_it(tmp_path):
    with pytest.raises(CorpusError, match="nope: no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no .txt, .md or .html files"):
        load_corpus(tmp_path)


def write_manifest(folder, body):
    (folder / "a.txt").write_text("Musk spoke.", encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,file,source,language,date,translation_of\n" + body, encoding="utf-8")


@pytest.mark.parametrize("body, row, column", [
    ("a,missing.txt,X,en,,\n", 2, "file"),
    ("a,a.txt,X,en,23.05.2025,\n", 2, "date"),
    ("a,a.txt,X,English,,\n", 2, "language"),
    ("a,a.txt,X,en,,zzz\n", 2, "translation_of"),
    ("a,a.txt,X,en,,\na,a.txt,Y,en,,\n", 3, "doc_id"),
    ("a,a.txt,X,en,,,extra\n", 2, "translation_of"),
])
def test_a_malformed_manifest_names_the_row_and_column(tmp_path, body, row, column):
    write_manifest(tmp_path, body)
    with pytest.raises(ManifestError) as info:
        load_corpus(tmp_path)
    assert (info.value.row, info.value.column) == (row, column)
    assert f"row {row}, column '{column}'" in str(info.value)


def test_an_unknown_manifest_column_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,X\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="column 'outlet'"):
        load_corpus(tmp_path)


def frame():
    return pd.DataFrame({"doc_id": ["d1", "d2"], "source": ["S", "S"], "text": ["Musk spoke.", "Altman spoke."]})


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_tables_of_every_format_read_the_same(tmp_path, suffix):
    path = tmp_path / f"corpus{suffix}"
    data = frame()
    if suffix == ".csv":
        data.to_csv(path, index=False)
    elif suffix == ".tsv":
        data.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in data.to_dict("records")), encoding="utf-8")
    else:
        data.to_parquet(path)
    corpus = load_corpus(path)
    assert [(d.doc_id, d.source, d.text) for d in corpus.documents] == [
        ("d1", "S", "Musk spoke."), ("d2", "S", "Altman spoke.")]


def test_a_table_without_text_names_its_columns(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"body": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"no 'text' column \(columns: body\)"):
        load_corpus(path)


def test_a_table_row_with_empty_text_is_skipped_with_its_row(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"text": ["Musk spoke.", ""]}).to_csv(path, index=False)
    corpus = load_corpus(path)
    assert len(corpus.documents) == 1
    assert corpus.skipped[0].reason == "row 3: empty 'text'"


def test_an_unreadable_suffix_is_an_error(tmp_path):
    path = tmp_path / "c.docx"
    path.write_bytes(b"PK")
    with pytest.raises(CorpusError, match="cannot read '.docx' files"):
        load_corpus(path)


def test_html_keeps_paragraphs_and_drops_scripts_and_navigation():
    text, title = html_to_text("<html><title>T</title><nav>Home</nav><p>Musk spoke.</p>"
                               "<script>x=1</script><p>Altman &amp; OpenAI.</p></html>")
    assert title == "T"
    assert text == "Musk spoke.\nAltman & OpenAI."


def test_markdown_links_keep_their_words(tmp_path):
    (tmp_path / "a.md").write_text("# Title\nMusk [spoke](http://x.y) **loudly**.", encoding="utf-8")
    assert load_corpus(tmp_path).documents[0].text == "Title\nMusk spoke loudly."


def test_utf8_with_bom_decodes():
    assert decode_bytes("\ufeffMusk".encode("utf-8")) == ("Musk", "utf-8")
