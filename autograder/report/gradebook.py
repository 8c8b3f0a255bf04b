"""gradebook.csv: a row per submission, a column per question, and the total."""
from __future__ import annotations

import csv
import io

from ..assignments import Assignment
from ..grading.engine import Outcome


def gradebook_csv(assignment: Assignment, outcomes: list[Outcome]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [item.id for item in assignment.items]
    writer.writerow(["student", "total", "max", *ids, "status"])
    for outcome in sorted(outcomes, key=lambda o: o.student):
        scores = outcome.question_scores()
        status = "not graded: " + outcome.problem if outcome.problem else ("; ".join(outcome.notes) or "graded")
        writer.writerow([outcome.student, f"{outcome.score:g}", f"{assignment.total_points:g}",
                         *[f"{scores.get(qid, 0.0):g}" for qid in ids], status])
    return out.getvalue()
