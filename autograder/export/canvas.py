"""Grades into the CSV that Canvas's Gradebook exports, for Canvas's Gradebook import.

The format, as Canvas writes and reads it (Canvas's own code, lib/gradebook_exporter.rb and
lib/gradebook_importer.rb in https://github.com/instructure/canvas-lms, and the instructor notes
at these two pages,
https://ts.vcu.edu/askit/teaching-and-learning/canvas/faculty/grading-faculty/gradebook-action-menu-faculty/
https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):

* UTF-8, optionally with a byte-order mark; fields separated by `,` or, by a user setting, `;`
  (the importer detects which); minimal quoting; LF line ends.
* Header: `Student` (or `LastName`,`FirstName`), `ID`, [`SIS User ID`], `SIS Login ID`,
  [`Integration ID`], [`Root Account`], `Section`, custom columns, one column per assignment
  titled `<title> (<assignment id>)`, then read-only totals (`Current Score`, `Final Grade`, ...).
* Before the students: possibly a row marking manually posted assignments (cells empty or
  `Manual Posting...`; older Canvas wrote `Muted`), then the `    Points Possible` row (totals
  read `(read only)`). The importer skips the first and takes points possible from the second.
* Students are matched on `ID` (Canvas user id), then `SIS User ID`, then `SIS Login ID`, then
  the name. Assignment columns are matched on the id in their title, else on the exact title;
  any other title creates a new assignment whose points are taken from the Points Possible row.
  Totals and read-only columns are ignored, and assignments whose cells did not change are
  dropped, so every other column of the export can go back unchanged.
* A score is a number (`,` as the decimal mark is accepted); `EX` is excused, and `N/A` marks
  an assignment not assigned to the student, whose cell the import ignores.

So this module edits one column and nothing else: every other cell, row and byte is written
back as read. Students are matched by Canvas ID (`ID` equals the student's LMS id or id, for
identities from a Canvas download or a roster) or else by `SIS User ID` (equals the SIS id, or
the id of such an identity). A cell reading `N/A` or `EX` is left as it is, and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..report.spreadsheet import cell as safe_cell
from . import ExportError, Placement, Record, Student, format_score, index_by, pair_rows, quote, read_table

NON_ASSIGNMENT = re.compile(
    "Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade"
    "|Override Score|Override Grade|Override Status"
)
HIDDEN_ROW = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)
CANVAS_IDENTITIES = ("canvas", "roster")  # layouts whose id is the Canvas user id (or the roster's)


@dataclass
class CanvasExport(Placement):
    """What an export wrote and what it could not place, in which column."""

    column: str = ""
    new_column: bool = False


@dataclass
class _Header:
    id_index: int
    sis_index: int | None
    section_index: int
    name_indexes: tuple[int, ...]
    titles: list[str]


def _header(record: Record, path: Path) -> _Header:
    titles = [record.value(i).strip() for i in range(len(record.fields))]
    if len(titles) > 4 and titles[0] == "LastName" and titles[1] == "FirstName" and "ID" in titles[2]:
        id_index, names = 2, (1, 0)
    elif len(titles) > 3 and "Student" in titles[0] and "ID" in titles[1]:
        id_index, names = 1, (0,)
    else:
        raise ExportError(
            f"{path} is not a Canvas gradebook export: its header does not start with "
            "Student,ID (export it from the Gradebook: Export > Export Entire Gradebook)"
        )
    if "Section" not in titles:
        raise ExportError(f"{path} is not a Canvas gradebook export: it has no Section column")
    sis = titles.index("SIS User ID") if "SIS User ID" in titles else None
    return _Header(id_index, sis, titles.index("Section"), names, titles)


def _choose_column(header: _Header, assignment: str, column: str | None, path: Path) -> int | None:
    """The index of the assignment's column, or None to add one."""
    candidates = range(header.section_index + 1, len(header.titles))
    if column is not None:
        found = [i for i in candidates if header.titles[i] == column.strip()]
        if not found:
            raise ExportError(
                f"{path} has no column titled {column!r}; its columns after Section are: "
                + ", ".join(repr(header.titles[i]) for i in candidates)
            )
    else:
        pattern = re.compile(re.escape(assignment) + r"( \(\d+\))?")
        found = [i for i in candidates if pattern.fullmatch(header.titles[i])]
        if not found:
            return None
    if len(found) > 1:
        raise ExportError(
            f"{path} has several columns for {column or assignment!r} ("
            + ", ".join(repr(header.titles[i]) for i in found)
            + "); choose one with --column"
        )
    if NON_ASSIGNMENT.search(header.titles[found[0]]):
        raise ExportError(
            f"{header.titles[found[0]]!r} is one of Canvas's computed totals, which it never imports"
        )
    return found[0]


