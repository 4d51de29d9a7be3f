"""Reports a person reads: one HTML page (or a Markdown file) with plots, contrasts and evidence.

:func:`write_report` turns an :class:`~stance.pipeline.Analysis` into a folder:

* ``index.html`` (or ``report.md`` with ``format="md"``): the source × actor heatmap, a
  comparison of the sources for every actor with enough mentions (with the contrast between the
  most and least favourable source stated in words), the evidence (every mention with its actor
  underlined and its cues coloured), translation agreement, and method and caveats;
* ``documents/<doc>.html`` (or ``.md``): one page per document with every mention and its cues;
* the tables as CSV and Parquet, exactly as ``stance analyze -o`` writes them, so a report
  folder can itself be reported on again.

Everything is written into a staging folder first and moved into place only when complete. The
HTML opens offline: figures are embedded as SVG, sorting and filtering is plain JavaScript, and
the evidence is rendered page by page in the browser from a compact JSON block, so a report on
thousands of documents still opens quickly.

:func:`load_analysis` reads an ``analyze`` output folder back into an ``Analysis``.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from stance.errors import CorpusError, LexiconError, OutputError, StanceError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from stance.actors import ActorCatalog
    from stance.pipeline import Analysis

FORMATS = ("html", "md")
#: The tables of an ``analyze`` output folder (``<table>.csv`` or ``<table>.parquet``).
TABLES = ("mentions", "cues", "documents", "profiles", "agreement", "texts", "cleaning", "skipped")
LABEL_WORDS = {"hostile": "hostile to", "favorable": "favorable to", "neutral": "neutral toward"}
_STRING_COLUMNS = {"doc_id", "source", "language", "actor", "mention", "via", "sentence", "label", "cues",
                   "translation_of", "mention_id", "term", "entry", "shifts", "languages", "original",
                   "translation", "label_original", "label_translation", "declared_language",
                   "detected_language", "title", "date", "url", "encoding", "path", "reason", "excerpt",
                   "item", "stage"}


# -- settings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportSettings:
    """How a report marks and limits what it shows (``[report]`` in ``scoring.toml``).

    Attributes
    ----------
    min_mentions
        A source × actor cell with fewer mentions is *low n*: hatched in the heatmap, hollow in
        the actor comparison, and left out of the contrast sentences.
    max_actors, max_sources
        The heatmap and the actor comparisons show at most this many actors (the most
        mentioned) and sources.
    page_size
        Evidence rows shown per page in the browser.
    """

    min_mentions: int = 3
    max_actors: int = 25
    max_sources: int = 30
    page_size: int = 50

    @classmethod
    def from_file(cls, path: Path | None = None) -> ReportSettings:
        """Read ``[report]`` from ``scoring.toml`` (by default the shipped one); defaults if absent."""
        from stance.resources import lexicon_dir, read_toml

        path = path or lexicon_dir() / "scoring.toml"
        values = read_toml(path).get("report", {})
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        if unknown:
            raise LexiconError(f"{path}: unknown [report] setting(s) {', '.join(unknown)}; "
                               f"valid: {', '.join(sorted(known))}")
        for key, value in values.items():
            if not isinstance(value, int) or value < 1:
                raise LexiconError(f"{path}: [report] {key} = {value!r}; use a whole number >= 1")
        return cls(**values)


# -- names and numbers as a reader sees them --------------------------------------------------
def actor_name(actors: ActorCatalog | None, actor: str) -> str:
    """The display name of an actor id ("Elon Musk"), or the id when the catalog lacks it."""
    if actors is not None and actor in actors:
        return actors[actor].name
    return actor


def source_label(source: str, languages: str = "") -> str:
    """A source with its languages, "Gate (id)"; not repeated when the name already ends in them."""
    languages = ",".join(code for code in str(languages or "").split(",") if code)
    if not languages or str(source).endswith(f"({languages})"):
        return str(source)
    return f"{source} ({languages})"


def signed(value: float, digits: int = 2) -> str:
    """A number with its sign and a true minus sign: −0.25, +0.14, 0.00."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "\u2212")


def interval(low: float, high: float, digits: int = 2) -> str:
    """A 95% interval as [low, high]."""
    return f"[{signed(low, digits)}, {signed(high, digits)}]"


# -- contrasts between sources ----------------------------------------------------------------
@dataclass(frozen=True)
class SourceStance:
    """One source's stance toward one actor (a row of the profiles table)."""

    source: str
    display: str
    stance: float
    ci_low: float
    ci_high: float
    n_mentions: int
    n_docs: int
    label: str

    def numbers(self) -> str:
        """"−0.25 [−0.42, −0.09]"."""
        return f"{signed(self.stance)} {interval(self.ci_low, self.ci_high)}"


def _overlap_words(lower: SourceStance, upper: SourceStance) -> str:
    """Whether two intervals overlap, in words; digits added when rounding hides a small gap."""
    if lower.ci_high >= upper.ci_low:
        return "intervals overlap"
    words = "intervals do not overlap"
    if signed(lower.ci_high) == signed(upper.ci_low):
        words += f" (only just: {signed(lower.ci_high, 4)} against {signed(upper.ci_low, 4)})"
    return words


@dataclass(frozen=True)
class ActorContrast:
    """How the sources compare on one actor: the least and most favourable and everyone between.

    ``low`` is the least favourable source and ``high`` the most favourable, both among sources
    with at least ``min_mentions`` mentions; ``others`` are the remaining such sources (from
    least to most favourable) and ``few`` those with fewer mentions.
    """

    actor: str
    name: str
    low: SourceStance
    high: SourceStance
    others: tuple[SourceStance, ...] = ()
    few: tuple[SourceStance, ...] = ()
    min_mentions: int = 3

    @property
    def difference(self) -> float:
        """Most minus least favourable stance."""
        return self.high.stance - self.low.stance

    @property
    def overlap(self) -> bool:
        """Whether the two 95% intervals overlap."""
        return self.low.ci_high >= self.high.ci_low

    @property
    def sentence(self) -> str:
        """The contrast in words, with values, intervals, the difference and the overlap."""
        return (f"{self.low.display} is {LABEL_WORDS.get(self.low.label, self.low.label)} {self.name}, "
                f"{self.low.numbers()}; {self.high.display} is {self.high.label}, {self.high.numbers()}; "
                f"difference {self.difference:.2f}, {_overlap_words(self.low, self.high)}.")

    @property
    def comparisons(self) -> list[str]:
        """One sentence per other source, set against the least favourable one."""
        out = []
        for other in self.others:
            difference = other.stance - self.low.stance
            out.append(f"{other.display} is {other.label}, {other.numbers()}: {difference:.2f} more favorable "
                       f"than {self.low.display}; {_overlap_words(self.low, other)}.")
        return out

    @property
    def caveat(self) -> str:
        """Which sources were left out of the comparison for having few mentions ("" if none)."""
        if not self.few:
            return ""
        listed = ", ".join(f"{s.display} (n={s.n_mentions})" for s in self.few)
        return f"Too few mentions to compare (fewer than {self.min_mentions}): {listed}."


