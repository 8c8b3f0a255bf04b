"""Submission times that an LMS download does not carry, from a CSV the instructor provides.

- read_times_csv: a CSV with columns `id,submitted_at`, times in ISO 8601 with a zone
  (`2024-02-12T15:45:00+01:00`, `...Z`); a time without a zone is an error, never guessed.
- read_moodle_worksheet_times: Moodle's "Download grading worksheet" CSV (assignfeedback_offline).
  Its columns, read in Moodle's source (mod/assign/gradingtable.php, the strings of
  mod/assign/lang/en/assign.php and mod/assign/feedback/offline/importgradeslib.php,
  https://github.com/moodle/moodle/blob/main/mod/assign/feedback/offline/importgradeslib.php):
  "Identifier" = "Participant <participant id>" (the id of the download's folder names),
  "Full name", "Email address", "Status", "Grade", ..., "Last modified (submission)" = userdate()
  in the langconfig format strftimedaydatetime `%A, %d %B %Y, %I:%M %p` without leading zeros
  ("Monday, 12 February 2024, 3:45 PM"), or "-" when nothing was submitted. The time is in the
  downloading user's Moodle time zone, which the file does not say: the caller passes it.
  Only English worksheets are understood (the headers and month names are translated).
- apply_times: sets `submitted_at` by identity id, else LMS id. File modification times are never used.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from autograder.intake.csvfile import read_rows
from autograder.intake.model import Submission

MOODLE_ID = "identifier"  # headers as read_rows gives them: lower-cased
MOODLE_SUBMITTED = "last modified (submission)"
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MOODLE_TIME = re.compile(
    r"^(?:[^\W\d_]+,\s*)?(\d{1,2})\s+([^\W\d_]+)\s+(\d{4}),\s*(\d{1,2}):(\d{2})"
    r"(?:\s*([AaPp][Mm]))?$"
)


class TimesError(ValueError):
    """A times file cannot be used; the message says why, for the instructor."""


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date and time with a zone (2026-12-01T23:59:00+01:00, or ...Z); ValueError if
    it is not one, or has no zone (never guessed)."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 time such as 2026-12-01T23:59:00+01:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{text!r} has no time zone; write it with one, such as "
            "2026-12-01T23:59:00+01:00 or 2026-12-01T22:59:00Z"
        )
    return moment


def _add(times: dict[str, datetime], key: str, when: datetime, path: Path, line: int) -> None:
    if key in times:
        raise TimesError(f"{path} gives a time for {key!r} twice (line {line}).")
    times[key] = when


def read_times_csv(path: Path) -> dict[str, datetime]:
    """{id: submitted_at} from a CSV with columns id,submitted_at (rows with no time are skipped)."""
    header, rows = read_rows(path, TimesError, "The times file")
    if "id" not in header or "submitted_at" not in header:
        raise TimesError(f"{path} must have the columns id,submitted_at on its first line.")
    times: dict[str, datetime] = {}
    for line, row in rows:
        text = row["submitted_at"]
        if not row["id"] or not text:
            continue
        try:
            when = parse_moment(text)
        except ValueError as exc:
            raise TimesError(f"{path}, line {line}: {exc}") from None
        _add(times, row["id"], when, path, line)
    return times


def parse_moodle_time(text: str, zone: tzinfo) -> datetime:
    """`Monday, 12 February 2024, 3:45 PM` (or with a 24-hour time) in `zone`; ValueError if not."""
    found = _MOODLE_TIME.match(text.strip())
    if not found or found[2].lower() not in _MONTHS:
        raise ValueError(text)
    day, year, hour, minute = int(found[1]), int(found[3]), int(found[4]), int(found[5])
    if found[6]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if found[6].lower() == "pm" else 0)
    return datetime(year, _MONTHS[found[2].lower()], day, hour, minute, tzinfo=zone)


def read_moodle_worksheet_times(path: Path, tz: tzinfo | str) -> dict[str, datetime]:
    """{participant id: last submission time} from a Moodle grading worksheet, its times read in `tz`
    (a tzinfo or a name such as "Europe/Paris")."""
    try:
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    except (ZoneInfoNotFoundError, ValueError):
        raise TimesError(f"{tz!r} is not a time zone name such as Europe/Paris.") from None
    header, rows = read_rows(path, TimesError, "The times file")
    if MOODLE_ID not in header or MOODLE_SUBMITTED not in header:
        raise TimesError(
            f"{path} is not a Moodle grading worksheet in English: it needs the columns "
            "'Identifier' and 'Last modified (submission)'."
        )
    times: dict[str, datetime] = {}
    for line, row in rows:
        participant = re.search(r"(\d+)\s*$", row[MOODLE_ID])
        text = row[MOODLE_SUBMITTED]
        if not participant or text in ("", "-"):
            continue
        try:
            when = parse_moodle_time(text, zone)
        except ValueError:
            raise TimesError(
                f"{path}, line {line}: {text!r} is not a Moodle date such as "
                "'Monday, 12 February 2024, 3:45 PM'."
            ) from None
        _add(times, participant[1], when, path, line)
    return times


def apply_times(submissions: list[Submission], times: dict[str, datetime]) -> list[str]:
    """Set `submitted_at` from `times`, by identity id or else LMS id; return the ids of `times`
    that matched no submission (for the instructor to check)."""
    used: set[str] = set()
    for submission in submissions:
        identity = submission.identity
        key = next((k for k in (identity.id, identity.lms_id) if k and k in times), None)
        if key is None:
            continue
        used.add(key)
        if submission.submitted_at and submission.submitted_at != times[key]:
            submission.notes.append(
                f"Submission time {times[key].isoformat()} from the times file "
                f"replaces {submission.submitted_at.isoformat()} from the LMS."
            )
        submission.submitted_at = times[key]
    return [key for key in times if key not in used]