def _kind(record: Record) -> str:
    """header-less row kinds: 'points', 'hidden', 'blank' or 'student'."""
    values = [record.value(i) for i in range(len(record.fields))]
    if "Points Possible" in values[0]:
        return "points"
    if not any(v.strip() for v in values):
        return "blank"
    if all(HIDDEN_ROW.match(v) for v in values):
        return "hidden"
    return "student"


def _set(record: Record, index: int, raw: str, width: int) -> None:
    if len(record.fields) < width:
        record.fields.extend([""] * (width - len(record.fields)))
    record.fields[index] = raw


def export_canvas(
    gradebook: Path, students: list[Student], assignment: str, max_points: float, column: str | None = None
) -> tuple[str, CanvasExport]:
    """The gradebook with this assignment's column filled in (its CSV text), and what was done."""
    table = read_table(gradebook, delimiters=",;")
    header_record = table.records[0]
    header = _header(header_record, gradebook)
    index = _choose_column(header, assignment, column, gradebook)
    result = CanvasExport(
        column=header.titles[index] if index is not None else assignment, new_column=index is None
    )
    width = len(header.titles) + (1 if index is None else 0)
    if index is None:
        index = len(header.titles)
        _set(header_record, index, quote(safe_cell(assignment), table.delimiter), width)

    by_canvas_id = index_by(
        [s for s in students if s.layout in CANVAS_IDENTITIES], lambda s: (s.lms_id, s.id)
    )
    by_sis = index_by(students, lambda s: (s.sis_id, s.id if s.layout in CANVAS_IDENTITIES else ""))
    rows: list[tuple[Record, list[Student]]] = []
    points_seen = False
    for record in table.records[1:]:
        kind = _kind(record)
        if kind == "points":
            points_seen = True
            if result.new_column:
                _set(record, index, quote(format_score(max_points), table.delimiter), width)
            else:
                _check_points(record.value(index).strip(), result, max_points)
        elif kind == "student":
            canvas_id, sis_id = (
                record.value(header.id_index).strip(),
                (record.value(header.sis_index).strip() if header.sis_index is not None else ""),
            )
            rows.append((record, by_canvas_id.get(canvas_id) or by_sis.get(sis_id) or []))
    if result.new_column and not points_seen:
        result.warnings.append(
            "the gradebook has no Points Possible row, so Canvas will create the new "
            "assignment without points possible"
        )

    def row_label(record: Record) -> str:
        name = " ".join(record.value(i).strip() for i in header.name_indexes)
        return f"{name} (ID {record.value(header.id_index).strip() or '-'})"

    for record, student in pair_rows(rows, students, row_label, result):
        current = record.value(index).strip()
        if current.upper() in ("N/A", "EX"):
            why = (
                "not assigned to them in Canvas (N/A)"
                if current.upper() == "N/A"
                else "excused in Canvas (EX)"
            )
            result.left_as_is.append(f"{row_label(record)}: {why}")
        else:
            _set(record, index, quote(format_score(student.score), table.delimiter), width)
            result.written.append(student)
    if result.new_column:  # every row but blank lines gets the new column, empty where nothing was written
        for record in table.records:
            if len(record.fields) < width and _kind(record) != "blank":
                record.fields.extend([""] * (width - len(record.fields)))
    return table.render(), result


def _check_points(text: str, result: CanvasExport, max_points: float) -> None:
    if re.search(r"read\s+only", text):
        raise ExportError(f"Canvas marks column {result.column!r} read only; it would ignore the grades")
    try:
        points = float(text.replace(",", "."))
    except ValueError:
        return
    if abs(points - max_points) > 1e-9:
        result.warnings.append(
            f"Canvas gives {result.column!r} {format_score(points)} points possible, the results "
            f"are out of {format_score(max_points)}; scores are written as earned, not rescaled"
        )
