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


def _documents_from_folder(root: Path) -> Corpus:
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

    corpus = Corpus(documents=[], path=str(root))
    for path in files:
        row = by_file.get(str(path.resolve()), {})
        doc_id = row.get("doc_id") or path.stem
        source = row.get("source") or _infer_source(path, root)
        try:
            text, encoding = decode_bytes(path.read_bytes())
        except DecodeFailure as exc:
            corpus.skipped.append(Skip(doc_id, "read", str(exc), source, str(path)))
            continue
        title = row.get("title", "")
        if path.suffix.lower() in (".html", ".htm"):
            text, html_title = html_to_text(text)
            title = title or html_title
        elif path.suffix.lower() == ".md":
            text = markdown_to_text(text)
        if not text.strip():
            corpus.skipped.append(Skip(doc_id, "read", "empty file", source, str(path)))
            continue
        corpus.documents.append(Document(
            doc_id=doc_id, text=text, source=source, language=row.get("language") or None,
            title=title, date=row.get("date", ""), url=row.get("url", ""),
            translation_of=row.get("translation_of", ""), path=str(path), encoding=encoding,
        ))
    return corpus


def _read_table(path: Path):  # -> pandas.DataFrame
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".jsonl":
            return pd.read_json(path, lines=True, dtype=False)
        text, _ = decode_bytes(path.read_bytes())
        import io

        return pd.read_csv(io.StringIO(text), sep="\t" if suffix == ".tsv" else ",", dtype=str,
                           keep_default_na=False)
    except DecodeFailure as exc:
        raise CorpusError(f"{path}: {exc}") from None
    except (ValueError, ImportError, OSError) as exc:
        kind = suffix.lstrip(".").upper()
        raise CorpusError(f"{path}: cannot be read as {kind} ({exc}); check the file's format") from None


def _documents_from_table(path: Path) -> Corpus:
    frame = _read_table(path)
    if "text" not in frame.columns:
        raise CorpusError(
            f"{path}: the table has no 'text' column (columns: {', '.join(map(str, frame.columns))}); "
            "rename the column that holds the article text to 'text'"
        )
    corpus = Corpus(documents=[], path=str(path))
    seen: dict[str, int] = {}
    records = frame.to_dict("records")
    for number, record in enumerate(records, start=2 if path.suffix.lower() in (".csv", ".tsv") else 1):
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
            corpus.skipped.append(Skip(doc_id, "read", f"row {number}: empty 'text'", source, str(path)))
            continue
        corpus.documents.append(Document(
            doc_id=doc_id, text=text, source=source, language=value("language") or None,
            title=value("title"), date=value("date"), url=value("url"),
            translation_of=value("translation_of"), path=f"{path}#row={number}",
        ))
    known = set(seen)
    for doc in corpus.documents:
        if doc.translation_of and doc.translation_of not in known:
            row = doc.path.rsplit("=", 1)[-1]
            raise ManifestError(path, int(row), "translation_of", f"'{doc.translation_of}' is not a doc_id in the table")
    return corpus


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
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder; give a folder of texts or a table file")
    if path.is_dir():
        return _documents_from_folder(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _documents_from_table(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _document_from_file(path)
    raise CorpusError(
        f"{path}: cannot read '{path.suffix}' files; give a folder of .txt/.md/.html files or a "
        ".csv/.tsv/.jsonl/.parquet table"
    )


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
