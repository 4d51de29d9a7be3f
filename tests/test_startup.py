"""Cheap start-up: importing the package or asking for help loads no heavy library or data."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "sklearn", "scipy", "seaborn", "nltk", "simplemma", "textblob", "py3langid",
         "pyarrow", "dask", "stance.pipeline", "stance.lexicon")


def modules_after(code: str) -> set[str]:
    """The top-level module names loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("code", [
    "import stance",
    "import stance; stance.__version__; stance.__all__",
    "from stance.cli import _parser; _parser().format_help()",
    "import stance.stream, stance.parallel, stance.errors",
])
def test_start_up_loads_no_heavy_library(code):
    loaded = modules_after(code)
    assert not [name for name in HEAVY if name in loaded]


def test_stance_help_exits_cleanly_without_loading_the_pipeline():
    probe = ("import sys\nfrom stance.cli import main\ntry:\n    main(['analyze', '--help'])\n"
             "except SystemExit:\n    pass\nprint('LOADED', ' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split("LOADED", 1)[1].split())
    assert "--jobs" in done.stdout and "--engine" in done.stdout
    assert not [name for name in HEAVY if name in loaded]
