"""Cleaning: remove platform boilerplate and repeated passages, and record what went.

The rules are data (``lexicons/boilerplate.toml``). Every removal is kept as a
:class:`Removal` (reason, characters, excerpt) so a user can see exactly what the analysis
did not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from stance.errors import LexiconError
from stance.resources import lexicon_dir, read_toml

KINDS = ("span", "line", "footer")
_ESCAPE = re.compile(r"\\.")


@dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner removed."""

    reason: str
    chars: int
    excerpt: str


@dataclass(frozen=True)
class CleanText:
    """A document's text after cleaning, with the list of removals."""

    text: str
    removals: tuple[Removal, ...]

    @property
    def chars_removed(self) -> int:
        return sum(r.chars for r in self.removals)


@dataclass(frozen=True)
class BoilerplateRule:
    reason: str
    kind: str
    pattern: re.Pattern[str]


def _excerpt(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class Cleaner:
    """Remove boilerplate lines and spans and repeated passages from a text.

    Parameters
    ----------
    rules_path
        A boilerplate rules file; by default the shipped ``lexicons/boilerplate.toml``.
    """

    def __init__(self, rules_path: Path | None = None) -> None:
        self.rules_path = rules_path
        self._rules: list[BoilerplateRule] | None = None
        self.footer_share = 0.4
        self.repeat_min_chars = 30

    @property
    def rules(self) -> list[BoilerplateRule]:
        if self._rules is None:
            path = self.rules_path or lexicon_dir() / "boilerplate.toml"
            raw = read_toml(path)
            self.footer_share = float(raw.get("footer_share", 0.4))
            self.repeat_min_chars = int(raw.get("repeat_min_chars", 30))
            rules = []
            for number, entry in enumerate(raw.get("rule", []), start=1):
                kind = entry.get("kind", "line")
                if kind not in KINDS:
                    raise LexiconError(f"{path}: rule {number} has kind '{kind}'; use one of {', '.join(KINDS)}")
                try:
                    source = entry["pattern"]
                    # line and footer rules only decide whether a line goes, so they are
                    # matched case-sensitively against the lower-cased line: Python's re
                    # scans an alternation of words several times faster without IGNORECASE
                    pattern = re.compile(source, re.IGNORECASE if kind == "span" else 0)
                except (KeyError, re.error) as exc:
                    raise LexiconError(f"{path}: rule {number} has no valid 'pattern' ({exc})") from None
                if kind != "span" and any(ch.isupper() for ch in _ESCAPE.sub("", source)):
                    raise LexiconError(f"{path}: rule {number} ({kind}) has upper-case letters in its pattern; "
                                       "line and footer patterns are matched against the lower-cased line, "
                                       "so write them in lower case")
                rules.append(BoilerplateRule(str(entry.get("reason", "boilerplate")), kind, pattern))
            self._rules = rules
        return self._rules

    def clean(self, text: str) -> CleanText:
        """Return the cleaned text and what was removed from it, in reading order."""
        rules = self.rules
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        removals: list[Removal] = []
        kept: list[str] = []
        seen: set[str] = set()
        total = max(len(text), 1)
        offset = 0
        for index, line in enumerate(lines):
            line_start = offset
            offset += len(line) + 1
            lowered = line.lower()
            if self._footer_starts(lowered, line_start / total, rules):
                rest = "\n".join(lines[index:])
                reason = next(r.reason for r in rules if r.kind == "footer" and r.pattern.search(lowered))
                removals.append(Removal(f"{reason} (to the end)", len(rest), _excerpt(rest)))
                break
            kept_spans = self._remove_spans(line, rules, removals)
            if kept_spans != line:
                line, lowered = kept_spans, kept_spans.lower()
            rule = next((r for r in rules if r.kind == "line" and r.pattern.search(lowered)), None)
            if rule is not None:
                removals.append(Removal(rule.reason, len(line) + 1, _excerpt(line)))
                continue
            key = " ".join(line.lower().split())
            if len(key) >= self.repeat_min_chars and key in seen:
                removals.append(Removal("repeated passage", len(line) + 1, _excerpt(line)))
                continue
            seen.add(key)
            kept.append(line)
        cleaned = "\n".join(kept).strip("\n")
        cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
        return CleanText(cleaned, tuple(removals))

    def _footer_starts(self, line: str, position: float, rules: list[BoilerplateRule]) -> bool:
        if position < 1 - self.footer_share:
            return False
        return any(r.kind == "footer" and r.pattern.search(line) for r in rules)

    @staticmethod
    def _remove_spans(line: str, rules: list[BoilerplateRule], removals: list[Removal]) -> str:
        for rule in rules:
            if rule.kind != "span":
                continue
            for match in rule.pattern.finditer(line):
                removals.append(Removal(rule.reason, len(match.group()), _excerpt(match.group())))
            line = rule.pattern.sub("", line)
        return line
