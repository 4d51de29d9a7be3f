"""Streaming a corpus through the pipeline in chunks, with bounded memory.

:func:`analyze_to` is what ``stance analyze`` runs. It reads the corpus one chunk of documents
at a time (:func:`stance.corpus.iter_corpus`), has a runner (:mod:`stance.parallel`) process
each chunk, and appends the chunk's rows (mentions, cues, texts, cleaning) to the tables in a
staging folder as soon as the chunk comes back, in corpus order. The corpus is never held
whole; only the chunks in flight are.

Each chunk also rolls its mentions up into documents (all mentions of a document are in its
chunk); profiles and the translation agreement are computed after the last chunk in a second
pass over the mention table, reading only the columns they need. Both use the same functions
as the in-memory :meth:`stance.pipeline.Analyzer.analyze` (the corpus-wide step is
:func:`stance.profiles.aggregate_corpus`), and every bootstrap interval draws
from a stream seeded by its group's key, so the intervals come out exactly as they would in
memory: chunking and the number of workers change nothing in the output.

Bad input stops the run with an error naming the file and row or line; the staging folder is
then removed and the output folder is left as it was (see :mod:`stance.output`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stance.corpus import TEXT_SUFFIXES, Document, Skip, iter_corpus

if TYPE_CHECKING:
    import pandas as pd

    from stance.parallel import ChunkResult
    from stance.pipeline import Analyzer
    from stance.score import ScoringConfig

CHUNK_SIZE = 100  # small enough that two workers share a 200-document corpus
ROW_TABLES = ("mentions", "cues", "texts", "cleaning")
PROFILE_INPUT = ["doc_id", "source", "language", "actor", "score"]  # what aggregate_profiles reads


@dataclass
class StreamResult:
    """What a streamed run produced: counts, the small aggregated tables, and the files written.

    The large tables (mentions, cues, texts, cleaning) are in the files, not in memory.
    """

    n_documents: int
    n_mentions: int
    n_actors: int
    documents: pd.DataFrame
    profiles: pd.DataFrame
    agreement: pd.DataFrame
    skipped: pd.DataFrame
    config: ScoringConfig
    input_bytes: int = 0
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)

    @property
    def agreement_rate(self) -> float | None:
        """Share of compared (document, actor) pairs where original and translation agree."""
        from stance.profiles import agreement_rate

        return agreement_rate(self.agreement)

    @property
    def final_line(self) -> str:
        """Documents, mentions, MB and MB/s of the run, in one line."""
        megabytes = self.input_bytes / 1e6
        seconds = max(self.seconds, 1e-9)
        return (f"{self.n_documents} documents, {self.n_mentions} mentions, {megabytes:.2f} MB in "
                f"{self.seconds:.1f} s: {megabytes / seconds:.3f} MB/s, {self.n_documents / seconds:.1f} documents/s")


def chunked(items: Iterable[Document | Skip], size: int, skipped: list[Skip]) -> Iterator[list[Document]]:
    """Group documents into lists of ``size``; skips met on the way are appended to ``skipped``."""
    chunk: list[Document] = []
    for item in items:
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def input_bytes(path: str | Path) -> int:
    """The size of a corpus on disk: a table file, or a folder's text files and manifest."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*")
                   if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or p.name == "manifest.csv"))
    return 0


