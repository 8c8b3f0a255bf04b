"""Moodle assignment "Download all submissions": a folder or a file name per participant.

Format (read in Moodle's source: mod/assign/locallib.php, assign::download_submissions, up to
Moodle 4.0, and mod/assign/classes/downloader.php, get_student_prefix and
load_submissionplugin_filelist, from Moodle 4.1,
https://github.com/moodle/moodle/blob/main/mod/assign/classes/downloader.php; the option's help
text in mod/assign/lang/en/assign.php, "downloadasfolders_help"):

- the prefix is `<full name>_<participant id>`, where every `_` in the full name was replaced by a
  space and clean_filename() applied; the id is the assignment's participant id
  (get_uniqueid_for_user), the number the grading worksheet shows as "Participant <id>";
- "Download submissions in folders" on (the default): `<prefix>_assignsubmission_file_/<path>`
  up to Moodle 4.0, `<prefix>_assignsubmission_file/<path>` (no trailing `_`) since 4.1; other
  submission plugins (`onlinetext`, ...) get their own `<prefix>_assignsubmission_<plugin>` folder;
- off: flat files `<prefix>_assignsubmission_file_<file name>`;
- blind marking replaces the full name by "Participant"; team submissions use the group's name and,
  since 4.1, the group id in place of the participant id.

Identity: layout "moodle", id = participant id, name = the full name as given (any script, spaces).
"""

from __future__ import annotations

import re

from autograder.intake.claims import Claim
from autograder.intake.model import Identity
from autograder.intake.tree import Node

FOLDER = re.compile(r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)_?$")
FLAT_FILE = re.compile(r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<original>.+)$")
BLIND_NAME = "Participant"


def claims(nodes: list[Node]) -> tuple[list[Claim], list[Node]]:
    """Claims for the Moodle-named folders and files among `nodes`, and the nodes left over."""
    by_id: dict[str, Claim] = {}
    rest: list[Node] = []
    for node in nodes:
        found = FOLDER.match(node.name) if node.kind == "dir" else FLAT_FILE.match(node.name)
        if not found:
            rest.append(node)
            continue
        name = "" if found["name"] == BLIND_NAME else found["name"]
        claim = by_id.setdefault(found["pid"], Claim(Identity(id=found["pid"], name=name, layout="moodle")))
        claim.where = ", ".join(filter(None, [claim.where, node.display]))
        flat_name = None if node.kind == "dir" else found["original"]
        claim.gather(node, name=flat_name)
    return list(by_id.values()), rest
