"""gradebook.csv: a row per submission, a column per question, and the total.

Built from the results files in OUT, so a resumed or interrupted batch still gets a complete,
consistent gradebook.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

from ..assignments import Assignment


def status_of(doc: dict) -> str:
    extra = doc.get("extra_data") or {}
    if extra.get("problem"):
        return "not graded: " + extra["problem"]
    return "; ".join(extra.get("notes") or []) or "graded"


def gradebook_csv(assignment: Assignment, documents: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [item.id for item in assignment.items]
    writer.writerow(["student", "total", "max", *ids, "status"])
    rows = []
    for doc in documents:
        scores: dict[str, float] = {}
        for test in doc["tests"]:
            qid = str(test.get("name", "")).split(": ", 1)[0]
            scores[qid] = scores.get(qid, 0.0) + float(test.get("score", 0))
        student = str((doc.get("extra_data") or {}).get("student", "?"))
        rows.append([student, f"{round(float(doc.get('score', 0)), 4):g}", f"{assignment.total_points:g}",
                     *[f"{round(scores.get(qid, 0.0), 4):g}" for qid in ids], status_of(doc)])
    writer.writerows(sorted(rows))
    return out.getvalue()