class TableSink:
    """Tables written incrementally into a staging folder: appended CSV and Parquet parts.

    ``append`` adds a chunk's rows (already encoded by the worker); ``finish`` closes every
    table (merging its Parquet parts into one file) and returns the file names. Nothing is
    visible in the output folder until :func:`stance.output.commit_staged` moves the complete
    files into place.
    """

    def __init__(self, staging: Path, csv: bool = True, parquet: bool = True) -> None:
        self.staging = staging
        self.csv = csv
        self.parquet = parquet
        self.parts_dir = staging / "parts"
        self.parts_dir.mkdir()
        self.parts: dict[str, list[Path]] = {}
        self._csv_started: set[str] = set()
        self._empty: dict[str, pd.DataFrame] | None = None

    @property
    def empty(self) -> dict[str, pd.DataFrame]:
        """The row tables of no documents, exactly as the in-memory analysis builds them."""
        if self._empty is None:
            from stance.pipeline import row_tables

            self._empty = row_tables([])
        return self._empty

    def append(self, chunk: ChunkResult) -> None:
        for table, text in chunk.csv.items():
            first = table not in self._csv_started
            with (self.staging / f"{table}.csv").open("w" if first else "a", encoding="utf-8", newline="") as handle:
                if first:
                    handle.write(self.empty[table].to_csv(index=False))
                handle.write(text)
            self._csv_started.add(table)
        for table, data in chunk.parquet.items():
            parts = self.parts.setdefault(table, [])
            part = self.parts_dir / f"{table}-{len(parts):06d}.parquet"
            part.write_bytes(data)
            parts.append(part)

    def read(self, table: str, columns: list[str]) -> pd.DataFrame:
        """Columns of a table from its Parquet parts (the second pass)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        parts = self.parts.get(table, [])
        if not parts:
            return self.empty[table][columns]
        tables = [pq.read_table(p, columns=columns) for p in parts]
        return pa.concat_tables(tables, promote_options="permissive").to_pandas()

    def finish(self, tables: Iterable[str]) -> list[str]:
        """Complete every table (CSV header of an empty table, merged Parquet); return the names."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = []
        for table in tables:
            parts = self.parts.get(table, [])
            if self.csv:
                if table not in self._csv_started:
                    self.empty[table].to_csv(self.staging / f"{table}.csv", index=False)
                names.append(f"{table}.csv")
            if self.parquet:
                target = self.staging / f"{table}.parquet"
                if not parts:
                    self.empty[table].to_parquet(target, index=False)
                else:
                    schema = pa.unify_schemas([pq.read_schema(p) for p in parts], promote_options="permissive")
                    with pq.ParquetWriter(target, schema) as writer:
                        for part in parts:
                            writer.write_table(pq.read_table(part).cast(schema))
                names.append(f"{table}.parquet")
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return names

    def write_whole(self, table: str, frame: pd.DataFrame) -> None:
        """Write a table that is complete in memory (the aggregated ones)."""
        if self.csv:
            frame.to_csv(self.staging / f"{table}.csv", index=False)
        if self.parquet:
            frame.to_parquet(self.staging / f"{table}.parquet", index=False)


