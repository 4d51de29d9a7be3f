"""Sentiment lexicons: file validation, the shipped lexicons, and matching tokens to entries."""

from __future__ import annotations

import pytest

from stance.errors import LexiconError
from stance.language import load_rules
from stance.lexicon import SentimentLexicon, load_lexicon
from stance.text import TextSplitter

HEADER = "term\tweight\tpos\tnote\n"


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "xx.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def load(tmp_path, body: str, header: str = HEADER) -> SentimentLexicon:
    return SentimentLexicon.from_file(write(tmp_path, body, header), "xx")


def matched_terms(lexicon: SentimentLexicon, text: str, language: str) -> list[str]:
    sentence = TextSplitter(load_rules(language)).sentences(text)[0]
    return [m.entry.term for m in lexicon.match(sentence.tokens)]


def test_a_valid_file_loads_its_entries(tmp_path):
    lexicon = load(tmp_path, "good\t0.5\tadj\tplain\nbad\t-0.5\tadj\t\nhot air\t-0.6\texpr\t\n")
    assert len(lexicon) == 3
    assert lexicon.language == "xx"
    good = lexicon.entries["good"]
    assert (good.weight, good.pos, good.note) == (0.5, "adj", "plain")
    assert lexicon.entries["hot air"].weight == -0.6


def test_terms_are_folded_when_read(tmp_path):
    lexicon = load(tmp_path, "Ёмкий\t0.3\tadj\t\nHot   Air\t-0.6\texpr\t\n")
    assert set(lexicon.entries) == {"емкий", "hot air"}


@pytest.mark.parametrize("header", ["word\tweight\n", "weight\tterm\n", "term,weight,pos,note\n", ""])
def test_a_wrong_header_is_an_error_on_line_1(tmp_path, header):
    with pytest.raises(LexiconError, match="line 1") as info:
        load(tmp_path, "good\t0.5\n" if header else "", header=header)
    assert "xx.tsv" in str(info.value)


def test_a_non_numeric_weight_is_an_error_naming_the_line(tmp_path):
    with pytest.raises(LexiconError, match=r"line 3: weight 'strong' of 'bad' is not a number"):
        load(tmp_path, "good\t0.5\tadj\t\nbad\tstrong\tadj\t\n")


@pytest.mark.parametrize("weight", ["1.5", "-1.01"])
def test_a_weight_outside_minus_one_and_one_is_an_error_naming_the_line(tmp_path, weight):
    with pytest.raises(LexiconError, match=r"line 2: .*outside \[-1, 1\]"):
        load(tmp_path, f"good\t{weight}\tadj\t\n")


def test_weights_at_the_bounds_are_accepted(tmp_path):
    lexicon = load(tmp_path, "great\t1\tadj\t\nawful\t-1.0\tadj\t\n")
    assert lexicon.entries["great"].weight == 1.0 and lexicon.entries["awful"].weight == -1.0


def test_a_duplicate_term_is_an_error_naming_both_lines(tmp_path):
    with pytest.raises(LexiconError) as info:
        load(tmp_path, "good\t0.5\tadj\t\nbad\t-0.5\tadj\t\nGood\t0.4\tadj\t\n")
    assert "line 4" in str(info.value)
    assert "'good' is already defined on line 2" in str(info.value)


def test_a_row_without_a_weight_is_an_error_naming_the_line(tmp_path):
    with pytest.raises(LexiconError, match="line 3: 'lonely' has no weight: expected term<TAB>weight"):
        load(tmp_path, "good\t0.5\tadj\t\nlonely\n")


def test_comments_and_blank_lines_are_ignored_but_counted_in_line_numbers(tmp_path):
    body = "# a comment\tnot\ta row\n\ngood\t0.5\tadj\t\n   \n#bad\tnonsense\n"
    assert sorted(load(tmp_path, body).entries) == ["good"]
    with pytest.raises(LexiconError, match="line 5:"):
        load(tmp_path, "# comment\n\ngood\t0.5\n" + "bad\tx\n")


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        SentimentLexicon.from_file(tmp_path / "nope.tsv")


@pytest.mark.parametrize("code", ["en", "ru", "de", "id"])
def test_every_shipped_lexicon_loads_with_nonzero_weights_in_range(code):
    lexicon = load_lexicon(code)
    assert lexicon.language == code
    assert len(lexicon) >= 2000
    for entry in lexicon.entries.values():
        assert entry.weight != 0, entry.term
        assert -1 <= entry.weight <= 1, entry.term


@pytest.mark.parametrize("code, term", [("ru", "пузырь"), ("ru", "мифический"), ("de", "gewagt"),
                                        ("id", "menyedihkan"), ("id", "pengganggu")])
def test_words_required_by_the_seed_texts_are_present(code, term):
    assert term in load_lexicon(code).entries


def test_an_inflected_russian_word_matches_its_lemma():
    lexicon = load_lexicon("ru")
    assert "убыточной" not in lexicon.entries
    assert "убыточный" in matched_terms(lexicon, "Это была убыточной сделкой.", "ru")


def test_a_hyphenated_compound_matches_its_head():
    assert matched_terms(load_lexicon("ru"), "Это ИИ-пузырь.", "ru") == ["пузырь"]


def test_a_multiword_expression_wins_over_its_words(tmp_path):
    lexicon = load(tmp_path, "hot\t0.2\tadj\t\nhot air\t-0.6\texpr\t\nair\t0.1\tnoun\t\n")
    sentence = TextSplitter(load_rules("en")).sentences("It was hot air today.")[0]
    (match,) = lexicon.match(sentence.tokens)
    assert match.entry.term == "hot air"
    assert [t.text for t in sentence.tokens[match.start:match.end]] == ["hot", "air"]


def test_words_without_an_entry_match_nothing(tmp_path):
    lexicon = load(tmp_path, "good\t0.5\tadj\t\n")
    assert matched_terms(lexicon, "Musk met the press today.", "en") == []


@pytest.mark.parametrize("language, text, entry", [
    ("ru", "Это было провального решения.", "провальный"),
    ("de", "Eine hochriskante Wette.", "hochriskant"),
])
def test_inflection_endings_reach_adjectives_the_lemmatiser_does_not_know(language, text, entry):
    from stance.language import load_rules
    from stance.lexicon import load_lexicon
    from stance.text import TextSplitter

    rules = load_rules(language)
    tokens = TextSplitter(rules).tokens(text)
    lexicon = load_lexicon(language)
    assert entry in [m.entry.term for m in lexicon.match(tokens, rules.endings)]
    assert entry not in [m.entry.term for m in lexicon.match(tokens)]


def test_an_empty_term_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "xx.tsv"
    path.write_text("term\tweight\tpos\tnote\ngood\t0.5\tadj\t\n \t-0.5\tadj\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"line 3: the term is empty"):
        SentimentLexicon.from_file(path)
