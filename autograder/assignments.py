"""The registry of assignments: graded items, hidden suite and reference of each."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import decks

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS_DIR = ROOT / "assignments"  # master notebooks and samples: only in a checkout, for `release`
ITEMS_DIR = Path(__file__).resolve().parent / "suites" / "items"  # shipped in the package: grading needs it
NAMES = ("perceptron", "backprop")
KINDS = ("function", "lecture question", "worked example")


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    points: float
    deck: str  # the lecture deck's title; autograder.decks gives its file and citation
    answer: str | None = None


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    items: tuple[Item, ...]

    @property
    def master_notebook(self) -> Path:
        return ASSIGNMENTS_DIR / self.name / f"{self.name}.ipynb"

    @property
    def total_points(self) -> float:
        return sum(item.points for item in self.items)

    def item(self, qid: str) -> Item:
        return next(item for item in self.items if item.id == qid)

    @property
    def cases(self):
        return importlib.import_module(f"autograder.suites.{self.name}").CASES

    @property
    def depends_on(self) -> dict[str, tuple[str, ...]]:
        """{function: helpers it is built on}, for error carried forward (grading.carry)."""
        return importlib.import_module(f"autograder.suites.{self.name}").DEPENDS_ON

    @property
    def reference(self):
        return importlib.import_module(f"solutions.{self.name}")


class UnknownAssignment(ValueError):
    pass


@cache
def load(name: str) -> Assignment:
    if name not in NAMES:
        raise UnknownAssignment(f"unknown assignment {name!r}; choose one of: {', '.join(NAMES)}")
    data = yaml.safe_load((ITEMS_DIR / f"{name}.yaml").read_text())
    items = tuple(Item(**entry) for entry in data["items"])
    for item in items:
        if item.kind not in KINDS:
            raise ValueError(f"suites/items/{name}.yaml: {item.id} has unknown kind {item.kind!r}")
        if item.deck not in decks.TITLES:
            raise ValueError(f"suites/items/{name}.yaml: {item.id} cites unknown deck {item.deck!r}")
    return Assignment(name=data["assignment"], title=data["title"], items=items)
