"""The pipeline: corpus → clean → language → sentences → mentions → scores → profiles.

:func:`analyze` is the one call most users need; :class:`Analyzer` holds the loaded resources
(rules, lexicons, actors) so that several corpora can be analysed without reloading them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stance.actors import ActorCatalog, Mention
from stance.clean import Cleaner, CleanText
from stance.corpus import Corpus, Document, Skip, load_corpus
from stance.errors import UnknownDocumentError, UnsupportedLanguageError
from stance.language import Detection, LanguageDetector, LanguageRules, available_languages, load_rules
from stance.lexicon import SentimentLexicon, load_lexicon
from stance.reference import ReferenceScorer
from stance.score import LexiconScorer, MentionScore, ScoringConfig
from stance.text import Sentence, TextSplitter

if TYPE_CHECKING:
    import pandas as pd

    from stance.model import ModelSet

    from stance.plot import AnalysisPlots

#: The cue list of a mention as JSON (one encoder for every mention: ``json.dumps`` with
#: options builds a new one per call).
_CUE_JSON = json.JSONEncoder(ensure_ascii=False).encode

MENTION_COLUMNS = ["mention_id", "doc_id", "source", "language", "actor", "sentence_id", "sentence_start", "start",
                   "end",
                   "mention", "via", "sentence", "score", "label", "n_cues", "cues", "sentence_tone",
                   "vader_compound", "textblob_polarity", "translation_of", "lexicon_score",
                   "p_hostile", "p_neutral", "p_favorable", "model_terms"]
CUE_COLUMNS = ["mention_id", "doc_id", "actor", "term", "entry", "weight", "shifts", "shift", "distance",
               "proximity", "clause", "competitor", "contribution", "start", "end"]
TEXT_COLUMNS = ["doc_id", "source", "language", "declared_language", "detected_language",
                "language_confidence", "title", "date", "url", "translation_of", "encoding", "chars_raw",
                "chars_clean", "chars_removed", "n_sentences", "n_mentions", "path"]
CLEANING_COLUMNS = ["doc_id", "reason", "chars", "excerpt"]
SKIP_COLUMNS = ["item", "source", "stage", "reason", "path"]


@dataclass
class LanguageKit:
    """Everything needed to process one language."""

    rules: LanguageRules
    splitter: TextSplitter
    lexicon: SentimentLexicon
    scorer: LexiconScorer


@dataclass
class PreparedDocument:
    """A document made ready for scoring by :meth:`Analyzer.prepare`.

    ``skip`` is set when the document is left out; then only ``cleaned`` (and, for a language
    skip, ``detection`` and ``language``) is filled in.
    """

    cleaned: CleanText
    detection: Detection | None = None
    language: str = ""
    kit: LanguageKit | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    skip: Skip | None = None


@dataclass
class _DocumentResult:
    text: dict[str, object] | None = None
    cleaning: list[dict[str, object]] = field(default_factory=list)
    mentions: list[dict[str, object]] = field(default_factory=list)
    cues: list[dict[str, object]] = field(default_factory=list)
    skip: Skip | None = None


class Analyzer:
    """Analyse corpora with one set of actors, languages, lexicons and scoring constants.

    Parameters
    ----------
    actors
        An actors file or an :class:`ActorCatalog`; by default the shipped actors.
    languages
        Language codes to accept; by default every language with rules and a lexicon.
    config
        Scoring constants; by default the shipped ``scoring.toml``.
    reference
        Add VADER and TextBlob columns for English sentences.
    lexicon_root
        A folder laid out like ``lexicons/`` to use instead of the shipped one.
    model
        The mention scorer: ``None`` or ``"lexicon"`` (the default) for the lexicon scorer;
        ``"default"`` for the learned model shipped in the lexicon folder (``model.json``); a
        model file written by ``stance train``, or a loaded :class:`~stance.model.ModelSet`.
    """

    def __init__(self, actors: str | Path | ActorCatalog | None = None,
                 languages: list[str] | None = None, config: ScoringConfig | None = None,
                 reference: bool = True, lexicon_root: Path | None = None,
                 model: str | Path | ModelSet | None = None) -> None:
        self.lexicon_root = lexicon_root
        self.model = _load_model(model, lexicon_root)
        supported = available_languages(lexicon_root)
        for code in languages or []:
            if code not in supported:
                raise UnsupportedLanguageError(code, supported)
        self.languages = list(languages or supported)
        self.actors = actors if isinstance(actors, ActorCatalog) else ActorCatalog.from_file(actors)
        self.config = config or ScoringConfig.from_file(lexicon_root / "scoring.toml" if lexicon_root else None)
        self.cleaner = Cleaner(lexicon_root / "boilerplate.toml" if lexicon_root else None)
        self.detector = LanguageDetector(self.languages)
        self.reference = ReferenceScorer() if reference else None
        self._kits: dict[str, LanguageKit] = {}

    def kit(self, language: str) -> LanguageKit:
        """The loaded rules, splitter, lexicon and scorer of a language (cached)."""
        if language not in self._kits:
            rules = load_rules(language, self.lexicon_root)
            lexicon = load_lexicon(language, self.lexicon_root)
            if self.model is None:
                scorer = LexiconScorer(lexicon, rules, self.config)
            else:
                from stance.model import LearnedScorer  # numpy and scikit-learn only when asked for

                scorer = LearnedScorer(lexicon, rules, self.model.for_language(language), self.config)
            self._kits[language] = LanguageKit(rules, TextSplitter(rules), lexicon, scorer)
        return self._kits[language]

    def analyze(self, corpus: str | Path | Corpus, progress: bool = False) -> Analysis:
        """Analyse a corpus (a path or a loaded :class:`Corpus`)."""
        import pandas as pd

        if not isinstance(corpus, Corpus):
            corpus = load_corpus(corpus)
        results = []
        documents = corpus.documents
        if progress:
            from tqdm import tqdm

            documents = tqdm(documents, unit="doc", desc="analyse", leave=False)
        for document in documents:
            results.append(self.process(document))
        skipped = list(corpus.skipped) + [r.skip for r in results if r.skip is not None]
        tables = row_tables(results)
        texts, mentions = tables["texts"], tables["mentions"]
        from stance.profiles import aggregate_corpus

        aggregated = aggregate_corpus(mentions, texts, self.config)
        return Analysis(
            mentions=mentions,
            cues=tables["cues"],
            documents=aggregated.documents,
            profiles=aggregated.profiles,
            agreement=aggregated.agreement,
            texts=texts,
            cleaning=tables["cleaning"],
            skipped=pd.DataFrame([_skip_record(s) for s in skipped], columns=SKIP_COLUMNS),
            config=self.config,
            actors=self.actors,
            corpus_path=corpus.path,
        )

    def prepare(self, document: Document) -> PreparedDocument:
        """Clean a document, settle its language, split it and find its actor mentions.

        The steps before scoring, shared by :meth:`process` and the lexicon coverage check
        (:func:`stance.check.coverage`). A document left with no text after cleaning, or in a
        language that is not supported (declared, or detected with confidence), comes back
        with ``skip`` set and without language kit, sentences or mentions.
        """
        cleaned = self.cleaner.clean(document.text)
        if not cleaned.text.strip():
            return PreparedDocument(cleaned, skip=Skip(
                document.doc_id, "clean",
                f"nothing left after cleaning ({cleaned.chars_removed} characters of boilerplate)",
                document.source, document.path))
        detection = self.detector.detect(cleaned.text)
        language = document.language or detection.language
        if document.language and document.language not in self.languages:
            return PreparedDocument(cleaned, detection, language, skip=Skip(
                document.doc_id, "language",
                f"declared language '{document.language}' is not supported "
                f"(supported: {', '.join(self.languages)})", document.source, document.path))
        if not document.language and self.detector.is_unsupported(detection):
            return PreparedDocument(cleaned, detection, language, skip=Skip(
                document.doc_id, "language",
                f"detected language '{detection.best_overall}' "
                f"(p={detection.best_overall_confidence:.2f}) is not supported "
                f"(supported: {', '.join(self.languages)}); set 'language' in the manifest "
                "if the detection is wrong", document.source, document.path))
        kit = self.kit(language)
        sentences = kit.splitter.sentences(cleaned.text)
        mentions = self.actors.find_mentions(sentences, kit.rules, self.config.pronoun_window)
        return PreparedDocument(cleaned, detection, language, kit=kit, sentences=sentences, mentions=mentions)

    def process(self, document: Document) -> _DocumentResult:
        """Run one document through the pipeline."""
        result = _DocumentResult()
        prepared = self.prepare(document)
        cleaned = prepared.cleaned
        result.cleaning = [{"doc_id": document.doc_id, "reason": r.reason, "chars": r.chars,
                            "excerpt": r.excerpt} for r in cleaned.removals]
        if prepared.skip is not None:
            result.skip = prepared.skip
            return result
        detection, language, kit = prepared.detection, prepared.language, prepared.kit
        sentences, mentions = prepared.sentences, prepared.mentions
        assert detection is not None and kit is not None
        by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence_id, []).append(mention)
        use_reference = self.reference is not None and self.reference.supports(language)
        for sentence_id, in_sentence in by_sentence.items():
            sentence = sentences[sentence_id]
            taken = {i for m in in_sentence for i in range(m.token_start, m.token_end)}
            sentence_cues = kit.scorer.sentence_cues(sentence, taken)
            tone = kit.scorer.tone(sentence, sentence_cues)
            vader = self.reference.vader(sentence.text) if use_reference else float("nan")
            blob = self.reference.textblob(sentence.text) if use_reference else float("nan")
            for mention in in_sentence:
                others = [m for m in in_sentence if m is not mention]
                scored = kit.scorer.score(sentence, mention, others, sentence_cues)
                mention_id = f"{document.doc_id}#{sentence_id}:{mention.start}"
                cue_records = [c.as_record() for c in scored.cues]
                result.mentions.append({
                    "mention_id": mention_id, "doc_id": document.doc_id, "source": document.source,
                    "language": language, "actor": mention.actor, "sentence_id": sentence_id,
                    "sentence_start": sentence.start,
                    "start": mention.start, "end": mention.end, "mention": mention.text,
                    "via": mention.via, "sentence": sentence.text, "score": scored.score,
                    "label": scored.label, "n_cues": len(scored.cues),
                    "cues": _CUE_JSON(cue_records), "sentence_tone": tone,
                    "vader_compound": vader, "textblob_polarity": blob,
                    "translation_of": document.translation_of, **_model_columns(scored),
                })
                for record in cue_records:
                    result.cues.append({"mention_id": mention_id, "doc_id": document.doc_id,
                                        "actor": mention.actor, **record,
                                        "shifts": "; ".join(record["shifts"])})  # type: ignore[arg-type]
        result.text = {
            "doc_id": document.doc_id, "source": document.source, "language": language,
            "declared_language": document.language or "", "detected_language": detection.language,
            "language_confidence": detection.confidence, "title": document.title, "date": document.date,
            "url": document.url, "translation_of": document.translation_of, "encoding": document.encoding,
            "chars_raw": len(document.text), "chars_clean": len(cleaned.text),
            "chars_removed": cleaned.chars_removed, "n_sentences": len(sentences),
            "n_mentions": len(mentions), "path": document.path,
        }
        return result


def row_tables(results: list[_DocumentResult]) -> dict[str, pd.DataFrame]:
    """The per-document tables (mentions, cues, texts, cleaning) of processed documents.

    One function for the whole corpus in memory and for one chunk of a streamed run, so both
    produce the same columns and dtypes.
    """
    import pandas as pd

    def frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=columns)

    mentions = frame([m for r in results for m in r.mentions], MENTION_COLUMNS)
    mentions = mentions.astype({"score": float, "sentence_tone": float, "vader_compound": float,
                                "textblob_polarity": float, "lexicon_score": float, "p_hostile": float,
                                "p_neutral": float, "p_favorable": float})
    return {
        "mentions": mentions,
        "cues": frame([c for r in results for c in r.cues], CUE_COLUMNS),
        "texts": frame([r.text for r in results if r.text is not None], TEXT_COLUMNS),
        "cleaning": frame([c for r in results for c in r.cleaning], CLEANING_COLUMNS),
    }


def _model_columns(scored: MentionScore) -> dict[str, object]:
    """The learned scorer's columns of a mention (lexicon score, class probabilities, terms)."""
    probabilities = getattr(scored, "probabilities", None)  # only a LearnedScore has them
    if probabilities is None:
        return {"lexicon_score": scored.score, "p_hostile": math.nan, "p_neutral": math.nan,
                "p_favorable": math.nan, "model_terms": "[]"}
    hostile, neutral, favorable = probabilities
    terms = [{"feature": f, "value": v, "weight": w, "logit": c} for f, v, w, c in scored.contributions]  # type: ignore[attr-defined]
    return {"lexicon_score": scored.lexicon_score, "p_hostile": hostile, "p_neutral": neutral,
            "p_favorable": favorable, "model_terms": _CUE_JSON(terms)}