def _source_stances(profiles: pd.DataFrame, actor: str) -> list[SourceStance]:
    rows = profiles[profiles["actor"] == actor].sort_values(["stance", "source"], kind="stable")
    return [SourceStance(str(r.source), source_label(r.source, r.languages), float(r.stance), float(r.ci_low),
                         float(r.ci_high), int(r.n_mentions), int(r.n_docs), str(r.label))
            for r in rows.itertuples(index=False)]


def actor_contrast(analysis: Analysis, actor: str, min_mentions: int | None = None) -> ActorContrast | None:
    """Compare the sources on ``actor``; ``None`` when fewer than two sources have enough mentions.

    Examples
    --------
    >>> from stance import analyze
    >>> contrast = actor_contrast(analyze("seeds"), "musk")
    >>> contrast.low.display, contrast.low.label
    ('Gate (id)', 'hostile')
    """
    if actor not in set(analysis.profiles["actor"]):
        from stance.plot import _check_actor

        _check_actor(analysis, actor)  # an unknown id raises, listing the known ones
        return None
    min_mentions = ReportSettings.from_file().min_mentions if min_mentions is None else min_mentions
    stances = _source_stances(analysis.profiles, actor)
    enough = [s for s in stances if s.n_mentions >= min_mentions]
    few = tuple(s for s in stances if s.n_mentions < min_mentions)
    if len(enough) < 2:
        return None
    return ActorContrast(actor, actor_name(analysis.actors, actor), enough[0], enough[-1], tuple(enough[1:-1]),
                         few, min_mentions)


def compared_actors(analysis: Analysis, settings: ReportSettings | None = None) -> list[str]:
    """Actors with at least two sources of ``min_mentions`` mentions, most mentioned first."""
    settings = settings or ReportSettings.from_file()
    profiles = analysis.profiles
    enough = profiles[profiles["n_mentions"] >= settings.min_mentions]
    sources = enough.groupby("actor")["source"].nunique()
    totals = profiles.groupby("actor")["n_mentions"].sum()
    chosen = [a for a in totals.sort_values(ascending=False, kind="stable").index if sources.get(a, 0) >= 2]
    return chosen[: settings.max_actors]


# -- reading an analyze output folder back ----------------------------------------------------
def _table_file(folder: Path, table: str) -> Path | None:
    for suffix in (".parquet", ".csv"):
        if (folder / f"{table}{suffix}").is_file():
            return folder / f"{table}{suffix}"
    return None


def is_analysis_folder(path: str | Path) -> bool:
    """Whether ``path`` is a ``stance analyze -o`` output folder (it has mentions and profiles tables)."""
    path = Path(path)
    return path.is_dir() and all(_table_file(path, t) is not None for t in ("mentions", "profiles"))


def load_analysis(folder: str | Path, actors: str | Path | ActorCatalog | None = None,
                  languages: list[str] | None = None) -> Analysis:
    """Read the tables written by ``stance analyze -o FOLDER`` back into an :class:`Analysis`.

    Parquet copies are preferred (exact); CSV is read with the documented columns. With
    ``languages``, mentions and documents of other languages are dropped and the documents,
    profiles and agreement tables recomputed (with the shipped scoring constants).

    Raises
    ------
    CorpusError
        When a table is missing or lacks a documented column; the message names the file.
    """
    import pandas as pd

    from stance.actors import ActorCatalog
    from stance.pipeline import (CLEANING_COLUMNS, CUE_COLUMNS, MENTION_COLUMNS, SKIP_COLUMNS, TEXT_COLUMNS,
                                 Analysis)
    from stance.profiles import AGREEMENT_COLUMNS, DOCUMENT_COLUMNS, PROFILE_COLUMNS
    from stance.score import ScoringConfig

    folder = Path(folder)
    columns = {"mentions": MENTION_COLUMNS, "cues": CUE_COLUMNS, "documents": DOCUMENT_COLUMNS,
               "profiles": PROFILE_COLUMNS, "agreement": AGREEMENT_COLUMNS, "texts": TEXT_COLUMNS,
               "cleaning": CLEANING_COLUMNS, "skipped": SKIP_COLUMNS}
    missing = [t for t in TABLES if _table_file(folder, t) is None]
    if missing:
        raise CorpusError(f"{folder}: looks like a 'stance analyze' output folder but has no "
                          f"{', '.join(t + '.csv' for t in missing)}; rerun 'stance analyze PATH -o {folder}'")
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        path = _table_file(folder, table)
        assert path is not None
        try:
            if path.suffix == ".parquet":
                frame = pd.read_parquet(path)
            else:
                frame = pd.read_csv(path, dtype={c: str for c in _STRING_COLUMNS}, keep_default_na=False,
                                    na_values={c: [""] for c in columns[table] if c not in _STRING_COLUMNS})
        except Exception as exc:  # pyarrow and the CSV parser raise many types
            raise CorpusError(f"{path}: cannot be read as a table ({exc}); rerun 'stance analyze'") from None
        absent = [c for c in columns[table] if c not in frame.columns]
        if absent:
            raise CorpusError(f"{path}: missing column(s) {', '.join(absent)}; it was not written by this "
                              f"version of 'stance analyze' — rerun it")
        for column in set(frame.columns) & _STRING_COLUMNS:
            frame[column] = frame[column].fillna("").astype(str)
        for column in ("in_profile", "agree"):
            if column in frame.columns:
                frame[column] = frame[column].astype(str).str.lower().isin(["true", "1"])
        frames[table] = frame
    config = ScoringConfig.from_file()
    catalog = actors if isinstance(actors, ActorCatalog) else ActorCatalog.from_file(actors)
    if languages:
        from stance.profiles import aggregate_corpus

        keep = frames["texts"]["language"].isin(languages)
        frames["texts"] = frames["texts"][keep].reset_index(drop=True)
        docs = set(frames["texts"]["doc_id"])
        for table in ("mentions", "cues", "cleaning"):
            frames[table] = frames[table][frames[table]["doc_id"].isin(docs)].reset_index(drop=True)
        frames["documents"], frames["profiles"], frames["agreement"] = aggregate_corpus(
            frames["mentions"], frames["texts"], config)
    return Analysis(**frames, config=config, actors=catalog, corpus_path=str(folder))


