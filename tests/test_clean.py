"""Cleaning: the boilerplate of each seed is removed and recorded; article text is kept."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from stance.clean import Cleaner


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


def reasons(cleaner, name):
    return [r.reason for r in cleaner.clean((SEEDS / name).read_text(encoding="utf-8")).removals]


def test_the_telegram_mirror_loses_its_links_share_line_and_byline(cleaner):
    assert reasons(cleaner, "000_9dec3350a9cf1688.txt") == [
        "bare link", "page header", "byline", "image link", "share button", "bare link"]


def test_the_dailyai_subscribe_box_and_author_bio_go_to_the_end(cleaner):
    result = cleaner.clean((SEEDS / "002_5721a80d268631c0.txt").read_text(encoding="utf-8"))
    assert [r.reason for r in result.removals] == ["subscribe box (to the end)"]
    assert "Подпишитесь" not in result.text and "писатель" not in result.text
    assert "роковой ошибкой" in result.text


def test_the_gate_page_loses_its_disclaimer_and_its_repeated_copy(cleaner):
    text = (SEEDS / "004_0fbfe6249f737cbd.txt").read_text(encoding="utf-8")
    result = cleaner.clean(text)
    found = [r.reason for r in result.removals]
    assert found[:2] == ["platform button", "disclaimer"]
    assert found[2:] == ["repeated passage"] * 7
    assert result.text.count("Jadi Sam Altman sedang melakukan langkah besar") == 1
    assert "Usaha Putus Asa Musk" in result.text  # the headline is kept
    assert result.chars_removed == sum(r.chars for r in result.removals)
    assert len(result.text) < len(text) / 2 + 200


def test_the_german_digest_loses_its_promotional_line(cleaner):
    assert reasons(cleaner, "003_c217078e54e02380.txt") == ["promotional link"]


def test_clean_text_is_left_alone(cleaner):
    text = "Musk sprach.\nAltman antwortete vehement."
    result = cleaner.clean(text)
    assert result.text == text and result.removals == ()


def test_a_repeated_paragraph_is_removed_once_seen(cleaner):
    para = "This is a paragraph long enough to count as a passage."
    result = cleaner.clean(f"{para}\nSomething else.\n{para}")
    assert result.text == f"{para}\nSomething else."
    assert [r.reason for r in result.removals] == ["repeated passage"]


def test_short_repeated_lines_are_kept(cleaner):
    result = cleaner.clean("Musk\nAltman\nMusk")
    assert result.text == "Musk\nAltman\nMusk"


def test_a_bad_rule_kind_is_an_error(tmp_path):
    from stance.errors import LexiconError

    path = tmp_path / "boilerplate.toml"
    path.write_text('[[rule]]\nreason = "x"\nkind = "paragraph"\npattern = "x"\n')
    with pytest.raises(LexiconError, match="kind 'paragraph'"):
        Cleaner(path).clean("x")


def test_an_upper_case_line_pattern_is_an_error_naming_the_rule(tmp_path):
    from stance.errors import LexiconError

    path = tmp_path / "boilerplate.toml"
    path.write_text('[[rule]]\nreason = "x"\nkind = "line"\npattern = \'^Share\\s+now$\'\n')
    with pytest.raises(LexiconError, match=r"rule 1 \(line\) has upper-case letters"):
        Cleaner(path).clean("x")


def test_line_rules_ignore_case_of_the_text(tmp_path):
    path = tmp_path / "boilerplate.toml"
    path.write_text('[[rule]]\nreason = "share"\nkind = "line"\npattern = \'^share\\s+now$\'\n'
                    '[[rule]]\nreason = "img"\nkind = "span"\npattern = \'\\[IMG\\]\'\n')
    result = Cleaner(path).clean("SHARE  Now\nMusk [img] said")
    assert result.text == "Musk  said"
    assert [r.reason for r in result.removals] == ["share", "img"]
