"""The class's statistics for summary.html: scores, points per question, misconceptions, trouble.

They are folded in one results document at a time, as OUT hands them over (batch.outdir), so a
large class is never held in memory whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..assignments import Assignment
from ..batch.outdir import OutDir
from .results import GradedDocument


@dataclass(frozen=True)
class Trouble:
    """A submission the instructor should look at, and why."""

    key: str  # its folder in OUT
    student: str
    why: str


@dataclass
class ClassStatistics:
    """Totals over the submissions of one assignment in OUT (roster students without one excluded)."""

    scores: list[float] = field(default_factory=list)
    earned: Counter = field(default_factory=Counter)  # question id -> points, summed over submissions
    full: Counter = field(default_factory=Counter)  # question id -> submissions with full marks
    misconceptions: Counter = field(default_factory=Counter)  # id -> submissions that showed it
    seen_in: dict[str, set[str]] = field(default_factory=dict)  # misconception id -> question ids
    trouble: list[Trouble] = field(default_factory=list)
    not_graded: int = 0
    unreadable: list[str] = field(default_factory=list)  # results files, relative to OUT

    def add(self, assignment: Assignment, key: str, doc: GradedDocument) -> None:
        """Fold one submission (in OUT's folder `key`) into the totals."""
        who = doc.student.name or doc.student.id or key
        if doc.status == "missing":
            self.trouble.append(Trouble(key, who, "missing: no submission was found"))
            return
        self.scores.append(doc.score)
        for item in assignment.items:
            got = doc.question_scores.get(item.id, 0.0)
            self.earned[item.id] += got
            self.full[item.id] += got >= item.points - 1e-9
        for mid in doc.misconceptions:
            self.misconceptions[mid] += 1  # once per submission, however many cases showed it
            self.seen_in.setdefault(mid, set()).update(t.qid for t in doc.tests if mid in t.misconceptions)
        if doc.roster == "unmatched":
            self.trouble.append(Trouble(key, who, "not on the roster: check who this is"))
        if doc.problem:
            self.not_graded += 1
            self.trouble.append(Trouble(key, who, f"not graded: {doc.problem}"))
        elif doc.notes:
            self.trouble.append(Trouble(key, who, "; ".join(doc.notes)))


def class_statistics(assignment: Assignment, out: OutDir) -> ClassStatistics:
    """The statistics of every submission of `assignment` in OUT; unreadable results files listed."""
    stats = ClassStatistics()

    def unreadable(path: Path) -> None:
        stats.unreadable.append(out.relative(path))

    for key, doc in out.documents(assignment.name, unreadable):
        stats.add(assignment, key, doc)
    return stats
