"""Profiles: bootstrap intervals, document and source aggregation, translation agreement."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from stance.profiles import (
    DOCUMENT_COLUMNS,
    aggregate_documents,
    aggregate_profiles,
    bootstrap_ci,
    cluster_bootstrap_ci,
    translation_agreement,
)
from stance.score import ScoringConfig

CONFIG = ScoringConfig()
VARIED = np.random.default_rng(7).normal(0.0, 0.4, size=40).clip(-0.99, 0.99)


def mention(doc_id, actor, score, source="S", language="ru", translation_of=""):
    return {"doc_id": doc_id, "source": source, "language": language, "actor": actor, "score": score,
            "translation_of": translation_of}


def frames(rows, extra_docs=()):
    """Mentions from ``rows``, and a texts table holding their documents (plus ``extra_docs``)."""
    mentions = pd.DataFrame(rows)
    doc_ids = list(dict.fromkeys([r["doc_id"] for r in rows] + list(extra_docs)))
    return mentions, pd.DataFrame({"doc_id": doc_ids})


def one(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= frame[column] == value
    (index,) = np.flatnonzero(mask)
    return frame.iloc[index]


# bootstrap intervals


def test_bootstrap_is_deterministic_for_the_same_key():
    assert bootstrap_ci(VARIED, CONFIG, "doc", "a", "musk") == bootstrap_ci(VARIED.copy(), CONFIG, "doc", "a", "musk")


def test_bootstrap_differs_for_different_keys():
    assert bootstrap_ci(VARIED, CONFIG, "doc", "a", "musk") != bootstrap_ci(VARIED, CONFIG, "doc", "b", "musk")


def test_bootstrap_depends_on_the_configured_seed():
    other = dataclasses.replace(CONFIG, seed=CONFIG.seed + 1)
    assert bootstrap_ci(VARIED, CONFIG, "k") != bootstrap_ci(VARIED, other, "k")


def test_bootstrap_interval_contains_the_mean_and_is_a_proper_interval():
    low, high = bootstrap_ci(VARIED, CONFIG, "k")
    assert low < VARIED.mean() < high
    assert VARIED.min() < low and high < VARIED.max()


def test_bootstrap_of_one_value_is_degenerate():
    assert bootstrap_ci(np.array([-0.3]), CONFIG, "k") == (-0.3, -0.3)


def test_bootstrap_of_identical_values_is_degenerate():
    low, high = bootstrap_ci(np.array([0.2, 0.2, 0.2]), CONFIG, "k")
    assert low == pytest.approx(0.2) and high == pytest.approx(0.2)


def test_cluster_bootstrap_contains_the_pooled_mean():
    groups = [np.array([0.8, 0.7, 0.9, 0.6, 0.8, 0.7]), np.array([-0.5]), np.array([0.1, 0.0]),
              np.array([-0.2, -0.1, -0.3]), np.array([0.4])]
    pooled = np.concatenate(groups).mean()
    low, high = cluster_bootstrap_ci(groups, CONFIG, "profile", "S", "musk")
    assert low < pooled < high
    assert cluster_bootstrap_ci(groups, CONFIG, "profile", "S", "musk") == (low, high)


def test_cluster_bootstrap_of_one_document_is_its_mean():
    low, high = cluster_bootstrap_ci([np.array([0.2, 0.4])], CONFIG, "k")
    assert low == pytest.approx(0.3) and high == pytest.approx(0.3)


# documents


def test_documents_have_one_row_per_document_and_actor_with_the_mean_score():
    mentions, texts = frames([mention("a", "musk", 0.2), mention("a", "musk", 0.4), mention("a", "altman", -0.6),
                              mention("b", "musk", -0.1)])
    documents = aggregate_documents(mentions, texts, CONFIG)
    assert list(documents.columns) == DOCUMENT_COLUMNS
    assert sorted(zip(documents["doc_id"], documents["actor"])) == [("a", "altman"), ("a", "musk"), ("b", "musk")]
    row = one(documents, doc_id="a", actor="musk")
    assert row["n_mentions"] == 2
    assert row["stance"] == pytest.approx(0.3)
    assert row["ci_low"] <= row["stance"] <= row["ci_high"]


def test_a_translation_whose_original_is_in_the_corpus_is_not_in_profiles():
    mentions, texts = frames([mention("a", "musk", 0.5), mention("a_en", "musk", -0.5, language="en",
                                                                translation_of="a")])
    documents = aggregate_documents(mentions, texts, CONFIG)
    assert not one(documents, doc_id="a_en")["in_profile"]
    assert one(documents, doc_id="a")["in_profile"]


def test_an_original_without_mentions_of_the_actor_still_excludes_its_translation():
    mentions, texts = frames([mention("a_en", "musk", -0.5, language="en", translation_of="a")], extra_docs=["a"])
    assert not one(aggregate_documents(mentions, texts, CONFIG), doc_id="a_en")["in_profile"]


def test_a_translation_whose_original_is_absent_counts_in_profiles():
    mentions, texts = frames([mention("b_en", "musk", -0.5, language="en", translation_of="b")])
    assert one(aggregate_documents(mentions, texts, CONFIG), doc_id="b_en")["in_profile"]


@pytest.mark.parametrize("score, label", [(-0.5, "hostile"), (-0.05, "hostile"), (0.0, "neutral"),
                                          (0.05, "favorable"), (0.5, "favorable")])
def test_document_labels_follow_the_scoring_thresholds(score, label):
    mentions, texts = frames([mention("a", "musk", score)])
    row = one(aggregate_documents(mentions, texts, CONFIG), doc_id="a")
    assert row["label"] == label == CONFIG.label(score)


def test_document_labels_use_the_given_config():
    strict = dataclasses.replace(CONFIG, hostile_at=-0.6, favorable_at=0.6)
    mentions, texts = frames([mention("a", "musk", -0.5)])
    assert one(aggregate_documents(mentions, texts, strict), doc_id="a")["label"] == "neutral"


# profiles


def test_an_excluded_translation_does_not_count_in_the_profile():
    mentions, texts = frames([mention("a", "musk", 0.5), mention("a", "musk", 0.3),
                              mention("a_en", "musk", -0.9, language="en", translation_of="a")])
    documents = aggregate_documents(mentions, texts, CONFIG)
    row = one(aggregate_profiles(mentions, documents, CONFIG), source="S", actor="musk")
    assert (row["n_docs"], row["n_mentions"]) == (1, 2)
    assert row["stance"] == pytest.approx(0.4)
    assert row["languages"] == "ru"


def test_an_orphan_translation_counts_in_the_profile():
    mentions, texts = frames([mention("a", "musk", 0.5),
                              mention("b_en", "musk", -0.3, language="en", translation_of="b")])
    documents = aggregate_documents(mentions, texts, CONFIG)
    row = one(aggregate_profiles(mentions, documents, CONFIG), source="S", actor="musk")
    assert (row["n_docs"], row["n_mentions"]) == (2, 2)
    assert row["stance"] == pytest.approx(0.1)
    assert row["languages"] == "en,ru"
    assert row["label"] == CONFIG.label(0.1) == "favorable"


def test_profiles_are_per_source_and_actor():
    mentions, texts = frames([mention("a", "musk", 0.5, source="S"), mention("b", "musk", -0.5, source="T"),
                              mention("b", "altman", 0.0, source="T")])
    profiles = aggregate_profiles(mentions, aggregate_documents(mentions, texts, CONFIG), CONFIG)
    assert sorted(zip(profiles["source"], profiles["actor"])) == [("S", "musk"), ("T", "altman"), ("T", "musk")]
    assert one(profiles, source="T", actor="musk")["label"] == "hostile"


def test_a_source_with_many_documents_resamples_whole_documents():
    scores = {f"d{i}": [0.1 * i, 0.1 * i - 0.3, 0.05] for i in range(CONFIG.cluster_min_docs)}
    mentions, texts = frames([mention(doc, "musk", s) for doc, values in scores.items() for s in values])
    row = one(aggregate_profiles(mentions, aggregate_documents(mentions, texts, CONFIG), CONFIG), actor="musk")
    groups = [np.array(v) for _, v in sorted(scores.items())]
    expected = cluster_bootstrap_ci(groups, CONFIG, "profile", "S", "musk")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(expected)
    assert (row["ci_low"], row["ci_high"]) != pytest.approx(
        bootstrap_ci(np.concatenate(groups), CONFIG, "profile", "S", "musk"))


# translation agreement


def document(doc_id, actor, n, stance, translation_of=""):
    return {"doc_id": doc_id, "actor": actor, "n_mentions": n, "stance": stance, "label": CONFIG.label(stance),
            "translation_of": translation_of}


AGREEMENT_DOCS = pd.DataFrame([
    document("a", "musk", 2, -0.4), document("a_en", "musk", 3, -0.2, "a"),  # both hostile
    document("a", "altman", 2, 0.3), document("a_en", "altman", 2, 0.0, "a"),  # favorable vs neutral
    document("a", "openai", 5, 0.2), document("a_en", "openai", 1, 0.2, "a"),  # too few in translation
    document("b_en", "musk", 4, 0.5, "b"),  # original not in the corpus
])


def test_agreement_compares_only_actors_with_enough_mentions_in_both():
    agreement = translation_agreement(AGREEMENT_DOCS, CONFIG)
    assert sorted(agreement["actor"]) == ["altman", "musk"]
    assert set(agreement["original"]) == {"a"} and set(agreement["translation"]) == {"a_en"}


def test_agreement_reports_whether_the_labels_match():
    agreement = translation_agreement(AGREEMENT_DOCS, CONFIG)
    assert bool(one(agreement, actor="musk")["agree"]) is True
    altman = one(agreement, actor="altman")
    assert bool(altman["agree"]) is False
    assert (altman["label_original"], altman["label_translation"]) == ("favorable", "neutral")
    assert (altman["n_original"], altman["n_translation"]) == (2, 2)


def test_agreement_threshold_comes_from_the_config():
    loose = dataclasses.replace(CONFIG, agreement_min_mentions=1)
    assert sorted(translation_agreement(AGREEMENT_DOCS, loose)["actor"]) == ["altman", "musk", "openai"]


# the seed corpus


def test_every_seed_profile_and_document_contains_its_stance_in_its_interval(seeds_analysis):
    for table in (seeds_analysis.profiles, seeds_analysis.documents):
        assert len(table) > 0
        assert (table["ci_low"] <= table["stance"]).all()
        assert (table["stance"] <= table["ci_high"]).all()


def test_seed_profile_mentions_are_the_sum_over_counted_documents(seeds_analysis):
    counted = seeds_analysis.documents[seeds_analysis.documents["in_profile"]]
    sums = counted.groupby(["source", "actor"])["n_mentions"].sum()
    docs = counted.groupby(["source", "actor"])["doc_id"].nunique()
    profiles = seeds_analysis.profiles.set_index(["source", "actor"])
    assert sorted(profiles.index) == sorted(sums.index)
    for key, row in profiles.iterrows():
        assert row["n_mentions"] == sums[key]
        assert row["n_docs"] == docs[key]


def test_seed_translations_do_not_count_because_their_originals_are_present(seeds_analysis):
    documents = seeds_analysis.documents
    translations = documents[documents["translation_of"] != ""]
    assert len(translations) > 0
    assert not translations["in_profile"].any()
    assert "en" not in ",".join(seeds_analysis.profiles["languages"])


def test_aggregate_corpus_gives_the_in_memory_tables_from_documents_aggregated_chunk_by_chunk(seeds_analysis):
    from stance.profiles import aggregate_corpus

    a = seeds_analysis
    assert a.texts["translation_of"].astype(bool).any()  # chunks below split translations from originals
    whole = aggregate_corpus(a.mentions, a.texts, a.config)
    pd.testing.assert_frame_equal(whole.documents, a.documents)
    pd.testing.assert_frame_equal(whole.profiles, a.profiles)
    pd.testing.assert_frame_equal(whole.agreement, a.agreement)
    doc_ids = list(a.texts["doc_id"])
    chunks = [doc_ids[i:i + 3] for i in range(0, len(doc_ids), 3)][::-1]  # out of order
    parts = [aggregate_documents(a.mentions[a.mentions["doc_id"].isin(c)], a.texts[a.texts["doc_id"].isin(c)],
                                 a.config) for c in chunks]
    narrow = a.mentions[["doc_id", "source", "language", "actor", "score"]]  # what a streamed run reads back
    chunked = aggregate_corpus(narrow, a.texts[["doc_id"]], a.config, pd.concat(parts, ignore_index=True))
    for got, expected in zip(chunked, whole):
        pd.testing.assert_frame_equal(got, expected)