# -- evidence: a sentence with its actor and cues marked --------------------------------------
@dataclass(frozen=True)
class Span:
    """A marked piece of a sentence: offsets relative to the sentence."""

    start: int
    end: int
    kind: str  # "actor", "cue" or "shifter"
    contribution: float = 0.0
    note: str = ""


def _shift_words(shift: str) -> tuple[str, str]:
    """("negator", "not") from a cue's shift record "negator:not×-0.5"."""
    kind, _, rest = shift.partition(":")
    words = rest.rsplit("\u00d7", 1)[0]
    words = re.sub(r" \((after|before)\)$", "", words)
    return kind, words


def mention_spans(sentence: str, sentence_start: int, start: int, end: int, cues: list[dict]) -> list[Span]:
    """The spans to mark in a mention's sentence: the actor, each cue, each shifter that reached a cue.

    Offsets in ``cues`` are document offsets as stored in the mentions table; shifters are found
    by their words nearest to the cue they shifted.
    """
    spans = [Span(start - sentence_start, end - sentence_start, "actor",
                  note="the actor")]
    lower = sentence.lower()
    for cue in cues:
        entry = str(cue.get("entry", ""))
        if entry.startswith("label:"):
            spans[0] = Span(spans[0].start, spans[0].end, "actor", float(cue["contribution"]),
                            f"evaluative label, weight {signed(float(cue['weight']))}")
            continue
        shifts = list(cue.get("shifts") or [])
        c_start, c_end = int(cue["start"]) - sentence_start, int(cue["end"]) - sentence_start
        note = (f"{entry}: weight {signed(float(cue['weight']))}"
                + (f" × shift {float(cue['shift']):.2f} ({', '.join(shifts)})" if shifts else "")
                + f" × proximity {float(cue['proximity']):.2f} (distance {cue['distance']})"
                + f" × clause {float(cue['clause']):.2f} × rival {float(cue['competitor']):.2f}"
                + f" = {signed(float(cue['contribution']), 3)}")
        spans.append(Span(c_start, c_end, "cue", float(cue["contribution"]), note))
        for shift in shifts:
            kind, words = _shift_words(str(shift))
            if not words:
                continue
            found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", lower)]
            if found:
                at = min(found, key=lambda i: min(abs(i - c_start), abs(i - c_end)))
                spans.append(Span(at, at + len(words), "shifter", note=f"{kind} '{words}' shifts "
                                  f"'{cue['term']}' ({str(shift).rsplit(chr(215), 1)[-1]})"))
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.kind != "actor")):
        if span.start < 0 or span.end > len(sentence) or (chosen and span.start < chosen[-1].end):
            continue
        chosen.append(span)
    return chosen


def strength(contribution: float) -> int:
    """A colour strength 1–4 from the absolute contribution of a cue."""
    value = abs(contribution)
    return 1 if value < 0.1 else 2 if value < 0.25 else 3 if value < 0.5 else 4


def marked_html(sentence: str, spans: list[Span]) -> str:
    """The sentence as escaped HTML with the actor underlined and cues/shifters in coloured spans."""
    out, cursor = [], 0
    for span in spans:
        out.append(html.escape(sentence[cursor:span.start]))
        text = html.escape(sentence[span.start:span.end])
        title = html.escape(span.note, quote=True)
        if span.kind == "actor":
            out.append(f'<u class="actor" title="{title}">{text}</u>')
        elif span.kind == "cue":
            sign = "neg" if span.contribution < 0 else "pos"
            out.append(f'<span class="cue {sign}{strength(span.contribution)}" title="{title}">{text}</span>')
        else:
            out.append(f'<span class="shifter" title="{title}">{text}</span>')
        cursor = span.end
    out.append(html.escape(sentence[cursor:]))
    return "".join(out)


def _md_escape(text: str) -> str:
    text = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_{}\[\]|#])", r"\\\1", text).replace("\n", " ")


def marked_markdown(sentence: str, spans: list[Span]) -> str:
    """The sentence in Markdown: the actor **bold and underlined**, cues *italic* with their contribution."""
    out, cursor = [], 0
    for span in spans:
        out.append(_md_escape(sentence[cursor:span.start]))
        text = _md_escape(sentence[span.start:span.end])
        if span.kind == "actor":
            out.append(f"<u>**{text}**</u>")
        elif span.kind == "cue":
            out.append(f"*{text}* ({signed(span.contribution)})")
        else:
            out.append(f"~{text}~")
        cursor = span.end
    out.append(_md_escape(sentence[cursor:]))
    return "".join(out)


# -- method and caveats -----------------------------------------------------------------------
@dataclass
class MethodFacts:
    """What a reader needs to judge the numbers: languages, lexicons, thresholds, losses, accuracy."""

    languages: list[tuple[str, int, int | None]] = field(default_factory=list)  # code, documents, lexicon size
    thresholds: list[tuple[str, str]] = field(default_factory=list)
    cleaning: list[tuple[str, int, int]] = field(default_factory=list)  # reason, pieces, characters
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # item, stage, reason
    accuracy_title: str = ""
    accuracy_rows: list[list[str]] = field(default_factory=list)
    accuracy_source: str = ""


def find_accuracy() -> Path | None:
    """``bench/accuracy.md`` in the working folder or the source tree, if either has one."""
    for root in (Path.cwd(), Path(__file__).resolve().parent.parent):
        path = root / "bench" / "accuracy.md"
        if path.is_file():
            return path
    return None


