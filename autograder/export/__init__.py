"""`nngrade export`: a graded OUT folder written back into an LMS's own files.

This module holds what the exporters share: the students read from OUT's results documents, a
CSV table that keeps every byte it does not change, and the neutralising of text we write.

* `canvas.py` fills one assignment column of Canvas's gradebook export;
* `moodle.py` fills Grade and Feedback comments of Moodle's offline grading worksheet;
* `feedback_zip.py` packs each report.html for Moodle's "Upload multiple feedback files in a zip";
* `command.py` is the command line.

Rows are matched on the identifiers the LMS gave (never on names) and nothing is guessed: a row
or a student that matches nothing, or more than one thing, is listed and left as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.outdir import OutDir
from ..report.results import GradedDocument
from ..report.spreadsheet import printable


class ExportError(ValueError):
    """Input the exporter cannot use (a missing or unreadable file, OUT without results)."""


@dataclass(frozen=True)
class Student:
    """One results document of OUT, with the identity fields the exporters match on."""

    key: str
    doc: GradedDocument
    name: str
    id: str
    lms_id: str
    sis_id: str
    email: str
    layout: str
    status: str
    score: float
    max_score: float

    @property
    def missing(self) -> bool:
        """A roster student who submitted nothing: never exported, listed instead."""
        return self.status == "missing"

    @property
    def label(self) -> str:
        """How the instructor recognises the student in a listing (terminal-safe)."""
        who = self.name or self.id or self.key
        return printable(f"{who} ({self.layout} id {self.lms_id or self.id})" if self.id else who)

    def misconceptions(self) -> list[str]:
        """Misconception ids tagged on the tests, in order of first appearance."""
        return list(self.doc.misconceptions)


def _student(key: str, doc: GradedDocument, fallback_max: float | None) -> Student:
    who = doc.student
    max_score = doc.max_score
    if max_score is None:
        max_score = fallback_max if fallback_max is not None else doc.possible
    return Student(
        key=key,
        doc=doc,
        name=who.name.strip(),
        id=who.id.strip(),
        lms_id=who.lms_id.strip() or who.id.strip(),
        sis_id=who.sis_id.strip(),
        email=who.email.strip(),
        layout=who.layout.strip() or "file",
        status=doc.status.strip(),
        score=doc.score,
        max_score=float(max_score),
    )


def load_students(out: Path, assignment: str | None = None) -> tuple[str, list[Student]]:
    """The assignment and its students in OUT, in key order.

    The assignment is inferred when OUT holds only one; `assignment` chooses among several.
    """
    folder = OutDir(out)
    docs = list(folder.documents())
    if not docs:
        raise ExportError(
            f"{out} holds no graded results (no {folder.relative(folder.results('*'))}); "
            "run `nngrade grade` first"
        )
    names = sorted({doc.assignment or "" for _, doc in docs} - {""})
    if assignment is None:
        if len(names) != 1:
            raise ExportError(
                f"{out} holds results of several assignments ({', '.join(names)}); choose one with -a"
                if names
                else f"{out}'s results name no assignment; give it with -a"
            )
        assignment = names[0]
    elif assignment not in names:
        raise ExportError(
            f"{out} holds no results of assignment {assignment!r}"
            + (f" (it has: {', '.join(names)})" if names else "")
        )
    fallback = _registered_total(assignment)
    return assignment, [_student(key, doc, fallback) for key, doc in docs if doc.assignment == assignment]


def _registered_total(assignment: str) -> float | None:
    from .. import assignments

    try:
        return assignments.load(assignment).total_points
    except (assignments.UnknownAssignment, OSError, ValueError):
        return None


def format_score(value: float) -> str:
    """At most two decimals, no trailing zeros: 41.5, 40, 12.35."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class CsvError(ExportError):
    """The file is not CSV we can read without changing what it means."""


@dataclass
class Record:
    """One CSV record as written: its fields' raw text (quotes included) and its line ending."""

    fields: list[str]
    end: str

    def value(self, index: int) -> str:
        return unquote(self.fields[index]) if index < len(self.fields) else ""


