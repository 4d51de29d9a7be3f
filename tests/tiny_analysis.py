"""Build small :class:`~stance.pipeline.Analysis` objects from hand-written mention scores.

Report and plot tests use these instead of running the pipeline: every number is chosen by the
test, and a corpus of any size (1,000 documents for the size check) takes a moment to make.
"""

from __future__ import annotations

import json

import pandas as pd

from stance.actors import Actor, ActorCatalog
from stance.pipeline import CLEANING_COLUMNS, CUE_COLUMNS, MENTION_COLUMNS, SKIP_COLUMNS, TEXT_COLUMNS, Analysis
from stance.profiles import aggregate_documents, aggregate_profiles, translation_agreement
from stance.score import ScoringConfig

ACTORS = ActorCatalog([Actor("ann", "Ann Lee", "person", "f", ("Lee",)),
                       Actor("bob", "Bob Ray", "person", "m", ("Ray",)),
                       Actor("acme", "Acme", "org")])


def make_analysis(scores: dict[tuple[str, str, str], list[float]], sentence: str = "Lee is a bad banker.",
                  translations: dict[str, str] | None = None, language: str = "en",
                  languages: dict[str, str] | None = None) -> Analysis:
    """An analysis from ``{(doc_id, source, actor): [mention scores]}``.

    Every mention sits in ``sentence`` with the actor on its first word and, when its score is
    not 0, one cue ("bad") whose contribution gives that score. ``translations`` maps a
    translation's doc id to its original's; ``languages`` a doc id to its language.
    """
    config = ScoringConfig()
    translations = translations or {}
    languages = languages or {}
    word_end = sentence.index(" ") if " " in sentence else len(sentence)
    cue_at = sentence.find("bad")
    mentions, cues, texts = [], [], {}
    for (doc_id, source, actor), values in scores.items():
        lang = languages.get(doc_id, language)
        for i, score in enumerate(values):
            mention_id = f"{doc_id}#{i}:0"
            contribution = score / (1 - score * score) ** 0.5 if abs(score) < 1 else score
            record = []
            if score and cue_at >= 0:
                record = [{"term": "bad", "entry": "bad", "weight": -0.5 if score < 0 else 0.5, "shifts": [],
                           "shift": 1.0, "distance": 2, "proximity": 0.67, "clause": 1.0, "competitor": 1.0,
                           "contribution": contribution, "start": cue_at, "end": cue_at + 3}]
                cues.append({"mention_id": mention_id, "doc_id": doc_id, "actor": actor, **record[0], "shifts": ""})
            mentions.append({
                "mention_id": mention_id, "doc_id": doc_id, "source": source, "language": lang, "actor": actor,
                "sentence_id": i, "sentence_start": 0, "start": 0, "end": word_end,
                "mention": sentence[:word_end], "via": "name", "sentence": sentence, "score": float(score),
                "label": config.label(score), "n_cues": len(record), "cues": json.dumps(record),
                "sentence_tone": float(score), "vader_compound": float("nan"), "textblob_polarity": float("nan"),
                "translation_of": translations.get(doc_id, ""),
            })
        texts.setdefault(doc_id, {
            "doc_id": doc_id, "source": source, "language": lang, "declared_language": lang,
            "detected_language": lang, "language_confidence": 1.0, "title": f"Title of {doc_id}", "date": "",
            "url": "", "translation_of": translations.get(doc_id, ""), "encoding": "utf-8", "chars_raw": 100,
            "chars_clean": 100, "chars_removed": 0, "n_sentences": 1, "n_mentions": 0, "path": f"{doc_id}.txt"})
        texts[doc_id]["n_mentions"] += len(values)
    mentions_frame = pd.DataFrame(mentions, columns=MENTION_COLUMNS)
    texts_frame = pd.DataFrame(list(texts.values()), columns=TEXT_COLUMNS)
    documents = aggregate_documents(mentions_frame, texts_frame, config)
    return Analysis(
        mentions=mentions_frame, cues=pd.DataFrame(cues, columns=CUE_COLUMNS), documents=documents,
        profiles=aggregate_profiles(mentions_frame, documents, config),
        agreement=translation_agreement(documents, config), texts=texts_frame,
        cleaning=pd.DataFrame([], columns=CLEANING_COLUMNS), skipped=pd.DataFrame([], columns=SKIP_COLUMNS),
        config=config, actors=ACTORS, corpus_path="tiny")


def two_sources() -> Analysis:
    """Ann: hostile in "Daily" (5 mentions), neutral in "Weekly" (5), favorable but low-n in "Blog" (1)."""
    return make_analysis({
        ("d1", "Daily", "ann"): [-0.6, -0.5, -0.7, -0.4, -0.6],
        ("d2", "Weekly", "ann"): [0.0, 0.02, -0.02, 0.01, 0.0],
        ("d3", "Blog", "ann"): [0.8],
        ("d2", "Weekly", "bob"): [0.3, 0.2, 0.4],
    })
