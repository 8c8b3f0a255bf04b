"""A class roster: who should have submitted, and confirming who each submission belongs to.

The roster is a UTF-8 CSV (a byte-order mark is tolerated) whose header names the columns
`id,name,email` and optionally `sis_id,section`, in any order. apply_roster() matches each
submission to at most one roster student, strictly: the LMS id equal to a roster id or SIS id;
else the e-mail (ignoring case); else the full name (Unicode NFC, ignoring case and repeated
spaces), only when exactly one roster student and exactly one submission have that name. Nothing
fuzzier: a submission that matches no one is kept, marked "unmatched", for a person to look at.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from autograder.intake.csvfile import read_rows
from autograder.intake.model import Identity, Submission

REQUIRED = ("id", "name", "email")
OPTIONAL = ("sis_id", "section")


class RosterError(ValueError):
    """The roster file cannot be used; the message says why, for the instructor."""


def normalized_name(name: str) -> str:
    """The form names are compared in: NFC, case-folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return unicodedata.normalize("NFC", " ".join(folded.split()))


def read_roster(path: Path) -> list[Identity]:
    """The students of the roster at `path`, in file order (layout "roster", roster_id set)."""
    header, rows = read_rows(path, RosterError, "The roster")
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise RosterError(
            f"The roster {path} has no {', '.join(missing)} column: its first line must "
            f"name the columns id,name,email (and optionally sis_id,section)."
        )
    students: list[Identity] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows:
        value = {c: row.get(c, "") for c in REQUIRED + OPTIONAL}
        if not value["id"]:
            raise RosterError(f"The roster {path} has no id on line {line}.")
        for column in ("id", "sis_id"):
            if value.get(column):
                seen = first_line.setdefault((column, value[column]), line)
                if seen != line:
                    raise RosterError(
                        f"The roster {path} gives the {column} {value[column]!r} twice, "
                        f"on lines {seen} and {line}; each student must appear once."
                    )
        students.append(
            Identity(
                id=value["id"],
                name=unicodedata.normalize("NFC", value["name"]),
                email=value["email"],
                layout="roster",
                sis_id=value.get("sis_id", ""),
                section=value.get("section", ""),
                roster_id=value["id"],
            )
        )
    return students


def apply_roster(submissions: list[Submission], roster: list[Identity]) -> list[Identity]:
    """Match submissions to roster students in place; return the roster students with none.

    Matching is done in passes (ids, then e-mails, then names), so a strong match is never lost to
    a weaker one; within a pass the first submission wins and a later one that would take the
    same student is left "unmatched" with a note explaining the conflict.
    """
    by_id: dict[str, Identity] = {}
    for student in roster:
        by_id.setdefault(student.id, student)
        if student.sis_id:
            by_id.setdefault(student.sis_id, student)
    by_email: dict[str, list[Identity]] = {}
    by_name: dict[str, list[Identity]] = {}
    for student in roster:
        if student.email:
            by_email.setdefault(student.email.casefold(), []).append(student)
        if student.name:
            by_name.setdefault(normalized_name(student.name), []).append(student)
    names_submitted: dict[str, int] = {}
    for submission in submissions:
        if submission.identity.name:
            key = normalized_name(submission.identity.name)
            names_submitted[key] = names_submitted.get(key, 0) + 1

    def by_lms_id(identity: Identity) -> list[Identity]:
        found = [by_id[i] for i in (identity.id, identity.lms_id) if i and i in by_id]
        return found[:1]

    def by_mail(identity: Identity) -> list[Identity]:
        return by_email.get(identity.email.casefold(), []) if identity.email else []

    def by_full_name(identity: Identity) -> list[Identity]:
        key = normalized_name(identity.name) if identity.name else ""
        return by_name.get(key, []) if key and names_submitted.get(key) == 1 else []

    taken: dict[str, Submission] = {}
    settled: set[int] = set()
    for how, lookup in (("id", by_lms_id), ("e-mail", by_mail), ("name", by_full_name)):
        for submission in submissions:
            if id(submission) in settled:
                continue
            found = lookup(submission.identity)
            if len(found) != 1:
                continue  # no match, or an e-mail shared by several roster students
            settled.add(id(submission))
            student = found[0]
            if student.id in taken:
                _conflict(submission, student, how, taken[student.id])
            else:
                taken[student.id] = submission
                _confirm(submission, student, how)
    for submission in submissions:
        if id(submission) not in settled:
            submission.roster_status = "unmatched"
    return [student for student in roster if student.id not in taken]


def _confirm(submission: Submission, student: Identity, how: str) -> None:
    lms = submission.identity
    if how == "id" and lms.email and student.email and lms.email.casefold() != student.email.casefold():
        submission.notes.append(f"The LMS e-mail {lms.email} differs from the roster's {student.email}.")
    submission.identity = replace(
        lms,
        id=student.id,
        roster_id=student.id,
        lms_id=lms.lms_id or lms.id,
        # the roster's name wins: Canvas names are mangled sortable names ("doejane")
        name=student.name or lms.name,
        email=student.email or lms.email,
        sis_id=student.sis_id or lms.sis_id,
        section=student.section or lms.section,
    )
    submission.roster_status = "matched"


def _conflict(submission: Submission, student: Identity, how: str, first: Submission) -> None:
    submission.roster_status = "unmatched"
    first_from = first.source_files[0] if first.source_files else first.identity.lms_id
    submission.notes.append(
        f"This submission matches roster student {student.name or student.id} (id {student.id}) by "
        f"{how}, but that student is already matched to another submission ({first_from}); it was "
        "left unmatched so that neither is graded under the wrong identity by mistake."
    )
