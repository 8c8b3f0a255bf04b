"""OUT/regrades.csv: what the last run changed in results it had graded before."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..grading.outcome import Outcome
from ..report.files import write_atomic
from ..report.results import GradedDocument
from ..report.spreadsheet import cell
from .outdir import OutDir


@dataclass(frozen=True)
class Regrade:
    id: str
    name: str
    old_score: float
    new_score: float
    reason: str

    @property
    def changed(self) -> bool:
        return abs(self.old_score - self.new_score) > 1e-9

    @classmethod
    def of(cls, previous: GradedDocument, outcome: Outcome, reason: str) -> Regrade:
        student = outcome.extra.get("student") or {}
        return cls(
            str(student.get("id", "")),
            str(student.get("name", "")),
            previous.score,
            outcome.score,
            reason,
        )


def write_regrades(out: OutDir, regrades: list[Regrade]) -> None:
    """The last run's regrades (a header only when it regraded nothing)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["id", "name", "old_score", "new_score", "reason"])
    for r in sorted(regrades, key=lambda r: (r.id, r.name)):
        writer.writerow([cell(r.id), cell(r.name), f"{r.old_score:g}", f"{r.new_score:g}", r.reason])
    write_atomic(out.regrades, text.getvalue())
