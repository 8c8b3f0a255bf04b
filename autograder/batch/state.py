"""What a grading folder remembers between runs, so a batch can resume and regrade.

OUT/.nngrade/run.json keeps the assignment and the run's secret seed (the hidden inputs stay the
same across runs into one OUT). Each results.json records who it belongs to, the sha256 of the
notebook it came from and the grader fingerprint; a result is kept on resume only when all three
still hold. Students never see OUT: the sandbox does not mount it.
"""

from __future__ import annotations

import json
import secrets

from ..report.files import write_atomic
from .outdir import OutDir, read_results


class OutputInUse(ValueError):
    """OUT already holds grades of another assignment, or a folder that is not nngrade's."""


def open_run(out: OutDir, assignment: str, seed: int | None = None) -> int:
    """The seed of the grading run in `out`: the stored one when resuming, else a new secret
    (or `seed` when given, to replay a disputed grade)."""
    for stale in out.stale_temporaries():
        stale.unlink(missing_ok=True)
    if any(p.parent.name != out.students.name for p in out.root.glob("*/results.json")):
        raise OutputInUse(
            f"{out.root} holds results in an older nngrade layout (OUT/<student>/); "
            "grade into a new -o folder"
        )
    if out.state.exists():
        stored = json.loads(out.state.read_text())
        if stored["assignment"] != assignment:
            raise OutputInUse(
                f"{out.root} already holds grades for assignment {stored['assignment']!r}; use another -o"
            )
        if seed is None:
            return int(stored["seed"])
    seed = secrets.randbits(63) if seed is None else seed
    write_atomic(out.state, json.dumps({"assignment": assignment, "seed": seed}) + "\n")
    return seed


# What a stored result was decided from, besides the notebook and the grader.
DETAILS = ("student", "source_files", "submitted_at", "late_policy", "roster", "carry_forward")


def regrade_reason(previous: dict | None, current: dict, force: bool) -> str | None:
    """Why a submission must be graded now (None: its stored result still holds).

    `previous` is the results document in the student's folder, if any; `current` holds what
    this run would record: notebook_sha256, grader_fingerprint and the DETAILS.
    """
    if previous is None:
        return "new"
    extra = previous.get("extra_data") or {}
    before, now = (extra.get("student") or {}).get("id"), current["student"]["id"]
    if before != now:
        raise OutputInUse(
            f"the folder for {now!r} holds another student's results ({before!r}); refusing to overwrite them"
        )
    if force:
        return "forced (--force)"
    if extra.get("notebook_sha256") != current["notebook_sha256"]:
        return "notebook changed"
    if extra.get("grader_fingerprint") != current["grader_fingerprint"]:
        return "grader changed"
    if any(extra.get(k) != current.get(k) for k in DETAILS):
        return "identity, files, submission time, late policy or carry-forward setting changed"
    return None


def previous_result(out: OutDir, key: str) -> dict | None:
    """The finished result in a student's folder (report.html is written first, results.json last)."""
    if not out.report(key).exists():
        return None
    return read_results(out.results(key))
