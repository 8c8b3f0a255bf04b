"""What a grading folder remembers between runs, so a batch can resume and regrade.

OUT/.nngrade/run.json keeps the assignment and the run's secret seed (the hidden inputs stay the
same across runs into one OUT). Each results.json records who it belongs to, the sha256 of the
notebook it came from and the grader fingerprint; a result is kept on resume only when all three
still hold. Students never see OUT: the sandbox does not mount it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from ..report.files import write_atomic
from ..report.results import GradedDocument
from .outdir import OutDir


class OutputInUse(ValueError):
    """OUT already holds grades of another assignment, or a folder that is not nngrade's."""


@dataclass(frozen=True)
class RunState:
    """OUT/.nngrade/run.json: which assignment OUT grades, and the seed of its hidden inputs."""

    assignment: str
    seed: int

    @classmethod
    def read(cls, out: OutDir) -> RunState | None:
        """The stored state, or None in a folder no run has used; OutputInUse when it is not one."""
        if not out.state.exists():
            return None
        try:
            stored = json.loads(out.state.read_text(encoding="utf-8"))
            return cls(str(stored["assignment"]), int(stored["seed"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OutputInUse(
                f"{out.state} is not nngrade's run state ({exc!r}); grade into a new -o folder"
            ) from None

    def write(self, out: OutDir) -> None:
        write_atomic(out.state, json.dumps({"assignment": self.assignment, "seed": self.seed}) + "\n")


def open_run(out: OutDir, assignment: str, seed: int | None = None) -> int:
    """The seed of the grading run in `out`: the stored one when resuming, else a new secret
    (or `seed` when given, to replay a disputed grade)."""
    for stale in out.stale_temporaries():
        stale.unlink(missing_ok=True)
    if out.holds_older_layout():
        raise OutputInUse(
            f"{out.root} holds results in an older nngrade layout (OUT/<student>/); "
            "grade into a new -o folder"
        )
    stored = RunState.read(out)
    if stored is not None:
        if stored.assignment != assignment:
            raise OutputInUse(
                f"{out.root} already holds grades for assignment {stored.assignment!r}; use another -o"
            )
        if seed is None:
            return stored.seed
    state = RunState(assignment, secrets.randbits(63) if seed is None else seed)
    state.write(out)
    return state.seed


# What a stored result was decided from, besides the notebook and the grader.
DETAILS = ("student", "source_files", "submitted_at", "late_policy", "roster", "carry_forward")


def regrade_reason(previous: GradedDocument | None, current: dict, force: bool) -> str | None:
    """Why a submission must be graded now (None: its stored result still holds).

    `previous` is the finished result in the student's folder, if any; `current` holds what
    this run would record: notebook_sha256, grader_fingerprint and the DETAILS.
    """
    if previous is None:
        return "new"
    before, now = previous.student.id, current["student"]["id"]
    if before != now:
        raise OutputInUse(
            f"the folder for {now!r} holds another student's results ({before!r}); refusing to overwrite them"
        )
    if force:
        return "forced (--force)"
    if previous.notebook_sha256 != current["notebook_sha256"]:
        return "notebook changed"
    if previous.grader_fingerprint != current["grader_fingerprint"]:
        return "grader changed"
    # Compared as recorded: any difference in what the result was decided from means regrading.
    if any(previous.extra_data.get(k) != current.get(k) for k in DETAILS):
        return "identity, files, submission time, late policy or carry-forward setting changed"
    return None
