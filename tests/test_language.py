"""Language rules (rules.toml per language) and language identification."""

from __future__ import annotations

import csv

import pytest
from conftest import SEEDS

from stance.clean import Cleaner
from stance.errors import LexiconError, UnsupportedLanguageError
from stance.language import LanguageDetector, available_languages, load_rules

SHIPPED = ["en", "ru", "de", "id"]

FRENCH = (
    "Le gouvernement français a annoncé mardi un nouveau plan d'investissement dans "
    "l'intelligence artificielle. Selon le ministre de l'Économie, ces fonds doivent permettre "
    "aux entreprises nationales de rattraper leur retard sur leurs concurrents américains. "
    "Les syndicats restent toutefois sceptiques quant aux effets de ces mesures sur l'emploi. "
    "Le débat devrait se poursuivre à l'Assemblée nationale la semaine prochaine."
)


def seed_rows() -> list[dict[str, str]]:
    with (SEEDS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class FixedIdentifier:
    """A stand-in for py3langid: always returns the same ranking and records its input."""

    def __init__(self, ranking):
        self.ranking = ranking
        self.seen: list[str] = []

    def rank(self, text):
        self.seen.append(text)
        return list(self.ranking)


@pytest.mark.parametrize("code", SHIPPED)
def test_each_shipped_language_loads_with_negators_and_contrast(code):
    rules = load_rules(code)
    assert rules.code == code
    assert rules.name
    assert rules.negators.phrases
    assert rules.contrast.phrases
    assert rules.path.name == "rules.toml" and rules.path.parent.name == code


def test_multiword_shifters_are_split_into_word_tuples():
    rules = load_rules("ru")
    assert ("отнюдь", "не") in rules.negators.phrases
    assert ("не", "только") in rules.negators.exceptions


def test_the_negator_factor_is_read_from_the_file():
    assert load_rules("ru").negators.factor == pytest.approx(-0.75)


def test_pronouns_map_to_their_gender():
    rules = load_rules("ru")
    assert rules.pronoun_gender("он") == "m"
    assert rules.pronoun_gender("она") == "f"
    assert rules.pronoun_gender("компания") is None


def test_an_unknown_language_code_is_an_error_listing_the_supported_codes():
    with pytest.raises(UnsupportedLanguageError) as info:
        load_rules("fr")
    assert info.value.language == "fr"
    assert "'fr'" in str(info.value)
    assert "de, en, id, ru" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_available_languages_are_the_four_shipped_ones():
    assert available_languages() == ["de", "en", "id", "ru"]


def test_a_language_without_a_sentiment_lexicon_is_not_available(fake_root):
    (fake_root / "lang" / "yy").mkdir()
    (fake_root / "lang" / "yy" / "rules.toml").write_text(
        (fake_root / "lang" / "xx" / "rules.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert available_languages(fake_root) == ["xx"]
    with pytest.raises(UnsupportedLanguageError):
        load_rules("zz", fake_root)


def test_rules_load_from_another_lexicon_folder(fake_root):
    rules = load_rules("xx", fake_root)
    assert rules.code == "xx"
    assert rules.abbreviations == frozenset({"dr"})
    assert rules.intensifiers.phrases == {("very",): 0.5}


def _rewrite(fake_root, old: str, new: str):
    path = fake_root / "lang" / "xx" / "rules.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_rules_file_missing_a_key_is_an_error_naming_the_file(fake_root):
    path = _rewrite(fake_root, "[shifters.contrast]\nitems = [\"but\"]\n", "[shifters.contrast]\n")
    with pytest.raises(LexiconError) as info:
        load_rules("xx", fake_root)
    assert str(path) in str(info.value)
    assert "items" in str(info.value)


def test_a_rules_file_without_abbreviations_is_an_error(fake_root):
    _rewrite(fake_root, "[abbreviations]\nitems = [\"dr\"]\n", "")
    with pytest.raises(LexiconError, match="abbreviations"):
        load_rules("xx", fake_root)


@pytest.mark.parametrize("strength", ["1.5", "-0.1", "\"high\""])
def test_a_strength_outside_zero_and_one_is_an_error(fake_root, strength):
    path = _rewrite(fake_root, "\"very\" = 0.5", f"\"very\" = {strength}")
    with pytest.raises(LexiconError) as info:
        load_rules("xx", fake_root)
    assert str(path) in str(info.value)
    assert "very" in str(info.value) and "[0, 1]" in str(info.value)


@pytest.mark.parametrize("strength", ["0", "1"])
def test_strengths_at_the_bounds_are_accepted(fake_root, strength):
    _rewrite(fake_root, "\"slightly\" = 0.5", f"\"slightly\" = {strength}")
    assert load_rules("xx", fake_root).downtoners.phrases == {("slightly",): float(strength)}


def test_an_empty_shifter_phrase_is_an_error(fake_root):
    _rewrite(fake_root, "items = [\"allegedly\"]", "items = [\"allegedly\", \"  \"]")
    with pytest.raises(LexiconError, match="non-empty strings"):
        load_rules("xx", fake_root)


def test_invalid_toml_is_an_error_naming_the_file(fake_root):
    path = _rewrite(fake_root, "[language]", "[language")
    with pytest.raises(LexiconError, match="not valid TOML") as info:
        load_rules("xx", fake_root)
    assert str(path) in str(info.value)


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector(["ru", "de", "id", "en"])


@pytest.mark.parametrize("row", seed_rows(), ids=lambda r: r["file"])
def test_the_detector_identifies_every_seed_text(detector, row):
    text = Cleaner().clean((SEEDS / row["file"]).read_text(encoding="utf-8")).text
    detection = detector.detect(text)
    assert detection.language == row["language"]
    assert detection.best_overall == row["language"]
    assert not detector.is_unsupported(detection)


def test_a_french_text_is_unsupported(detector):
    detection = detector.detect(FRENCH)
    assert detection.best_overall == "fr"
    assert detection.language in {"ru", "de", "id", "en"}
    assert detector.is_unsupported(detection)


def test_an_injected_identifier_is_used_instead_of_py3langid():
    fake = FixedIdentifier([("fr", 0.95), ("de", 0.03), ("en", 0.02)])
    detector = LanguageDetector(["en", "de"], identifier=fake)
    detection = detector.detect("irrelevant text")
    assert fake.seen == ["irrelevant text"]
    assert detector.identifier is fake
    assert (detection.language, detection.best_overall) == ("de", "fr")
    assert detection.confidence == pytest.approx(0.6)
    assert detection.best_overall_confidence == pytest.approx(0.95)
    assert detector.is_unsupported(detection)


def test_an_unsupported_language_below_the_rejection_threshold_is_kept():
    fake = FixedIdentifier([("fr", 0.95), ("de", 0.05)])
    detector = LanguageDetector(["de"], reject_above=0.99, identifier=fake)
    assert not detector.is_unsupported(detector.detect("text"))


def test_a_ranking_without_any_supported_language_has_zero_confidence():
    fake = FixedIdentifier([("fr", 0.7), ("es", 0.3)])
    detection = LanguageDetector(["en"], identifier=fake).detect("text")
    assert detection.language == "fr"
    assert detection.confidence == 0.0
    assert detection.best_overall_confidence == pytest.approx(0.7)
