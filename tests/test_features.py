"""Mention features for the learned scorer, on the fake language."""

from __future__ import annotations

import pytest

from stance.features import mention_features


def features(kit, text: str, actor: str = "ann", words: bool = True) -> dict[str, float]:
    sentence = kit.splitter.sentences(text)[0]
    mentions = kit.actors.find_mentions([sentence], kit.rules)
    target = next(m for m in mentions if m.actor == actor)
    others = [m for m in mentions if m is not target]
    return mention_features(kit.scorer, sentence, target, others, words=words).values


def test_a_sentence_without_cues_has_no_cue_sums(fake_kit):
    values = features(fake_kit, "Lee met the board on Monday.")
    assert "cue:total" not in values and "cue:pos" not in values and "cue:neg" not in values


def test_the_cue_sums_match_the_lexicon_score(fake_kit):
    values = features(fake_kit, "Lee is bad.")
    assert values["cue:total"] < 0
    assert values["cue:neg"] == pytest.approx(values["cue:total"])
    assert values["cue:n_neg"] == 1
    assert values["cue:near_neg"] == pytest.approx(values["cue:total"])


def test_a_cue_after_the_target_counts_on_the_after_side(fake_kit):
    values = features(fake_kit, "Good news came and Lee smiled.")
    assert values["cue:before_pos"] > 0 and "cue:after_pos" not in values


def test_a_negated_cue_is_flagged_and_flips_the_sum(fake_kit):
    values = features(fake_kit, "Lee is not good.")
    assert values["cue:negator"] > 0
    assert values["cue:total"] < 0


def test_a_quoted_target_is_flagged(fake_kit):
    assert features(fake_kit, 'They wrote "Lee is bad" yesterday.')["cue:quoted_target"] == 1
    assert "cue:quoted_target" not in features(fake_kit, "Lee is bad.")


def test_the_speaker_and_the_agent_of_a_passive_are_flagged(fake_kit):
    assert features(fake_kit, "Lee said the plan is bad.")["cue:speaker"] == 1
    assert features(fake_kit, "The plan was called bad by Lee.")["cue:agent"] == 1
    assert "cue:agent" not in features(fake_kit, "Lee called the plan bad.")


def test_word_features_are_tagged_with_the_language_and_side(fake_kit):
    values = features(fake_kit, "Lee won praise.")
    assert values["word:xx:R:won"] > 0 and values["word:xx:won"] > 0
    assert not [k for k in features(fake_kit, "Lee won praise.", words=False) if k.startswith("word:")]


def test_the_target_itself_is_not_a_word_feature(fake_kit):
    assert not [k for k in features(fake_kit, "Lee won praise.") if k.endswith(":lee")]


def test_each_actor_gets_the_words_of_its_own_clause(fake_kit):
    text = "Lee won praise, Ray lost the vote."
    lee, bob = features(fake_kit, text, "ann"), features(fake_kit, text, "bob")
    assert {k for k in lee if k.startswith("word:xx:C:")} == {"word:xx:C:won", "word:xx:C:praise"}
    assert {k for k in bob if k.startswith("word:xx:C:")} == {"word:xx:C:lost", "word:xx:C:the", "word:xx:C:vote"}


def test_a_quotation_mark_also_ends_the_clause(fake_kit):
    values = features(fake_kit, 'They wrote "Lee won" yesterday.')
    assert {k for k in values if k.startswith("word:xx:C:")} == {"word:xx:C:won"}
