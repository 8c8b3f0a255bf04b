"""Gradescope "Export Submissions": `submission_metadata.yml` beside one folder per submission.

Format: no Gradescope page describing this export's files could be found; what is used here was
read in public code that parses real exports and in its sample data (course scripts reading
`submission_metadata.yml`, and the sample in the tests of a `parseSubmissionMetadata` parser), and
agrees with what Gradescope documents for the autograder's `submission_metadata.json`
(https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/: "users" with name
and email, "created_at" with a zone; the "sid" of each user shows in real files quoted in
https://github.com/gradescope/autograder_samples/issues/60):

    submission_409194023:            # the folder `submission_409194023/` beside the file
      :submitters:                   # several for a group submission
      - :name: First Last
        :sid: '123456789'            # may be a number, empty or missing
        :email: first@example.edu
      :created_at: 2026-04-26 17:34:00.861687000 Z
      :score: 2.0
      :history: [...]                # earlier submissions, whose files are not exported

Keys are Ruby symbols, so yaml.safe_load gives strings such as ":name". Identity: layout
"gradescope", id = sid if non-empty else email; one Submission per submitter, sharing the notebook.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import yaml

from autograder.intake.claims import Claim
from autograder.intake.model import Identity, SourceError
from autograder.intake.tree import Node

METADATA = "submission_metadata.yml"
_TIME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d)?$")


def parse_created_at(value: object) -> datetime | None:
    """A timezone-aware time from what YAML gave (a datetime, or a string PyYAML left alone,
    such as `2024-02-12 15:45:00.123456000 -0800`); None when absent or without a zone."""
    if isinstance(value, datetime):
        return value if value.tzinfo else None
    found = _TIME.match(str(value or "").strip())
    if not found or not found[8]:
        return None
    year, month, day, hour, minute, second = (int(found[i]) for i in range(1, 7))
    micro = int((found[7] or "0")[:6].ljust(6, "0"))
    zone = timezone.utc
    if found[8] != "Z":
        sign = -1 if found[8][0] == "-" else 1
        digits = found[8][1:].replace(":", "")
        zone = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def claims(folder: Node) -> tuple[list[Claim], list[Node]]:
    """Claims for the submissions listed in `folder`'s metadata, and the nodes it does not list."""
    metadata = next(c for c in folder.children if c.kind == "file" and c.name == METADATA)
    others = [c for c in folder.children if c is not metadata]
    try:
        listing = yaml.safe_load(metadata.source.read()) if metadata.source else None
    except (SourceError, yaml.YAMLError, UnicodeDecodeError) as exc:
        listing = f"it could not be read ({str(exc).splitlines()[0]})"
    if not isinstance(listing, dict):
        why = listing if isinstance(listing, str) else "it does not list submissions"
        broken = Claim(Identity(id=metadata.display, layout="file"), where=metadata.display)
        broken.problems.append(
            f"{metadata.display} was not used: {why}; the files beside it were "
            "taken one notebook per submission."
        )
        return [broken], others

    by_name = {c.name: c for c in others}
    used: set[int] = set()
    found: list[Claim] = []
    for key, entry in listing.items():
        if not isinstance(entry, dict):
            continue
        node = by_name.get(str(key)) or next(
            (c for c in others if c.name.rsplit(".", 1)[0] == str(key)), None
        )
        submitters = [s for s in entry.get(":submitters") or [] if isinstance(s, dict)]
        created_at = parse_created_at(entry.get(":created_at"))
        names = [_text(s.get(":name")) for s in submitters]
        for number, submitter in enumerate(submitters or [{}]):
            sid, email = _text(submitter.get(":sid")), _text(submitter.get(":email"))
            identity = Identity(
                id=sid or email or f"{key}#{number + 1}",
                name=_text(submitter.get(":name")),
                email=email,
                layout="gradescope",
            )
            claim = Claim(identity, where=node.display if node else str(key), submitted_at=created_at)
            if len(submitters) > 1:
                partners = [n for i, n in enumerate(names) if i != number]
                claim.notes.append(f"Group submission {key}, with {', '.join(partners)}.")
            if node is None:
                claim.problems.append(f"{key} is listed in {metadata.display} but its folder is missing.")
            else:
                claim.gather(node)
            found.append(claim)
        if node is not None:
            used.add(id(node))
    return found, [c for c in others if id(c) not in used]
