"""Evaluation: reading labelled targets in three formats, scoring them, and bad files."""

from __future__ import annotations

import json

import pytest

from stance.cli import main
from stance.errors import CorpusError
from stance.evaluate import evaluate, read_targets
from stance.pipeline import Analyzer

ROWS = [("Musk is a terrible bully.", 0, 4, -1), ("Altman gave a brilliant talk.", 0, 6, 1),
        ("Nadella visited Berlin on Monday.", 0, 7, 0)]


def newsmtsc_file(tmp_path, rows=ROWS):
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps({"sentence": s, "from": a, "to": b, "polarity": p}) for s, a, b, p in rows),
                    encoding="utf-8")
    return path


def test_newsmtsc_targets_are_read_with_english_as_default(tmp_path):
    targets = read_targets(newsmtsc_file(tmp_path), "newsmtsc")
    assert [(t.start, t.end, t.label, t.language) for t in targets] == [(0, 4, -1, "en"), (0, 6, 1, "en"), (0, 7, 0, "en")]


def test_rusentne_targets_are_read_as_russian(tmp_path):
    path = tmp_path / "r.tsv"
    path.write_text("sentence\tentity\tentity_tag\tentity_pos_start_rel\tentity_pos_end_rel\tlabel\n"
                    "Маск провалил сделку.\tМаск\tPERSON\t0\t4\t-1\n", encoding="utf-8")
    (target,) = read_targets(path, "rusentne")
    assert (target.text[target.start:target.end], target.label, target.language) == ("Маск", -1, "ru")


def test_a_table_with_a_lang_column_sets_each_language(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('text,start,end,label,lang\n"Musk mengamuk, sungguh menyedihkan.",0,4,-1,id\n', encoding="utf-8")
    assert read_targets(path, "table")[0].language == "id"


def test_constructed_targets_are_scored_right(tmp_path):
    metrics = evaluate(read_targets(newsmtsc_file(tmp_path), "newsmtsc"), Analyzer())
    assert metrics["accuracy"] == 1.0 and metrics["n"] == 3
    assert metrics["confusion"]["matrix"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_a_wrong_prediction_shows_in_the_metrics(tmp_path):
    rows = [("Musk is a terrible bully.", 0, 4, 1)] + ROWS[1:]
    metrics = evaluate(read_targets(newsmtsc_file(tmp_path, rows), "newsmtsc"), Analyzer())
    assert metrics["accuracy"] == pytest.approx(2 / 3)
    assert metrics["per_class"]["positive"]["recall"] == 0.5


@pytest.mark.parametrize("record, message", [
    ({"sentence": "Musk spoke.", "from": 0, "to": 40, "polarity": 0}, "line 1: offsets 0-40 lie outside"),
    ({"sentence": "Musk spoke.", "from": 0, "to": 4, "polarity": 2}, "line 1: label 2 is not one of"),
    ({"sentence": "Musk spoke.", "from": 0, "polarity": 0}, "line 1: missing to"),
])
def test_a_bad_record_is_an_error_naming_its_line(tmp_path, record, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_targets(path, "newsmtsc")


def test_a_file_in_the_wrong_format_names_the_missing_columns(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("text\tlabel\nMusk\t0\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing column"):
        read_targets(path, "rusentne")


def test_the_command_prints_metrics_and_writes_exactly_the_json_keys(tmp_path, capsys):
    out = tmp_path / "m.json"
    assert main(["evaluate", str(newsmtsc_file(tmp_path)), "--format", "newsmtsc", "--json", str(out)]) == 0
    assert "3 targets: F1m 1.000" in capsys.readouterr().out
    assert sorted(json.loads(out.read_text())) == ["accuracy", "confusion", "f1_macro", "f1_pn", "n", "per_class"]


def test_the_command_reports_a_bad_line_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"sentence": "x", "from": 0, "to": 1, "polarity": 0}\nnot json\n', encoding="utf-8")
    assert main(["evaluate", str(path), "--format", "newsmtsc"]) == 1
    err = capsys.readouterr().err
    assert "line 2: not JSON" in err and "Traceback" not in err
