"""Writing an analysis to a folder: CSV and Parquet copies of every table, all or nothing.

Every file is first written into a temporary folder inside the target; only when all of them
are complete are they moved into place, and a failure while moving puts the previous files
back, so an error never leaves a half-written table or a mix of two runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from stance.errors import OutputError
from stance.pipeline import Analysis

TABLES = ("mentions", "cues", "documents", "profiles", "agreement", "texts", "cleaning", "skipped")


def write_analysis(analysis: Analysis, folder: str | Path, parquet: bool = True) -> list[Path]:
    """Write every table of ``analysis`` to ``folder`` as ``<table>.csv`` (and ``.parquet``).

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(folder)
    staging = make_staging(folder)
    names: list[str] = []
    try:
        for table in TABLES:
            frame = getattr(analysis, table)
            frame.to_csv(staging / f"{table}.csv", index=False)
            names.append(f"{table}.csv")
            if parquet:
                frame.to_parquet(staging / f"{table}.parquet", index=False)
                names.append(f"{table}.parquet")
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{folder}: cannot write the results ({exc}); the folder was left as it was") from None
    return commit_staged(staging, folder, names)


def make_staging(folder: str | Path) -> Path:
    """Create ``folder`` (and its parents) and a fresh hidden staging folder inside it."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".stance-", dir=folder))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}); choose another with -o") from None


def commit_staged(staging: Path, folder: Path, names: list[str], what: str = "the results") -> list[Path]:
    """Move the complete files and folders ``names`` from ``staging`` into ``folder``, all or nothing.

    What they replace (a file, a folder tree or a symlink) is kept aside until every move has
    succeeded; a failure removes what was already moved in, puts the previous entries back and
    raises :class:`OutputError` ("cannot write ``what``"). The staging folder is removed in
    every case.
    """
    backup = staging / "previous"
    moved: list[str] = []
    saved: list[str] = []
    try:
        backup.mkdir()
        for name in names:
            target = folder / name
            if target.exists() or target.is_symlink():
                os.replace(target, backup / name)
                saved.append(name)
            os.replace(staging / name, target)
            moved.append(name)
    except OSError as exc:
        _roll_back(folder, backup, moved, saved)
        raise OutputError(f"{folder}: cannot write {what} ({exc}); the folder was left as it was") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in names]


def _roll_back(folder: Path, backup: Path, moved: list[str], saved: list[str]) -> None:
    """Undo a partial move: remove the new files and folders and put the previous ones back."""
    for name in moved:
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    for name in saved:
        os.replace(backup / name, folder / name)


def write_json(record: dict[str, object], path: str | Path, indent: int | None = 2) -> Path:
    """Write ``record`` as JSON atomically (a temporary file renamed into place)."""
    import json

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".stance-",
                                         suffix=".json", delete=False) as handle:
            json.dump(record, handle, indent=indent, ensure_ascii=False)
        # a temporary file is private (0600); the result gets the mode any new file would get
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
    except OSError as exc:
        if "handle" in locals():
            Path(handle.name).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc})") from None
    return path


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
