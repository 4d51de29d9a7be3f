"""stance: how news sources frame the people and organisations they write about.

The public API is small::

    import stance
    a = stance.analyze("seeds")
    a.mentions, a.documents, a.profiles      # pandas DataFrames

Names are imported lazily, so ``import stance`` loads neither pandas nor any lexicon.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "stance.pipeline",
    "Analysis": "stance.pipeline",
    "Analyzer": "stance.pipeline",
    "load_corpus": "stance.corpus",
    "Corpus": "stance.corpus",
    "Document": "stance.corpus",
    "load_actors": "stance.actors",
    "ActorCatalog": "stance.actors",
    "ScoringConfig": "stance.score",
    "LexiconScorer": "stance.score",
    "write_analysis": "stance.output",
    "analyze_to": "stance.stream",
    "iter_corpus": "stance.corpus",
    "explain_text": "stance.explain",
    "write_report": "stance.report",
    "load_analysis": "stance.report",
    "StanceError": "stance.errors",
    "CorpusError": "stance.errors",
    "ManifestError": "stance.errors",
    "LexiconError": "stance.errors",
    "UnknownActorError": "stance.errors",
    "UnknownDocumentError": "stance.errors",
    "UnsupportedLanguageError": "stance.errors",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from stance.actors import ActorCatalog, load_actors
    from stance.corpus import Corpus, Document, iter_corpus, load_corpus
    from stance.errors import (CorpusError, LexiconError, ManifestError, StanceError, UnknownActorError,
                               UnknownDocumentError, UnsupportedLanguageError)
    from stance.explain import explain_text
    from stance.report import load_analysis, write_report
    from stance.output import write_analysis
    from stance.stream import analyze_to
    from stance.pipeline import Analysis, Analyzer, analyze
    from stance.score import LexiconScorer, ScoringConfig


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'stance' has no attribute '{name}'")