@dataclass
class Table:
    """A CSV file read for editing: records not touched are written back byte for byte."""

    bom: bool
    delimiter: str
    records: list[Record]

    def render(self) -> str:
        return ("\ufeff" if self.bom else "") + "".join(
            self.delimiter.join(r.fields) + r.end for r in self.records
        )


def unquote(raw: str) -> str:
    return raw[1:-1].replace('""', '"') if raw.startswith('"') else raw


def quote(value: str, delimiter: str) -> str:
    """A field's raw text: quoted (quotes doubled) when it holds anything a reader could split on."""
    if any(c in value for c in (delimiter, '"', "\n", "\r", "\t", " ", "\\")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def split_records(text: str, delimiter: str) -> list[Record]:
    """RFC 4180 records, each field kept as the exact text it was written as."""
    stop = re.compile("[" + re.escape(delimiter) + "\r\n]")
    records: list[Record] = []
    fields: list[str] = []
    i, n = 0, len(text)
    while i < n or fields:
        if text.startswith('"', i):
            j = i + 1
            while True:
                q = text.find('"', j)
                if q < 0:
                    raise CsvError(
                        f"a quoted field opened on line {text.count(chr(10), 0, i) + 1} is never closed"
                    )
                if text.startswith('""', q):
                    j = q + 2
                    continue
                break
            end = q + 1
            if end < n and text[end] not in (delimiter, "\r", "\n"):
                raise CsvError(f"text after a closing quote on line {text.count(chr(10), 0, end) + 1}")
        else:
            match = stop.search(text, i)
            end = match.start() if match else n
        fields.append(text[i:end])
        if end >= n:
            records.append(Record(fields, ""))
            break
        if text[end] == delimiter:
            i = end + 1
            continue
        line_end = "\r\n" if text.startswith("\r\n", end) else text[end]
        records.append(Record(fields, line_end))
        fields, i = [], end + len(line_end)
    return records


def read_table(path: Path, delimiters: str = ",") -> Table:
    """`path` as a Table; the delimiter is the one of `delimiters` that splits the header most."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CsvError(
            f"{path} is not UTF-8 text; download it again from the LMS (it exports UTF-8)"
        ) from None
    bom = text.startswith("\ufeff")
    text = text[1:] if bom else text
    if not text.strip():
        raise CsvError(f"{path} is empty")
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max(delimiters, key=lambda d: (first_line.count(d), -delimiters.index(d)))
    try:
        records = split_records(text, delimiter)
    except CsvError as exc:
        raise CsvError(f"{path}: {exc}") from None
    return Table(bom=bom, delimiter=delimiter, records=records)


def index_by(students: list[Student], keys) -> dict[str, list[Student]]:
    """Students under each non-empty key that `keys(student)` gives (several keys allowed)."""
    found: dict[str, list[Student]] = {}
    for student in students:
        for key in dict.fromkeys(k for k in keys(student) if k):
            found.setdefault(key, []).append(student)
    return found


@dataclass
class Placement:
    """What an export wrote into the LMS's file and what it could not place."""

    written: list[Student] = field(default_factory=list)
    unmatched_rows: list[str] = field(default_factory=list)
    unmatched_students: list[Student] = field(default_factory=list)
    missing: list[Student] = field(default_factory=list)
    left_as_is: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def pair_rows(
    rows: list[tuple[Record, list[Student]]],
    students: list[Student],
    label: Callable[[Record], str],
    result: Placement,
) -> Iterator[tuple[Record, Student]]:
    """(row, student) for every row that matches exactly one student whom no other row matches.

    Nothing is guessed: a row matching nothing, or several students, or a student that several
    rows match, is listed in `result` and left as it was; so are missing students and students
    no row matched (listed once every row has been seen).
    """
    claims = Counter(student.key for _, found in rows for student in found)
    placed: set[str] = set()
    for record, found in rows:
        if not found:
            result.unmatched_rows.append(label(record))
            continue
        placed.update(student.key for student in found)
        if len(found) > 1 or claims[found[0].key] > 1:
            result.left_as_is.append(f"{label(record)}: matches several students or rows; not guessed")
        elif found[0].missing:
            result.missing.append(found[0])
        else:
            yield record, found[0]
    for student in students:
        if student.key not in placed:
            (result.missing if student.missing else result.unmatched_students).append(student)
