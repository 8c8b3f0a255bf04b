"""gradebook.csv: a row per student, a column per question.

Columns: the identity (id, name, email), total and max, the late fields (submitted_at, late_by,
late_penalty), one column per question, the points carried forward (grading.carry), the status,
then roster and source files. Built from the results documents OUT holds (batch.outdir), so a
resumed or interrupted batch still gets a complete, consistent gradebook. Every text cell a
student can influence is made inert for spreadsheets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..assignments import Assignment
from .results import GradedDocument
from .spreadsheet import cell

IDENTITY = ["id", "name", "email"]
LATE = ["submitted_at", "late_by", "late_penalty"]


def gradebook_columns(assignment: Assignment) -> list[str]:
    return [
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


def status_of(doc: GradedDocument) -> str:
    """One line: the status, why when not graded, and any notes."""
    details = ([doc.problem] if doc.problem else []) + list(doc.notes)
    return doc.status + (": " + "; ".join(details) if details else "")


def _points_text(value: float) -> str:
    return f"{round(value, 4):g}"


def gradebook_row(assignment: Assignment, doc: GradedDocument) -> list[str]:
    student = doc.student
    return [
        *[cell(getattr(student, k)) for k in IDENTITY],
        _points_text(doc.score),
        _points_text(assignment.total_points),
        cell(doc.submitted_at or ""),
        cell(doc.late_by),
        _points_text(doc.late_penalty),
        *[_points_text(doc.question_scores.get(item.id, 0.0)) for item in assignment.items],
        _points_text(doc.carried_forward),
        cell(status_of(doc)),
        cell(doc.roster),
        cell(" | ".join(doc.source_files)),
    ]


def gradebook_csv(assignment: Assignment, documents: Iterable[GradedDocument]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(gradebook_columns(assignment))
    writer.writerows(sorted(gradebook_row(assignment, doc) for doc in documents))
    return out.getvalue()
