"""Each student's report.html in the zip Moodle's "Upload multiple feedback files in a zip" takes.

How Moodle reads that zip (https://github.com/moodle/moodle, mod/assign/feedback/file/
importziplib.php `is_valid_filename_for_import`, and the help string `feedbackzip_help` in
lang/en/assignfeedback_file.php: "Feedback files will be assigned to students based on the
participant id which should be the second part of each filename immediately after the users
full name. This naming convention is used when downloading submissions"):

* every file whose path has a part `<full name>_<participant id>_<plugin type>_<plugin name>[_<rest>]`
  (split on the first four `_`) goes to the participant with that id; `<rest>` and what follows
  in the path become the feedback file's name. Hidden files (`.`, `~`) are ignored, files of
  unknown participants too, and a file identical to the one already there is not re-imported.
* Moodle's own submission download (mod/assign/locallib.php) names a student's files
  `<full name>_<id>_assignsubmission_file_<file>` (until 3.0, and later with "download
  submissions in folders" off) or puts them in a folder `<full name>_<id>_assignsubmission_file[_]/`;
  the full name has `_` replaced by spaces and file-name-unsafe characters removed.

The flat form `<Full Name>_<participant id>_assignsubmission_file_report.html` is the one both
the old (file name only) and the current (any path part) importer read, and the feedback file is
then report.html at the top of the student's feedback files; it is the form written here. Only
students from a Moodle download carry a participant id (their LMS id), so the others are listed
as unplaceable. The zip is deterministic: entries sorted by name, fixed timestamps and permissions.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.outdir import OutDir
from . import Student, printable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]')


@dataclass
class FeedbackZip:
    """What went into the zip, and who could not be placed (with why)."""

    path: Path
    placed: list[tuple[Student, str]] = field(default_factory=list)
    unplaceable: list[tuple[Student, str]] = field(default_factory=list)


def moodle_name(full_name: str) -> str:
    """The full name as Moodle writes it in download names: no `_`, nothing a file name cannot hold."""
    name = _UNSAFE.sub("", unicodedata.normalize("NFC", full_name).replace("_", " "))
    return " ".join(name.split()) or "Participant"


def entry_name(student: Student) -> str:
    return f"{moodle_name(student.name)}_{int(student.lms_id)}_assignsubmission_file_report.html"


def build_feedback_zip(
    out: Path, students: list[Student], destination: Path, confirmed: set[str] | None = None
) -> FeedbackZip:
    """Write the zip of every placeable student's report.html to `destination`.

    `confirmed`: the keys of the students a grading worksheet matched (by participant id, with
    the name agreeing); when given, no one else is placed, so a team's report never reaches the
    participant whose id equals the team's group id.
    """
    folder = OutDir(out)
    result = FeedbackZip(path=destination)
    candidates: list[Student] = []
    for student in students:
        if student.missing:
            result.unplaceable.append((student, "no submission, so no report"))
        elif student.layout != "moodle" or not student.lms_id.isdigit():
            result.unplaceable.append((student, "not from a Moodle download, so no participant id"))
        elif confirmed is not None and student.key not in confirmed:
            result.unplaceable.append((student, "the grading worksheet did not confirm this participant"))
        elif not folder.report(student.key).is_file():
            result.unplaceable.append((student, f"no report.html in {printable(folder.folder(student.key))}"))
        else:
            candidates.append(student)
    participants: dict[int, list[Student]] = {}
    for student in candidates:
        participants.setdefault(int(student.lms_id), []).append(student)
    entries: dict[str, Path] = {}
    for student in candidates:
        if len(participants[int(student.lms_id)]) > 1:
            result.unplaceable.append(
                (student, f"participant id {int(student.lms_id)} belongs to several results; not guessed")
            )
            continue
        name = entry_name(student)
        entries[name] = folder.report(student.key)
        result.placed.append((student, name))
    _write_zip(destination, entries)
    return result


def _write_zip(destination: Path, entries: dict[str, Path]) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                archive.writestr(info, entries[name].read_bytes(), compresslevel=9)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
