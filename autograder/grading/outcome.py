"""What grading one submission produced: its entries (one per hidden case) and the outcome around them.

These are the in-memory form of a results document; report.results writes them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diagnosis.diagnose import Diagnosis
    from ..suites.checks import Problem
    from .plan import PlannedCase

CARRIED_TAG = "carried-forward:"  # results.json tag: carried-forward:<helper>


@dataclass
class Entry:
    """One results.json test entry, before serialization.

    A scored case's entry carries the facts (problem, diagnoses, message, carried_from) and gets
    its `output`, the student's text, from grading.wording once all of them are decided; the
    grader's own entries (not graded, late penalty) are given their sentence when made."""

    qid: str
    name: str
    score: float
    max_score: float
    output: str
    kind: str
    tags: list[str] = field(default_factory=list)
    diagnoses: list[Diagnosis] = field(default_factory=list)
    problem: Problem | None = None  # what the check found, before diagnosis and advice
    function: str = ""
    message: str = ""
    # The student's values and the case as planned, kept for item-level diagnosis (diagnosis.evidence).
    values: list = field(default_factory=list, repr=False)
    planned: PlannedCase | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score - 1e-9

    @property
    def carried_from(self) -> list[str]:
        """The helpers whose results this entry's credit was carried forward from (grading.carry)."""
        return [t.removeprefix(CARRIED_TAG) for t in self.tags if t.startswith(CARRIED_TAG)]


@dataclass
class Outcome:
    """Everything known about one graded submission."""

    student: str
    assignment: str
    entries: list[Entry]
    problem: str | None = None  # the notebook could not be graded at all
    cell_errors: list[dict] = field(default_factory=list)
    output_tail: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notebook_sha256: str = ""
    status: str = ""  # "graded", "ungradable", "wrong-assignment", "missing", "past-cutoff"
    extra: dict = field(default_factory=dict)  # identity, sources, late work: set by the caller

    def __post_init__(self) -> None:
        self.status = self.status or ("ungradable" if self.problem else "graded")

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.entries), 4)

    @property
    def carried(self) -> float:
        """Points earned as error carried forward."""
        return round(sum(e.score for e in self.entries if e.carried_from), 4)

    def question_scores(self) -> dict[str, float]:
        scores: dict[str, float] = {}
        for entry in self.entries:
            scores[entry.qid] = scores.get(entry.qid, 0.0) + entry.score
        return {qid: round(score, 4) for qid, score in scores.items()}
