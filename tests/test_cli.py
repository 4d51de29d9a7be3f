"""The command line: analyze and explain on the seeds, and clear errors for bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import SEEDS
from stance.cli import main


def test_analyze_writes_every_table_and_prints_a_summary(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    for table in ("mentions", "cues", "documents", "profiles", "agreement", "texts", "cleaning", "skipped"):
        assert (out / f"{table}.csv").is_file() and (out / f"{table}.parquet").is_file()
    assert "10 documents analysed" in printed
    assert "Translation agreement:" in printed and "%" in printed
    profiles = pd.read_csv(out / "profiles.csv")
    assert list(profiles.columns[:8]) == ["source", "actor", "n_docs", "n_mentions", "stance", "ci_low",
                                          "ci_high", "label"]
    parquet = pd.read_parquet(out / "profiles.parquet")
    assert list(parquet.columns) == list(profiles.columns) and len(parquet) == len(profiles) > 0


def test_analyze_prints_the_agreement_figure_it_computed(tmp_path, capsys, seeds_analysis):
    main(["analyze", str(SEEDS), "-q", "-o", str(tmp_path)])
    main(["analyze", str(SEEDS)])
    printed = capsys.readouterr().out
    agree = int(seeds_analysis.agreement["agree"].sum())
    assert f"{agree}/{len(seeds_analysis.agreement)} document-actor pairs" in printed


def test_explain_shows_cues_and_the_arithmetic(capsys):
    assert main(["explain", str(SEEDS), "--doc", "004_0fbfe6249f737cbd", "--actor", "musk", "--color", "never"]) == 0
    printed = capsys.readouterr().out
    assert "Elon Musk (musk) in 004_0fbfe6249f737cbd: 10 mention(s)" in printed
    assert "<<Musk>>" in printed
    assert "S = " in printed and "sqrt(S² + 1)" in printed
    assert "document stance = mean of 10 mention score(s)" in printed and "-> hostile" in printed


def test_explain_with_an_unknown_actor_lists_the_known_ones(capsys):
    assert main(["explain", str(SEEDS), "--doc", "004_0fbfe6249f737cbd", "--actor", "muks"]) == 1
    err = capsys.readouterr().err
    assert "unknown actor 'muks'" in err and "musk" in err and "Traceback" not in err


def test_explain_with_an_unknown_document_lists_the_documents(capsys):
    assert main(["explain", str(SEEDS), "--doc", "999", "--actor", "musk"]) == 1
    assert "unknown document '999'" in capsys.readouterr().err


def test_a_missing_path_is_a_clear_error(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "Traceback" not in err


def test_a_malformed_manifest_is_named_by_row_and_column(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Musk spoke.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,date\na.txt,yesterday\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path)]) == 1
    assert "manifest.csv, row 2, column 'date'" in capsys.readouterr().err


def test_a_corpus_where_everything_is_skipped_is_not_a_success(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(
        "Le président a présenté hier un nouveau plan pour l'économie du pays. Les syndicats ont "
        "critiqué la réforme et annoncé une grève nationale pour la semaine prochaine.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "every item was skipped" in err and "detected language 'fr'" in err
    assert not out.exists()


def test_an_unsupported_document_is_skipped_and_listed(tmp_path, capsys):
    (tmp_path / "fr.txt").write_text(
        "Le président a présenté hier un nouveau plan pour l'économie du pays. Les syndicats ont "
        "critiqué la réforme et annoncé une grève nationale.", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Musk made a bold offer for OpenAI, and critics called it absurd.",
                                     encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path), "-o", str(out)]) == 0
    skipped = pd.read_csv(out / "skipped.csv")
    assert skipped["item"].tolist() == ["fr"] and skipped["stage"].tolist() == ["language"]
    assert "skipped fr:" in capsys.readouterr().out


def test_a_user_actors_file_with_a_duplicate_alias_is_an_error(tmp_path, capsys):
    actors = tmp_path / "actors.toml"
    actors.write_text('[a]\nkind = "org"\naliases.en = ["Acme"]\n[b]\nkind = "org"\naliases.en = ["Acme"]\n')
    assert main(["analyze", str(SEEDS), "--actors", str(actors)]) == 1
    assert "'Acme' is given for both 'a' and 'b'" in capsys.readouterr().err


def test_an_unknown_language_code_is_an_error_listing_the_supported(capsys):
    assert main(["analyze", str(SEEDS), "--languages", "en,fr"]) == 1
    err = capsys.readouterr().err
    assert "unsupported language 'fr'" in err and "de, en, id, ru" in err


def test_restricting_languages_skips_the_others_with_a_reason(tmp_path):
    assert main(["analyze", str(SEEDS), "--languages", "en", "-q", "-o", str(tmp_path)]) == 0
    skipped = pd.read_csv(tmp_path / "skipped.csv")
    assert len(skipped) == 5 and skipped["reason"].str.contains("declared language").all()


def test_help_runs():
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0


def test_lexicon_check_prints_sizes_and_coverage(capsys):
    from conftest import SEEDS

    assert main(["lexicon", "check", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out and "ru 4," in out
    assert "coverage:" in out and "  de " in out


def test_train_writes_a_model_that_evaluate_can_use(tmp_path, capsys):
    rows = ["text\tstart\tend\tlabel\tlang"]
    for text, label in [("Musk is a brilliant, admired leader.", 1), ("Musk is a disgraceful liar.", -1),
                        ("Musk met the board on Monday.", 0)] * 12:
        rows.append(f"{text}\t0\t4\t{label}\ten")
    data = tmp_path / "train.tsv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "model.json"
    assert main(["train", str(data), "--format", "table", "-o", str(model), "--min-targets", "10"]) == 0
    assert "cross-validated F1m" in capsys.readouterr().out
    assert main(["evaluate", str(data), "--format", "table", "--model", str(model)]) == 0
    assert "36 targets: F1m 1.000" in capsys.readouterr().out


def test_a_missing_model_file_is_a_one_line_error(tmp_path, capsys):
    from conftest import SEEDS

    assert main(["analyze", str(SEEDS), "-q", "--model", str(tmp_path / "nope.json")]) == 1
    err = capsys.readouterr().err
    assert "nope.json: model file not found" in err and "stance train" in err


def test_explain_with_the_learned_scorer_shows_probabilities_and_terms(capsys):
    from conftest import SEEDS

    assert main(["explain", str(SEEDS), "--doc", "004_0fbfe6249f737cbd", "--actor", "musk",
                 "--model", "default", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "lexicon score = S / sqrt" in out
    assert "learned scorer: P(hostile)" in out and "score = P(favorable) − P(hostile)" in out
    assert "log(P(favorable) / P(hostile))" in out and "(intercept)" in out and "cue:score" in out


def test_report_refuses_a_model_for_a_folder_of_results(tmp_path, capsys):
    from conftest import SEEDS

    assert main(["analyze", str(SEEDS), "-q", "-o", str(tmp_path / "out")]) == 0
    assert main(["report", str(tmp_path / "out"), "-o", str(tmp_path / "rep"), "--model", "default"]) == 1
    assert "--model applies to a corpus" in capsys.readouterr().err
    assert not (tmp_path / "rep").exists()


def test_lexicon_check_rejects_an_unknown_language(capsys):
    assert main(["lexicon", "check", "--languages", "xx"]) == 1
    assert "xx" in capsys.readouterr().err


def test_train_on_one_class_is_a_one_line_error(tmp_path, capsys):
    data = tmp_path / "one.tsv"
    data.write_text("text\tstart\tend\tlabel\n" + "Musk is great.\t0\t4\t1\n" * 5, encoding="utf-8")
    assert main(["train", str(data), "--format", "table", "-o", str(tmp_path / "m.json")]) == 1
    assert "all three classes" in capsys.readouterr().err
    assert not (tmp_path / "m.json").exists()


def test_a_closed_pipe_ends_the_command_quietly():
    import subprocess
    import sys

    from conftest import ROOT

    data = ROOT / "bench" / "data" / "newsmtsc_dev_rw_de.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "stance.cli", "evaluate", str(data), "--format", "newsmtsc"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader is gone before the first line is written
    _, err = child.communicate(timeout=300)
    assert b"Traceback" not in err and child.returncode == 0


def test_no_reference_leaves_the_reference_columns_empty_and_the_scores_alone(tmp_path, seeds_analysis):
    assert main(["analyze", str(SEEDS), "-q", "--no-reference", "-j", "2", "--chunk-size", "3",
                 "-o", str(tmp_path)]) == 0
    mentions = pd.read_csv(tmp_path / "mentions.csv")
    assert mentions["vader_compound"].isna().all() and mentions["textblob_polarity"].isna().all()
    english = seeds_analysis.mentions["language"] == "en"
    assert seeds_analysis.mentions.loc[english, "vader_compound"].notna().all()
    assert mentions["score"].tolist() == seeds_analysis.mentions["score"].tolist()
    assert pd.read_csv(tmp_path / "documents.csv")["stance"].tolist() == seeds_analysis.documents["stance"].tolist()
