"""`stance lexicon check`: validation of lexicon files and coverage on a corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.check import check_all, check_lexicon, coverage

HEADER = "term\tweight\tpos\tnote\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "xx.tsv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def messages(problems, severity: str) -> list[str]:
    return [f"line {p.line}: {p.message}" for p in problems if p.severity == severity]


def test_a_clean_file_has_no_problems(tmp_path):
    problems, size = check_lexicon(write(tmp_path, "good\t0.5\tadj\t\nhot air\t-0.6\texpr\t\n"))
    assert problems == [] and size == 2


@pytest.mark.parametrize(("body", "expected"), [
    ("good\tabc\tadj\t\n", "line 2: weight 'abc' of 'good' is not a number"),
    ("good\t1.5\tadj\t\n", "line 2: weight 1.5 of 'good' is outside [-1, 1]"),
    ("good\n", "line 2: 'good' has no weight: expected term<TAB>weight"),
    ("good\t0.5\tadj\t\nGood\t0.4\tadj\t\n", "line 3: 'good' is already defined on line 2"),
    ("ёж\t-0.2\tnoun\t\nеж\t-0.2\tnoun\t\n", "line 3: 'еж' is already defined on line 2"),
])
def test_errors_name_the_line_and_the_value(tmp_path, body, expected):
    problems, _ = check_lexicon(write(tmp_path, body))
    assert expected in messages(problems, "error")


def test_every_error_is_reported_not_only_the_first(tmp_path):
    problems, size = check_lexicon(write(tmp_path, "a\tx\t\t\nb\t2\t\t\nc\t0.1\t\t\n"))
    assert len(messages(problems, "error")) == 2 and size == 1


def test_a_wrong_header_is_an_error(tmp_path):
    path = tmp_path / "xx.tsv"
    path.write_text("word,score\ngood,0.5\n", encoding="utf-8")
    problems, _ = check_lexicon(path)
    assert "the header must be" in messages(problems, "error")[0]


def test_a_multiword_entry_against_its_word_is_a_warning(tmp_path):
    problems, _ = check_lexicon(write(tmp_path, "good\t0.5\tadj\t\ngood riddance\t-0.5\texpr\t\n"))
    assert any("opposite sign of its word 'good'" in m for m in messages(problems, "warning"))


def test_a_term_that_is_also_a_shifter_is_a_warning(tmp_path):
    problems, _ = check_lexicon(write(tmp_path, "very\t0.2\tadv\t\n"), "xx", ["very"])
    assert any("also a valence shifter" in m for m in messages(problems, "warning"))


def test_pos_labels_are_checked(tmp_path):
    problems, _ = check_lexicon(write(tmp_path, "good\t0.5\tadjective\t\nhot air\t-0.5\tnoun\t\n"))
    warnings = messages(problems, "warning")
    assert any("part of speech 'adjective'" in m for m in warnings)
    assert any("multi-word term 'hot air' is marked 'noun'" in m for m in warnings)


def test_the_shipped_lexicons_have_no_errors_and_4000_entries_for_ru_de_id():
    problems, sizes = check_all()
    assert [p for p in problems if p.severity == "error"] == []
    assert all(sizes[code] >= 4000 for code in ("ru", "de", "id"))
    assert sizes["en"] >= 3000


def test_coverage_on_the_seeds_is_measured_per_language():
    from stance.pipeline import Analyzer

    from conftest import SEEDS

    rows = {row["language"]: row for row in coverage(SEEDS, Analyzer(reference=False))}
    assert set(rows) == {"en", "ru", "de", "id"}
    assert rows["ru"]["documents"] == 3 and rows["de"]["documents"] == 1
    for row in rows.values():
        assert 0 < row["word_coverage"] < row["sentence_coverage"] <= 1
        assert 0 < row["mention_coverage"] <= 1


def test_mention_coverage_agrees_with_the_analysis(seeds_analysis):
    from stance.pipeline import Analyzer

    from conftest import SEEDS

    rows = {row["language"]: row for row in coverage(SEEDS, Analyzer(reference=False))}
    mentions = seeds_analysis.mentions
    for language, row in rows.items():
        ours = mentions[mentions["language"] == language]
        assert row["mentions"] == len(ours)
        assert row["mentions_with_cues"] == int((ours["n_cues"] > 0).sum())


BROKEN = [
    "good\t0.5\t\t\nsolo\n",
    "good\t0.5\t\t\n \t0.3\t\t\n",
    "good\t0.5\t\t\nbad\tx\t\t\n",
    "good\t0.5\t\t\nbad\t-1.5\t\t\n",
    "good\t0.5\t\t\nGood\t0.2\t\t\n",
    "# a comment\n\ngood\t0.5\t\t\nbad\t\t\t\nworse\t-2\t\t\n",
]


@pytest.mark.parametrize("body", BROKEN)
def test_check_reports_first_the_error_on_which_loading_stops(tmp_path, body):
    from stance.errors import LexiconError
    from stance.lexicon import SentimentLexicon

    path = write(tmp_path, body)
    problems, size = check_lexicon(path)
    errors = [p for p in problems if p.severity == "error"]
    assert errors and size == 1
    with pytest.raises(LexiconError, match=f"line {errors[0].line}:"):
        SentimentLexicon.from_file(path)


def test_check_and_loading_read_the_same_entries(tmp_path):
    from stance.lexicon import SentimentLexicon

    path = write(tmp_path, "# c\nGood\t0.5\tadj\tnote\n\nhot  air\t-0.6\texpr\t\nЁлка\t0.1\tnoun\t\n")
    problems, size = check_lexicon(path)
    lexicon = SentimentLexicon.from_file(path)
    assert problems == [] and size == len(lexicon) == 3
    assert sorted(lexicon.entries) == ["good", "hot air", "елка"]


def test_coverage_leaves_out_the_documents_the_analysis_skips(tmp_path):
    import json

    from stance.pipeline import Analyzer

    french = ("Le gouvernement a présenté hier un nouveau projet de loi sur les retraites. Les syndicats "
              "estiment que cette réforme est injuste et annoncent une grève générale pour la semaine "
              "prochaine dans toute la France. ") * 3
    english = "Elon Musk praised the brilliant engineers of the company. Critics called Musk reckless. "
    rows = [{"doc_id": "fr", "source": "Paris", "text": french + "Elon Musk a répondu."},
            {"doc_id": "en", "source": "London", "text": english},
            {"doc_id": "declared", "source": "Rome", "language": "it", "text": english}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    analyzer = Analyzer(reference=False)
    analysis = analyzer.analyze(path)
    assert set(analysis.skipped["item"]) == {"fr", "declared"}
    rows = {row["language"]: row for row in coverage(path, analyzer)}
    assert set(rows) == {"en"} and rows["en"]["documents"] == 1
    assert rows["en"]["mentions"] == len(analysis.mentions)
