"""Writing an analysis to a folder: CSV and Parquet copies of every table, all or nothing.

Every file is first written into a temporary folder beside the target; only when all of them
are complete are they moved into place, so an error never leaves a half-written table.
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}); choose another with -o") from None
    staging = Path(tempfile.mkdtemp(prefix=".stance-", dir=folder))
    written: list[Path] = []
    try:
        names = []
        for table in TABLES:
            frame = getattr(analysis, table)
            frame.to_csv(staging / f"{table}.csv", index=False)
            names.append(f"{table}.csv")
            if parquet:
                frame.to_parquet(staging / f"{table}.parquet", index=False)
                names.append(f"{table}.parquet")
        for name in names:
            os.replace(staging / name, folder / name)
            written.append(folder / name)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write the results ({exc}); nothing was changed") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