def method_facts(analysis: Analysis, settings: ReportSettings) -> MethodFacts:
    """Collect the facts of the method-and-caveats section."""
    from stance.lexicon import load_lexicon

    facts = MethodFacts()
    counts = analysis.texts["language"].value_counts()
    for code in sorted(counts.index):
        try:
            size: int | None = len(load_lexicon(str(code)))
        except Exception:  # a language whose lexicon is not installed here
            size = None
        facts.languages.append((str(code), int(counts[code]), size))
    c = analysis.config
    mentions = analysis.mentions
    learned = "p_hostile" in mentions and bool(mentions["p_hostile"].notna().any())
    facts.thresholds = [
        ("labels", f"hostile if stance ≤ {signed(c.hostile_at)}, favorable if ≥ {signed(c.favorable_at)}, "
                   "neutral otherwise"),
        ("cue window", f"{c.window} words in the same sentence; proximity 1 / (1 + d / {c.decay:g}); "
                       f"× {c.clause_factor:g} per clause boundary; × {c.competitor_factor:g} when the cue "
                       "is closer to another actor"),
        ("mention score", f"S / sqrt(S² + {c.alpha:g}), S the sum of cue contributions" if not learned
         else "P(favorable) − P(hostile) from the learned scorer (lexicons/model.md), label = the most "
              f"probable class; the coloured cues are its lexicon evidence, whose own score "
              f"S / sqrt(S² + {c.alpha:g}) is kept as lexicon_score, and each feature's share is in model_terms"),
        ("95% intervals", f"percentile bootstrap, {c.bootstrap:,} resamples, seed {c.seed}; whole documents "
                          f"are resampled for a source with ≥ {c.cluster_min_docs} documents"),
        ("low n", f"a source × actor cell with fewer than {settings.min_mentions} mentions is marked and "
                  "left out of the contrasts"),
        ("translation agreement", f"actors with ≥ {c.agreement_min_mentions} mentions in both the original "
                                  "and the translation"),
    ]
    if not analysis.cleaning.empty:
        grouped = analysis.cleaning.groupby("reason")["chars"].agg(["count", "sum"])
        facts.cleaning = [(str(r), int(v["count"]), int(v["sum"])) for r, v in grouped.iterrows()]
    facts.skipped = [(str(r.item), str(r.stage), str(r.reason)) for r in analysis.skipped.itertuples(index=False)]
    path = find_accuracy()
    if path is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        facts.accuracy_source = str(path)
        facts.accuracy_title = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("#")), "")
        table = [ln for ln in lines if ln.startswith("|")]
        facts.accuracy_rows = [[cell.strip() for cell in ln.strip("|").split("|")] for ln in table
                               if not re.fullmatch(r"[|\-: ]+", ln)]
    return facts


