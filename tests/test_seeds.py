"""The seed corpus scored end to end, held to the reading written in seeds/README.md."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS

# Confident readings the lexical scorer does not reach yet, with why; strict, so they
# fail loudly the day the tool starts agreeing.
KNOWN_MISSES = {
    ("000", "musk"): "the hostility is carried by an implied comparison (the Twitter purchase that "
                     "lost 80% of its value) and sarcasm, not by evaluative words; the lexical "
                     "score is -0.05, a hair above the hostile threshold",
}


def readings(confident_only: bool = True) -> list[tuple[str, str, str]]:
    """(doc prefix, actor, label) rows of the reading table in seeds/README.md."""
    rows = []
    for line in (SEEDS / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\d{3})\s*\|\s*(\w+)\s*\|\s*(hostile|neutral|favorable)\s*\|\s*(yes|no)\s*\|", line)
        if match and (match.group(4) == "yes" or not confident_only):
            rows.append(match.group(1, 2, 3))
    return rows


def test_the_reading_table_is_there_and_has_confident_rows():
    assert len(readings()) >= 8
    assert ("004", "musk", "hostile") in readings()
    assert ("003", "musk", "neutral") in readings()


def doc_label(analysis, prefix: str, actor: str, translated: bool = False) -> str:
    docs = analysis.documents
    doc_id = next(d for d in analysis.texts["doc_id"] if d.startswith(prefix) and d.endswith("_en") == translated)
    row = docs[(docs["doc_id"] == doc_id) & (docs["actor"] == actor)]
    assert len(row) == 1, f"{actor} not found in {doc_id}"
    return row.iloc[0]["label"]


@pytest.mark.parametrize("prefix, actor, label", [
    pytest.param(*r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[r[:2]])) if r[:2] in KNOWN_MISSES
    else r for r in readings()
])
def test_the_original_agrees_with_our_confident_reading(seeds_analysis, prefix, actor, label):
    assert doc_label(seeds_analysis, prefix, actor) == label


def test_the_indonesian_piece_is_hostile_to_musk_and_the_german_summary_neutral(seeds_analysis):
    assert doc_label(seeds_analysis, "004", "musk") == "hostile"
    assert doc_label(seeds_analysis, "003", "musk") == "neutral"
    profiles = seeds_analysis.profiles.set_index(["source", "actor"])
    assert profiles.loc[("Gate", "musk"), "label"] == "hostile"
    assert profiles.loc[("Unnamed German AI digest", "musk"), "label"] == "neutral"
    assert profiles.loc[("Gate", "musk"), "stance"] < profiles.loc[("Unnamed German AI digest", "musk"), "stance"] - 0.15


def test_most_original_translation_pairs_get_the_same_label(seeds_analysis):
    agreement = seeds_analysis.agreement
    assert len(agreement) >= 10
    assert (agreement[["n_original", "n_translation"]] >= 2).all().all()
    assert seeds_analysis.agreement_rate >= 0.75


def test_translations_do_not_count_twice_in_profiles(seeds_analysis):
    docs = seeds_analysis.documents
    assert not docs.loc[docs["doc_id"].str.endswith("_en"), "in_profile"].any()
    gate = seeds_analysis.profiles.set_index(["source", "actor"]).loc[("Gate", "musk")]
    assert gate["n_docs"] == 1 and gate["n_mentions"] == 10


def test_every_seed_is_analysed_and_none_skipped(seeds_analysis):
    assert len(seeds_analysis.texts) == 10
    assert seeds_analysis.skipped.empty
    detected = seeds_analysis.texts.set_index("doc_id")
    assert (detected["detected_language"] == detected["language"]).all()


def test_the_gate_page_is_analysed_once_not_twice(seeds_analysis):
    texts = seeds_analysis.texts.set_index("doc_id")
    assert texts.loc["004_0fbfe6249f737cbd", "chars_removed"] > 2500
    reasons = seeds_analysis.cleaning.query("doc_id == '004_0fbfe6249f737cbd'")["reason"]
    assert (reasons == "repeated passage").sum() == 7


def test_scam_altman_is_counted_for_altman_as_a_label(seeds_analysis):
    labels = seeds_analysis.mentions.query("via == 'label'")
    assert set(labels["actor"]) == {"altman"}
    scam = labels[labels["mention"] == "Scam Altman"]
    assert set(scam["doc_id"]) >= {"000_9dec3350a9cf1688", "004_0fbfe6249f737cbd"}
    assert (scam["score"] < 0).all()
    sama = labels[labels["mention"] == "Sama"]  # a neutral nickname carries no weight
    assert (sama["score"] == 0).all() and len(sama) >= 1


def test_every_mention_score_is_explained_by_its_cues(seeds_analysis):
    import json
    import math

    alpha = seeds_analysis.config.alpha
    for row in seeds_analysis.mentions.itertuples(index=False):
        total = sum(c["contribution"] for c in json.loads(row.cues))
        assert row.score == pytest.approx(total / math.sqrt(total * total + alpha), abs=1e-12)


def test_mentions_point_at_their_text(seeds_analysis):
    for row in seeds_analysis.mentions.itertuples(index=False):
        relative = row.start - row.sentence_start
        assert row.sentence[relative: relative + len(row.mention)] == row.mention


def test_english_mentions_carry_vader_and_textblob_reference_scores(seeds_analysis):
    mentions = seeds_analysis.mentions
    english = mentions[mentions["language"] == "en"]
    others = mentions[mentions["language"] != "en"]
    assert english[["vader_compound", "textblob_polarity"]].notna().all().all()
    assert others[["vader_compound", "textblob_polarity"]].isna().all().all()


def test_the_same_corpus_gives_the_same_numbers_twice(seeds_analysis):
    from stance import analyze

    again = analyze(SEEDS)
    assert again.profiles.equals(seeds_analysis.profiles)
    assert again.mentions["score"].equals(seeds_analysis.mentions["score"])
