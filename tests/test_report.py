"""Reports: contrasts in words, evidence that cannot inject HTML, all-or-nothing output, the CLI."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import SEEDS
from stance.cli import main
from stance.errors import CorpusError, LexiconError, OutputError
from stance.report import (ReportSettings, actor_contrast, load_analysis, marked_html, mention_spans, signed,
                           source_label, write_report)
from tiny_analysis import make_analysis, two_sources


def evidence_json(index_html: str) -> dict:
    found = re.search(r"<script type='application/json' id='evidence-data'>(.*?)</script>", index_html, re.S)
    assert found, "the evidence data block is missing"
    return json.loads(found.group(1))


def staging_left(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".stance-")]


# -- words and numbers ------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "text"), [(-0.2495, "\u22120.25"), (0.1355, "+0.14"), (0.0, "0.00"),
                                             (-0.001, "0.00"), (0.5, "+0.50")])
def test_signed_uses_a_true_minus_and_never_shows_minus_zero(value, text):
    assert signed(value) == text


@pytest.mark.parametrize(("source", "languages", "label"), [
    ("Gate", "id", "Gate (id)"), ("Unnamed business site (ru)", "ru", "Unnamed business site (ru)"),
    ("Digest", "de,en", "Digest (de,en)"), ("Blog", "", "Blog")])
def test_source_label_adds_languages_once(source, languages, label):
    assert source_label(source, languages) == label


def test_contrast_names_the_least_and_most_favourable_source_with_numbers():
    analysis = two_sources()
    contrast = actor_contrast(analysis, "ann")
    daily = analysis.profiles.query("source == 'Daily' and actor == 'ann'").iloc[0]
    weekly = analysis.profiles.query("source == 'Weekly' and actor == 'ann'").iloc[0]
    assert contrast.low.source == "Daily" and contrast.high.source == "Weekly"
    expected = (f"Daily (en) is hostile to Ann Lee, {signed(daily.stance)} [{signed(daily.ci_low)}, "
                f"{signed(daily.ci_high)}]; Weekly (en) is neutral, {signed(weekly.stance)} [{signed(weekly.ci_low)}, "
                f"{signed(weekly.ci_high)}]; difference {weekly.stance - daily.stance:.2f}, intervals do not overlap.")
    assert contrast.sentence == expected


def test_contrast_leaves_low_n_sources_out_and_says_so():
    contrast = actor_contrast(two_sources(), "ann")
    assert "Blog" not in contrast.sentence
    assert contrast.caveat == "Too few mentions to compare (fewer than 3): Blog (en) (n=1)."


def test_contrast_says_when_intervals_overlap():
    analysis = make_analysis({("d1", "A", "ann"): [-0.3, 0.1, -0.2, 0.0], ("d2", "B", "ann"): [-0.1, 0.2, 0.0, 0.1]})
    assert actor_contrast(analysis, "ann").sentence.endswith("intervals overlap.")


def test_contrast_adds_digits_when_rounding_hides_a_gap():
    from stance.report import SourceStance, _overlap_words

    low = SourceStance("A", "A", -0.25, -0.42, -0.086346, 10, 1, "hostile")
    high = SourceStance("B", "B", -0.04, -0.085936, -0.01, 17, 1, "neutral")
    assert _overlap_words(low, high) == "intervals do not overlap (only just: \u22120.0863 against \u22120.0859)"


def test_contrast_needs_two_sources_with_enough_mentions():
    analysis = make_analysis({("d1", "A", "ann"): [-0.3] * 5, ("d2", "B", "ann"): [0.2]})
    assert actor_contrast(analysis, "ann") is None


def test_seeds_musk_contrast_states_gate_hostile_and_the_german_digest_neutral(seeds_analysis):
    contrast = actor_contrast(seeds_analysis, "musk")
    profiles = seeds_analysis.profiles.query("actor == 'musk'").set_index("source")
    gate, german = profiles.loc["Gate"], profiles.loc["Unnamed German AI digest"]
    assert contrast.low.display == "Gate (id)"
    assert contrast.sentence.startswith(
        f"Gate (id) is hostile to Elon Musk, {signed(gate.stance)} [{signed(gate.ci_low)}, {signed(gate.ci_high)}]")
    said = " ".join([contrast.sentence, *contrast.comparisons])
    assert (f"Unnamed German AI digest (de) is neutral, {signed(german.stance)} "
            f"[{signed(german.ci_low)}, {signed(german.ci_high)}]: {german.stance - gate.stance:.2f} more favorable "
            "than Gate (id)") in said
    overlap = "intervals overlap" if gate.ci_high >= german.ci_low else "intervals do not overlap"
    german_sentence = next(s for s in contrast.comparisons if s.startswith("Unnamed German AI digest"))
    assert overlap in german_sentence


# -- evidence ---------------------------------------------------------------------------------
def test_mention_spans_mark_the_actor_the_cue_and_the_shifter():
    sentence = "Lee is not good."
    cue = {"term": "good", "entry": "good", "weight": 0.5, "shifts": ["negator:not×-0.5"], "shift": -0.5,
           "distance": 2, "proximity": 0.67, "clause": 1.0, "competitor": 1.0, "contribution": -0.167,
           "start": 111, "end": 115}
    spans = mention_spans(sentence, 100, 100, 103, [cue])
    assert [(sentence[s.start:s.end], s.kind) for s in spans] == [("Lee", "actor"), ("not", "shifter"),
                                                                   ("good", "cue")]
    marked = marked_html(sentence, spans)
    assert '<u class="actor"' in marked and 'class="cue neg2"' in marked and 'class="shifter"' in marked


def test_marked_html_escapes_the_sentence():
    sentence = '<script>alert("x")</script> Lee & co'
    spans = mention_spans(sentence, 0, 29, 32, [])
    marked = marked_html(sentence, spans)
    assert "<script>" not in marked and "&lt;script&gt;" in marked and "&amp; co" in marked


def test_a_document_with_a_script_tag_cannot_inject_html(tmp_path):
    sentence = '<script>alert("pwned")</script><img src=x onerror=alert(1)> Lee is bad.'
    analysis = make_analysis({("d1", "Evil <b>site</b>", "ann"): [-0.4, -0.3, -0.5],
                              ("d2", "Good", "ann"): [0.0, 0.1, 0.0]}, sentence=sentence)
    write_report(analysis, tmp_path / "out")
    for page in [tmp_path / "out" / "index.html", *(tmp_path / "out" / "documents").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>site</b>" not in text, page.name
    data = evidence_json((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert data["sentences"][0] == sentence  # the text itself is kept, and shown with textContent


def test_evidence_lists_every_mention_with_its_score_and_label(seeds_analysis, tmp_path):
    write_report(seeds_analysis, tmp_path)
    data = evidence_json((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert len(data["rows"]) == len(seeds_analysis.mentions)
    assert data["labels"] == ["hostile", "neutral", "favorable"]
    first = seeds_analysis.mentions.iloc[0]
    row = data["rows"][0]
    assert data["docs"][row[0]][0] == first["doc_id"] and row[4] == round(first["score"], 3)
    assert data["docs"][row[0]][1] == f"documents/{first['doc_id']}.html"


# -- the report folder ------------------------------------------------------------------------
def test_html_report_holds_every_part(seeds_analysis, tmp_path):
    written = write_report(seeds_analysis, tmp_path / "out")
    out = tmp_path / "out"
    assert written[0] == out / "index.html"
    page = (out / "index.html").read_text(encoding="utf-8")
    for part in ("id='heatmap-img'", "id='evidence-table'", "id='actors'", "id='agreement'", "id='method'",
                 "Gate (id) is hostile to Elon Musk", "get the same label in the original", "data:image/svg+xml;base64,"):
        assert part in page, part
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://cdn" not in page
    assert len(list((out / "documents").glob("*.html"))) == len(seeds_analysis.texts)
    for table in ("mentions", "documents", "profiles", "agreement", "skipped"):
        assert (out / f"{table}.csv").is_file()
    assert staging_left(out) == []


def test_method_section_lists_languages_lexicons_thresholds_cleaning_and_accuracy(seeds_analysis, tmp_path):
    write_report(seeds_analysis, tmp_path)
    method = (tmp_path / "index.html").read_text(encoding="utf-8").split("id='method'")[1]
    for text in ("lexicon entries", "hostile if stance ≤ \u22120.05", "fewer than 3 mentions", "bare link",
                 "No item was skipped", "Accuracy"):
        assert text in method, text
    assert "NewsMTSC" in method or "not measured" in method


def test_accuracy_says_not_measured_without_a_bench_file(seeds_analysis, tmp_path, monkeypatch):
    monkeypatch.setattr("stance.report.find_accuracy", lambda: None)
    write_report(seeds_analysis, tmp_path)
    assert "not measured" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_markdown_report_has_the_same_figures_as_png(seeds_analysis, tmp_path):
    written = write_report(seeds_analysis, tmp_path, format="md")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert written[0] == tmp_path / "report.md"
    images = re.findall(r"!\[[^\]]*\]\((figures/[^)]+\.png)\)", report)
    assert "figures/heatmap.png" in images and "figures/agreement.png" in images
    assert any(i.startswith("figures/actor-musk") for i in images)
    for image in images:
        assert (tmp_path / image).read_bytes()[:4] == b"\x89PNG"
    assert "Gate (id) is hostile to Elon Musk" in report
    assert len(list((tmp_path / "documents").glob("*.md"))) == len(seeds_analysis.texts)


def test_a_failure_while_rendering_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("plotting failed")

    monkeypatch.setattr("stance.plot.agreement_scatter", broken)
    with pytest.raises(RuntimeError):
        write_report(two_sources(), out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"


def test_a_failure_while_moving_puts_the_previous_report_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_report(two_sources(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    import os

    real, calls = os.replace, {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr("stance.report.os.replace", flaky)
    with pytest.raises(OutputError, match="left as it was"):
        write_report(make_analysis({("x1", "Other", "bob"): [0.5] * 4}), out)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert staging_left(out) == []


def tree(folder) -> dict[str, bytes]:
    """Every file under ``folder`` (documents/ included) by its relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failure_after_the_documents_folder_moved_puts_the_whole_previous_report_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_report(two_sources(), out)
    before = tree(out)
    assert any(name.startswith("documents/") for name in before)
    import os

    real = os.replace

    def flaky(src, dst):
        # fail on moving in documents.csv: index.html and the new documents/ folder are already
        # in place, the previous ones set aside
        src = Path(src)
        if str(dst) == str(out / "documents.csv") and src.parent.name.startswith(".stance-"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr("stance.output.os.replace", flaky)
    with pytest.raises(OutputError, match="cannot write the report .*left as it was"):
        write_report(make_analysis({("x1", "Other", "bob"): [0.5] * 4}), out)
    assert tree(out) == before
    assert staging_left(out) == []


def test_a_report_replaces_the_previous_documents_folder_as_a_whole(tmp_path):
    out = tmp_path / "out"
    write_report(two_sources(), out)
    (out / "documents" / "stale.html").write_text("from an older report", encoding="utf-8")
    write_report(make_analysis({("x1", "Other", "bob"): [0.5] * 4}), out)
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["x1.html"]
    assert staging_left(out) == []


def test_reports_made_with_source_date_epoch_are_byte_identical(seeds_analysis, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "first", tmp_path / "second"
    write_report(seeds_analysis, first)
    write_report(seeds_analysis, second)
    assert "generated 2023-11-14 22:13 UTC by stance" in (first / "index.html").read_text(encoding="utf-8")
    files = tree(first)
    assert "index.html" in files and any(name.startswith("documents/") for name in files)
    assert files == tree(second)


def test_without_source_date_epoch_a_report_states_the_current_time(tmp_path, monkeypatch):
    from datetime import datetime, timedelta, timezone

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    write_report(two_sources(), tmp_path)
    after = datetime.now(timezone.utc)
    stated = re.search(r"generated (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", (tmp_path / "index.html").read_text("utf-8"))
    moment = datetime.strptime(stated.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
    assert before <= moment <= after + timedelta(minutes=1)


def test_a_malformed_source_date_epoch_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    from stance.errors import StanceError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(StanceError, match="SOURCE_DATE_EPOCH='yesterday'"):
        write_report(two_sources(), tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        write_report(two_sources(), target / "out")


@pytest.mark.slow
def test_a_thousand_document_report_stays_small_and_renders_evidence_in_pages(tmp_path):
    scores = {(f"doc{i:04d}", f"source {i % 20}", actor): [(-1) ** i * 0.1 * (k % 5) for k in range(8)]
              for i in range(1000) for actor in ("ann", "bob", "acme")}
    analysis = make_analysis(scores, sentence="Lee said the plan was a bad idea, and Ray agreed with him today.")
    started = time.perf_counter()
    write_report(analysis, tmp_path)
    elapsed = time.perf_counter() - started
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert len(analysis.mentions) == 24000
    assert len(page) < 6_000_000, f"index.html is {len(page):,} characters"
    tbody = page.split("id='evidence-table'")[1].split("</table>")[0]
    assert "<tr>" not in tbody.split("<tbody>")[1]  # rows are built page by page in the browser
    assert len(list((tmp_path / "documents").glob("*.html"))) == 1000
    assert elapsed < 120


def test_repr_html_summarises_counts_profiles_and_agreement(seeds_analysis):
    summary = seeds_analysis._repr_html_()
    assert f"{len(seeds_analysis.texts)} documents" in summary
    assert "<table" in summary and "Gate (id)" in summary and "Elon Musk" in summary
    assert "Translation agreement:" in summary and "%" in summary


def test_report_settings_come_from_scoring_toml(tmp_path):
    path = tmp_path / "scoring.toml"
    path.write_text("[report]\nmin_mentions = 5\n", encoding="utf-8")
    assert ReportSettings.from_file(path).min_mentions == 5
    assert ReportSettings.from_file().min_mentions == 3
    path.write_text("[report]\nmin_mention = 5\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown \\[report\\] setting.*min_mentions"):
        ReportSettings.from_file(path)


# -- reading an analyze folder and the command line --------------------------------------------
def test_report_on_an_analyze_folder_gives_the_same_profiles_as_on_the_corpus(tmp_path, seeds_analysis):
    assert main(["analyze", str(SEEDS), "-q", "-o", str(tmp_path / "analysis")]) == 0
    assert main(["report", str(tmp_path / "analysis"), "-q", "-o", str(tmp_path / "report")]) == 0
    from_folder = pd.read_parquet(tmp_path / "report" / "profiles.parquet")
    pd.testing.assert_frame_equal(from_folder, seeds_analysis.profiles)
    assert (tmp_path / "report" / "index.html").is_file()


def test_load_analysis_reads_csv_only_folders_with_their_types(tmp_path, seeds_analysis):
    assert main(["analyze", str(SEEDS), "-q", "--no-parquet", "-o", str(tmp_path)]) == 0
    loaded = load_analysis(tmp_path)
    pd.testing.assert_frame_equal(loaded.profiles, seeds_analysis.profiles, check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(loaded.documents, seeds_analysis.documents, check_exact=False, rtol=1e-12)
    assert loaded.mentions["doc_id"].iloc[0] == "000_9dec3350a9cf1688"
    assert loaded.agreement["agree"].dtype == bool and loaded.agreement_rate == seeds_analysis.agreement_rate


def test_load_analysis_with_languages_recomputes_profiles(tmp_path, seeds_analysis):
    from stance.output import write_analysis

    write_analysis(seeds_analysis, tmp_path)
    german = load_analysis(tmp_path, languages=["de"])
    assert set(german.texts["language"]) == {"de"}
    assert set(german.profiles["source"]) == {"Unnamed German AI digest"}
    expected = seeds_analysis.profiles.query("source == 'Unnamed German AI digest'").reset_index(drop=True)
    pd.testing.assert_frame_equal(german.profiles, expected)


def test_report_cli_writes_html_and_says_where(tmp_path, capsys):
    assert main(["report", str(SEEDS), "-o", str(tmp_path), "--languages", "de,id,en"]) == 0
    assert "index.html" in capsys.readouterr().out
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Gate (id) is hostile to Elon Musk" in page


def test_report_cli_with_a_missing_path_is_a_clear_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "missing: no such file or folder" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_report_cli_with_an_incomplete_analyze_folder_names_the_missing_tables(tmp_path, capsys):
    (tmp_path / "mentions.csv").write_text("mention_id\n")
    (tmp_path / "profiles.csv").write_text("source\n")
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "has no cues.csv" in err and "rerun 'stance analyze" in err


def test_load_analysis_names_a_table_without_its_columns(tmp_path, seeds_analysis):
    from stance.output import write_analysis

    write_analysis(seeds_analysis, tmp_path, parquet=False)
    (tmp_path / "profiles.csv").write_text("source,actor\nGate,musk\n")
    with pytest.raises(CorpusError, match="profiles.csv: missing column\\(s\\) n_docs"):
        load_analysis(tmp_path)


def test_report_cli_rejects_an_unknown_format(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(SEEDS), "-o", str(tmp_path), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
