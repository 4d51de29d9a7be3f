"""Profiles: mentions roll up into documents (doc × actor) and sources (source × actor).

* ``stance`` is the mean score of the mentions in the group.
* ``ci_low``/``ci_high`` are a percentile bootstrap 95% interval of that mean: mentions are
  resampled, except for a source with at least ``cluster_min_docs`` documents, where whole
  documents are resampled (mentions in one text are not independent). Each group draws from
  its own random stream derived from the configured seed and the group's key, so results do not
  depend on the order or chunking of the corpus.
* ``label`` applies the thresholds of ``scoring.toml`` to ``stance``.

A translation is counted in profiles only when its original is not in the corpus, so no text
counts twice; translations are compared with their originals in :func:`translation_agreement`.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from stance.score import ScoringConfig

if TYPE_CHECKING:
    import pandas as pd

DOCUMENT_COLUMNS = ["doc_id", "source", "language", "actor", "n_mentions", "stance", "ci_low",
                    "ci_high", "label", "translation_of", "in_profile"]
PROFILE_COLUMNS = ["source", "actor", "n_docs", "n_mentions", "stance", "ci_low", "ci_high", "label",
                   "languages"]
AGREEMENT_COLUMNS = ["original", "translation", "actor", "n_original", "n_translation",
                     "stance_original", "stance_translation", "label_original", "label_translation",
                     "agree"]


def _rng(config: ScoringConfig, *key: str) -> np.random.Generator:
    return np.random.default_rng([config.seed, zlib.crc32("\x1f".join(key).encode())])


def bootstrap_ci(values: np.ndarray, config: ScoringConfig, *key: str) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of the mean of ``values``."""
    n = len(values)
    if n == 1:
        return float(values[0]), float(values[0])
    draws = _rng(config, *key).integers(0, n, size=(config.bootstrap, n))
    means = values[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def cluster_bootstrap_ci(groups: list[np.ndarray], config: ScoringConfig, *key: str) -> tuple[float, float]:
    """Bootstrap 95% interval of the pooled mean, resampling whole groups (documents)."""
    sums = np.array([g.sum() for g in groups])
    counts = np.array([len(g) for g in groups])
    draws = _rng(config, *key).integers(0, len(groups), size=(config.bootstrap, len(groups)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def aggregate_documents(mentions: pd.DataFrame, texts: pd.DataFrame, config: ScoringConfig) -> pd.DataFrame:
    """One row per (document, actor) with at least one mention."""
    import pandas as pd

    rows = []
    in_corpus = set(texts["doc_id"])
    # positions of each group's rows (in table order) instead of a sub-frame per group: the
    # same numbers, without pandas' per-group overhead (which was most of this function's time)
    groups = mentions.groupby(["doc_id", "actor"], sort=True).indices if len(mentions) else {}
    all_scores = mentions["score"].to_numpy(dtype=float)
    sources, languages, originals = (mentions[c].to_numpy(dtype=object) for c in ("source", "language", "translation_of"))
    for doc_id, actor in sorted(groups):
        positions = groups[(doc_id, actor)]
        scores = all_scores[positions]
        stance = float(scores.mean())
        low, high = bootstrap_ci(scores, config, "doc", str(doc_id), str(actor))
        first = positions[0]
        original = originals[first]
        rows.append({
            "doc_id": doc_id, "source": sources[first], "language": languages[first], "actor": actor,
            "n_mentions": len(scores), "stance": stance, "ci_low": low, "ci_high": high,
            "label": config.label(stance), "translation_of": original,
            "in_profile": counts_in_profile(original, in_corpus),
        })
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def counts_in_profile(original: str, in_corpus: set[str]) -> bool:
    """Whether a document counts in profiles: it is no translation, or its original is absent."""
    return not original or original not in in_corpus


def aggregate_profiles(mentions: pd.DataFrame, documents: pd.DataFrame, config: ScoringConfig) -> pd.DataFrame:
    """One row per (source, actor) over the documents that count in profiles."""
    import pandas as pd

    counted = set(documents.loc[documents["in_profile"], "doc_id"])
    usable = mentions[mentions["doc_id"].isin(counted)]
    rows = []
    for (source, actor), group in usable.groupby(["source", "actor"], sort=True):
        scores = group["score"].to_numpy(dtype=float)
        by_doc = group.groupby("doc_id", sort=True).indices  # positions within the group, in order
        per_doc = [scores[by_doc[doc_id]] for doc_id in sorted(by_doc)]
        stance = float(scores.mean())
        if len(per_doc) >= config.cluster_min_docs:
            low, high = cluster_bootstrap_ci(per_doc, config, "profile", str(source), str(actor))
        else:
            low, high = bootstrap_ci(scores, config, "profile", str(source), str(actor))
        rows.append({
            "source": source, "actor": actor, "n_docs": len(per_doc), "n_mentions": len(scores),
            "stance": stance, "ci_low": low, "ci_high": high, "label": config.label(stance),
            "languages": ",".join(sorted(set(group["language"]))),
        })
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def translation_agreement(documents: pd.DataFrame, config: ScoringConfig) -> pd.DataFrame:
    """Compare each translation with its original, actor by actor.

    Only actors with at least ``agreement_min_mentions`` mentions in both versions are compared.
    """
    import pandas as pd

    rows = []
    by_key = {(r.doc_id, r.actor): r for r in documents.itertuples(index=False)}
    translations = documents[documents["translation_of"].astype(bool)]
    for row in translations.itertuples(index=False):
        original = by_key.get((row.translation_of, row.actor))
        if original is None:
            continue
        if min(row.n_mentions, original.n_mentions) < config.agreement_min_mentions:
            continue
        rows.append({
            "original": original.doc_id, "translation": row.doc_id, "actor": row.actor,
            "n_original": original.n_mentions, "n_translation": row.n_mentions,
            "stance_original": original.stance, "stance_translation": row.stance,
            "label_original": original.label, "label_translation": row.label,
            "agree": original.label == row.label,
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


class CorpusTables(NamedTuple):
    """The tables aggregated over a whole corpus (see :func:`aggregate_corpus`)."""

    documents: pd.DataFrame
    profiles: pd.DataFrame
    agreement: pd.DataFrame


def aggregate_corpus(mentions: pd.DataFrame, texts: pd.DataFrame, config: ScoringConfig,
                     documents: pd.DataFrame | None = None) -> CorpusTables:
    """Documents, profiles and translation agreement of a corpus: the one place they are computed.

    Used by the in-memory analysis, the streamed run and a report on a subset of languages.

    Parameters
    ----------
    mentions
        Every mention of the corpus: ``doc_id``, ``source``, ``language``, ``actor`` and
        ``score`` (and ``translation_of`` when ``documents`` is not given).
    texts
        The analysed documents (a ``doc_id`` column): which originals are in the corpus.
    config
        The scoring constants.
    documents
        The (document, actor) rows when they are already aggregated, chunk by chunk, in any
        order (a document's mentions are all in its chunk): they are put in (doc_id, actor)
        order and ``in_profile`` is set for the whole corpus. By default they are aggregated
        from ``mentions``.
    """
    if documents is None:
        documents = aggregate_documents(mentions, texts, config)
    else:
        documents = documents.sort_values(["doc_id", "actor"], kind="stable", ignore_index=True)
        in_corpus = set(texts["doc_id"])
        documents["in_profile"] = [counts_in_profile(o, in_corpus) for o in documents["translation_of"]]
    return CorpusTables(documents, aggregate_profiles(mentions, documents, config),
                        translation_agreement(documents, config))


def agreement_rate(agreement: pd.DataFrame) -> float | None:
    """Share of compared (document, actor) pairs whose original and translation agree."""
    if agreement.empty:
        return None
    return float(agreement["agree"].mean())
