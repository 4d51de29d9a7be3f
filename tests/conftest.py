"""Shared fixtures: the analysed seed corpus, and a tiny fake lexicon folder for unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

FAKE_RULES = """
[language]
code = "xx"
name = "Testish"
[abbreviations]
items = ["dr"]
[names]
suffixes = ["s"]
[pronouns]
m = ["he"]
f = ["she"]
any = []
[shifters.negators]
items = ["not", "never"]
exceptions = ["not only"]
scope = 3
factor = -0.5
[shifters.intensifiers]
scope = 2
[shifters.intensifiers.items]
"very" = 0.5
[shifters.downtoners]
scope = 2
[shifters.downtoners.items]
"slightly" = 0.5
[shifters.hedges]
items = ["allegedly"]
scope = 3
factor = 0.5
[shifters.contrast]
items = ["but"]
before = 0.5
after = 1.5
[clauses]
items = [",", ";"]
[quotes]
marks = ['"']
scare_max_words = 2
scare_positive = -0.5
scare_negative = 0.5
[speech]
verbs = ["said", "says"]
[agents]
markers = ["by"]
"""

FAKE_LEXICON = "term\tweight\tpos\tnote\ngood\t0.5\tadj\t\nbad\t-0.5\tadj\t\nterrible\t-1.0\tadj\t\nhot air\t-0.6\texpr\t\nbubble\t-0.4\tnoun\t\n"

FAKE_ACTORS = """
[ann]
name = "Ann Lee"
kind = "person"
gender = "f"
aliases.xx = ["Lee"]
labels = { "Scam Lee" = -0.8 }
epithets.xx = ["the banker"]

[bob]
name = "Bob Ray"
kind = "person"
gender = "m"
aliases.xx = ["Ray"]

[acme]
name = "Acme"
kind = "org"
"""


@pytest.fixture(scope="session")
def seeds_analysis():
    """The shipped seed corpus analysed with the shipped lexicons (computed once)."""
    from stance import analyze

    return analyze(SEEDS)


@pytest.fixture()
def fake_root(tmp_path: Path) -> Path:
    """A lexicon folder with one made-up language 'xx', tiny lexicon and three actors."""
    from stance.resources import lexicon_dir

    root = tmp_path / "lexicons"
    (root / "lang" / "xx").mkdir(parents=True)
    (root / "sentiment").mkdir()
    (root / "lang" / "xx" / "rules.toml").write_text(FAKE_RULES, encoding="utf-8")
    (root / "sentiment" / "xx.tsv").write_text(FAKE_LEXICON, encoding="utf-8")
    (root / "actors.toml").write_text(FAKE_ACTORS, encoding="utf-8")
    shutil.copy(lexicon_dir() / "scoring.toml", root / "scoring.toml")
    shutil.copy(lexicon_dir() / "boilerplate.toml", root / "boilerplate.toml")
    return root


@pytest.fixture()
def fake_kit(fake_root: Path):
    """Rules, splitter, lexicon, scorer and actors of the fake language."""
    from stance.actors import ActorCatalog
    from stance.language import load_rules
    from stance.lexicon import load_lexicon
    from stance.score import LexiconScorer, ScoringConfig
    from stance.text import TextSplitter

    rules = load_rules("xx", fake_root)
    lexicon = load_lexicon("xx", fake_root)
    config = ScoringConfig.from_file(fake_root / "scoring.toml")

    class Kit:
        pass

    kit = Kit()
    kit.rules, kit.lexicon, kit.config = rules, lexicon, config
    kit.splitter = TextSplitter(rules)
    kit.scorer = LexiconScorer(lexicon, rules, config)
    kit.actors = ActorCatalog.from_file(fake_root / "actors.toml")
    return kit


def score_text(kit, text: str, actor: str):
    """Score the first mention of ``actor`` in a one-sentence text with the fake kit."""
    sentence = kit.splitter.sentences(text)[0]
    mentions = kit.actors.find_mentions([sentence], kit.rules)
    target = next(m for m in mentions if m.actor == actor)
    others = [m for m in mentions if m is not target]
    return kit.scorer.score(sentence, target, others)
