"""Builders of realistic LMS downloads in a tmp dir, each written from the LMS's documented format
(see the docstrings of autograder/intake/canvas.py, moodle.py, gradescope.py and otter.py), plus
hostile zips: bombs, encrypted entries, lying headers."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

MiB = 1 << 20


def notebook(code: str = "x = 1") -> bytes:
    """A small valid nbformat-4 notebook; `code` makes notebooks tell apart."""
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])).encode()


def zip_bytes(entries: list[tuple[str, bytes]] | dict[str, bytes]) -> bytes:
    items = entries.items() if isinstance(entries, dict) else entries
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- otter ------------------------------------------------------------------------------------


def otter_export(
    notebook_name: str = "backprop.ipynb",
    content: bytes | None = None,
    stamp: str = "2026_01_01T10_00_00_000000",
) -> tuple[str, bytes]:
    """(zip name, zip bytes) as `grader.export()` writes them: the notebook, its PDF, the log and
    `__zip_filename__` holding the zip's own name."""
    zip_name = f"{notebook_name.rsplit('.', 1)[0]}_{stamp}.zip"
    data = zip_bytes(
        [
            (notebook_name, content or notebook("otter = 1")),
            (notebook_name.rsplit(".", 1)[0] + ".pdf", b"%PDF-1.4 stand-in"),
            (".OTTER_LOG", b"\x80\x04stand-in log"),
            ("__zip_filename__", zip_name.encode()),
        ]
    )
    return zip_name, data


# --- Canvas -----------------------------------------------------------------------------------


@dataclass
class CanvasUpload:
    sortable_name: str  # "Last, First" as Canvas shows it
    user_id: int
    attachment_id: int
    filename: str  # as the student uploaded it (Canvas adds -N to a repeated name)
    content: bytes = field(default_factory=notebook)
    late: bool = False
    anonymous_id: str = ""  # set for an anonymously graded assignment


def canvas_name(upload: CanvasUpload) -> str:
    """The zip entry name: `<name>[_LATE]_<user id>_<attachment id>_<file name>`, the name being the
    sortable name downcased, `_<digits>_` collapsed, non-word characters removed."""
    if upload.anonymous_id:
        who = ["LATE" if upload.late else "", f"anon_{upload.anonymous_id}"]
    else:
        name = re.sub(r"_(\d+)_", r"\1", upload.sortable_name).lower()
        who = [name, "LATE" if upload.late else "", str(upload.user_id)]
    prefix = re.sub(r"[^\w]", "", "_".join(part for part in who if part))
    filename = re.sub(r'[\x00/\\:*?"<>|]+', "_", upload.filename)
    return f"{prefix}_{upload.attachment_id}_{filename}"


def canvas_download(
    folder: Path, uploads: list[CanvasUpload], course: str = "NN101", assignment: str = "Backprop"
) -> Path:
    """Canvas's "Download Submissions" zip, named `<course>-<assignment>_submissions.zip`."""
    entries = [(canvas_name(u), u.content) for u in uploads]
    return write(folder / f"{course}-{assignment}_submissions.zip", zip_bytes(entries))


# --- Moodle -----------------------------------------------------------------------------------


@dataclass
class MoodleFile:
    full_name: str
    participant_id: int
    path: str  # inside the submission, may have folders
    content: bytes = field(default_factory=notebook)
    plugin: str = "file"


def moodle_entry(item: MoodleFile, style: str) -> str:
    """style: "folders" (Moodle 4.1+), "folders-old" (3.1 to 4.0, trailing `_`), "flat"."""
    prefix = f"{item.full_name.replace('_', ' ')}_{item.participant_id}_assignsubmission_{item.plugin}"
    if style == "folders":
        return f"{prefix}/{item.path}"
    if style == "folders-old":
        return f"{prefix}_/{item.path}"
    return f"{prefix}_{item.path.replace('/', '_')}"


def moodle_download(
    folder: Path, files: list[MoodleFile], style: str = "folders", zipped: bool = True
) -> Path:
    """ "Download all submissions": `<course>-<assignment>-<cmid>.zip`, or its extracted folder."""
    entries = [(moodle_entry(item, style), item.content) for item in files]
    if zipped:
        return write(folder / "NN101-Backprop-42.zip", zip_bytes(entries))
    root = folder / "NN101-Backprop-42"
    for name, data in entries:
        write(root / name, data)
    root.mkdir(parents=True, exist_ok=True)
    return root


