"""The learned scorer: a logistic regression over the lexicon scorer's cue features.

:class:`StanceModel` is a scikit-learn classifier over feature mappings (``{name: value}``,
as made by :func:`stance.features.mention_features`); :class:`MentionFeaturizer` turns
labelled targets into such mappings, so the two compose in a ``Pipeline``. A trained model is
stored as plain JSON (feature names, coefficients, intercepts), never pickled, and a
:class:`ModelSet` keeps one model per language that had training data plus a shared
cue-only model for every other language.

:class:`LearnedScorer` scores a mention as ``P(favorable) − P(hostile)`` and keeps both the
lexicon cues and the per-feature contributions, so every score can still be explained.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from stance.actors import Mention
from stance.errors import ModelError
from stance.features import mention_features
from stance.language import LanguageRules
from stance.lexicon import SentimentLexicon
from stance.resources import lexicon_dir
from stance.score import LABELS, LexiconScorer, MentionScore, ScoringConfig
from stance.text import Sentence

FORMAT = "stance-model/1"
#: Language key of the shared, cue-only model.
SHARED = "*"
#: The classes every model predicts: hostile, neutral, favorable.
CLASSES = (-1, 0, 1)
#: The model used by default: shipped with the lexicons.
DEFAULT_MODEL = "model.json"


class StanceModel(ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression over mention feature mappings.

    Parameters
    ----------
    C
        Inverse regularisation strength.
    class_weight
        ``"balanced"`` (default) or None, as in scikit-learn.
    words
        Use the word features (``word:*``); when False only the cue features (``cue:*``).
    max_iter
        Iterations of the solver.

    Examples
    --------
    >>> X = [{"cue:total": -1.0}, {"cue:total": 0.0}, {"cue:total": 1.0}] * 5
    >>> y = [-1, 0, 1] * 5
    >>> StanceModel(C=10).fit(X, y).predict([{"cue:total": 0.9}]).tolist()
    [1]
    """

    def __init__(self, C: float = 0.3, class_weight: str | None = "balanced", words: bool = True,
                 max_iter: int = 3000) -> None:
        self.C = C
        self.class_weight = class_weight
        self.words = words
        self.max_iter = max_iter

    def _select(self, X: Sequence[Mapping[str, float]]) -> list[dict[str, float]]:
        if isinstance(X, Mapping) or isinstance(X, str):
            raise TypeError(f"X must be a sequence of feature mappings, got {type(X).__name__}")
        return [{k: float(v) for k, v in row.items() if self.words or k.startswith("cue:")} for row in X]

    def fit(self, X: Sequence[Mapping[str, float]], y: Sequence[int]) -> StanceModel:
        """Fit on feature mappings ``X`` and labels ``y`` (-1, 0, 1)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        rows = self._select(X)
        labels = np.asarray(y)
        if len(rows) != len(labels):
            raise ValueError(f"X has {len(rows)} rows but y has {len(labels)} labels")
        found = sorted(set(labels.tolist()))
        if found != list(CLASSES):
            raise ValueError(f"need labels of all three classes -1 (hostile), 0 (neutral) and 1 (favorable) "
                             f"to fit, got {found}")
        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform(rows)
        regression = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        regression.fit(matrix, labels)
        self.classes_ = regression.classes_
        self.feature_names_ = [str(n) for n in vectorizer.get_feature_names_out()]
        self.coef_ = regression.coef_
        self.intercept_ = regression.intercept_
        self.n_features_in_ = len(self.feature_names_)
        self._index()
        return self

    def _index(self) -> None:
        self.vocabulary_ = {name: i for i, name in enumerate(self.feature_names_)}
        classes = self.classes_.tolist()
        self._rows = (classes.index(-1), classes.index(0), classes.index(1))

    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this StanceModel is not fitted yet; call fit() or StanceModel.from_dict()")

    def decision_function(self, X: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The logit of each class for each row (features unknown to the model are ignored)."""
        self._check()
        rows = self._select(X)
        out = np.tile(self.intercept_, (len(rows), 1)).astype(float)
        for r, row in enumerate(rows):
            for name, value in row.items():
                column = self.vocabulary_.get(name)
                if column is not None:
                    out[r] += self.coef_[:, column] * value
        return out

    def predict_proba(self, X: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        logits = self.decision_function(X)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The most probable class of each row."""
        self._check()
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def contributions(self, row: Mapping[str, float]) -> list[tuple[str, float, float, float]]:
        """How each feature moves favourable against hostile: (feature, value, weight, logit).

        ``weight`` is the coefficient of the favourable class minus that of the hostile class;
        ``logit = weight × value``; the first item is ``(intercept)`` with value 1. The logits
        add up to log(P(favorable) / P(hostile)). Sorted by absolute effect after the intercept.
        """
        return self.explain_row(row)[1]

    def explain_row(self, row: Mapping[str, float]) -> tuple[tuple[float, float, float],
                                                             list[tuple[str, float, float, float]]]:
        """One row's (P(hostile), P(neutral), P(favorable)) and its :meth:`contributions`."""
        self._check()
        names, columns, values = [], [], []
        for name, value in row.items():
            column = self.vocabulary_.get(name)
            if column is not None and (self.words or name.startswith("cue:")):
                names.append(name)
                columns.append(column)
                values.append(float(value))
        coef = self.coef_[:, columns]
        vector = np.asarray(values)
        logits = self.intercept_ + coef @ vector
        exp = np.exp(logits - logits.max())
        probabilities = exp / exp.sum()
        hostile, neutral, favorable = self._rows
        weights = coef[favorable] - coef[hostile]
        terms = sorted(zip(names, values, weights.tolist(), (weights * vector).tolist()), key=lambda t: -abs(t[3]))
        intercept = float(self.intercept_[favorable] - self.intercept_[hostile])
        return ((float(probabilities[hostile]), float(probabilities[neutral]), float(probabilities[favorable])),
                [("(intercept)", 1.0, intercept, intercept), *terms])

    # -- plain-data storage ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The parameters and learned weights as plain JSON-ready data."""
        self._check()
        return {"params": self.get_params(), "classes": self.classes_.tolist(),
                "intercept": self.intercept_.tolist(), "features": self.feature_names_,
                "coef": self.coef_.tolist()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StanceModel:
        """Rebuild a fitted model from :meth:`to_dict` output."""
        model = cls(**data.get("params", {}))
        model.classes_ = np.asarray(data["classes"])
        model.feature_names_ = list(data["features"])
        model.coef_ = np.asarray(data["coef"], dtype=float)
        model.intercept_ = np.asarray(data["intercept"], dtype=float)
        if model.coef_.shape != (len(model.classes_), len(model.feature_names_)):
            raise ValueError(f"coef has shape {model.coef_.shape}, expected "
                             f"({len(model.classes_)}, {len(model.feature_names_)})")
        if sorted(model.classes_.tolist()) != [-1, 0, 1]:
            raise ValueError(f"classes must be -1, 0, 1, got {model.classes_.tolist()}")
        model.n_features_in_ = len(model.feature_names_)
        model._index()
        return model


class MentionFeaturizer(TransformerMixin, BaseEstimator):
    """Turn labelled targets (:class:`stance.evaluate.Target`) into feature mappings.

    Parameters
    ----------
    analyzer
        The :class:`stance.pipeline.Analyzer` whose splitter, lexicons and actors are used;
        by default a new one with the shipped data.
    """

    def __init__(self, analyzer: Any = None) -> None:
        self.analyzer = analyzer

    def fit(self, X: Sequence[Any], y: Sequence[int] | None = None) -> MentionFeaturizer:
        return self

    def transform(self, X: Sequence[Any]) -> list[dict[str, float]]:
        from stance.evaluate import target_mention
        from stance.pipeline import Analyzer

        analyzer = self.analyzer if self.analyzer is not None else Analyzer(reference=False, model="lexicon")
        rows = []
        for target in X:
            found = target_mention(target, analyzer)
            if found is None:
                rows.append({})
                continue
            kit, sentence, mention, others = found
            rows.append(mention_features(_plain(kit.scorer), sentence, mention, others).values)
        return rows


@dataclass
class ModelSet:
    """Models by language, with the shared cue-only model under :data:`SHARED`.

    ``info`` holds the datasheet fields stored with the weights (training data, date, dev scores).
    """

    models: dict[str, StanceModel]
    info: dict[str, Any] = field(default_factory=dict)

    def for_language(self, language: str) -> StanceModel:
        """The language's own model, or the shared one."""
        model = self.models.get(language) or self.models.get(SHARED)
        if model is None:
            raise ModelError(f"the model has no weights for language '{language}' and no shared model")
        return model

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "info": self.info,
                "models": {language: model.to_dict() for language, model in sorted(self.models.items())}}

    def save(self, path: str | Path) -> Path:
        """Write the weights as JSON (atomically: a temporary file renamed into place)."""
        from stance.output import write_json

        return write_json(self.to_dict(), path, indent=None)

    @classmethod
    def load(cls, path: str | Path) -> ModelSet:
        """Read a model file written by :meth:`save`; errors name the file and the fix."""
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"{path}: model file not found; train one with 'stance train' or use --model lexicon")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(f"{path}: not a JSON model file ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{path}: not a stance model (expected \"format\": \"{FORMAT}\")")
        try:
            models = {language: StanceModel.from_dict(raw) for language, raw in data["models"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{path}: malformed weights ({exc})") from None
        if not models:
            raise ModelError(f"{path}: the model file holds no weights")
        return cls(models, data.get("info", {}))


def default_model_path(root: Path | None = None) -> Path:
    """Where the shipped model lives (``lexicons/model.json``)."""
    return (root or lexicon_dir()) / DEFAULT_MODEL


@dataclass(frozen=True)
class LearnedScore(MentionScore):
    """A mention scored by the learned model: the lexicon cues plus the model's reasoning.

    ``score`` is ``P(favorable) − P(hostile)``, the expected polarity; ``label`` is the most
    probable class; ``lexicon_score`` is what the lexicon scorer alone gives.
    """

    lexicon_score: float = math.nan
    probabilities: tuple[float, float, float] = (math.nan, math.nan, math.nan)  # hostile, neutral, favorable
    contributions: tuple[tuple[str, float, float, float], ...] = ()


class LearnedScorer(LexiconScorer):
    """Score mentions with a :class:`StanceModel` over the lexicon scorer's cue features.

    The score is ``P(favorable) − P(hostile)`` in (-1, 1); the cues are the lexicon scorer's.
    """

    def __init__(self, lexicon: SentimentLexicon, rules: LanguageRules, model: StanceModel,
                 config: ScoringConfig | None = None) -> None:
        super().__init__(lexicon, rules, config)
        self.model = model
        self.plain = LexiconScorer(lexicon, rules, self.config)

    def score(self, sentence: Sentence, mention: Mention, others: Sequence[Mention] = (),
              cues: list | None = None) -> LearnedScore:
        features = mention_features(self.plain, sentence, mention, others, cues, words=self.model.words)
        probabilities, terms = self.model.explain_row(features.values)
        hostile, neutral, favorable = probabilities
        lexicon = features.lexicon
        label = LABELS[int(np.argmax(probabilities))]
        return LearnedScore(favorable - hostile, lexicon.total, lexicon.cues, label, lexicon.score,
                            probabilities, tuple(terms))


def _plain(scorer: LexiconScorer) -> LexiconScorer:
    """The lexicon scorer behind a scorer: features always come from the lexicon cues."""
    return scorer.plain if isinstance(scorer, LearnedScorer) else scorer


def model_info(training: Mapping[str, Any], dev: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The datasheet fields stored with a model."""
    return {"trained": dt.date.today().isoformat(), "training": dict(training), "dev": dict(dev or {})}


#: Regularisation strengths tried by cross-validation in :func:`train`.
C_GRID = (0.1, 0.3, 1.0)


def train(targets: Sequence[Any], analyzer: Any = None, *, min_targets: int = 300,
          folds: int = 3, grid: Sequence[float] = C_GRID, seed: int = 0,
          info: Mapping[str, Any] | None = None) -> ModelSet:
    """Train a :class:`ModelSet` on labelled targets (:class:`stance.evaluate.Target`).

    A shared cue-only model is fitted on every target, and each language with at least
    ``min_targets`` targets of all three classes gets its own model with word features.
    ``C`` is chosen per model by stratified ``folds``-fold cross-validation on F1 macro over
    ``grid``, so no dev data is needed.
    """
    if not targets:
        raise ModelError("no labelled targets to train on")
    y = np.asarray([t.label for t in targets])
    missing = sorted(set(CLASSES) - set(y.tolist()))
    if missing:
        raise ModelError(f"the targets have no label {', '.join(map(str, missing))}: a model needs examples "
                         "of all three classes (-1 hostile, 0 neutral, 1 favorable)")
    X = MentionFeaturizer(analyzer).transform(targets)
    languages = np.asarray([t.language for t in targets])
    chosen: dict[str, Any] = {}
    models = {SHARED: _fit_cv(StanceModel(words=False), X, y, folds, grid, seed, chosen, SHARED)}
    for language in sorted(set(languages.tolist())):
        rows = np.flatnonzero(languages == language)
        if len(rows) < min_targets or set(y[rows].tolist()) != set(CLASSES):
            continue  # too few targets, or not all three classes: the shared model serves it
        models[language] = _fit_cv(StanceModel(words=True), [X[i] for i in rows], y[rows], folds, grid,
                                   seed, chosen, language)
    counts = {language: int((languages == language).sum()) for language in sorted(set(languages.tolist()))}
    details = {"targets": counts, "cross_validation": chosen, **(info or {})}
    return ModelSet(models, model_info(details))


def _fit_cv(model: StanceModel, X: list[dict[str, float]], y: np.ndarray, folds: int,
            grid: Sequence[float], seed: int, chosen: dict[str, Any], name: str) -> StanceModel:
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    smallest = int(min(np.unique(y, return_counts=True)[1]))
    folds = min(folds, smallest)
    try:
        if folds < 2 or len(grid) < 2:
            chosen[name] = {"C": model.C, "cv_f1_macro": None}
            return model.fit(X, y)
        search = GridSearchCV(model, {"C": list(grid)}, scoring="f1_macro",
                              cv=StratifiedKFold(folds, shuffle=True, random_state=seed), refit=True)
        search.fit(X, y)
    except ValueError as exc:
        raise ModelError(f"cannot fit the {name} model: {exc}") from None
    chosen[name] = {"C": float(search.best_params_["C"]), "cv_f1_macro": float(search.best_score_)}
    return search.best_estimator_
