"""Parallel runs: N processes and a Dask cluster give exactly the single-process output."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from stance.cli import main
from stance.output import TABLES
from stance.parallel import ChunkResult, analyzer_arguments, ordered_results, worker_analyzer, analyzer_spec
from stance.pipeline import Analyzer


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".csv"}


def parquet_frames(folder):
    import pandas as pd

    return {t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES}


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    folder = tmp_path_factory.mktemp("single") / "out"
    assert main(["analyze", str(SEEDS), "-q", "--chunk-size", "2", "-o", str(folder)]) == 0
    return folder


def assert_same_output(folder, expected) -> None:
    assert files(folder) == files(expected)
    assert len(files(folder)) == len(TABLES)
    for table, frame in parquet_frames(folder).items():
        assert frame.equals(parquet_frames(expected)[table]), table


def test_two_jobs_write_exactly_what_one_writes(single, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "-q", "--jobs", "2", "--chunk-size", "2", "-o", str(out)]) == 0
    assert_same_output(out, single)


def test_chunk_size_does_not_change_the_output(single, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "-q", "--chunk-size", "7", "-o", str(out)]) == 0
    assert_same_output(out, single)


@pytest.mark.slow
def test_a_dask_local_cluster_writes_exactly_what_one_process_writes(single, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert main(["analyze", str(SEEDS), "-q", "--engine", "dask", "--scheduler", cluster.scheduler_address,
                     "--chunk-size", "2", "-o", str(out)]) == 0
    assert_same_output(out, single)


def test_results_come_back_in_submission_order_whatever_finishes_first():
    import time
    from concurrent.futures import ThreadPoolExecutor

    finished: list[int] = []

    def work(chunk: list) -> ChunkResult:
        time.sleep(0.05 * (5 - len(chunk)))  # the first chunks take longest
        finished.append(len(chunk))
        return ChunkResult(n_documents=len(chunk))

    chunks = [[None] * n for n in (1, 2, 3, 4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(ordered_results(lambda chunk: pool.submit(work, chunk), chunks, window=4))
    assert finished != [1, 2, 3, 4]
    assert [r.n_documents for r in results] == [1, 2, 3, 4]


def test_a_worker_rebuilds_an_equivalent_analyzer_once(fake_root):
    analyzer = Analyzer(actors=fake_root / "actors.toml", languages=["xx"], lexicon_root=fake_root,
                        reference=False)
    arguments = analyzer_arguments(analyzer)
    assert arguments["languages"] == ["xx"] and arguments["lexicon_root"] == fake_root
    assert arguments["reference"] is False and arguments["config"] == analyzer.config
    spec = analyzer_spec(analyzer)
    rebuilt = worker_analyzer(spec)
    assert rebuilt is worker_analyzer(spec)  # cached per process
    assert rebuilt.languages == ["xx"] and sorted(rebuilt.actors.actors) == sorted(analyzer.actors.actors)


@pytest.mark.parametrize("argv, message", [
    (["--jobs", "0"], "--jobs 0"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_bad_parallel_options_are_clear_errors(argv, message, capsys):
    assert main(["analyze", str(SEEDS), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
