"""Running the per-chunk work: in this process, in N local processes, or on a Dask cluster.

Every runner applies the same function, :func:`process_documents`, to chunks of documents and
hands the results back **in the order the chunks were submitted**, so the output of a run
does not depend on how many workers did it or which finished first. At most ``window``
chunks are in flight at a time, which bounds memory however long the corpus is.

A worker process does not receive the parent's :class:`~stance.pipeline.Analyzer`; it
receives the arguments the analyzer was built with (:func:`analyzer_arguments`) and builds
its own once (:func:`worker_analyzer`), so lexicons, rules and lemmatiser dictionaries load
once per process and are reused for every chunk it processes.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from stance.errors import EngineError

if TYPE_CHECKING:
    import pandas as pd

    from stance.corpus import Document
    from stance.pipeline import Analyzer

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class ChunkOptions:
    """What a chunk's worker prepares for writing: CSV text, Parquet bytes (of which tables)."""

    csv: bool = True
    parquet: tuple[str, ...] = ("mentions", "cues", "texts", "cleaning")


@dataclass
class ChunkResult:
    """What one chunk of documents produced, ready to be appended to the output tables.

    ``csv`` and ``parquet`` hold each row table already encoded (the worker does the
    formatting, the writer only appends), ``documents`` the chunk's document × actor rows
    (every mention of a document is in its chunk), ``doc_ids`` the documents analysed.
    """

    csv: dict[str, str] = field(default_factory=dict)
    parquet: dict[str, bytes] = field(default_factory=dict)
    documents: pd.DataFrame | None = None
    doc_ids: list[str] = field(default_factory=list)
    skipped: list[dict[str, object]] = field(default_factory=list)
    n_documents: int = 0
    n_mentions: int = 0


def process_documents(analyzer: Analyzer, documents: list[Document],
                      options: ChunkOptions | None = None) -> ChunkResult:
    """Run each document of a chunk through ``analyzer`` and encode the chunk's tables."""
    from stance.pipeline import _skip_record, row_tables
    from stance.profiles import aggregate_documents

    options = options or ChunkOptions()
    results = [analyzer.process(document) for document in documents]
    tables = row_tables(results)
    chunk = ChunkResult(skipped=[_skip_record(r.skip) for r in results if r.skip is not None],
                        n_documents=len(documents), n_mentions=len(tables["mentions"]),
                        doc_ids=tables["texts"]["doc_id"].tolist())
    # in_profile is set again once every document id of the corpus is known
    chunk.documents = aggregate_documents(tables["mentions"], tables["texts"], analyzer.config)
    for name, frame in tables.items():
        if frame.empty:
            continue
        if options.csv:
            chunk.csv[name] = frame.to_csv(index=False, header=False)
        if name in options.parquet:
            chunk.parquet[name] = frame.to_parquet(None, index=False)
    return chunk


# -- the analyzer a worker process uses ------------------------------------------------------

def analyzer_arguments(analyzer: Analyzer) -> dict[str, Any]:
    """The arguments that rebuild an equivalent ``Analyzer`` in another process.

    Every parameter of ``Analyzer.__init__`` is taken from the attribute of the same name (or
    ``_name``) when the analyzer has one, so a parameter added later travels to the workers
    too; ``reference`` is whether reference scores are on, and a ``model`` of None (the
    lexicon scorer) is sent as ``"lexicon"``.
    """
    arguments: dict[str, Any] = {}
    for name in list(inspect.signature(type(analyzer).__init__).parameters)[1:]:
        if name == "reference":
            arguments[name] = analyzer.reference is not None
        elif name == "model" and getattr(analyzer, "model", None) is None:
            arguments[name] = "lexicon"  # None would mean "the default model file", not "no model"
        elif hasattr(analyzer, name):
            arguments[name] = getattr(analyzer, name)
        elif hasattr(analyzer, f"_{name}"):
            arguments[name] = getattr(analyzer, f"_{name}")
    return arguments


def analyzer_spec(analyzer: Analyzer) -> bytes:
    """:func:`analyzer_arguments`, pickled once to be sent to every worker."""
    try:
        return pickle.dumps((type(analyzer), analyzer_arguments(analyzer)))
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise EngineError(f"cannot send the analyzer's settings to worker processes ({exc}); "
                          "run with --jobs 1") from None


_ANALYZERS: dict[str, Analyzer] = {}
_LOCK = threading.Lock()


