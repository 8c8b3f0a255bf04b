"""Grades and feedback comments into Moodle's offline grading worksheet, for its re-upload.

The worksheet is what an assignment's "Download grading worksheet" gives when the
"Offline grading worksheet" feedback type is enabled. How Moodle reads it back is in its
assignfeedback_offline plugin (https://github.com/moodle/moodle, mod/assign/feedback/offline/:
importgradeslib.php, locallib.php, lang/en/assignfeedback_offline.php; the worksheet is written by
mod/assign/gradingtable.php through dataformat/csv, fputcsv-style quoting):

* A UTF-8 CSV (Moodle writes a byte-order mark), comma-separated unless the uploader picks
  another separator. Header (English site language): `Identifier`, `Full name`, the identity
  fields the site shows (e.g. `Email address`, `ID number`), `Status`, `Grade`, `Maximum Grade`,
  `Grade can be changed`, `Last modified (submission)`, ..., `Last modified (grade)`, and a
  column per enabled feedback text, `Feedback comments` for the comments plugin.
* On upload Moodle requires the `Identifier`, `Grade` and `Last modified (grade)` columns (else
  "Moodle could not read the uploaded worksheet") and ignores the others except the feedback
  columns, which it finds by their titles. Each row is matched by `Identifier`,
  `Participant <id>`, the assignment's participant id (the one in its submission download folder
  names); rows it cannot match are skipped.
* The "Last modified (grade)" rule: a row's grade and feedback are skipped when the grade was
  changed in Moodle more than 60 s after that row's `Last modified (grade)`, unless the uploader
  ticks "Allow updating records that have been modified more recently in Moodle than in the
  spreadsheet". So that column must stay as downloaded, and the worksheet should be freshly
  downloaded. A grade is also skipped when empty, unchanged, over the assignment's maximum
  grade, or locked (`Grade can be changed` = No); feedback is set when it differs.
* Feedback comments are stored as HTML (assignfeedback_comments set_editor_text), and Moodle
  reads the file with PHP's fgetcsv, which takes a backslash before a quote as an escape.

So this module fills `Grade` and `Feedback comments` and keeps every other cell as read; the
comment is text, HTML-escaped (its `code` spans as <code>), without backslashes. Rows are matched
on `Identifier` for students from a Moodle download (their LMS id is the participant id), else on
`Email address`; a row matched by identifier whose `Full name` differs from the results' name is
reported.
Column titles are the English ones: a worksheet from a Moodle in another language has to be
downloaded with English as the language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..diagnosis.catalogue import describe
from ..report.prose import prose_html
from ..report.spreadsheet import cell as safe_cell
from . import ExportError, Placement, Record, Student, format_score, index_by, pair_rows, quote, read_table

IDENTIFIER, GRADE, MODIFIED, FEEDBACK = "Identifier", "Grade", "Last modified (grade)", "Feedback comments"
EMAIL, MAXIMUM, CHANGEABLE, FULL_NAME = "Email address", "Maximum Grade", "Grade can be changed", "Full name"
PARTICIPANT = re.compile(r"Participant\s+(\d+)")


@dataclass
class MoodleExport(Placement):
    """What an export wrote into the worksheet and what it could not place."""


def feedback_text(student: Student) -> str:
    """The plain-text comment: score, why not graded, late penalty, misconceptions, where to read more."""
    doc = student.doc
    parts = [f"Score: {format_score(student.score)} / {format_score(student.max_score)}."]
    if doc.problem:
        parts.append(f"Not graded: {doc.problem.rstrip('.')}.")
    if doc.late_penalty:
        parts.append(f"Late penalty: {format_score(doc.late_penalty)} points deducted.")
    titles = [str(describe(m).get("title") or m) for m in student.misconceptions()]
    if titles:
        parts.append("Misconceptions found: " + "; ".join(titles) + ".")
    parts.append("The detailed report, test by test, is in your feedback file report.html.")
    text = " ".join(parts).replace("\\", "/")  # fgetcsv would take a backslash before a quote as an escape
    return safe_cell(prose_html(text, quote=False))  # Moodle shows the comment as HTML: `code` as <code>


def _participant(student: Student) -> str:
    return str(int(student.lms_id)) if student.layout == "moodle" and student.lms_id.isdigit() else ""


def export_moodle(worksheet: Path, students: list[Student]) -> tuple[str, MoodleExport]:
    """The worksheet with Grade and Feedback comments filled in (its CSV text), and what was done."""
    table = read_table(worksheet, delimiters=",;\t")
    header = [table.records[0].value(i).strip() for i in range(len(table.records[0].fields))]
    needed = [name for name in (IDENTIFIER, GRADE, MODIFIED) if name not in header]
    if needed:
        raise ExportError(
            f"{worksheet} is not a Moodle grading worksheet Moodle can re-import: it has no "
            + ", ".join(repr(n) for n in needed)
            + " column (download it again with "
            "'Download grading worksheet', with English as the language)"
        )
    col = {
        name: header.index(name)
        for name in (IDENTIFIER, GRADE, MODIFIED, FEEDBACK, EMAIL, MAXIMUM, CHANGEABLE, FULL_NAME)
        if name in header
    }
    result = MoodleExport()
    if FEEDBACK not in col:
        result.warnings.append(
            "the worksheet has no 'Feedback comments' column, so only grades are written; "
            "enable Feedback comments in the assignment's settings and download it again"
        )

    by_participant = index_by(students, lambda s: (_participant(s),))
    by_email = index_by(students, lambda s: (s.email.casefold(),))
    rows: list[tuple[Record, list[Student]]] = []
    for record in table.records[1:]:
        if not any(record.value(i).strip() for i in range(len(record.fields))):
            continue
        match = PARTICIPANT.fullmatch(record.value(col[IDENTIFIER]).strip())
        found = by_participant.get(str(int(match.group(1)))) if match else None
        if not found and EMAIL in col:
            found = by_email.get(record.value(col[EMAIL]).strip().casefold())
        rows.append((record, found or []))

    def label(record: Record) -> str:
        name = record.value(col[FULL_NAME]).strip() if FULL_NAME in col else ""
        return f"{name} ({record.value(col[IDENTIFIER]).strip() or '-'})".strip()

    for record, student in pair_rows(rows, students, label, result):
        if _name_conflict(record, col, student, label(record), result):
            continue
        _write(record, col, student, table.delimiter)
        result.written.append(student)
        _check(record, col, student, label(record), result)
    return table.render(), result


def _write(record: Record, col: dict[str, int], student: Student, delimiter: str) -> None:
    cells = {col[GRADE]: format_score(student.score)}
    if FEEDBACK in col:
        cells[col[FEEDBACK]] = feedback_text(student)
    for index, value in cells.items():
        if len(record.fields) <= index:
            record.fields.extend([""] * (index + 1 - len(record.fields)))
        record.fields[index] = quote(value, delimiter)


def _comparable(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", name).casefold() if c.isalnum())


def _name_conflict(
    record: Record, col: dict[str, int], student: Student, label: str, result: MoodleExport
) -> bool:
    """Whether the worksheet's name contradicts the results' (then nothing is written).

    Both names come from Moodle unless a roster renamed the student, so a difference means the
    id is not this person's: a team submission's folder carries a group id, not a participant id.
    A roster's spelling may differ legitimately: then it is only a warning.
    """
    listed = record.value(col[FULL_NAME]).strip() if FULL_NAME in col else ""
    if not listed or not student.name or _comparable(listed) == _comparable(student.name):
        return False
    if student.doc.roster == "matched":
        result.warnings.append(
            f"{label} was matched by its identifier; the roster calls them {student.name!r}"
        )
        return False
    result.left_as_is.append(
        f"{label}: the results belong to {student.name!r} under the same id (a team "
        "submission's group id?); not written"
    )
    return True


def _check(record: Record, col: dict[str, int], student: Student, label: str, result: MoodleExport) -> None:
    if CHANGEABLE in col and record.value(col[CHANGEABLE]).strip().lower() == "no":
        result.left_as_is.append(f"{label}: the grade is locked in Moodle, which will skip it")
    if MAXIMUM in col:
        try:
            maximum = float(record.value(col[MAXIMUM]).strip().replace(",", "."))
        except ValueError:
            return
        if student.score > maximum + 1e-9:
            result.left_as_is.append(
                f"{label}: {format_score(student.score)} is over Moodle's maximum grade "
                f"{format_score(maximum)}, which Moodle will skip"
            )
        note = (
            f"Moodle's maximum grade is {format_score(maximum)}, the results are out of "
            f"{format_score(student.max_score)}; grades are written as earned, not rescaled"
        )
        if abs(maximum - student.max_score) > 1e-9 and note not in result.warnings:
            result.warnings.append(note)
