"""Scoring: cues, shifters, distance, clauses, rivals and labels, on a tiny fake lexicon."""

from __future__ import annotations

import math

import pytest
from conftest import score_text


def test_a_positive_cue_next_to_the_actor_gives_a_positive_score(fake_kit):
    result = score_text(fake_kit, "Lee is good.", "ann")
    assert result.score > 0
    assert [c.entry for c in result.cues] == ["good"]


def test_a_sentence_without_cues_scores_zero(fake_kit):
    result = score_text(fake_kit, "Lee met the press today.", "ann")
    assert result.score == 0 and result.cues == ()


def test_negation_flips_and_dampens_the_cue(fake_kit):
    plain = score_text(fake_kit, "Lee is good.", "ann")
    negated = score_text(fake_kit, "Lee is not good.", "ann")
    assert negated.score < 0
    assert negated.cues[0].shift == pytest.approx(-0.5)
    assert [s.kind for s in negated.cues[0].shifts] == ["negator"]
    assert abs(negated.score) < plain.score


def test_not_only_is_not_a_negation(fake_kit):
    result = score_text(fake_kit, "Lee is not only bad.", "ann")
    assert result.score < 0
    assert result.cues[0].shifts == ()


def test_negation_does_not_cross_a_clause_boundary(fake_kit):
    result = score_text(fake_kit, "Lee did not come, bad weather.", "ann")
    assert all(s.kind != "negator" for s in result.cues[0].shifts)


@pytest.mark.parametrize("text, factor", [("Lee is very good.", 1.5), ("Lee is slightly good.", 0.5),
                                          ("Lee is allegedly good.", 0.5)])
def test_intensifiers_downtoners_and_hedges_scale_the_cue(fake_kit, text, factor):
    assert score_text(fake_kit, text, "ann").cues[0].shift == pytest.approx(factor)


def test_contrast_weights_the_clause_after_but_more(fake_kit):
    result = score_text(fake_kit, "Lee is good but bad.", "ann")
    shifts = {c.entry: c.shift for c in result.cues}
    assert shifts == {"good": pytest.approx(0.5), "bad": pytest.approx(1.5)}
    assert result.score < 0


def test_cues_count_less_the_further_they_are(fake_kit):
    near = score_text(fake_kit, "Lee is bad.", "ann")
    far = score_text(fake_kit, "Lee went to the town hall on Monday and it was bad.", "ann")
    assert near.cues[0].proximity > far.cues[0].proximity
    assert near.score < far.score < 0


def test_cues_beyond_the_window_are_ignored(fake_kit):
    filler = " ".join(["word"] * (fake_kit.config.window + 2))
    result = score_text(fake_kit, f"Lee {filler} bad.", "ann")
    assert result.cues == ()


def test_a_cue_closer_to_another_actor_counts_less(fake_kit):
    result = score_text(fake_kit, "Lee met Ray , a terrible man.", "ann")
    assert result.cues[0].competitor == pytest.approx(fake_kit.config.competitor_factor)


def test_multiword_expressions_win_over_their_words(fake_kit):
    result = score_text(fake_kit, "Lee talks hot air.", "ann")
    assert [c.entry for c in result.cues] == ["hot air"]


def test_hyphenated_compounds_match_their_head(fake_kit):
    result = score_text(fake_kit, "Lee built an AI-bubble.", "ann")
    assert [c.entry for c in result.cues] == ["bubble"]


def test_an_evaluative_label_is_a_cue_of_its_own(fake_kit):
    result = score_text(fake_kit, "They call her Scam Lee.", "ann")
    assert result.cues[0].entry.startswith("label:")
    assert result.cues[0].contribution == pytest.approx(-0.8)


def test_the_score_is_the_squashed_sum_of_contributions(fake_kit):
    result = score_text(fake_kit, "Lee is very good, but bad and terrible.", "ann")
    total = sum(c.contribution for c in result.cues)
    assert result.total == pytest.approx(total)
    assert result.score == pytest.approx(total / math.sqrt(total**2 + fake_kit.config.alpha))
    for cue in result.cues:
        assert cue.contribution == pytest.approx(cue.weight * cue.shift * cue.proximity * cue.clause * cue.competitor)


@pytest.mark.parametrize("value, label", [(-0.5, "hostile"), (0.0, "neutral"), (0.5, "favorable")])
def test_labels_follow_the_thresholds(fake_kit, value, label):
    assert fake_kit.config.label(value) == label


def test_scores_stay_inside_minus_one_and_one(fake_kit):
    text = "Lee " + " ".join(["terrible"] * 10) + "."
    assert -1 < score_text(fake_kit, text, "ann").score < 0


def test_unknown_scoring_setting_is_an_error(tmp_path):
    from stance.errors import LexiconError
    from stance.score import ScoringConfig

    path = tmp_path / "scoring.toml"
    path.write_text("[mention]\nwindoww = 3\n")
    with pytest.raises(LexiconError, match="windoww"):
        ScoringConfig.from_file(path)


def test_a_praise_word_in_scare_quotes_reads_as_irony(fake_kit):
    plain = score_text(fake_kit, "Lee has a good plan.", "ann")
    quoted = score_text(fake_kit, 'Lee has a "good" plan.', "ann")
    assert plain.score > 0 > quoted.score
    assert [s.kind for s in quoted.cues[0].shifts] == ["scare quotes"]


def test_an_insult_in_scare_quotes_is_kept_at_a_distance(fake_kit):
    plain = score_text(fake_kit, "Lee has a bad plan.", "ann")
    quoted = score_text(fake_kit, 'Lee has a "bad" plan.', "ann")
    assert plain.score < quoted.score < 0


def test_a_cue_inside_a_longer_quotation_is_not_a_scare_quote(fake_kit):
    quoted = score_text(fake_kit, 'Lee said "the plan is good" today.', "ann")
    assert quoted.score > 0
    assert not quoted.cues[0].shifts