def worker_analyzer(spec: bytes) -> Analyzer:
    """The analyzer for ``spec`` in this process, built on first use and then reused."""
    key = hashlib.sha256(spec).hexdigest()
    with _LOCK:
        if key not in _ANALYZERS:
            cls, arguments = pickle.loads(spec)
            _ANALYZERS[key] = cls(**arguments)
        return _ANALYZERS[key]


def process_with_spec(spec: bytes, documents: list[Document], options: ChunkOptions | None = None) -> ChunkResult:
    """:func:`process_documents` with the worker's cached analyzer for ``spec``."""
    return process_documents(worker_analyzer(spec), documents, options)


_WORKER_SPEC: bytes | None = None


def _init_worker(spec: bytes) -> None:
    global _WORKER_SPEC
    _WORKER_SPEC = spec


def _process_in_worker(documents: list[Document], options: ChunkOptions) -> ChunkResult:
    assert _WORKER_SPEC is not None
    return process_with_spec(_WORKER_SPEC, documents, options)


# -- runners -----------------------------------------------------------------------------------

class _Future(Protocol):
    def result(self) -> ChunkResult: ...


class _Done:
    def __init__(self, value: ChunkResult) -> None:
        self.value = value

    def result(self) -> ChunkResult:
        return self.value


def ordered_results(submit: Callable[[list[Document]], _Future], chunks: Iterable[list[Document]],
                    window: int) -> Iterator[ChunkResult]:
    """Submit chunks, keeping at most ``window`` in flight, and yield results in chunk order."""
    pending: deque[_Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        while len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Runner:
    """Process chunks in this process with the caller's analyzer (``--jobs 1``)."""

    jobs = 1

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.options = ChunkOptions()

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[ChunkResult]:
        for chunk in chunks:
            yield process_documents(self.analyzer, chunk, self.options)

    def close(self) -> None:
        pass

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessRunner(Runner):
    """Process chunks in ``jobs`` local worker processes (``--jobs N``)."""

    def __init__(self, analyzer: Analyzer, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        super().__init__(analyzer)
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(analyzer_spec(analyzer),))
        self.pool.submit(int).result()  # start the workers now, before the caller starts any thread

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[ChunkResult]:
        return ordered_results(lambda chunk: self.pool.submit(_process_in_worker, chunk, self.options), chunks,
                               2 * self.jobs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner(Runner):
    """Process chunks on a Dask distributed cluster (``--engine dask``).

    Parameters
    ----------
    analyzer
        Its arguments are sent to the workers, which build their own analyzer once each.
    scheduler
        The address of a running scheduler (``tcp://host:8786``) or a ``Client``; without
        one, a local cluster of ``jobs`` worker processes is started for the run.
    jobs
        Workers of the local cluster; with a scheduler, how many chunks to keep in flight
        per worker thread of the cluster is derived from the cluster itself.
    """

    def __init__(self, analyzer: Analyzer, scheduler: Any = None, jobs: int = 1) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise EngineError("--engine dask needs dask.distributed; install it with "
                              "pip install 'stance[dask]'") from None
        super().__init__(analyzer)
        self._own: list[Any] = []
        if scheduler is None:
            cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            self.client = Client(cluster)
            self._own = [self.client, cluster]
        elif isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise EngineError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc}); "
                                  "check the address, or leave --scheduler out to start a local cluster") from None
            self._own = [self.client]
        else:
            self.client = scheduler
        threads = sum(self.client.nthreads().values()) or 1
        self.jobs = threads
        self.spec = self.client.scatter(analyzer_spec(analyzer), broadcast=True)

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[ChunkResult]:
        def submit(chunk: list[Document]) -> _Future:
            return self.client.submit(process_with_spec, self.spec, chunk, self.options, pure=False)

        return ordered_results(submit, chunks, 2 * self.jobs)

    def close(self) -> None:
        for resource in self._own:
            resource.close()


def make_runner(analyzer: Analyzer, jobs: int = 1, engine: str = "local", scheduler: Any = None,
                options: ChunkOptions | None = None) -> Runner:
    """The runner for ``--jobs``/``--engine``/``--scheduler``; ``options`` say what chunks encode."""
    runner = _runner(analyzer, jobs, engine, scheduler)
    runner.options = options or ChunkOptions()
    return runner


def _runner(analyzer: Analyzer, jobs: int, engine: str, scheduler: Any) -> Runner:
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise EngineError(f"--jobs {jobs}: give a number of processes of at least 1")
    if engine == "dask":
        return DaskRunner(analyzer, scheduler, jobs)
    if scheduler is not None:
        raise EngineError("--scheduler needs --engine dask")
    return ProcessRunner(analyzer, jobs) if jobs > 1 else Runner(analyzer)
