"""Actors: aliases, declension, possessives, labels, epithets, pronouns, file errors."""

from __future__ import annotations

import pytest

from stance.actors import ActorCatalog, load_actors
from stance.errors import LexiconError, UnknownActorError
from stance.language import load_rules
from stance.text import TextSplitter


def mentions_in(text: str, language: str, catalog: ActorCatalog | None = None):
    rules = load_rules(language)
    sentences = TextSplitter(rules).sentences(text)
    return (catalog or load_actors()).find_mentions(sentences, rules)


@pytest.mark.parametrize("form", ["Маск", "Маска", "Маску", "Маском", "Маске", "Илон Маск", "Илона Маска"])
def test_russian_declension_of_musk_resolves(form):
    found = mentions_in(f"Вчера {form} сделал заявление.", "ru")
    assert [(m.actor, m.text) for m in found] == [("musk", form)]


@pytest.mark.parametrize("form", ["Альтман", "Альтмана", "Альтманом", "Сэма Альтмана"])
def test_russian_declension_of_altman_resolves(form):
    assert [m.actor for m in mentions_in(f"Речь о том, что {form} сказал.", "ru")] == ["altman"]


def test_a_lower_case_common_noun_is_not_a_name():
    assert mentions_in("На нём была маска.", "ru") == []


@pytest.mark.parametrize("text, language", [("Musks Angebot war hoch.", "de"), ("Altmans Antwort kam schnell.", "de"),
                                            ("Musk's offer was high.", "en")])
def test_possessives_resolve(text, language):
    assert len(mentions_in(text, language)) == 1


def test_a_multiword_alias_is_one_mention():
    found = mentions_in("Elon Musk spoke.", "en")
    assert [(m.actor, m.text) for m in found] == [("musk", "Elon Musk")]


def test_scam_altman_is_a_mention_of_altman_with_a_label():
    (mention,) = mentions_in("Musk calls him “Scam Altman”.", "en")[1:]
    assert (mention.actor, mention.via) == ("altman", "label")
    assert mention.label_weight is not None and mention.label_weight < 0


@pytest.mark.parametrize("text, language", [
    ("Маск купил Twitter. Он заплатил слишком много.", "ru"),
    ("Musk kaufte Twitter. Er zahlte zu viel.", "de"),
    ("Musk membeli Twitter. Dia membayar terlalu mahal.", "id"),
    ("Musk bought Twitter. He paid too much.", "en"),
])
def test_a_pronoun_refers_to_the_last_person_named(text, language):
    found = mentions_in(text, language)
    pronoun = [m for m in found if m.via == "pronoun"]
    assert [(m.actor, m.sentence_id) for m in pronoun] == [("musk", 1)]


def test_a_pronoun_needs_a_person_of_matching_gender():
    assert [m for m in mentions_in("OpenAI grew. She said it was fine.", "en") if m.via == "pronoun"] == []


def test_a_pronoun_adds_nothing_in_a_sentence_that_names_the_actor():
    found = mentions_in("Musk spoke. Musk said he was right.", "en")
    assert [m.via for m in found] == ["name", "name"]


def test_a_pronoun_does_not_reach_past_its_window():
    text = "Musk spoke. It rained. It rained. It rained. He left."
    assert [m.via for m in mentions_in(text, "en")] == ["name"]


def test_an_epithet_counts_only_after_the_actor_was_named():
    before = mentions_in("The billionaire spoke. Musk left.", "en")
    after = mentions_in("Musk left. The billionaire spoke.", "en")
    assert [m.via for m in before] == ["name"]
    assert [m.via for m in after] == ["name", "epithet"]


def test_a_duplicate_alias_across_actors_is_an_error(tmp_path):
    path = tmp_path / "actors.toml"
    path.write_text('[a]\nkind = "person"\naliases.en = ["Sam"]\n[b]\nkind = "person"\naliases.en = ["Sam"]\n')
    with pytest.raises(LexiconError, match="'Sam' is given for both 'a' and 'b'"):
        ActorCatalog.from_file(path)


def test_a_bad_kind_is_an_error_listing_the_kinds(tmp_path):
    path = tmp_path / "actors.toml"
    path.write_text('[a]\nkind = "robot"\n')
    with pytest.raises(LexiconError, match="person, org, product, government"):
        ActorCatalog.from_file(path)


def test_an_unknown_actor_id_lists_the_known_ids():
    with pytest.raises(UnknownActorError) as info:
        load_actors()["muks"]
    assert "musk" in str(info.value) and "altman" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_the_seed_actor_ids_are_defined():
    catalog = load_actors()
    for actor in ["musk", "altman", "openai", "microsoft", "xai", "tesla", "nvidia", "trump", "g42",
                  "stargate", "twitter"]:
        assert actor in catalog


def test_a_user_actors_file_replaces_the_shipped_one(fake_root):
    catalog = ActorCatalog.from_file(fake_root / "actors.toml")
    assert sorted(catalog.actors) == ["acme", "ann", "bob"]