def _load_model(model: str | Path | ModelSet | None, root: Path | None) -> ModelSet | None:
    """Resolve the ``model`` argument of :class:`Analyzer` (see there)."""
    if model is None or (isinstance(model, (str, Path)) and str(model) == "lexicon"):
        return None
    from stance.model import ModelSet, default_model_path

    if isinstance(model, ModelSet):
        return model
    if str(model) == "default":
        return ModelSet.load(default_model_path(root))
    return ModelSet.load(model)


def _skip_record(skip: Skip) -> dict[str, object]:
    return {"item": skip.item, "source": skip.source, "stage": skip.stage, "reason": skip.reason,
            "path": skip.path}


@dataclass
class Analysis:
    """The result of analysing a corpus: tables with stable, documented columns.

    Attributes
    ----------
    mentions
        One row per mention with its score, label and cues (JSON).
    cues
        One row per cue of a mention: every factor of its contribution.
    documents
        One row per (document, actor): mean stance, 95% CI, label.
    profiles
        One row per (source, actor): mean stance, 95% CI, label.
    agreement
        Original vs translation labels per (document, actor).
    texts
        One row per analysed document: language, sizes, cleaning, counts.
    cleaning
        One row per removed piece of boilerplate.
    skipped
        One row per item left out, with the reason.
    """

    mentions: pd.DataFrame
    cues: pd.DataFrame
    documents: pd.DataFrame
    profiles: pd.DataFrame
    agreement: pd.DataFrame
    texts: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    config: ScoringConfig
    actors: ActorCatalog
    corpus_path: str = ""

    @property
    def agreement_rate(self) -> float | None:
        """Share of compared (document, actor) pairs where original and translation agree."""
        from stance.profiles import agreement_rate

        return agreement_rate(self.agreement)

    @property
    def plot(self) -> AnalysisPlots:
        """Figures of this analysis: ``.plot.heatmap()``, ``.plot.actor("musk")``, ``.plot.agreement()``."""
        from stance.plot import AnalysisPlots

        return AnalysisPlots(self)

    def _repr_html_(self) -> str:
        """A compact summary for Jupyter: counts, the profiles table, translation agreement."""
        from stance.report import summary_html

        return summary_html(self)

    def explain(self, doc_id: str, actor: str) -> pd.DataFrame:
        """The cues behind every mention of ``actor`` in ``doc_id``, one row per cue.

        Mentions without cues appear once with empty cue columns.
        """
        self.actors[actor]  # raises UnknownActorError listing the known ids
        if doc_id not in set(self.texts["doc_id"]):
            raise UnknownDocumentError(doc_id, self.texts["doc_id"])
        chosen = self.mentions[(self.mentions["doc_id"] == doc_id) & (self.mentions["actor"] == actor)]
        columns = ["mention_id", "sentence_id", "mention", "via", "score", "label"]
        merged = chosen[columns].merge(self.cues.drop(columns=["doc_id", "actor"]), on="mention_id", how="left")
        return merged.reset_index(drop=True)


def analyze(path: str | Path | Corpus, actors: str | Path | None = None,
            languages: list[str] | None = None, progress: bool = False) -> Analysis:
    """Analyse a corpus and return its mentions, documents and profiles.

    Parameters
    ----------
    path
        A folder of texts (optionally with ``manifest.csv``) or a table file; see
        :func:`stance.corpus.load_corpus`.
    actors
        An actors TOML file; by default the shipped ``lexicons/actors.toml``.
    languages
        Language codes to accept; by default all installed.
    progress
        Show a progress bar.

    Examples
    --------
    >>> a = analyze("seeds")
    >>> row = a.documents.query("doc_id == '004_0fbfe6249f737cbd' and actor == 'musk'").iloc[0]
    >>> row["label"]
    'hostile'
    """
    return Analyzer(actors=actors, languages=languages).analyze(path, progress=progress)
