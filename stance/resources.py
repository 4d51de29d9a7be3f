"""Where the shipped data files live, and reading them.

The ``lexicons/`` folder at the top of the source tree is installed as the package
``stance.lexicons``; nothing is read until a caller asks for it.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from typing import Any

from stance.errors import LexiconError


def lexicon_dir() -> Path:
    """Return the folder that holds the shipped lexicons and language rules."""
    spec = importlib.util.find_spec("stance.lexicons")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location)
            if (path / "scoring.toml").is_file():
                return path
    source_tree = Path(__file__).resolve().parent.parent / "lexicons"
    if (source_tree / "scoring.toml").is_file():
        return source_tree
    raise LexiconError(
        "cannot find the shipped lexicons (stance.lexicons); reinstall the package with "
        "'pip install .' from the project root"
    )


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning syntax errors into a :class:`LexiconError` naming the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise LexiconError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: not valid TOML ({exc}); fix the file and retry") from None
