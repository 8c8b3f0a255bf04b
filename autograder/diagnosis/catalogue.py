"""The misconception catalogue: what each diagnosed mistake means, for the student's report."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .. import decks


@cache
def catalogue() -> dict[str, dict]:
    """The entries as written in catalogue.yaml: `deck` is the deck's title (see autograder.decks)."""
    return yaml.safe_load((Path(__file__).with_name("catalogue.yaml")).read_text(encoding="utf-8"))


def describe(misconception: str) -> dict:
    """The entry for the student: `deck` a readable citation ('the deck “Neural Networks: Learning”
    (Racharak)'), `where` the slide's title, so "See {deck}, slide “{where}”" reads as prose."""
    entry = catalogue().get(misconception)
    if entry is None:
        return {"title": misconception, "explanation": "", "formula": "", "deck": "", "where": "", "hint": ""}
    return {**entry, "deck": decks.cite(entry["deck"]) if entry.get("deck") else ""}
