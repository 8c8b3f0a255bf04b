"""Canvas "Download Submissions": one flat zip of files named after the student.

Format (read in Canvas's own source, lib/content_zipper.rb, methods add_submission, get_filename,
sanitize_user_name, sanitize_file_name and add_upload_submission,
https://github.com/instructure/canvas-lms/blob/master/lib/content_zipper.rb; the `-N` suffix from
Attachment.make_unique_filename in app/models/attachment.rb of the same repository):

    <name>[_LATE]_<user id>_<attachment id>_<file name as uploaded>

- <name> is the user's sortable name ("Last, First"), downcased, with any `_<digits>_` run
  collapsed to its digits, then every non-word character removed (spaces, commas, hyphens,
  apostrophes); letters of any script stay (`müllerjosé`, `李雷`). It is kept as given.
- `LATE` is added when Canvas marked the submission late; the zip carries no submission time.
- With anonymous grading there is no name and the id is `anon_<anonymous id>`:
  `[LATE_]anon_<anonymous id>_<attachment id>_<file name>`.
- When a student uploads a file whose name they already used, Canvas names it `stem-N.ext`
  (`backprop-1.ipynb`); attachment ids grow with each upload.
- Text and URL entries come as `<name>[_LATE]_<id>_text.html` / `_link.html` (no attachment id).

Identity: layout "canvas", id = user id (or `anon_…`), name = the name part as given.
"""

from __future__ import annotations

import re

from autograder.intake.claims import Claim
from autograder.intake.model import Identity
from autograder.intake.tree import Node

# Canvas downcases the name and strips non-word characters, so it has no upper-case ASCII letter
# and no space, and its ids are database ids (no leading zero); requiring that keeps ordinary
# names such as `Lab_01_02_final.ipynb` out.
_WHO = (
    r"(?:(?P<anon_late>LATE_)?(?P<anon>anon_[A-Za-z0-9]+)"
    r"|(?P<name>[^\sA-Z]+?)(?P<late>_LATE)?_(?P<user>[1-9]\d*))"
)
UPLOAD = re.compile(_WHO + r"_(?P<attachment>[1-9]\d*)_(?P<original>.+)$")
TEXT_ENTRY = re.compile(_WHO + r"_(?:text|link)\.html$")
# otter names its zips `<notebook>_2026_01_01T10_00_00_000000.zip`, which on its own would read
# as `<name>_<user id>_<attachment id>_...`: the stamp is set aside before matching.
OTTER_STAMP = re.compile(r"_\d{4}_\d\d_\d\dT\d\d_\d\d_\d\d(?:_\d{1,6})?(?:-\d+)?\.zip$", re.IGNORECASE)
RESUBMISSION = re.compile(r"^(?P<stem>.+)-(?P<n>\d+)(?P<ext>(?:\.[A-Za-z][A-Za-z0-9]*)*\.[A-Za-z0-9]*)$")


def split_resubmission(original: str) -> tuple[str, int]:
    """`backprop-1.ipynb` -> (`backprop.ipynb`, 1); `backprop.ipynb` -> (`backprop.ipynb`, 0)."""
    found = RESUBMISSION.match(original)
    if not found:
        return original, 0
    return found["stem"] + found["ext"], int(found["n"])


def match(name: str) -> tuple[re.Match, str] | None:
    """The Canvas parts of a file name and the student's own file name, or None."""
    stamp = OTTER_STAMP.search(name)
    head = name[: stamp.start()] if stamp else name
    found = UPLOAD.match(head)
    if found:
        return found, found["original"] + name[len(head) :]
    found = None if stamp else TEXT_ENTRY.match(name)
    return (found, "") if found else None


def _identity(found: re.Match) -> tuple[Identity, bool]:
    if found["anon"]:
        return Identity(id=found["anon"], layout="canvas"), bool(found["anon_late"])
    return Identity(id=found["user"], name=found["name"], layout="canvas"), bool(found["late"])


def claims(nodes: list[Node]) -> tuple[list[Claim], list[Node]]:
    """Claims for the Canvas-named files and zips among `nodes`, and the nodes left over.

    Canvas writes every submitted file under such a name, so the names are read as Canvas's only
    when every notebook and zip among the siblings has one: a plain folder whose `bob.ipynb` sits
    beside `lab_1_2_final.ipynb` is not taken for a Canvas download of student 1.
    """
    gradable = [n for n in nodes if n.is_notebook or n.kind == "zip"]
    if not gradable or not all(match(n.name) for n in gradable):
        return [], nodes
    by_id: dict[str, Claim] = {}
    rest: list[Node] = []
    for node in nodes:
        parsed = None if node.kind == "dir" else match(node.name)
        if not parsed:
            rest.append(node)
            continue
        found, original = parsed
        identity, late = _identity(found)
        claim = by_id.setdefault(
            identity.id, Claim(identity, latest_by="the latest upload (highest Canvas attachment id)")
        )
        claim.marked_late = claim.marked_late or late
        claim.where = ", ".join(filter(None, [claim.where, node.display]))
        if found.re is TEXT_ENTRY:
            claim.files.append(node.display)
            continue
        base, number = split_resubmission(original)
        claim.gather(node, name=base, order=(int(found["attachment"]), number))
    return list(by_id.values()), rest
