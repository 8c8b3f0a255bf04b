"""The misconception catalogue: what each diagnosed mistake means, for the student's report."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FIELDS = ("function", "title", "explanation", "formula", "deck", "where", "hint")


@lru_cache(maxsize=None)
def catalogue() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).with_name("catalogue.yaml")).read_text(encoding="utf-8"))


def describe(misconception: str) -> dict:
    entry = catalogue().get(misconception)
    if entry is None:
        return {"title": misconception, "explanation": "", "formula": "", "deck": "", "where": "", "hint": ""}
    return entry
