"""Reference scores from VADER and TextBlob for English sentences.

Both are untargeted sentence-polarity tools and English only; they are reported beside our
targeted score so a reader can see where the two disagree. VADER comes from the
``vaderSentiment`` wheel and TextBlob's pattern analyzer from its own wheel: both ship their
lexicons, nothing is downloaded.
"""

from __future__ import annotations

from functools import cached_property, lru_cache


class ReferenceScorer:
    """VADER compound and TextBlob polarity of a sentence, for the languages they support."""

    languages = frozenset({"en"})

    @cached_property
    def _vader(self):  # -> vaderSentiment.SentimentIntensityAnalyzer
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        return SentimentIntensityAnalyzer()

    def supports(self, language: str) -> bool:
        return language in self.languages

    def vader(self, sentence: str) -> float:
        """VADER's compound score in [-1, 1]."""
        return float(self._vader.polarity_scores(sentence)["compound"])

    @staticmethod
    @lru_cache(maxsize=50_000)
    def textblob(sentence: str) -> float:
        """TextBlob's (pattern analyzer) polarity in [-1, 1]."""
        from textblob import TextBlob

        return float(TextBlob(sentence).sentiment.polarity)
