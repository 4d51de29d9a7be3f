"""Reading a corpus: a folder of text files (with or without a manifest) or one table.

A folder holds ``.txt``, ``.md`` and ``.html`` files and, optionally, ``manifest.csv`` with
one row per file (``doc_id, file, source, language, title, date, url, translation_of``).
Without a manifest, the source is the name of the sub-folder a file sits in, or else the part
of the file name before its first ``_``; the language is detected later.

A table is one ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file with at least a ``text``
column and optionally the manifest columns above.

Files that cannot be read as text (empty, binary, undecodable) do not stop the run: each is
returned as a :class:`Skip` with its reason. Structural problems (a missing path, an empty
folder, a manifest or table without the columns it needs) raise :class:`CorpusError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from stance.errors import CorpusError, ManifestError

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet")
MANIFEST_NAME = "manifest.csv"
LEGACY_ENCODINGS = ("cp1252", "cp1251", "koi8_r", "iso8859_15", "cp1250", "latin_1")
MANIFEST_COLUMNS = ("doc_id", "file", "source", "language", "title", "date", "url", "translation_of")


@dataclass
class Document:
    """One text of the corpus and what is known about it."""

    doc_id: str
    text: str
    source: str
    language: str | None = None
    title: str = ""
    date: str = ""
    url: str = ""
    translation_of: str = ""
    path: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Skip:
    """An item that was left out of the analysis, and why."""

    item: str
    stage: str
    reason: str
    source: str = ""
    path: str = ""


@dataclass
class Corpus:
    """The documents read from a path and the items skipped while reading."""

    documents: list[Document]
    skipped: list[Skip] = field(default_factory=list)
    path: str = ""


class DecodeFailure(Exception):
    """Internal: a file's bytes are not text."""


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding).

    UTF-8 (with or without BOM) is tried first; otherwise charset-normalizer picks the most
    plausible of the legacy encodings news archives use (:data:`LEGACY_ENCODINGS`); limiting
    the candidates keeps it from guessing exotic code pages for short texts. Bytes with NUL characters or no
    plausible encoding raise :class:`DecodeFailure`.
    """
    if b"\x00" in raw[:8192]:
        raise DecodeFailure("binary file (contains NUL bytes); give a plain-text file")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise DecodeFailure("not text in any known encoding; save it as UTF-8")
    return str(best), best.encoding


class _HTMLText(HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "blockquote", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Return the visible text of an HTML page (paragraphs on their own lines) and its title."""
    parser = _HTMLText()
    parser.feed(markup)
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line), html.unescape(parser.title.strip())


_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"^(#{1,6}\s+|>\s+)|(\*\*|__)", re.MULTILINE)


def markdown_to_text(markup: str) -> str:
    """Drop Markdown markup that is not words: link targets, heading marks, emphasis."""
    return _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", markup))


def _check_date(value: str, path: Path, row: int) -> str:
    if not value:
        return ""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ManifestError(path, row, "date", f"'{value}' is not a date; write YYYY-MM-DD or leave it empty") from None
    return value


def _infer_source(path: Path, root: Path) -> str:
    relative = path.relative_to(root)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return path.stem.split("_")[0] or path.stem