def analyze_to(analyzer: Analyzer, path: str | Path, output: str | Path | None = None, parquet: bool = True,
               jobs: int = 1, engine: str = "local", scheduler: Any = None, chunk_size: int = CHUNK_SIZE,
               progress: bool = False) -> StreamResult:
    """Analyse the corpus at ``path`` in chunks and write every table to ``output``.

    Parameters
    ----------
    analyzer
        The analyzer; worker processes rebuild it from its arguments.
    path
        A folder of texts or a table file (see :func:`stance.corpus.load_corpus`).
    output
        The folder for ``<table>.csv`` (and ``.parquet``); with None, nothing is kept and only
        the summary is returned.
    parquet
        Also write Parquet copies.
    jobs, engine, scheduler
        How chunks are processed: see :func:`stance.parallel.make_runner`.
    chunk_size
        Documents per chunk.
    progress
        Show a progress bar with documents/s on standard error.

    Returns
    -------
    StreamResult
        Counts, the documents/profiles/agreement/skipped tables and the files written. A run
        where every item was skipped writes nothing (``n_documents == 0``).

    Examples
    --------
    >>> from stance.pipeline import Analyzer
    >>> result = analyze_to(Analyzer(), "seeds")
    >>> result.n_documents, len(result.profiles) > 0
    (10, True)
    """
    import pandas as pd

    from stance.output import TABLES, commit_staged, make_staging
    from stance.parallel import ChunkOptions, make_runner
    from stance.pipeline import SKIP_COLUMNS, _skip_record
    from stance.profiles import aggregate_corpus

    if chunk_size < 1:
        from stance.errors import EngineError

        raise EngineError(f"--chunk-size {chunk_size}: give a number of documents of at least 1")
    started = time.perf_counter()
    size = input_bytes(path)
    folder = Path(output) if output is not None else None
    created = folder is not None and not folder.exists()
    staging = make_staging(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="stance-"))
    committed = False
    try:
        sink = TableSink(staging, csv=folder is not None, parquet=folder is not None and parquet)
        options = ChunkOptions(csv=sink.csv, parquet=ROW_TABLES if sink.parquet else ("mentions",))
        read_skips: list[Skip] = []
        process_skips: list[dict[str, object]] = []
        doc_ids: list[str] = []
        document_parts: list[pd.DataFrame] = []
        bar = None
        try:
            with make_runner(analyzer, jobs, engine, scheduler, options) as runner:
                if progress:  # after the worker processes exist: no thread is running when they fork
                    from tqdm import tqdm

                    bar = tqdm(unit="doc", desc="analyse", leave=False, smoothing=0.1)
                for result in runner.map(chunked(iter_corpus(path), chunk_size, read_skips)):
                    sink.append(result)
                    doc_ids.extend(result.doc_ids)
                    process_skips.extend(result.skipped)
                    if result.documents is not None and not result.documents.empty:
                        document_parts.append(result.documents)
                    if bar is not None:
                        bar.update(result.n_documents)
        finally:
            if bar is not None:
                bar.close()
        skipped = pd.DataFrame([_skip_record(s) for s in read_skips] + process_skips, columns=SKIP_COLUMNS)
        mentions = sink.read("mentions", PROFILE_INPUT)
        texts = pd.DataFrame({"doc_id": doc_ids})
        if document_parts:
            # each chunk aggregated its own documents (a document's mentions are all in its
            # chunk); aggregate_corpus puts them in corpus-wide order, as in memory
            documents, profiles, agreement = aggregate_corpus(mentions, texts, analyzer.config,
                                                              pd.concat(document_parts, ignore_index=True))
        else:  # no mention at all: the empty tables, aggregated from a mention table with every column
            documents, profiles, agreement = aggregate_corpus(sink.empty["mentions"], texts, analyzer.config)
        written: list[Path] = []
        if folder is not None and doc_ids:
            for table, frame in (("documents", documents), ("profiles", profiles), ("agreement", agreement),
                                 ("skipped", skipped)):
                sink.write_whole(table, frame)
            names = sink.finish(ROW_TABLES)
            names += [f"{t}.{ext}" for t in ("documents", "profiles", "agreement", "skipped")
                      for ext in ("csv", "parquet") if ext == "csv" or parquet]
            order = {f"{t}.{ext}": (i, ext) for i, t in enumerate(TABLES) for ext in ("csv", "parquet")}
            written = commit_staged(staging, folder, sorted(names, key=order.__getitem__))
            committed = True
        return StreamResult(
            n_documents=len(doc_ids), n_mentions=len(mentions), n_actors=int(mentions["actor"].nunique()),
            documents=documents, profiles=profiles, agreement=agreement, skipped=skipped,
            config=analyzer.config, input_bytes=size, seconds=time.perf_counter() - started, written=written,
        )
    except OSError as exc:
        from stance.errors import OutputError, StanceError

        if isinstance(exc, StanceError):
            raise
        raise OutputError(f"{folder or staging}: cannot write the results ({exc}); "
                          "the folder was left as it was") from None
    finally:
        if not committed:
            shutil.rmtree(staging, ignore_errors=True)
            if created and folder is not None:
                try:
                    folder.rmdir()
                except OSError:
                    pass
