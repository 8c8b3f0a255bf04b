"""Test doubles for `nngrade export --moodle`: the grading worksheet as Moodle writes it, and small
readers that apply Moodle's documented import rules to what the exporter wrote.

Moodle: mod/assign/feedback/offline (worksheet import) and mod/assign/feedback/file/importziplib.php.
"""

from __future__ import annotations

import csv
import io


def fputcsv_line(cells: list[str], sep: str = ",") -> str:
    """One row as PHP's fputcsv writes it (Moodle's worksheet download): quoted when a cell holds the
    separator, a quote, a backslash, a space, a tab or a line break; LF."""
    out = []
    for text in cells:
        needs = any(c in text for c in (sep, '"', "\\", " ", "\t", "\r", "\n"))
        out.append('"' + text.replace('"', '""') + '"' if needs else text)
    return sep.join(out) + "\n"


MOODLE_HEADER = [
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
]


def moodle_row(participant: int, name: str, email: str, grade: str = "", comments: str = "") -> list[str]:
    return [
        f"Participant {participant}",
        name,
        email,
        "Submitted for grading - Not marked",
        grade,
        "53.00",
        "Yes",
        "Monday, 30 November 2026, 11:10 PM",
        "-",
        comments,
    ]


def moodle_worksheet(rows: list[list[str]], header: list[str] = MOODLE_HEADER) -> str:
    return "\ufeff" + "".join(fputcsv_line(r) for r in [header, *rows])


def moodle_import(text: str) -> dict[int, dict[str, str]]:
    """What assignfeedback_offline's import reads: participant id -> {grade, modified, feedback}, for rows
    whose Identifier names a participant. Raises when a required column is missing, as Moodle does."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header = rows[0]
    for needed in ("Identifier", "Grade", "Last modified (grade)"):
        if needed not in header:
            raise ValueError("Moodle could not read the uploaded worksheet")
    idx = {name: header.index(name) for name in header}
    found = {}
    for row in rows[1:]:
        ident = row[idx["Identifier"]][len("Participant ") :]
        if not ident.isdigit():
            continue
        found[int(ident)] = {
            "grade": row[idx["Grade"]],
            "modified": row[idx["Last modified (grade)"]],
            "feedback": row[idx["Feedback comments"]] if "Feedback comments" in idx else None,
        }
    return found


def moodle_zip_owner(path: str) -> tuple[int, str] | None:
    """Moodle's is_valid_filename_for_import: the participant id and the feedback file name of a zip entry."""
    parts = path.split("/")
    while parts:
        info = parts.pop(0).split("_", 4)
        if (
            len(info) < 4
            or not info[1].isdigit()
            or (info[2], info[3]) not in (("assignsubmission", "file"), ("assignfeedback", "file"))
        ):
            continue
        return int(info[1]), "/".join([info[4] if len(info) > 4 else "", *parts])
    return None