def read_manifest(path: Path) -> list[dict[str, str]]:
    """Read and validate ``manifest.csv``; rows are numbered as a spreadsheet shows them."""
    try:
        text, _ = decode_bytes(path.read_bytes())
    except DecodeFailure as exc:
        raise CorpusError(f"{path}: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    if "file" not in columns and "doc_id" not in columns:
        raise ManifestError(path, 1, "file", f"the header needs a 'file' column; found {columns}")
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    if unknown:
        raise ManifestError(
            path, 1, unknown[0], f"unknown column; valid columns are {', '.join(MANIFEST_COLUMNS)}"
        )
    rows = []
    for number, record in enumerate(reader, start=2):
        if None in record:
            raise ManifestError(path, number, str(columns[-1]), "more fields than the header has; quote values that contain commas")
        missing = [c for c, v in record.items() if v is None]
        if missing:
            raise ManifestError(path, number, missing[0], f"the row has fewer fields than the header ({len(columns)})")
        language = (record.get("language") or "").strip()
        if language and not re.fullmatch(r"[a-z]{2,3}", language):
            raise ManifestError(path, number, "language", f"'{language[:40]}' is not a language code; write an ISO 639-1 code such as en, ru, de, id")
        rows.append({k: v.strip() for k, v in record.items()} | {"_row": str(number)})
    return rows


def _folder_plan(root: Path) -> list[tuple[Path, dict[str, str]]]:
    """The files of a folder corpus in a stable order, each with its (validated) manifest row."""
    files = sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )
    manifest_path = root / MANIFEST_NAME
    rows = read_manifest(manifest_path) if manifest_path.is_file() else []
    if not files:
        raise CorpusError(
            f"{root}: no .txt, .md or .html files found; put one text per file in the folder "
            "or pass a CSV/TSV/JSONL/Parquet table with a 'text' column"
        )
    by_file: dict[str, dict[str, str]] = {}
    seen_ids: dict[str, str] = {}
    for row in rows:
        number = int(row["_row"])
        name = row.get("file") or f"{row['doc_id']}.txt"
        if not (root / name).is_file():
            raise ManifestError(manifest_path, number, "file", f"'{name}' does not exist in {root}")
        doc_id = row.get("doc_id") or Path(name).stem
        if doc_id in seen_ids:
            raise ManifestError(manifest_path, number, "doc_id", f"'{doc_id}' is used twice (first in row {seen_ids[doc_id]})")
        seen_ids[doc_id] = row["_row"]
        _check_date(row.get("date", ""), manifest_path, number)
        by_file[str((root / name).resolve())] = row | {"doc_id": doc_id}
    for row in rows:
        target = row.get("translation_of", "")
        if target and target not in seen_ids:
            raise ManifestError(manifest_path, int(row["_row"]), "translation_of", f"'{target}' is not a doc_id in the manifest")
    return [(path, by_file.get(str(path.resolve()), {})) for path in files]


def _folder_item(path: Path, row: dict[str, str], root: Path) -> Document | Skip:
    """Read one file of a folder corpus: a :class:`Document`, or a :class:`Skip` with the reason."""
    doc_id = row.get("doc_id") or path.stem
    source = row.get("source") or _infer_source(path, root)
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except DecodeFailure as exc:
        return Skip(doc_id, "read", str(exc), source, str(path))
    title = row.get("title", "")
    if path.suffix.lower() in (".html", ".htm"):
        text, html_title = html_to_text(text)
        title = title or html_title
    elif path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        return Skip(doc_id, "read", "empty file", source, str(path))
    return Document(
        doc_id=doc_id, text=text, source=source, language=row.get("language") or None,
        title=title, date=row.get("date", ""), url=row.get("url", ""),
        translation_of=row.get("translation_of", ""), path=str(path), encoding=encoding,
    )


def _iter_folder(root: Path) -> Iterator[Document | Skip]:
    plan = _folder_plan(root)  # every structural check happens before the first file is read
    for path, row in plan:
        yield _folder_item(path, row, root)


TABLE_BATCH = 1000  # rows read from a CSV or Parquet table at a time


def _is_utf8(path: Path) -> bool:
    """Whether a file decodes as UTF-8, checked block by block (the file is never held whole)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _no_text_column(path: Path, columns: list[str]) -> CorpusError:
    return CorpusError(
        f"{path}: the table has no 'text' column (columns: {', '.join(map(str, columns))}); "
        "rename the column that holds the article text to 'text'"
    )


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """The records of a JSON Lines file, one line at a time, numbered by line."""
    import json

    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{path}, line {number}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno}); "
                                  "fix or remove the line") from None
            if not isinstance(record, dict):
                raise CorpusError(f"{path}, line {number}: expected a JSON object with a 'text' field, "
                                  f"got {type(record).__name__}")
            yield number, record


def _csv_records(path: Path, sep: str) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows of a CSV/TSV file in batches, numbered as a spreadsheet shows them."""
    import io

    import pandas as pd

    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise CorpusError(f"{path}: binary file (contains NUL bytes); give a plain-text file")
    if _is_utf8(path):
        source: object = path
    else:  # a legacy encoding is guessed from the whole file
        try:
            text, _ = decode_bytes(path.read_bytes())
        except DecodeFailure as exc:
            raise CorpusError(f"{path}: {exc}") from None
        source = io.StringIO(text)
    number = 1
    with pd.read_csv(source, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                     chunksize=TABLE_BATCH) as reader:
        for batch in reader:
            if number == 1 and "text" not in batch.columns:
                raise _no_text_column(path, list(batch.columns))
            for record in batch.to_dict("records"):
                number += 1
                yield number, record