# --- Gradescope -------------------------------------------------------------------------------


@dataclass
class GradescopeSubmission:
    submission_id: int
    submitters: list[dict]  # {"name":, "sid":, "email":}; sid may be "" or a number
    created_at: str  # as Ruby writes it, e.g. "2026-04-26 17:34:00.861687000 Z"
    files: dict[str, bytes] = field(default_factory=lambda: {"backprop.ipynb": notebook()})


def _yaml_scalar(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    return "''" if value in ("", None) else "'" + str(value).replace("'", "''") + "'"


def gradescope_metadata(submissions: list[GradescopeSubmission]) -> str:
    """submission_metadata.yml with Ruby-symbol keys, as Gradescope writes it."""
    lines = []
    for sub in submissions:
        lines.append(f"submission_{sub.submission_id}:")
        lines.append("  :submitters:")
        for person in sub.submitters:
            lines.append(f"  - :name: {_yaml_scalar(person.get('name', ''))}")
            lines.append(f"    :sid: {_yaml_scalar(person.get('sid', ''))}")
            lines.append(f"    :email: {_yaml_scalar(person.get('email', ''))}")
        lines.append(f"  :created_at: {sub.created_at}")
        lines.append("  :score: 10.0")
        lines.append("  :history: []")
    return "\n".join(lines) + "\n"


def gradescope_export(folder: Path, submissions: list[GradescopeSubmission], zipped: bool = False) -> Path:
    """ "Export Submissions": `assignment_<id>_export/` with the metadata and `submission_<id>/`."""
    entries = [("assignment_7_export/submission_metadata.yml", gradescope_metadata(submissions).encode())]
    for sub in submissions:
        entries += [
            (f"assignment_7_export/submission_{sub.submission_id}/{name}", data)
            for name, data in sub.files.items()
        ]
    if zipped:
        return write(folder / "submissions.zip", zip_bytes(entries))
    for name, data in entries:
        write(folder / name, data)
    return folder / "assignment_7_export"


# --- hostile zips -----------------------------------------------------------------------------


def zip_bomb(path: Path, entry: str = "bomb.ipynb", size: int = 60 * MiB) -> Path:
    """A small zip whose one entry inflates to `size` bytes of zeros (streamed, not held)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(entry)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            block = bytes(MiB)
            for _ in range(size // MiB):
                stream.write(block)
    return path


def _headers(data: bytes) -> list[tuple[int, int]]:
    """(central header offset, local header offset) of every entry."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    at, found = archive.start_dir, []
    for info in archive.infolist():
        assert data[at : at + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
        found.append((at, info.header_offset))
        at += 46 + name_len + extra_len + comment_len
    return found


def set_encrypted(data: bytes, only: tuple[str, ...] = ()) -> bytes:
    """The same zip with the "encrypted" flag (bit 0) set on every entry (or on those named in
    `only`), as a password-protected zip has (the content itself is left as it was)."""
    patched = bytearray(data)
    names = [info.filename for info in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    for name, (central, local) in zip(names, _headers(data)):
        if only and name not in only:
            continue
        patched[central + 8] |= 0x1
        patched[local + 6] |= 0x1
    return bytes(patched)


def without_utf8_flag(data: bytes) -> bytes:
    """The same zip with UTF-8 names but without the flag saying so (bit 11), as some zippers
    write them; readers then decode the names as cp437."""
    patched = bytearray(data)
    for central, local in _headers(data):
        patched[central + 9] &= ~0x08 & 0xFF
        patched[local + 7] &= ~0x08 & 0xFF
    return bytes(patched)


def declare_size(data: bytes, size: int) -> bytes:
    """The same zip, its entries' headers declaring `size` uncompressed bytes (a lie)."""
    patched = bytearray(data)
    for central, local in _headers(data):
        patched[central + 24 : central + 28] = struct.pack("<I", size)
        patched[local + 22 : local + 26] = struct.pack("<I", size)
    return bytes(patched)


def by_id(submissions):
    """Submissions by identity id; two submissions with one id fail the test."""
    found = {s.identity.id: s for s in submissions}
    assert len(found) == len(submissions), [s.identity for s in submissions]
    return found
