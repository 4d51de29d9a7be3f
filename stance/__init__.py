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
    "explain_text": "stance.explain",
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
    from stance.corpus import Corpus, Document, load_corpus
    from stance.errors import (CorpusError, LexiconError, ManifestError, StanceError, UnknownActorError,
                               UnknownDocumentError, UnsupportedLanguageError)
    from stance.explain import explain_text
    from stance.output import write_analysis
    from stance.pipeline import Analysis, Analyzer, analyze
    from stance.score import LexiconScorer, ScoringConfig


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'stance' has no attribute '{name}'")