def _parquet_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    if "text" not in table.schema_arrow.names:
        raise _no_text_column(path, table.schema_arrow.names)
    number = 0
    for batch in table.iter_batches(batch_size=TABLE_BATCH):
        for record in batch.to_pylist():
            number += 1
            yield number, record


def _table_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    suffix = path.suffix.lower()
    kind = suffix.lstrip(".").upper()
    try:
        if suffix == ".parquet":
            yield from _parquet_records(path)
        elif suffix == ".jsonl":
            first = True
            for number, record in _jsonl_records(path):
                if first and "text" not in record:
                    raise _no_text_column(path, list(record))
                first = False
                yield number, record
        else:
            yield from _csv_records(path, "\t" if suffix == ".tsv" else ",")
    except (ValueError, ImportError, OSError) as exc:
        if isinstance(exc, CorpusError):
            raise
        raise CorpusError(f"{path}: cannot be read as {kind} ({exc}); check the file's format") from None


def _iter_table(path: Path) -> Iterator[Document | Skip]:
    seen: dict[str, int] = {}
    translations: list[tuple[str, int]] = []
    for number, record in _table_records(path):
        def value(column: str) -> str:
            raw = record.get(column)
            return "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw).strip()

        doc_id = value("doc_id") or f"{path.stem}-{number}"
        if doc_id in seen:
            raise ManifestError(path, number, "doc_id", f"'{doc_id}' is used twice (first in row {seen[doc_id]})")
        seen[doc_id] = number
        source = value("source") or path.stem
        _check_date(value("date"), path, number)
        text = value("text")
        if not text:
            yield Skip(doc_id, "read", f"row {number}: empty 'text'", source, str(path))
            continue
        translation_of = value("translation_of")
        if translation_of:
            translations.append((translation_of, number))
        yield Document(
            doc_id=doc_id, text=text, source=source, language=value("language") or None,
            title=value("title"), date=value("date"), url=value("url"),
            translation_of=translation_of, path=f"{path}#row={number}",
        )
    for target, number in translations:
        if target not in seen:
            raise ManifestError(path, number, "translation_of", f"'{target}' is not a doc_id in the table")


def iter_corpus(path: str | Path) -> Iterator[Document | Skip]:
    """Read a corpus one item at a time: each :class:`Document`, or a :class:`Skip`, in order.

    The streaming form of :func:`load_corpus` (which collects it): a folder lists its files
    and checks its manifest first, then reads one file at a time; a table is read in batches
    of rows (a JSON Lines file line by line), so memory does not grow with the corpus.
    Structural problems raise :class:`CorpusError` naming the file and the row or line, at the
    point they are met (a ``translation_of`` that names no document of a table, after the
    last row).
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder; give a folder of texts or a table file")
    if path.is_dir():
        yield from _iter_folder(path)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        yield from _iter_table(path)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        yield from _document_from_file(path).documents
    else:
        raise CorpusError(
            f"{path}: cannot read '{path.suffix}' files; give a folder of .txt/.md/.html files or a "
            ".csv/.tsv/.jsonl/.parquet table"
        )


def load_corpus(path: str | Path) -> Corpus:
    """Read a corpus from a folder of text files or from one table file.

    Parameters
    ----------
    path
        A folder (``.txt``/``.md``/``.html`` files, optional ``manifest.csv``) or a
        ``.csv``/``.tsv``/``.jsonl``/``.parquet`` table with a ``text`` column.

    Returns
    -------
    Corpus
        The documents in a stable order and the items skipped while reading.

    Examples
    --------
    >>> corpus = load_corpus("seeds")
    >>> corpus.documents[0].doc_id
    '000_9dec3350a9cf1688'
    """
    corpus = Corpus(documents=[], path=str(Path(path)))
    for item in iter_corpus(path):
        if isinstance(item, Skip):
            corpus.skipped.append(item)
        else:
            corpus.documents.append(item)
    return corpus


def _document_from_file(path: Path) -> Corpus:
    """A single text file is a corpus of one document."""
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except DecodeFailure as exc:
        raise CorpusError(f"{path}: {exc}") from None
    if path.suffix.lower() in (".html", ".htm"):
        text, _ = html_to_text(text)
    elif path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise CorpusError(f"{path}: the file is empty; nothing to analyse")
    doc = Document(doc_id=path.stem, text=text, source=_infer_source(path, path.parent),
                   path=str(path), encoding=encoding)
    return Corpus(documents=[doc], path=str(path))
