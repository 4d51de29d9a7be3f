"""The learned scorer: estimator contract, plain-data storage, training and scoring."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stance.errors import ModelError
from stance.evaluate import Target
from stance.model import SHARED, LearnedScorer, MentionFeaturizer, ModelSet, StanceModel, train

POSITIVE = ["Lee is good.", "Everyone says Lee did a good job.", "Lee is very good at this.",
            "A good day for Lee.", "Lee is not bad at all."]
NEGATIVE = ["Lee is bad.", "Lee is terrible.", "The plan of Lee is hot air.", "A bad day for Lee.",
            "Lee is not good."]
NEUTRAL = ["Lee met the board.", "Lee flew to Paris on Monday.", "Lee has two sons.",
           "The meeting with Lee starts at noon.", "Lee wrote a letter."]


def targets(language: str = "xx", copies: int = 4) -> list[Target]:
    out = []
    for label, texts in ((1, POSITIVE), (-1, NEGATIVE), (0, NEUTRAL)):
        for text in texts * copies:
            start = text.index("Lee")
            out.append(Target(len(out) + 1, text, start, start + 3, label, language))
    return out


@pytest.fixture()
def fake_analyzer(fake_root):
    from stance.pipeline import Analyzer

    return Analyzer(actors=fake_root / "actors.toml", lexicon_root=fake_root, reference=False, model="lexicon")


def rows() -> tuple[list[dict[str, float]], list[int]]:
    X = [{"cue:total": -1.0, "cue:neg": -1.0}, {"cue:position": 0.5}, {"cue:total": 1.0, "cue:pos": 1.0}] * 6
    return X, [-1, 0, 1] * 6


def test_fit_returns_self_and_learns_attributes_with_trailing_underscores():
    X, y = rows()
    model = StanceModel(C=10)
    assert model.fit(X, y) is model
    assert model.classes_.tolist() == [-1, 0, 1]
    assert model.coef_.shape == (3, len(model.feature_names_))
    assert model.n_features_in_ == len(model.feature_names_)


def test_init_only_stores_parameters_so_clone_and_get_params_work():
    from sklearn.base import clone

    model = StanceModel(C=0.5, words=False)
    assert clone(model).get_params() == {"C": 0.5, "class_weight": "balanced", "words": False, "max_iter": 3000}


def test_predict_proba_rows_sum_to_one_and_predict_is_their_argmax():
    X, y = rows()
    model = StanceModel(C=10).fit(X, y)
    probabilities = model.predict_proba(X)
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert model.predict(X).tolist() == model.classes_[probabilities.argmax(axis=1)].tolist()
    assert model.predict(X).tolist() == y


def test_our_probabilities_equal_scikit_learns_own():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y = rows()
    model = StanceModel(C=10).fit(X, y)
    vectorizer = DictVectorizer().fit(X)
    reference = LogisticRegression(C=10, class_weight="balanced", max_iter=3000).fit(vectorizer.transform(X), y)
    assert np.allclose(model.predict_proba(X), reference.predict_proba(vectorizer.transform(X)), atol=1e-6)


def test_unknown_features_are_ignored_and_words_can_be_switched_off():
    X, y = rows()
    model = StanceModel(C=10, words=False).fit([{**x, "word:en:good": 1.0} for x in X], y)
    assert not [n for n in model.feature_names_ if n.startswith("word:")]
    assert model.predict([{"cue:total": 1.0, "cue:pos": 1.0, "never:seen": 5.0}]).tolist() == [1]


def test_an_unfitted_model_says_so():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="not fitted"):
        StanceModel().predict([{}])


def test_fit_needs_all_three_classes_and_matching_lengths():
    with pytest.raises(ValueError, match=r"all three classes .* got \[1\]"):
        StanceModel().fit([{"a": 1.0}, {"a": 2.0}], [1, 1])
    with pytest.raises(ValueError, match=r"all three classes .* got \[-1, 1\]"):
        StanceModel().fit([{"a": 1.0}, {"a": 2.0}], [-1, 1])
    with pytest.raises(ValueError, match=r"all three classes .* got \[0, 1, 2\]"):
        StanceModel().fit([{"a": 1.0}, {"a": 2.0}, {"a": 3.0}], [0, 1, 2])
    with pytest.raises(ValueError, match="2 rows but y has 1"):
        StanceModel().fit([{"a": 1.0}, {"a": 2.0}], [1])


def test_weights_round_trip_through_plain_json():
    X, y = rows()
    model = StanceModel(C=10).fit(X, y)
    again = StanceModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert np.allclose(again.predict_proba(X), model.predict_proba(X))
    assert again.get_params() == model.get_params()


def test_contributions_add_up_to_the_favourable_minus_hostile_logit():
    X, y = rows()
    model = StanceModel(C=10).fit(X, y)
    row = {"cue:total": 0.7, "cue:pos": 0.7, "cue:position": 0.2}
    logits = model.decision_function([row])[0]
    classes = model.classes_.tolist()
    expected = logits[classes.index(1)] - logits[classes.index(-1)]
    terms = model.contributions(row)
    assert terms[0][0] == "(intercept)"
    assert terms[0][3] == pytest.approx(model.intercept_[classes.index(1)] - model.intercept_[classes.index(-1)])
    assert sum(c[3] for c in terms) == pytest.approx(expected)


def test_explain_row_gives_the_same_probabilities_as_predict_proba():
    X, y = rows()
    model = StanceModel(C=10).fit(X, y)
    row = {"cue:total": -0.3, "cue:neg": -0.3, "unknown": 2.0}
    probabilities, _ = model.explain_row(row)
    classes = model.classes_.tolist()
    expected = model.predict_proba([row])[0]
    assert probabilities == pytest.approx(tuple(expected[classes.index(c)] for c in (-1, 0, 1)))


def test_the_featurizer_and_model_compose_in_a_pipeline(fake_analyzer):
    from sklearn.pipeline import Pipeline

    data = targets()
    pipeline = Pipeline([("features", MentionFeaturizer(fake_analyzer)), ("model", StanceModel(C=1))])
    pipeline.fit(data, [t.label for t in data])
    probe = [Target(1, "Lee is terrible, bad.", 0, 3, -1, "xx"), Target(2, "Lee is good.", 0, 3, 1, "xx")]
    assert pipeline.predict(probe).tolist() == [-1, 1]


def test_train_gives_a_shared_model_and_one_per_language_with_enough_data(fake_analyzer):
    models = train(targets(), fake_analyzer, min_targets=20)
    assert set(models.models) == {SHARED, "xx"}
    assert models.models[SHARED].words is False and models.models["xx"].words is True
    assert models.info["training"]["targets"] == {"xx": 60}
    assert models.info["training"]["cross_validation"]["xx"]["C"] in (0.1, 0.3, 1.0)


def test_a_language_with_too_few_targets_uses_the_shared_model(fake_analyzer):
    models = train(targets(), fake_analyzer, min_targets=1000)
    assert set(models.models) == {SHARED}
    assert models.for_language("xx") is models.models[SHARED]


def test_train_refuses_no_targets(fake_analyzer):
    with pytest.raises(ModelError, match="no labelled targets"):
        train([], fake_analyzer)


def test_the_learned_scorer_keeps_the_cues_and_scores_the_expected_polarity(fake_root, fake_kit, fake_analyzer):
    models = train(targets(), fake_analyzer, min_targets=20)
    scorer = LearnedScorer(fake_kit.lexicon, fake_kit.rules, models.for_language("xx"), fake_kit.config)
    sentence = fake_kit.splitter.sentences("Lee is terrible.")[0]
    mention = fake_kit.actors.find_mentions([sentence], fake_kit.rules)[0]
    scored = scorer.score(sentence, mention)
    hostile, neutral, favorable = scored.probabilities
    assert scored.score == pytest.approx(favorable - hostile)
    assert scored.label == "hostile"
    assert [c.term for c in scored.cues] == ["terrible"]
    assert scored.lexicon_score == pytest.approx(fake_kit.scorer.score(sentence, mention).score)
    assert scored.contributions and all(len(c) == 4 for c in scored.contributions)


def test_a_saved_model_loads_and_scores_the_same(tmp_path, fake_analyzer):
    models = train(targets(), fake_analyzer, min_targets=20)
    path = models.save(tmp_path / "model.json")
    again = ModelSet.load(path)
    probe = [{"cue:total": -0.4, "word:xx:R:is": 1.0}]
    assert np.allclose(again.for_language("xx").predict_proba(probe), models.for_language("xx").predict_proba(probe))
    assert json.loads(path.read_text())["format"] == "stance-model/1"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(("content", "message"), [
    (None, "model file not found"),
    ("{not json", "not a JSON model file"),
    ('{"format": "other"}', "not a stance model"),
    ('{"format": "stance-model/1", "models": {"*": {"classes": [-1, 0, 1]}}}', "malformed weights"),
    ('{"format": "stance-model/1", "models": {}}', "holds no weights"),
])
def test_a_bad_model_file_is_an_error_naming_it(tmp_path, content, message):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=message) as raised:
        ModelSet.load(path)
    assert str(path) in str(raised.value)


def test_the_analyzer_takes_a_model_file_and_reports_the_model_columns(tmp_path, fake_root, fake_analyzer):
    from stance.corpus import load_corpus
    from stance.pipeline import Analyzer

    path = train(targets(), fake_analyzer, min_targets=20).save(tmp_path / "model.json")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a_1.txt").write_text("Lee is terrible. Lee met the board.", encoding="utf-8")
    analyzer = Analyzer(actors=fake_root / "actors.toml", lexicon_root=fake_root, reference=False,
                        languages=["xx"], model=path)
    corpus = load_corpus(tmp_path / "corpus")
    corpus.documents[0].language = "xx"
    mentions = analyzer.analyze(corpus).mentions
    first = mentions.iloc[0]
    assert first["label"] == "hostile"
    assert first["score"] == pytest.approx(first["p_favorable"] - first["p_hostile"])
    assert json.loads(first["model_terms"])[0].keys() == {"feature", "value", "weight", "logit"}


def test_the_lexicon_scorer_fills_the_model_columns_with_its_own_score(seeds_analysis):
    mentions = seeds_analysis.mentions
    assert (mentions["lexicon_score"] == mentions["score"]).all()
    assert mentions["p_hostile"].isna().all()


def test_the_shipped_model_loads_with_its_datasheet_fields_and_scores_the_seeds():
    from conftest import SEEDS
    from stance.model import default_model_path
    from stance.pipeline import Analyzer

    models = ModelSet.load(default_model_path())
    assert set(models.models) == {SHARED, "en", "ru", "de", "id"}
    assert models.info["training"]["targets"] == {"en": 8739, "ru": 5260, "de": 8735, "id": 8737}
    analysis = Analyzer(model="default").analyze(SEEDS)
    docs = analysis.documents
    gate = docs[docs["doc_id"].str.startswith("004_") & ~docs["doc_id"].str.endswith("_en") & (docs["actor"] == "musk")]
    assert gate.iloc[0]["label"] == "hostile"
    assert analysis.mentions["p_hostile"].between(0, 1).all()


@pytest.mark.parametrize("labels", [(1,), (1, -1)])
def test_training_needs_all_three_classes(fake_analyzer, labels):
    data = [t for t in targets() if t.label in labels]
    with pytest.raises(ModelError, match="a model needs examples of all three classes"):
        train(data, fake_analyzer)


def test_a_language_without_all_three_classes_falls_back_to_the_shared_model():
    from stance.pipeline import Analyzer

    english = [Target(i, text, 0, 4, label, "en") for i, (text, label) in enumerate(
        [("Musk is a brilliant leader.", 1), ("Musk is a disgraceful liar.", -1), ("Musk met the board.", 0)] * 8)]
    russian = [Target(100 + i, "Маск — блестящий лидер.", 0, 4, 1, "ru") for i in range(20)]
    models = train(english + russian, Analyzer(reference=False, languages=["en", "ru"]), min_targets=10)
    assert "en" in models.models and "ru" not in models.models
    assert models.for_language("ru") is models.models[SHARED]


def test_the_shipped_model_knows_every_cue_feature_the_seeds_produce(seeds_analysis):
    from stance.features import mention_features
    from stance.model import default_model_path
    from stance.pipeline import Analyzer

    shared = ModelSet.load(default_model_path()).models[SHARED]
    analyzer = Analyzer(reference=False)
    seen: set[str] = set()
    for language in ("en", "ru", "de", "id"):
        kit = analyzer.kit(language)
        for text in seeds_analysis.mentions.query("language == @language")["sentence"].unique()[:40]:
            sentence = kit.splitter.sentences(text)[0]
            for mention in analyzer.actors.find_mentions([sentence], kit.rules):
                seen |= {k for k in mention_features(kit.scorer, sentence, mention, words=False).values}
    assert seen and seen <= set(shared.feature_names_)
