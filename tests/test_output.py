"""Writing an analysis: every table as CSV and Parquet, documented columns, all or nothing."""

from __future__ import annotations

import dataclasses
import os

import pandas as pd
import pytest

from stance.errors import OutputError
from stance.output import TABLES, write_analysis
from stance.pipeline import MENTION_COLUMNS, SKIP_COLUMNS
from stance.profiles import DOCUMENT_COLUMNS, PROFILE_COLUMNS

EIGHT = ["mentions", "cues", "documents", "profiles", "agreement", "texts", "cleaning", "skipped"]


def contents(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def staging_folders(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".stance-")]


def fail_on_call(monkeypatch, owner, name: str, number: int) -> None:
    """Make ``owner.name`` raise OSError on its ``number``-th call (earlier calls work)."""
    original = getattr(owner, name)
    calls = {"n": 0}

    def patched(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == number:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, patched)


def smaller(analysis):
    """A different analysis: the seed analysis cut to its first rows (a 'previous run')."""
    return dataclasses.replace(analysis, mentions=analysis.mentions.head(3), documents=analysis.documents.head(2),
                               profiles=analysis.profiles.head(1))


@pytest.fixture(scope="module")
def written(seeds_analysis, tmp_path_factory):
    folder = tmp_path_factory.mktemp("written") / "out"
    return folder, write_analysis(seeds_analysis, folder)


def test_the_eight_tables_are_written_as_csv_and_parquet(written):
    folder, paths = written
    assert list(TABLES) == EIGHT
    expected = {f"{t}.{ext}" for t in EIGHT for ext in ("csv", "parquet")}
    assert {p.name for p in folder.iterdir()} == expected
    assert sorted(p.name for p in paths) == sorted(expected)
    assert all(p.parent == folder for p in paths)


@pytest.mark.parametrize("table, columns", [("mentions", MENTION_COLUMNS), ("documents", DOCUMENT_COLUMNS),
                                            ("profiles", PROFILE_COLUMNS), ("skipped", SKIP_COLUMNS)])
def test_csv_columns_are_exactly_the_documented_ones(written, table, columns):
    folder, _ = written
    assert list(pd.read_csv(folder / f"{table}.csv").columns) == columns
    assert list(pd.read_parquet(folder / f"{table}.parquet").columns) == columns


@pytest.mark.parametrize("table", EIGHT)
def test_every_written_table_has_the_rows_of_the_analysis(written, seeds_analysis, table):
    folder, _ = written
    frame = getattr(seeds_analysis, table)
    assert len(pd.read_csv(folder / f"{table}.csv")) == len(frame)
    assert len(pd.read_parquet(folder / f"{table}.parquet")) == len(frame)


def test_parquet_keeps_the_scores_exactly(written, seeds_analysis):
    folder, _ = written
    back = pd.read_parquet(folder / "mentions.parquet")
    assert back["score"].tolist() == seeds_analysis.mentions["score"].tolist()
    assert back["mention_id"].tolist() == seeds_analysis.mentions["mention_id"].tolist()


def test_without_parquet_only_csv_files_are_written(seeds_analysis, tmp_path):
    paths = write_analysis(seeds_analysis, tmp_path / "out", parquet=False)
    assert sorted(p.name for p in paths) == sorted(f"{t}.csv" for t in EIGHT)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{t}.csv" for t in EIGHT)


def test_missing_parent_folders_are_created(seeds_analysis, tmp_path):
    folder = tmp_path / "a" / "b" / "out"
    write_analysis(seeds_analysis, folder, parquet=False)
    assert (folder / "profiles.csv").is_file()


def test_a_folder_path_that_is_a_file_is_an_output_error(seeds_analysis, tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot create the output folder") as info:
        write_analysis(seeds_analysis, target)
    assert isinstance(info.value, OSError)
    assert target.read_text() == "not a folder"


def test_a_failed_parquet_write_leaves_no_table_and_no_staging_folder(seeds_analysis, tmp_path, monkeypatch):
    fail_on_call(monkeypatch, pd.DataFrame, "to_parquet", 3)
    folder = tmp_path / "out"
    with pytest.raises(OutputError, match="left as it was"):
        write_analysis(seeds_analysis, folder)
    leftovers = [p.name for p in folder.rglob("*") if p.suffix in {".csv", ".parquet"}]
    assert leftovers == []
    assert staging_folders(folder) == []


def test_a_failed_csv_write_leaves_no_table_and_no_staging_folder(seeds_analysis, tmp_path, monkeypatch):
    fail_on_call(monkeypatch, pd.DataFrame, "to_csv", 5)
    folder = tmp_path / "out"
    with pytest.raises(OutputError):
        write_analysis(seeds_analysis, folder)
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_the_previous_results_unchanged(seeds_analysis, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    write_analysis(smaller(seeds_analysis), folder)
    before = contents(folder)
    assert len(before) == 16
    fail_on_call(monkeypatch, pd.DataFrame, "to_parquet", 3)
    with pytest.raises(OutputError):
        write_analysis(seeds_analysis, folder)
    assert contents(folder) == before
    assert staging_folders(folder) == []


def test_a_successful_write_replaces_the_previous_results(seeds_analysis, tmp_path):
    folder = tmp_path / "out"
    write_analysis(smaller(seeds_analysis), folder)
    assert len(pd.read_csv(folder / "mentions.csv")) == 3
    write_analysis(seeds_analysis, folder)
    assert len(pd.read_csv(folder / "mentions.csv")) == len(seeds_analysis.mentions)
    assert len(pd.read_parquet(folder / "documents.parquet")) == len(seeds_analysis.documents)
    assert staging_folders(folder) == []


def test_a_failure_while_moving_files_into_place_leaves_the_previous_results_unchanged(
        seeds_analysis, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    write_analysis(smaller(seeds_analysis), folder)
    before = contents(folder)
    fail_on_call(monkeypatch, os, "replace", 3)
    with pytest.raises(OutputError, match="left as it was"):
        write_analysis(seeds_analysis, folder)
    assert contents(folder) == before


def test_commit_staged_moves_folder_trees_and_replaces_a_dangling_symlink(tmp_path):
    from stance.output import commit_staged, make_staging

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "pages").mkdir()
    (folder / "pages" / "old.html").write_text("old", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "gone")
    staging = make_staging(folder)
    (staging / "pages").mkdir()
    (staging / "pages" / "new.html").write_text("new", encoding="utf-8")
    (staging / "link.txt").write_text("file", encoding="utf-8")
    written = commit_staged(staging, folder, ["pages", "link.txt"])
    assert written == [folder / "pages", folder / "link.txt"]
    assert [p.name for p in (folder / "pages").iterdir()] == ["new.html"]
    assert not (folder / "link.txt").is_symlink() and (folder / "link.txt").read_text(encoding="utf-8") == "file"
    assert staging_folders(folder) == []


def test_a_json_file_gets_the_mode_of_any_new_file_not_a_private_one(tmp_path):
    import stat

    from stance.output import write_json

    old = os.umask(0o022)
    try:
        path = write_json({"a": 1}, tmp_path / "model.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text(encoding="utf-8") == '{\n  "a": 1\n}'
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]
