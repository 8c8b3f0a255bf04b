"""gradebook.csv: a row per student, a column per question.

Columns: the identity (id, name, email), total and max, the late fields (submitted_at, late_by,
late_penalty), one column per question, the points carried forward (grading.carry), the status,
then roster and source files. Built from the
results files in OUT, so a resumed or interrupted batch still gets a complete, consistent
gradebook. Every text cell a student can influence is made inert for spreadsheets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..assignments import Assignment
from .spreadsheet import cell

IDENTITY = ["id", "name", "email"]
LATE = ["submitted_at", "late_by", "late_penalty"]


def status_of(doc: dict) -> str:
    """One line: the status, why when not graded, and any notes."""
    extra = doc.get("extra_data") or {}
    status = str(extra.get("status") or ("ungradable" if extra.get("problem") else "graded"))
    details = [str(extra["problem"])] if extra.get("problem") else []
    details += [str(n) for n in extra.get("notes") or []]
    return status + (": " + "; ".join(details) if details else "")


def question_scores(doc: dict) -> dict[str, float]:
    scores: dict[str, float] = {}
    for test in doc.get("tests", []):
        qid = str(test.get("name", "")).split(": ", 1)[0]
        scores[qid] = scores.get(qid, 0.0) + float(test.get("score", 0))
    return scores


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


def gradebook_row(assignment: Assignment, doc: dict) -> list[str]:
    extra = doc.get("extra_data") or {}
    student = extra.get("student") or {}
    late = extra.get("late") or {}
    scores = question_scores(doc)
    return [
        *[cell(student.get(k, "")) for k in IDENTITY],
        _number(float(doc.get("score", 0))),
        _number(assignment.total_points),
        cell(extra.get("submitted_at") or ""),
        cell(late.get("late_by") or ""),
        _number(float(late.get("penalty") or 0)),
        *[_number(scores.get(item.id, 0.0)) for item in assignment.items],
        _number(float(extra.get("carried_forward") or 0)),
        cell(status_of(doc)),
        cell(extra.get("roster") or ""),
        cell(" | ".join(str(f) for f in extra.get("source_files") or [])),
    ]


def gradebook_csv(assignment: Assignment, documents: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *IDENTITY,
            "total",
            "max",
            *LATE,
            *[item.id for item in assignment.items],
            "carried_forward",
            "status",
            "roster",
            "source_files",
        ]
    )
    writer.writerows(sorted(gradebook_row(assignment, doc) for doc in documents))
    return out.getvalue()
