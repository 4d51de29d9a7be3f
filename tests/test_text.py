"""Sentences, tokens, offsets and lemmas of the text splitter."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from conftest import SEEDS

from stance.clean import Cleaner
from stance.language import load_rules
from stance.text import TextSplitter, fold, lemmatize


def splitter(code: str) -> TextSplitter:
    return TextSplitter(load_rules(code))


def seed_rows() -> list[dict[str, str]]:
    with (SEEDS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ABBREVIATED = [
    ("en", "Dr. Smith arrived late at the meeting. He left early.", "Dr. Smith arrived late at the meeting."),
    ("de", "Die Firma verlor 3 Mrd. Euro im Jahr. Das war viel.", "Die Firma verlor 3 Mrd. Euro im Jahr."),
    ("ru", "В 2023 г. компания выросла вдвое. Это было важно.", "В 2023 г. компания выросла вдвое."),
    ("id", "Ada apel, jeruk, dll. Semua dijual murah. Itu bagus.", "Ada apel, jeruk, dll. Semua dijual murah."),
]


@pytest.mark.parametrize("code, text, first", ABBREVIATED, ids=[a[0] for a in ABBREVIATED])
def test_an_abbreviation_does_not_end_a_sentence(code, text, first):
    sentences = splitter(code).sentences(text)
    assert len(sentences) == 2
    assert sentences[0].text == first


@pytest.mark.parametrize("code, text", [
    ("en", "Dr. Smith arrived late at the meeting. He left early."),
    ("de", "Die Firma verlor 3 Mrd. Euro im Jahr. Das war viel."),
    ("ru", "Об этом сказал проф. Иванов на встрече. Он был прав."),
    ("id", "Ada apel, jeruk, dll. Semua dijual murah. Itu bagus."),
])
def test_the_abbreviation_list_of_the_language_is_what_keeps_the_sentence_whole(code, text):
    rules = load_rules(code)
    without = TextSplitter(dataclasses.replace(rules, abbreviations=frozenset()))
    assert len(without.sentences(text)) == 3
    assert len(TextSplitter(rules).sentences(text)) == 2


@pytest.mark.parametrize("code, text", [
    ("en", "Musk sues OpenAI\nThe lawsuit was filed on Friday."),
    ("en", "Headline without a stop\nsecond line in lower case"),
    ("ru", "Маск против OpenAI\nИск подан в пятницу."),
])
def test_a_line_break_always_ends_a_sentence(code, text):
    sentences = splitter(code).sentences(text)
    assert [s.text for s in sentences] == text.split("\n")


def test_blank_lines_make_no_empty_sentences_and_ids_are_consecutive():
    sentences = splitter("en").sentences("First line.\n\n\n   \nSecond line. Third one.")
    assert [s.text for s in sentences] == ["First line.", "Second line.", "Third one."]
    assert [s.sentence_id for s in sentences] == [0, 1, 2]


def test_surrounding_spaces_are_trimmed_but_offsets_stay_exact():
    text = "   Musk spoke.   Altman answered.  \n  Then silence."
    sentences = splitter("en").sentences(text)
    assert [s.text for s in sentences] == ["Musk spoke.", "Altman answered.", "Then silence."]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text


@pytest.mark.parametrize("row", seed_rows(), ids=lambda r: r["file"])
def test_sentence_and_token_offsets_index_the_cleaned_seed_text(row):
    text = Cleaner().clean((SEEDS / row["file"]).read_text(encoding="utf-8")).text
    sentences = splitter(row["language"]).sentences(text)
    assert len(sentences) > 5
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.tokens
        for token in sentence.tokens:
            assert text[token.start:token.end] == token.text
            assert sentence.start <= token.start < token.end <= sentence.end


def test_token_offsets_are_shifted_by_the_given_offset():
    tokens = splitter("en").tokens("Musk wins", offset=10)
    assert [(t.text, t.start, t.end) for t in tokens] == [("Musk", 10, 14), ("wins", 15, 19)]


@pytest.mark.parametrize("code, word", [("ru", "ИИ-пузырь"), ("de", "KI-Blase"), ("en", "Musk's"),
                                        ("id", "abal-abal")])
def test_hyphenated_and_apostrophe_words_stay_one_token(code, word):
    tokens = splitter(code).tokens(f"Это {word} здесь")
    assert word in [t.text for t in tokens]
    assert len(tokens) == 3


def test_punctuation_marks_are_tokens_of_their_own():
    tokens = splitter("en").tokens("Musk, again!")
    assert [t.text for t in tokens] == ["Musk", ",", "again", "!"]
    assert [t.is_word for t in tokens] == [True, False, True, False]


@pytest.mark.parametrize("code, word, lemma", [("ru", "убыточной", "убыточный"), ("id", "menyedihkan", "sedih"),
                                               ("ru", "компании", "компания")])
def test_tokens_carry_their_lemma(code, word, lemma):
    (token,) = splitter(code).tokens(word)
    assert token.lemma == lemma
    assert lemmatize(word, code) == lemma


def test_numbers_keep_their_own_form_as_lemma():
    (token,) = splitter("ru").tokens("2023")
    assert token.lemma == token.lower == "2023"


def test_fold_maps_yo_to_ye_and_lowercases():
    assert fold("Ёлка") == "елка"
    assert fold("ВСЁ") == "все"
    assert fold("Musk’s") == "musk's"


def test_token_lower_forms_are_folded():
    (token,) = splitter("ru").tokens("Всё")
    assert token.lower == "все"
