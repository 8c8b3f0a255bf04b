"""What intake produces: submissions, each with the identity of the student it belongs to.

A submission's bytes are never held in memory for the whole batch: `Source.read()` loads one
notebook when it is graded, from disk or from inside (possibly nested) zips.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

LAYOUTS = ("gradescope", "canvas", "moodle", "otter-export", "file")


@dataclass(frozen=True)
class Identity:
    """Who a submission belongs to. `id` is unique within `layout`; empty strings when unknown.

    layout: the download layout the identity came from (one of LAYOUTS), or "roster" for a roster
    student with no submission. For "file" the id is the notebook's path relative to the PATH it
    was found under.
    """

    id: str
    name: str = ""
    email: str = ""
    layout: str = "file"
    sis_id: str = ""
    section: str = ""
    lms_id: str = ""  # the id the LMS layout gave, kept when a roster entry replaces `id`
    roster_id: str = ""  # set once a roster entry confirmed this identity

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "layout": self.layout,
            "lms_id": self.lms_id or self.id,
            "sis_id": self.sis_id,
            "section": self.section,
        }

    @property
    def key(self) -> str:
        """The folder name of this student's outputs: readable, stable and collision-free.

        A readable part (name or id, any script, no path characters) and a hash of (layout, id),
        or of the roster id once a roster confirmed it, so two different identities never share
        a folder whatever their names, and a student keeps one folder across runs.
        """
        readable = unicodedata.normalize("NFC", self.name or self.id)
        readable = re.sub(r"[^\w-]+", "_", readable, flags=re.UNICODE).strip("_-")[:40] or "submission"
        basis = f"roster\0{self.roster_id}" if self.roster_id else f"{self.layout}\0{self.id}"
        digest = hashlib.sha256(basis.encode()).hexdigest()[:16]  # 64 bits: no crafted name collides
        return f"{readable}-{digest}"


@dataclass(frozen=True)
class Source:
    """One file of a submission: where it was found (for people) and how to read its bytes.

    display: the path relative to the PATH given; a file inside a zip is `outer.zip/inner/x.ipynb`.
    read: returns the bytes, capped (raises SourceError when it cannot).
    """

    display: str
    read: Callable[[], bytes] = field(compare=False, repr=False)


class SourceError(ValueError):
    """A file or zip could not be read; the message is for the student and the instructor."""


@dataclass
class Submission:
    """One student's submission as intake found it: exactly one notebook to grade, or a problem.

    notebook: the source to grade (None when `problem` says why there is nothing to grade).
    source_files: every file that intake attributed to this student (display paths).
    submitted_at: when the LMS says it was submitted (timezone-aware), if it says.
    marked_late: the LMS marked it late without a time (Canvas's `_LATE`).
    notes: sentences for the results, e.g. which of several notebooks was graded.
    """

    identity: Identity
    notebook: Source | None
    source_files: list[str] = field(default_factory=list)
    submitted_at: datetime | None = None
    marked_late: bool = False
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    roster_status: str = ""  # "", "matched", "unmatched"

    @property
    def key(self) -> str:
        return self.identity.key


def file_submission(path: Path, student_id: str, layout: str = "file") -> Submission:
    """One notebook on disk as a submission of `student_id` (for callers that know who it is)."""
    return Submission(Identity(student_id, layout=layout), Source(path.name, path.read_bytes), [path.name])
