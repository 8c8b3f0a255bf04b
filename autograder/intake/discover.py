"""discover(): every submission under the PATHs an instructor gave, each with its student identity.

Each PATH (a notebook, a zip or a folder) becomes one tree (tree.py). In every folder and zip the
layouts are recognised in this order: a Gradescope export (gradescope.py) where
`submission_metadata.yml` is present; Moodle folder and file names (moodle.py, whose
`_assignsubmission_` is the most specific); Canvas file names (canvas.py). What no layout claims is
taken one notebook per submission (layout "file", id = the path relative to the PATH), except that
an otter export zip (otter.py) is one submission (layout "otter-export", id = the zip's relative
path) and other zips and folders are searched in turn.

Bad input never stops the rest: an unreadable, encrypted or oversized zip or notebook, a zip
holding no notebook or a student with no notebook each gives a Submission with `problem` set.
"""

from __future__ import annotations

from pathlib import Path

from autograder.intake import canvas, gradescope, moodle
from autograder.intake.claims import Claim, merge_claims, settle
from autograder.intake.model import Identity, Submission
from autograder.intake.tree import Node, build

__all__ = ["discover"]


def discover(paths: list[Path], assignment: str) -> list[Submission]:
    """The submissions found under `paths`, in the order found, one per identity.

    `assignment` (e.g. "backprop") decides which of a student's notebooks is graded: the one
    named `<assignment>.ipynb`, else the latest (see claims.py); a note says which.
    """
    unique: list[Path] = []
    for path in map(Path, paths):
        if not any(_same(path, seen) for seen in unique):
            unique.append(path)
    per_path = [_claims_for_path(path) for path in unique]
    _qualify_clashing_paths(unique, per_path)
    everything = [claim for claims in per_path for claim in claims]
    return [settle(claim, assignment) for claim in merge_claims(everything)]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _claims_for_path(path: Path) -> list[Claim]:
    root = build(path)
    found = _claims_among([root])
    if not found and root.kind == "file":  # a PDF or such given on the command line
        found = [
            Claim(
                Identity(id=root.display, layout="file"),
                where=root.display,
                files=[root.display],
                problems=[f"{path} is not a notebook (.ipynb), a zip or a folder."],
            )
        ]
    return found


def _claims_among(nodes: list[Node]) -> list[Claim]:
    """Claims for sibling nodes: Moodle names (the most specific), Canvas names, then the rest."""
    found, rest = moodle.claims(nodes)
    canvas_found, rest = canvas.claims(rest)
    found += canvas_found
    for node in rest:
        found += _claims_for(node)
    return found


def _claims_in(folder: Node) -> list[Claim]:
    """Claims for the contents of a folder or zip."""
    if any(c.kind == "file" and c.name == gradescope.METADATA for c in folder.children):
        found, rest = gradescope.claims(folder)
        return found + _claims_among(rest)
    return _claims_among(folder.children)


def _claims_for(node: Node) -> list[Claim]:
    """Claims for one node that no layout named."""
    if node.kind == "file":
        if not node.is_notebook and not node.problem:
            return []  # PDFs, logs, data files: only notebooks are graded
        return [_single(node, "file")]
    if node.kind == "dir":
        return _claims_in(node)
    if node.problem or node.otter:
        return [_single(node, "otter-export" if node.otter else "file")]
    found = _claims_in(node)
    if not found and not any(item.is_notebook for item in node.files()):
        empty = Claim(Identity(id=node.display, layout="file"), where=node.display)
        empty.files = [item.display for item in node.files()] or [node.display]
        empty.problems.append(f"{node.display} holds no notebook (.ipynb).")
        return [empty]
    return found


def _single(node: Node, layout: str) -> Claim:
    claim = Claim(Identity(id=node.display, layout=layout), where=node.display)
    claim.gather(node)
    return claim


def _qualify_clashing_paths(paths: list[Path], per_path: list[list[Claim]]) -> None:
    """Ids made from relative paths (layouts "file" and "otter-export") are only unique within
    one PATH: when two PATHs give the same one (`sec1/bob.ipynb` and `sec2/bob.ipynb` both give
    `bob.ipynb`), each is prefixed with the folder it was given under, so two students never merge."""
    relative = ("file", "otter-export")
    owners: dict[tuple[str, str], set[int]] = {}
    for index, claims in enumerate(per_path):
        for claim in claims:
            if claim.identity.layout in relative:
                owners.setdefault((claim.identity.layout, claim.identity.id), set()).add(index)
    for index, claims in enumerate(per_path):
        for claim in claims:
            key = (claim.identity.layout, claim.identity.id)
            if claim.identity.layout in relative and len(owners[key]) > 1:
                base = paths[index] if paths[index].is_dir() else paths[index].parent
                qualified = (base / claim.identity.id).as_posix()
                claim.identity = Identity(id=qualified, layout=claim.identity.layout)
                claim.notes.append(f"Identified as {qualified}: another PATH also holds {key[1]}.")
