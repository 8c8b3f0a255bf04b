"""From files attributed to a student to one Submission: which notebook is graded, and why.

A layout recogniser attributes files to an identity as a Claim. Claims with the same identity
(layout and id), even from different PATHs, are merged; then one notebook is chosen: the one named
`<assignment>.ipynb` (a Canvas `-N` suffix removed), else the latest (Canvas: highest attachment id,
then `-N`; otherwise the last in file name order; never file modification times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from autograder.intake.model import Identity, Source, Submission
from autograder.intake.tree import Node


@dataclass
class Candidate:
    """A notebook that may be the one to grade.

    name: what is compared with `<assignment>.ipynb` (for Canvas the student's own file name);
    order: larger is later (Canvas: attachment id, resubmission number; then the display path).
    """

    source: Source
    name: str
    order: tuple


@dataclass
class Claim:
    """Files a layout attributed to one identity, before a notebook is chosen."""

    identity: Identity
    where: str = ""  # the student's folder, file or zip, for messages
    candidates: list[Candidate] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    submitted_at: datetime | None = None
    marked_late: bool = False
    latest_by: str = "the last in file name order"

    def gather(self, node: Node, name: str | None = None, order: tuple = ()) -> None:
        """Attribute `node` and everything below it: notebooks become candidates, files that
        cannot be used become problems. `name` replaces a top-level notebook's own name."""
        for item in node.files():
            self.files.append(item.display)
            if item.problem:
                self.problems.append(item.problem)
            elif item.is_notebook and item.source is not None:
                own = name if item is node and name else item.name
                self.candidates.append(Candidate(item.source, own, order + (item.display,)))

    def merge(self, other: Claim) -> None:
        self.candidates += other.candidates
        self.files += other.files
        self.problems += other.problems
        self.notes += [n for n in other.notes if n not in self.notes]
        self.marked_late = self.marked_late or other.marked_late
        if other.submitted_at and (not self.submitted_at or other.submitted_at > self.submitted_at):
            self.submitted_at = other.submitted_at
        if other.where and other.where not in self.where.split(", "):
            self.where = f"{self.where}, {other.where}" if self.where else other.where


def merge_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per (layout, id), in the order identities were first seen."""
    merged: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        key = (claim.identity.layout, claim.identity.id)
        if key in merged:
            merged[key].merge(claim)
        else:
            merged[key] = claim
    return list(merged.values())


def choose(candidates: list[Candidate], assignment: str, latest_by: str) -> tuple[Candidate, str]:
    """The candidate to grade and a phrase saying why."""
    wanted = f"{assignment}.ipynb".casefold()
    named = [c for c in candidates if c.name.casefold() == wanted]
    if len(named) == 1:
        return named[0], f"it is named {assignment}.ipynb"
    if named:
        return max(named, key=lambda c: c.order), f"it is named {assignment}.ipynb and is {latest_by}"
    return max(candidates, key=lambda c: c.order), f"none is named {assignment}.ipynb and it is {latest_by}"


def settle(claim: Claim, assignment: str) -> Submission:
    """The Submission of one merged claim: a chosen notebook, or a problem saying why there is none."""
    files = list(dict.fromkeys(claim.files))
    submission = Submission(
        identity=claim.identity,
        notebook=None,
        source_files=files,
        submitted_at=claim.submitted_at,
        marked_late=claim.marked_late,
        notes=list(claim.notes),
    )
    problems = list(dict.fromkeys(claim.problems))
    if not claim.candidates:
        where = f" ({claim.where})" if claim.where else ""
        submission.problem = (
            " ".join(problems) or f"No notebook (.ipynb) was found in this submission{where}."
        )
        return submission
    chosen, why = choose(claim.candidates, assignment, claim.latest_by)
    submission.notebook = chosen.source
    if len(claim.candidates) > 1:
        shown = ", ".join(c.source.display for c in sorted(claim.candidates, key=lambda c: c.order))
        submission.notes.append(
            f"Graded {chosen.source.display} because {why}; "
            f"{len(claim.candidates)} notebooks were found: {shown}."
        )
    submission.notes += [f"Not graded: {problem}" for problem in problems]
    return submission