# -- figures ----------------------------------------------------------------------------------
def _svg_data_uri(figure: Figure) -> str:
    import matplotlib

    buffer = io.BytesIO()
    # matplotlib salts the SVG's element ids with a random value unless given one; each figure
    # is an image of its own, so a fixed salt cannot clash and the same input gives the same SVG
    with matplotlib.rc_context({"svg.hashsalt": "stance"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(analysis: Analysis, settings: ReportSettings) -> tuple[Figure, list[tuple[str, Figure]], Figure]:
    from stance import plot

    a = analysis
    heat = plot.heatmap(a.profiles, a.actors, settings.min_mentions, settings.max_actors, settings.max_sources)
    actors = [(actor, plot.actor_comparison(a.profiles, actor, a.actors, a.config, settings.min_mentions))
              for actor in compared_actors(a, settings)]
    agreement = plot.agreement_scatter(a.agreement, a.actors, a.config)
    return heat, actors, agreement


def _close(*figures: object) -> None:
    for figure in figures:
        if hasattr(figure, "clear"):
            figure.clear()  # type: ignore[union-attr]


# -- writing ----------------------------------------------------------------------------------
def _source_date() -> datetime | None:
    """The time in ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) when it is set, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise StanceError(f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of seconds since "
                          "1970-01-01 UTC (as 'date +%s' prints), or leave it unset") from None


def generated_at() -> datetime:
    """When a report says it was made: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    source_date = _source_date()
    return datetime.now(timezone.utc) if source_date is None else source_date


def _page_names(doc_ids: list[str]) -> dict[str, str]:
    """A safe, unique file stem per document id."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for doc_id in doc_ids:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(doc_id)).strip("._")[:80] or "document"
        candidate, number = stem, 1
        while candidate.lower() in used:
            number += 1
            candidate = f"{stem}-{number}"
        used.add(candidate.lower())
        names[doc_id] = candidate
    return names


def write_report(analysis: Analysis, folder: str | Path, format: str = "html",
                 settings: ReportSettings | None = None, parquet: bool = True) -> list[Path]:
    """Write a report of ``analysis`` to ``folder``, all or nothing.

    Parameters
    ----------
    analysis
        The analysis to report on.
    folder
        The output folder; created if needed. Files of a previous report are replaced only
        when every new file is complete.
    format
        ``"html"`` (``index.html``, self-contained) or ``"md"`` (``report.md`` with PNG figures).
    settings
        Low-n threshold and limits; by default ``[report]`` of ``scoring.toml``.
    parquet
        Also write Parquet copies of the tables.

    Returns
    -------
    list of Path
        The top-level files and folders written, the report first.
    """
    from stance.output import commit_staged, write_analysis

    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    settings = settings or ReportSettings.from_file()
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror or exc}); "
                          "choose another with -o") from None
    _source_date()  # a malformed SOURCE_DATE_EPOCH stops here, before matplotlib reads it too
    try:
        staging = Path(tempfile.mkdtemp(prefix=".stance-", dir=folder))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write there ({exc.strerror or exc}); choose another with -o") from None
    try:
        write_analysis(analysis, staging, parquet=parquet)
        main = _write_html(analysis, staging, settings) if format == "html" else _write_markdown(analysis, staging,
                                                                                                   settings)
        names = [main] + sorted(p.name for p in staging.iterdir() if p.name != main)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{folder}: cannot write the report ({exc}); the folder was left as it was") from None
        raise
    return commit_staged(staging, folder, names, what="the report")


def _template(name: str) -> str:
    from importlib.resources import files

    return files("stance").joinpath("templates", name).read_text(encoding="utf-8")


def _json_for_script(value: object) -> str:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' can end it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label_badge(label: str) -> str:
    return f'<span class="label {_e(label)}">{_e(label)}</span>'


def evidence_data(analysis: Analysis, pages: dict[str, str]) -> dict[str, object]:
    """The evidence table as compact JSON for the browser: sentences once, mentions as index rows."""
    mentions = analysis.mentions
    texts = analysis.texts.set_index("doc_id")
    docs = list(dict.fromkeys(mentions["doc_id"]))
    doc_index = {d: i for i, d in enumerate(docs)}
    languages = analysis.profiles.groupby("source")["languages"].first()
    sources = sorted(set(mentions["source"]), key=str)
    source_index = {s: i for i, s in enumerate(sources)}
    actor_ids = sorted(set(mentions["actor"]), key=lambda a: actor_name(analysis.actors, a).lower())
    actor_index = {a: i for i, a in enumerate(actor_ids)}
    labels = ["hostile", "neutral", "favorable"]
    sentences: list[str] = []
    sentence_index: dict[tuple[str, int], int] = {}
    rows = []
    for m in mentions.itertuples(index=False):
        key = (m.doc_id, int(m.sentence_id))
        if key not in sentence_index:
            sentence_index[key] = len(sentences)
            sentences.append(str(m.sentence))
        cues = json.loads(m.cues) if m.cues else []
        spans = mention_spans(str(m.sentence), int(m.sentence_start), int(m.start), int(m.end), cues)
        marks = [[s.start, s.end, {"actor": 0, "cue": 1, "shifter": 2}[s.kind], round(s.contribution, 3), s.note]
                 for s in spans]
        label = str(m.label)
        rows.append([doc_index[m.doc_id], source_index[m.source], actor_index[m.actor],
                     labels.index(label) if label in labels else 1, round(float(m.score), 3),
                     sentence_index[key], marks, str(m.via)])
    doc_titles = [str(texts["title"].get(d, "")) if d in texts.index else "" for d in docs]
    return {
        "docs": [[d, f"documents/{pages[d]}.html" if d in pages else "", t] for d, t in zip(docs, doc_titles)],
        "sources": [source_label(s, languages.get(s, "")) for s in sources],
        "actors": [actor_name(analysis.actors, a) for a in actor_ids],
        "labels": labels,
        "sentences": sentences,
        "rows": rows,
    }


def _table_html(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _num(value: float, digits: int = 2) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else signed(float(value), digits)


def summary_html(analysis: Analysis) -> str:
    """A compact HTML summary of an analysis: counts, the profiles table, translation agreement."""
    a = analysis
    counts = (f"{len(a.texts)} documents, {len(a.mentions)} mentions of {a.mentions['actor'].nunique()} actors "
              f"in {a.texts['source'].nunique()} sources; {len(a.skipped)} item(s) skipped")
    rows = [[_e(source_label(r.source, r.languages)), _e(actor_name(a.actors, r.actor)), str(r.n_docs),
             str(r.n_mentions), _num(r.stance), f"{_num(r.ci_low)} … {_num(r.ci_high)}", _label_badge(r.label)]
            for r in a.profiles.sort_values(["actor", "stance"]).itertuples(index=False)]
    table = _table_html(["source", "actor", "docs", "mentions", "stance", "95% CI", "label"], rows, "profiles")
    rate = a.agreement_rate
    agreement = ("no original/translation pairs to compare" if rate is None else
                 f"{int(a.agreement['agree'].sum())}/{len(a.agreement)} document–actor pairs ({rate:.0%}) get the "
                 "same label in the original and the translation")
    return (f'<div class="stance-summary"><p><b>stance analysis</b> of {_e(a.corpus_path or "a corpus")}: '
            f"{_e(counts)}</p><p>Translation agreement: {_e(agreement)}</p>"
            f"<details open><summary>Profiles (source × actor, mean mention score)</summary>{table}</details>"
            "<p><small>Plots: <code>.plot.heatmap()</code>, <code>.plot.actor(\"musk\")</code>, "
            "<code>.plot.agreement()</code>; evidence: <code>.explain(doc_id, actor)</code></small></p></div>")


def _contrast_html(contrast: ActorContrast) -> str:
    parts = [f'<p class="contrast">{_e(contrast.sentence)}</p>']
    if contrast.comparisons:
        parts.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in contrast.comparisons) + "</ul>")
    if contrast.caveat:
        parts.append(f'<p class="caveat">{_e(contrast.caveat)}</p>')
    return "".join(parts)


def _accuracy_html(facts: MethodFacts) -> str:
    if not facts.accuracy_rows:
        return ("<p>Accuracy: <b>not measured</b> for this installation (no <code>bench/accuracy.md</code>; "
                "run <code>python bench/accuracy.py --data DIR</code> on labelled dev data).</p>")
    header, *rows = facts.accuracy_rows
    return (f"<p>Accuracy of the mention scorer on held-out labelled dev data ({_e(facts.accuracy_title)}; "
            f"from <code>{_e(Path(facts.accuracy_source).name)}</code>). F1m is F1 macro over the three labels, "
            "F1pn macro F1 over positive and negative.</p>"
            + _table_html([_e(h) for h in header], [[_e(c) for c in r] for r in rows], "numbers"))


def _method_html(analysis: Analysis, facts: MethodFacts) -> str:
    languages = _table_html(["language", "documents", "lexicon entries"],
                            [[_e(c), str(n), "not installed" if s is None else f"{s:,}"]
                             for c, n, s in facts.languages], "numbers")
    thresholds = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts.thresholds)
    if facts.cleaning:
        cleaning = (f"<p>Boilerplate removed before scoring ({sum(n for _, n, _ in facts.cleaning)} pieces; "
                    "every piece is listed in <code>cleaning.csv</code>):</p>"
                    + _table_html(["reason", "pieces", "characters"],
                                  [[_e(r), str(n), f"{c:,}"] for r, n, c in facts.cleaning], "numbers"))
    else:
        cleaning = "<p>No boilerplate was removed.</p>"
    if facts.skipped:
        skipped = (f"<p>{len(facts.skipped)} item(s) were left out (also in <code>skipped.csv</code>):</p>"
                   + _table_html(["item", "stage", "reason"], [[_e(i), _e(s), _e(r)] for i, s, r in facts.skipped]))
    else:
        skipped = "<p>No item was skipped: every document was analysed.</p>"
    return (f"<h3>Languages and lexicons</h3>{languages}<h3>Thresholds</h3><dl>{thresholds}</dl>"
            f"<h3>What was cleaned or skipped</h3>{cleaning}{skipped}<h3>Accuracy</h3>{_accuracy_html(facts)}"
            "<h3>Caveats</h3><ul>"
            "<li>A score reads the evaluative words near a mention; sarcasm, irony and implied comparisons "
            "are invisible to it. Read the evidence before quoting a number.</li>"
            "<li>A mention without evaluative words scores 0, so means are pulled toward neutral; the "
            "label thresholds are low for that reason.</li>"
            "<li>An interval says how much the mean would move with a different sample of the same "
            "source's sentences; it says nothing about whether the lexicon is right.</li>"
            "<li>Translations are scored but counted in profiles only when their original is not in the "
            "corpus.</li></ul>")


def _write_html(analysis: Analysis, staging: Path, settings: ReportSettings) -> str:
    a = analysis
    pages = _page_names(list(a.texts["doc_id"]))
    heat, actor_figures, agreement_figure = _figures(a, settings)
    try:
        heat_uri = _svg_data_uri(heat)
        actor_uris = [(actor, _svg_data_uri(f)) for actor, f in actor_figures]
        agreement_uri = _svg_data_uri(agreement_figure)
    finally:
        _close(heat, agreement_figure, *(f for _, f in actor_figures))
    facts = method_facts(a, settings)
    css, js = _template("report.css"), _template("report.js")
    title = f"Stance report: {a.corpus_path or 'corpus'}"
    generated = generated_at().strftime("%Y-%m-%d %H:%M UTC")

    sections = []
    sections.append(
        f"<section id='overview'><p class='lead'>{_e(len(a.texts))} documents from "
        f"{_e(a.texts['source'].nunique())} sources, {_e(len(a.mentions))} mentions of "
        f"{_e(a.mentions['actor'].nunique())} actors; {_e(len(a.skipped))} item(s) skipped. "
        "Each mention of an actor gets a score from −1 (hostile) to +1 (favorable) from the evaluative "
        "words around it; a source's stance toward an actor is the mean of its mention scores, with a "
        "95% confidence interval (CI): the range the mean would likely fall in with a different sample "
        "of that source's sentences. Hover over a coloured word to see how it counted.</p></section>")
    sections.append(
        "<section id='heatmap'><h2>1. Who is hostile to whom: source × actor</h2>"
        f"<figure><img id='heatmap-img' src='{heat_uri}' alt='Heatmap of stance by source and actor'>"
        f"<figcaption>Each cell is the mean score of a source's mentions of an actor (red hostile, blue "
        f"favorable, white neutral) with the number of mentions n. Hatched cells have fewer than "
        f"{settings.min_mentions} mentions: too few to say much. Grey cells: the source never mentions the "
        "actor.</figcaption></figure></section>")
    actor_parts = []
    for actor, uri in actor_uris:
        contrast = actor_contrast(a, actor, settings.min_mentions)
        name = actor_name(a.actors, actor)
        actor_parts.append(
            f"<article class='actor' id='actor-{_e(actor)}'><h3>{_e(name)}</h3>"
            + (_contrast_html(contrast) if contrast else "")
            + f"<figure><img src='{uri}' alt='{_e(name)} by source with 95% intervals'></figure></article>")
    if not actor_parts:
        actor_parts.append(f"<p>No actor has at least {settings.min_mentions} mentions in two or more sources, "
                           "so no sources are compared.</p>")
    profile_rows = [[_e(source_label(r.source, r.languages)), _e(actor_name(a.actors, r.actor)), str(r.n_docs),
                     str(r.n_mentions), _num(r.stance), _num(r.ci_low), _num(r.ci_high), _label_badge(r.label)]
                    for r in a.profiles.sort_values(["actor", "stance"]).itertuples(index=False)]
    sections.append(
        "<section id='actors'><h2>2. Each actor across sources</h2>"
        "<p>For every actor with enough mentions in at least two sources: one point per source with its 95% "
        "CI, sorted from least to most favorable. When two intervals do not overlap, the difference is "
        "unlikely to be an accident of which sentences happened to mention the actor.</p>"
        + "".join(actor_parts)
        + "<details><summary>All profiles as a table</summary>"
        + _table_html(["source", "actor", "docs", "mentions", "stance", "CI low", "CI high", "label"],
                      profile_rows, "numbers sortable") + "</details></section>")
    sections.append(
        "<section id='evidence'><h2>3. Evidence: every mention</h2>"
        "<p>Each row is one mention: the sentence with the actor <u class='actor'>underlined</u>, each cue "
        "coloured by its sign and strength (<span class='cue neg3'>hostile</span> "
        "<span class='cue neg1'>weakly hostile</span> <span class='cue pos1'>weakly favorable</span> "
        "<span class='cue pos3'>favorable</span>; darker is stronger) and the words that shift a cue "
        "(<span class='shifter'>not, very, but…</span>) marked. Click a column to sort; filter by actor, "
        "source and label. The document link opens every mention of that document with its cues.</p>"
        "<div class='filters'><label>actor <select id='f-actor'><option value=''>all</option></select></label>"
        "<label>source <select id='f-source'><option value=''>all</option></select></label>"
        "<label>label <select id='f-label'><option value=''>all</option></select></label>"
        "<label>text <input id='f-text' type='search' placeholder='word in the sentence'></label>"
        "<span id='f-count' class='count'></span></div>"
        "<table id='evidence-table' class='evidence'><thead><tr>"
        "<th data-key='doc'>document</th><th data-key='source'>source</th><th data-key='actor'>actor</th>"
        "<th data-key='sentence'>sentence</th><th data-key='score' class='num'>score</th>"
        "<th data-key='label'>label</th></tr></thead><tbody></tbody></table>"
        "<div class='pager'><button id='p-prev' type='button'>‹ previous</button> <span id='p-info'></span> "
        "<button id='p-next' type='button'>next ›</button></div>"
        "<noscript><p>The evidence table needs JavaScript; every mention is also on the document pages "
        "below and in <code>mentions.csv</code>.</p></noscript>"
        f"<script type='application/json' id='evidence-data'>{_json_for_script(evidence_data(a, pages))}</script>"
        "</section>")
    rate = a.agreement_rate
    if rate is None:
        agreement_text = ("No original/translation pairs with enough mentions to compare "
                          f"(actors need ≥ {a.config.agreement_min_mentions} mentions in both versions).")
    else:
        agreement_text = (f"{int(a.agreement['agree'].sum())} of {len(a.agreement)} document–actor pairs ({rate:.0%}) "
                          "get the same label in the original and in its translation (actors with ≥ "
                          f"{a.config.agreement_min_mentions} mentions in both). Points on the dashed diagonal "
                          "score the same in both languages; crosses change label.")
    agreement_rows = [[_e(r.original), _e(r.translation), _e(actor_name(a.actors, r.actor)),
                       _num(r.stance_original), _num(r.stance_translation), _label_badge(r.label_original),
                       _label_badge(r.label_translation), "yes" if r.agree else "<b>no</b>"]
                      for r in a.agreement.itertuples(index=False)]
    sections.append(
        "<section id='agreement'><h2>4. Does translation change the stance?</h2>"
        f"<p class='agreement-figure'>{_e(agreement_text)}</p>"
        f"<figure><img src='{agreement_uri}' alt='Native against translated stance'></figure>"
        + ("<details><summary>Every compared pair</summary>"
           + _table_html(["original", "translation", "actor", "native", "translated", "native label",
                          "translated label", "same"], agreement_rows, "numbers") + "</details>"
           if agreement_rows else "") + "</section>")
    doc_rows = []
    for r in a.texts.itertuples(index=False):
        doc_rows.append([f"<a href='documents/{_e(pages[r.doc_id])}.html'>{_e(r.doc_id)}</a>", _e(r.title),
                         _e(source_label(r.source, r.language)), _e(r.translation_of), str(r.n_mentions),
                         f"{int(r.chars_removed):,}"])
    sections.append(
        "<section id='documents'><h2>Documents</h2><p>One page per document with every mention and the "
        "arithmetic of its score.</p>"
        + _table_html(["document", "title", "source", "translation of", "mentions", "boilerplate removed (chars)"],
                      doc_rows, "sortable") + "</section>")
    sections.append(f"<section id='method'><h2>5. Method and caveats</h2>{_method_html(a, facts)}</section>")
    files = sorted(p.name for p in staging.iterdir() if p.suffix in (".csv", ".parquet"))
    sections.append("<section id='files'><h2>Files</h2><p>The tables behind this report (columns documented in "
                    "the project README): " + ", ".join(f"<a href='{_e(f)}'>{_e(f)}</a>" for f in files)
                    + "</p></section>")
    nav = ("<nav><a href='#heatmap'>heatmap</a><a href='#actors'>actors</a><a href='#evidence'>evidence</a>"
           "<a href='#agreement'>translation</a><a href='#documents'>documents</a><a href='#method'>method</a></nav>")
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
            f"<style>{css}</style></head><body data-page-size='{settings.page_size}'><header><h1>{_e(title)}</h1>"
            f"<p class='generated'>generated {generated} by stance</p>{nav}</header><main>"
            + "".join(sections) + f"</main><script>{js}</script></body></html>")
    (staging / "index.html").write_text(page, encoding="utf-8")
    _write_document_pages(a, staging, pages, css)
    return "index.html"


def _document_mentions(analysis: Analysis, doc_id: str) -> pd.DataFrame:
    return analysis.mentions[analysis.mentions["doc_id"] == doc_id]


def _write_document_pages(analysis: Analysis, staging: Path, pages: dict[str, str], css: str) -> None:
    a = analysis
    folder = staging / "documents"
    folder.mkdir()
    docs_by_id = {d: g for d, g in a.documents.groupby("doc_id", sort=False)}
    mentions_by_id = {d: g for d, g in a.mentions.groupby("doc_id", sort=False)}
    for text in a.texts.itertuples(index=False):
        stances = docs_by_id.get(text.doc_id)
        rows = [] if stances is None else [
            [_e(actor_name(a.actors, r.actor)), str(r.n_mentions), _num(r.stance), _num(r.ci_low), _num(r.ci_high),
             _label_badge(r.label)] for r in stances.sort_values("stance").itertuples(index=False)]
        parts = []
        mentions = mentions_by_id.get(text.doc_id)
        for m in ([] if mentions is None else mentions.itertuples(index=False)):
            cues = json.loads(m.cues) if m.cues else []
            spans = mention_spans(str(m.sentence), int(m.sentence_start), int(m.start), int(m.end), cues)
            cue_rows = [[_e(c["term"]), _e(c["entry"]), _num(float(c["weight"])), _e(", ".join(c["shifts"]) or "—"),
                         f"{float(c['shift']):.2f}", str(c["distance"]), f"{float(c['proximity']):.2f}",
                         f"{float(c['clause']):.2f}", f"{float(c['competitor']):.2f}",
                         _num(float(c["contribution"]), 3)] for c in cues]
            cue_table = (_table_html(["cue", "lexicon entry", "weight", "shifters", "×shift", "distance", "×proximity",
                                      "×clause", "×rival", "= contribution"], cue_rows, "numbers small")
                         if cue_rows else "<p class='small'>no cues within reach: score 0 → neutral</p>")
            parts.append(f"<div class='mention'><p><span class='who'>{_e(actor_name(a.actors, m.actor))}</span> "
                         f"<span class='via'>via {_e(m.via)}</span> <b>{_num(float(m.score), 3)}</b> "
                         f"{_label_badge(str(m.label))}</p><p class='sentence'>"
                         f"{marked_html(str(m.sentence), spans)}</p>{cue_table}</div>")
        meta = [("source", source_label(text.source, text.language)), ("title", text.title), ("date", text.date),
                ("url", text.url), ("translation of", text.translation_of), ("file", text.path),
                ("boilerplate removed", f"{int(text.chars_removed):,} characters")]
        meta_html = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta if str(v))
        body = (f"<p><a href='../index.html'>← back to the report</a></p><h1>{_e(text.doc_id)}</h1>"
                f"<dl class='meta'>{meta_html}</dl><h2>Stance per actor</h2>"
                + (_table_html(["actor", "mentions", "stance", "CI low", "CI high", "label"], rows, "numbers")
                   if rows else "<p>No actor is mentioned.</p>")
                + "<h2>Every mention</h2><p class='small'>score = S / sqrt(S² + "
                f"{a.config.alpha:g}) where S is the sum of the contributions below.</p>" + "".join(parts))
        page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(text.doc_id)}</title>"
                f"<style>{css}</style></head><body><main>{body}</main></body></html>")
        (folder / f"{pages[text.doc_id]}.html").write_text(page, encoding="utf-8")


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _write_markdown(analysis: Analysis, staging: Path, settings: ReportSettings) -> str:
    a = analysis
    figures = staging / "figures"
    figures.mkdir()
    heat, actor_figures, agreement_figure = _figures(a, settings)
    try:
        heat.savefig(figures / "heatmap.png", dpi=120)
        actor_files = []
        for actor, figure in actor_figures:
            name = f"actor-{_page_names([actor])[actor]}.png"
            figure.savefig(figures / name, dpi=120)
            actor_files.append((actor, name))
        agreement_figure.savefig(figures / "agreement.png", dpi=120)
    finally:
        _close(heat, agreement_figure, *(f for _, f in actor_figures))
    pages = _page_names(list(a.texts["doc_id"]))
    facts = method_facts(a, settings)
    out = [f"# Stance report: {_md_escape(a.corpus_path or 'corpus')}", "",
           f"{len(a.texts)} documents from {a.texts['source'].nunique()} sources, {len(a.mentions)} mentions of "
           f"{a.mentions['actor'].nunique()} actors; {len(a.skipped)} item(s) skipped. A mention scores from −1 "
           "(hostile) to +1 (favorable); a source's stance is the mean of its mention scores with a 95% "
           "confidence interval (CI).", "",
           "## 1. Source × actor", "", "![Heatmap of stance by source and actor](figures/heatmap.png)", "",
           f"Hatched cells have fewer than {settings.min_mentions} mentions (low n); grey cells have none.", "",
           "## 2. Each actor across sources", ""]
    for actor, name in actor_files:
        contrast = actor_contrast(a, actor, settings.min_mentions)
        out += [f"### {_md_escape(actor_name(a.actors, actor))}", ""]
        if contrast:
            out += [_md_escape(contrast.sentence), ""] + [f"- {_md_escape(s)}" for s in contrast.comparisons]
            out += ([""] if contrast.comparisons else []) + ([_md_escape(contrast.caveat), ""] if contrast.caveat else [])
        out += [f"![{_md_escape(actor_name(a.actors, actor))} by source](figures/{name})", ""]
    out += ["## 3. Evidence", "",
            "Every mention, per document: the actor **<u>bold and underlined</u>**, each cue *in italics* "
            "with its contribution, shifters ~struck~. Full tables: `mentions.csv`, `cues.csv`.", ""]
    doc_rows = [[f"[{_md_escape(t.doc_id)}](documents/{pages[t.doc_id]}.md)", _md_escape(t.title),
                 _md_escape(source_label(t.source, t.language)), str(t.n_mentions)]
                for t in a.texts.itertuples(index=False)]
    out += [_md_table(["document", "title", "source", "mentions"], doc_rows), ""]
    rate = a.agreement_rate
    out += ["## 4. Translation agreement", ""]
    if rate is None:
        out += ["No original/translation pairs with enough mentions to compare.", ""]
    else:
        out += [f"{int(a.agreement['agree'].sum())} of {len(a.agreement)} document–actor pairs ({rate:.0%}) get the "
                f"same label in the original and the translation (actors with ≥ {a.config.agreement_min_mentions} "
                "mentions in both).", ""]
    out += ["![Native against translated stance](figures/agreement.png)", "", "## 5. Method and caveats", ""]
    out += [_md_table(["language", "documents", "lexicon entries"],
                      [[c, str(n), "not installed" if s is None else f"{s:,}"] for c, n, s in facts.languages]), ""]
    out += [f"- **{k}**: {_md_escape(v)}" for k, v in facts.thresholds] + [""]
    out += ([_md_table(["boilerplate removed", "pieces", "characters"],
                       [[_md_escape(r), str(n), f"{c:,}"] for r, n, c in facts.cleaning]), ""]
            if facts.cleaning else ["No boilerplate was removed.", ""])
    out += ([_md_table(["skipped item", "stage", "reason"],
                       [[_md_escape(i), _md_escape(s), _md_escape(r)] for i, s, r in facts.skipped]), ""]
            if facts.skipped else ["No item was skipped.", ""])
    if facts.accuracy_rows:
        header, *rows = facts.accuracy_rows
        out += [f"Accuracy on held-out dev data ({_md_escape(facts.accuracy_title)}):", "",
                _md_table([_md_escape(h) for h in header], [[_md_escape(c) for c in r] for r in rows]), ""]
    else:
        out += ["Accuracy: not measured (no `bench/accuracy.md`).", ""]
    (staging / "report.md").write_text("\n".join(out), encoding="utf-8")
    folder = staging / "documents"
    folder.mkdir()
    for text in a.texts.itertuples(index=False):
        lines = [f"# {_md_escape(text.doc_id)}", "", "[← back to the report](../report.md)", "",
                 f"{_md_escape(source_label(text.source, text.language))} — {_md_escape(text.title)}", ""]
        for m in _document_mentions(a, text.doc_id).itertuples(index=False):
            cues = json.loads(m.cues) if m.cues else []
            spans = mention_spans(str(m.sentence), int(m.sentence_start), int(m.start), int(m.end), cues)
            lines.append(f"- **{_md_escape(actor_name(a.actors, m.actor))}** {signed(float(m.score), 3)} "
                         f"{m.label}: {marked_markdown(str(m.sentence), spans)}")
        (folder / f"{pages[text.doc_id]}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "report.md"
