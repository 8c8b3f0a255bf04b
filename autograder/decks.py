"""The lecture decks: the one place that maps each deck file to its title.

The course's decks are text files with hashed names (``001_2411a2f08f3c83ed.txt``), which mean
nothing to a student. Everything a student or instructor reads cites a deck by the title on its
own first slide, with a short author or course tag where the title alone is not telling
(tests/e2e/test_decks.py checks each title against the deck itself). Data files (the items lists,
the misconception catalogue) name a deck by its title; code resolves any of file name, title
or number ("001") with `deck()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Deck:
    file: str  # the file name in the course's seeds folder
    title: str  # as the deck's first slide gives it
    tag: str | None = None  # author or course, to tell similar titles apart

    @property
    def number(self) -> str:
        return self.file[:3]

    @property
    def label(self) -> str:
        """The title in quotes with its tag: '“Neural Networks: Learning” (Racharak)'."""
        return f"“{self.title}”" + (f" ({self.tag})" if self.tag else "")


DECKS: tuple[Deck, ...] = (
    Deck("000_86790086ad6a4e65.txt", "BMB3015 Artificial Intelligence — Neural Networks"),
    Deck("001_2411a2f08f3c83ed.txt", "Neural Networks: Learning", "Racharak"),
    Deck("002_7436c054a802622f.txt", "Neural Networks: Multi-layer perceptron"),
    Deck("003_b5f3b8f24e02b994.txt", "Multilayer Perceptron 1", "Kim, KAIST"),
    Deck("004_16b96bb34a000152.txt", "Neural Networks", "Serra"),
)
TITLES: frozenset[str] = frozenset(d.title for d in DECKS)
_BY_KEY = {key: d for d in DECKS for key in (d.file, d.file[:-4], d.title, d.number)}


def deck(key: str) -> Deck:
    """The deck named by its file name (with or without ``.txt``), its title, or its number."""
    try:
        return _BY_KEY[key.strip()]
    except KeyError:
        raise KeyError(f"unknown lecture deck {key!r}; known: {', '.join(d.title for d in DECKS)}") from None


def title(key: str) -> str:
    """The deck's title, e.g. title('001_2411a2f08f3c83ed.txt') == 'Neural Networks: Learning'."""
    return deck(key).title


def label(key: str) -> str:
    """The quoted title and tag, for a table cell: '“Neural Networks: Learning” (Racharak)'."""
    return deck(key).label


def cite(key: str, section: str | None = None) -> str:
    """A citation for prose: 'the deck “Neural Networks: Learning” (Racharak)', followed by
    ', slide “Backpropagation (Idea)”' when `section` (a slide title) is given."""
    return f"the deck {label(key)}" + (f", slide “{section}”" if section else "")


def possessive(key: str) -> str:
    """For "deck 001's formula": 'the “Neural Networks: Learning” (Racharak) deck's'."""
    return f"the {label(key)} deck's"


_HASHED = (
    r"(?:(?P<W{i}>\b[Dd][Ee][Cc][Kk])\s+)?"  # an optional "deck" before the file name
    r"(?P<q{i}>[`'\"]*)(?P<h{i}>00[0-4])_[0-9a-f]{{16}}(?:\.txt)?(?P=q{i})"
)
_PROSE = r"\b(?P<D{i}>[Dd][Ee][Cc][Kk])\s+(?P<n{i}>00[0-4])\b"
_REF = r"(?:{h}|{p})(?P<s{i}>['’]s\b)?"
_ONE = re.compile(_REF.format(i=1, h=_HASHED.format(i=1), p=_PROSE.format(i=1)))
# Two names of one deck side by side:
#   "`001_….txt` (deck 001)", "Deck 000 (`000_….txt`)", "deck 002 = `002_….txt`".
_PAIR = re.compile(
    _REF.format(i=1, h=_HASHED.format(i=1), p=_PROSE.format(i=1))
    + r"(?:\s*\(\s*(?:"
    + _REF.format(i=2, h=_HASHED.format(i=2), p=_PROSE.format(i=2))
    + r")\s*\)|\s*=\s*"
    + _REF.format(i=3, h=_HASHED.format(i=3), p=_PROSE.format(i=3))
    + ")"
)


def _render(before: str, m: re.Match, numbers: set[str]) -> str:
    """The citation for match `m`, preceded in its text by `before`."""
    words = [m.group(g) for g in ("W1", "D1", "W2", "D2", "W3", "D3") if g in m.re.groupindex and m.group(g)]
    owns = any(m.group(g) for g in ("s1", "s2", "s3") if g in m.re.groupindex)
    out = possessive(numbers.pop()) if owns else cite(numbers.pop())
    if before.lower().endswith("the "):
        return out[len("the ") :]
    capital = (words and words[0] == "Deck") or not before.strip() or before.rstrip()[-1] in ".!?|>"
    return out[0].upper() + out[1:] if capital else out


def _numbers(m: re.Match) -> set[str]:
    return {m.group(g) for g in ("h1", "n1", "h2", "n2", "h3", "n3") if g in m.re.groupindex and m.group(g)}


def retitle(text: str) -> str:
    """`text` with every deck named by its hashed file name (bare, quoted or in backticks) or as
    "deck 000" … "deck 004" (any case, optional "'s") rewritten to its title, as `cite` or, with
    "'s", `possessive` gives it; two names of one deck side by side become one citation.
    Call it on a whole cell's source (or any text): decks.retitle(source)."""

    def pair(m: re.Match) -> str:
        numbers = _numbers(m)
        return _render(m.string[: m.start()], m, numbers) if len(numbers) == 1 else m.group(0)

    def single(m: re.Match) -> str:
        return _render(m.string[: m.start()], m, _numbers(m))

    return _ONE.sub(single, _PAIR.sub(pair, text))
