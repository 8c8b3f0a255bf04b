"""What a grading folder remembers between runs, so an interrupted batch can resume.

OUT/.nngrade/run.json keeps the assignment and the run's secret seed (the hidden inputs stay
the same across a resumed batch); each OUT/<student>/results.json records the sha256 of the
notebook it came from. Students never see OUT: the sandbox does not mount it.
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path

from ..grading.engine import file_sha256
from ..report.files import write_atomic


class OutputInUse(ValueError):
    """OUT already holds grades of another assignment."""


def open_run(out: Path, assignment: str, seed: int | None = None) -> int:
    """The seed of the grading run in `out`: the stored one when resuming, else a new secret."""
    state = out / ".nngrade" / "run.json"
    for stale in out.glob("*/.*.tmp"):  # what a killed run was writing; never a finished file
        stale.unlink(missing_ok=True)
    if state.exists():
        stored = json.loads(state.read_text())
        if stored["assignment"] != assignment:
            raise OutputInUse(f"{out} already holds grades for assignment {stored['assignment']!r}; use another -o")
        if seed is None:
            return int(stored["seed"])
    seed = secrets.randbits(63) if seed is None else seed
    write_atomic(state, json.dumps({"assignment": assignment, "seed": seed}) + "\n")
    return seed


def read_results(path: Path) -> dict | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc if isinstance(doc, dict) and isinstance(doc.get("tests"), list) else None
    except (OSError, ValueError):
        return None


def already_graded(out: Path, student: str, notebook: Path, assignment: str) -> bool:
    """Whether OUT/<student> holds complete results for these exact notebook bytes."""
    doc = read_results(out / student / "results.json")
    extra = (doc or {}).get("extra_data") or {}
    return (extra.get("assignment") == assignment and bool(extra.get("notebook_sha256"))
            and extra["notebook_sha256"] == file_sha256(notebook) and (out / student / "report.html").exists())


def graded_documents(out: Path, assignment: str):
    """Every results document in OUT for `assignment`, one at a time."""
    for path in sorted(out.glob("*/results.json")):
        doc = read_results(path)
        if doc and (doc.get("extra_data") or {}).get("assignment") == assignment:
            yield doc
