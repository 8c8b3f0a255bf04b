"""Test doubles for `nngrade export`: OUT folders, Canvas's gradebook CSV as Canvas writes it, and a
small reader that applies Canvas's documented import rules to what the exporter wrote.

Canvas: lib/gradebook_exporter.rb and lib/gradebook_importer.rb of instructure/canvas-lms.
Moodle's doubles are in moodle_fixtures.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.batch.outdir import OutDir


def write_result(
    out: Path,
    key: str,
    *,
    name: str,
    id: str,
    layout: str,
    score: float = 0.0,
    assignment: str = "backprop",
    max_score: float = 53,
    status: str = "graded",
    lms_id: str = "",
    sis_id: str = "",
    email: str = "",
    tags: tuple[str, ...] = (),
    problem: str | None = None,
    late: dict | None = None,
    report: str | None = None,
) -> Path:
    """OUT/students/<key>/results.json (and report.html) as `nngrade grade` writes them."""
    out_dir = OutDir(out)
    folder = out_dir.folder(key)
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "score": score,
        "output": "",
        "tests": [
            {
                "name": "nn_cost: regularized, lam=1",
                "score": 0.0,
                "max_score": 2.5,
                "output": "",
                "tags": [f"misconception:{t}" for t in tags],
                "visibility": "after_published",
            },
            {
                "name": "nn_cost: unregularized",
                "score": score,
                "max_score": max_score - 2.5,
                "output": "",
                "tags": [],
                "visibility": "after_published",
            },
        ],
        "extra_data": {
            "assignment": assignment,
            "max_score": max_score,
            "status": status,
            "student": {
                "id": id,
                "name": name,
                "email": email,
                "layout": layout,
                "lms_id": lms_id or id,
                "sis_id": sis_id,
                "section": "",
            },
            "roster": "",
            "source_files": [],
            "submitted_at": None,
            "late": late,
            "problem": problem,
            "notes": [],
        },
    }
    out_dir.results(key).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    if status != "missing":
        out_dir.report(key).write_text(
            report or f"<html><body>report of {name}</body></html>", encoding="utf-8"
        )
    return folder


# ---------------------------------------------------------------- Canvas


def ruby_csv_line(cells: list[object], sep: str = ",") -> str:
    """One row as Ruby's CSV writes it (Canvas's exporter): nil empty, quotes only when needed, LF."""
    out = []
    for cell in cells:
        if cell is None:
            out.append("")
            continue
        text = str(cell)
        out.append(
            '"' + text.replace('"', '""') + '"' if any(c in text for c in (sep, '"', "\r", "\n")) else text
        )
    return sep.join(out) + "\n"


CANVAS_TOTALS = [
    "Current Points",
    "Final Points",
    "Current Score",
    "Unposted Current Score",
    "Final Score",
    "Unposted Final Score",
]


@dataclass
class CanvasStudent:
    sortable_name: str
    canvas_id: int
    sis_user_id: str
    login: str
    section: str = "NN 2026"


def canvas_gradebook(
    students: list[CanvasStudent],
    assignments: list[tuple[str, str]],
    scores: dict[tuple[int, str], str],
    *,
    manual_posting: tuple[str, ...] = (),
    sep: str = ",",
    bom: bool = False,
) -> str:
    """Gradebook > Export as Canvas writes it: header, a Manual Posting row if any assignment posts
    manually, the '    Points Possible' row, one row per student, totals read only."""
    titles = [t for t, _ in assignments]
    text = "\ufeff" if bom else ""
    text += ruby_csv_line(
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *titles, *CANVAS_TOTALS], sep
    )
    if manual_posting:
        text += ruby_csv_line(
            [None] * 5
            + [("Manual Posting" if t in manual_posting else None) for t in titles]
            + [None] * len(CANVAS_TOTALS),
            sep,
        )
    text += ruby_csv_line(
        [
            "    Points Possible",
            None,
            None,
            None,
            None,
            *[p for _, p in assignments],
            *["(read only)"] * len(CANVAS_TOTALS),
        ],
        sep,
    )
    for s in students:
        name = f'="{s.sortable_name}"' if re.match(r"^\s*=", s.sortable_name) else s.sortable_name
        text += ruby_csv_line(
            [
                name,
                s.canvas_id,
                s.sis_user_id,
                s.login,
                s.section,
                *[scores.get((s.canvas_id, t), "") for t in titles],
                "10.00",
                "10.00",
                "50.00",
                "50.00",
                "20.00",
                "20.00",
            ],
            sep,
        )
    return text


NON_ASSIGNMENT = re.compile(
    "Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade"
    "|Override Score|Override Grade|Override Status"
)


@dataclass
class CanvasImport:
    """What Canvas's Gradebook import would change."""

    grades: dict[str, dict[str, str]] = field(default_factory=dict)  # assignment -> canvas user id -> grade
    new_assignments: dict[str, str | None] = field(default_factory=dict)  # title -> points possible
    unknown_students: list[str] = field(default_factory=list)


def canvas_import(
    text: str,
    course_students: list[CanvasStudent],
    course_assignments: dict[int, str],
    current: dict[tuple[int, str], str],
) -> CanvasImport:
    """The import rules of lib/gradebook_importer.rb, on a course whose students, assignments
    (id -> title) and current scores ((canvas id, assignment key) -> score) are given."""
    text = text.removeprefix("\ufeff")
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    rows = [
        r
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        if r and not re.fullmatch(r"[;, ]+", sep.join(r))
    ]  # skip_lines: /^[;, ]+$/
    header = rows[0]
    assert "Student" in header[0] and "ID" in header[1], header
    columns = 3
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        columns += 1
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        columns += 2 + (1 if re.search(r"Integration\s+ID", header[4]) else 0)
    assert "Section" in header[columns - 1], header
    assignment_columns = {}
    for title in header[columns:]:
        if NON_ASSIGNMENT.search(title):
            continue
        m = re.fullmatch(r"(.*)\s\((\d+)\)", title)
        if m and int(m.group(2)) in course_assignments:
            key = m.group(2)
        else:
            key = next((str(i) for i, t in course_assignments.items() if t == title), None) or f"new:{title}"
        assignment_columns[key] = header.index(title)
    result = CanvasImport()
    by_id = {s.canvas_id: s for s in course_students}
    by_sis = {s.sis_user_id: s for s in course_students if s.sis_user_id}
    by_login = {s.login: s for s in course_students if s.login}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            for key, index in assignment_columns.items():
                if key.startswith("new:"):
                    result.new_assignments[key[4:]] = row[index] if index < len(row) else None
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.IGNORECASE) for c in row):
            continue
        student = (
            (by_id.get(int(row[1])) if row[1].strip().isdigit() else None)
            or by_sis.get(row[2])
            or by_login.get(row[3])
            or next((s for s in course_students if s.sortable_name == row[0]), None)
        )
        if student is None:
            result.unknown_students.append(row[0])
            continue
        for key, index in assignment_columns.items():
            grade = row[index].strip() if index < len(row) else ""
            old = current.get((student.canvas_id, key), "")
            if _same(grade, old):
                continue
            result.grades.setdefault(key, {})[str(student.canvas_id)] = grade
    return result


def _same(new: str, old: str) -> bool:
    if new == old or (new in ("", "-") and old in ("", "-")):
        return True
    try:
        return f"{float(new.replace(',', '.')):.2f}" == f"{float(old.replace(',', '.')):.2f}"
    except ValueError:
        return False
