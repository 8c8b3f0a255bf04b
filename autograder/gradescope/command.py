"""`nngrade gradescope`: grade the one submission of a Gradescope container.

Gradescope puts the student's files in ROOT/submission and takes ROOT/results/results.json
(ROOT is /autograder). The notebook is graded by `grade_notebook`, exactly as `nngrade grade`
grades it, and the results document is the same; `--visibility` (the release's choice, written
into run_autograder) says whether students see their feedback at once or once grades are
published. Student code runs in the bubblewrap sandbox when the container allows namespaces,
otherwise as an unprivileged uid with the same limits.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from pathlib import Path

from .. import assignments, installed_build
from ..grading.engine import grade_notebook, not_graded
from ..grading.fingerprint import grader_fingerprint
from ..report.files import write_atomic
from ..report.results import DEFAULT_VISIBILITY, VISIBILITIES, results_json
from ..runner.process import FreshProcess
from ..runner.sandbox import BUBBLEWRAP, UNPRIVILEGED, SandboxUnavailable, check_available, installed_dirs

SKIPPED_FOLDERS = {".ipynb_checkpoints", "__MACOSX"}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "gradescope", help="grade a Gradescope container's submission (run_autograder)"
    )
    parser.add_argument("-a", "--assignment", required=True, help=f"one of: {', '.join(assignments.NAMES)}")
    parser.add_argument(
        "--root", type=Path, default=Path("/autograder"), help="Gradescope's folder (default /autograder)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="wall-time limit, seconds (default 60)")
    parser.add_argument(
        "--no-carry-forward",
        dest="carry_forward",
        action="store_false",
        help="strict marking, as `nngrade grade --no-carry-forward`",
    )
    parser.add_argument(
        "--visibility",
        choices=VISIBILITIES,
        default=DEFAULT_VISIBILITY,
        help="when students see each function's score and feedback: at once (visible, the "
        "default) or once grades are published; lecture questions always wait",
    )
    parser.add_argument(
        "--check", action="store_true", help="check the installation (setup.sh runs this) and exit"
    )
    parser.set_defaults(run=run)


def choose_notebook(folder: Path, assignment: str) -> tuple[Path | None, str]:
    """The notebook to grade among the submitted files, and a sentence on the choice."""
    found = sorted(
        p
        for p in folder.rglob("*.ipynb")
        if p.is_file() and not SKIPPED_FOLDERS & set(p.relative_to(folder).parts)
    )
    if not found:
        return None, "No .ipynb file was found in the submission: submit your notebook"
    if len(found) == 1:
        return found[0], ""
    preferred = [p for p in found if p.name == f"{assignment}.ipynb"] or found
    names = ", ".join(str(p.relative_to(folder)) for p in found)
    return preferred[
        0
    ], f"Several notebooks were submitted ({names}); graded {preferred[0].relative_to(folder)}."


def metadata(root: Path) -> dict:
    """Gradescope's submission_metadata.json (only root reads it: it lists earlier submissions)."""
    try:
        data = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def submitter(root: Path) -> dict:
    """The first submitter's identity, as results.json records it (group members are in the metadata)."""
    users = metadata(root).get("users") or [{}]
    user = users[0] if isinstance(users[0], dict) else {}
    return {
        "id": str(user.get("id", "") or user.get("email", "") or "submission"),
        "name": str(user.get("name", "")),
        "email": str(user.get("email", "")),
        "layout": "gradescope",
    }


def isolation() -> str:
    """Bubblewrap when it works here; otherwise an unprivileged uid (root only)."""
    try:
        check_available()
        return BUBBLEWRAP
    except SandboxUnavailable as exc:
        if os.geteuid() != 0:
            raise SandboxUnavailable(
                f"{exc}; and without root no unprivileged user can be used either"
            ) from None
        return UNPRIVILEGED


def protect(root: Path) -> None:
    """Gradescope's advice: what student code must not read or write is root's alone. (Inside
    bubblewrap it is not even visible; this is for containers that forbid namespaces.)

    Everything in ROOT but the submission becomes root's alone: the source, the results, and
    submission_metadata.json, which lists earlier submissions and their scores. ROOT itself can
    be traversed but not listed.
    """
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    private = [p for p in root.iterdir() if p.name != "submission"] if root.is_dir() else []
    for path in [*private, *installed_dirs("solutions"), *installed_dirs("autograder")]:
        if path.exists() and not path.is_symlink():  # keep root's own bits (run_autograder stays executable)
            os.chmod(path, stat.S_IMODE(path.stat().st_mode) & 0o700 | (0o700 if path.is_dir() else 0))
    os.chmod(root, 0o711)


def run(args) -> int:
    try:
        assignment = assignments.load(args.assignment)
    except assignments.UnknownAssignment as exc:
        print(f"nngrade gradescope: {exc}", file=sys.stderr)
        return 2
    info = installed_build()
    try:
        mode = isolation()
    except SandboxUnavailable as exc:
        print(f"nngrade gradescope: cannot isolate student code: {exc}", file=sys.stderr)
        return 2
    print(
        f"nngrade {info['version']} (commit {info['commit']}) for {assignment.name}; "
        f"student code isolation: {mode}",
        flush=True,
    )
    if args.check:
        return 0
    if os.geteuid() == 0:
        protect(args.root)
    notebook, choice = choose_notebook(args.root / "submission", assignment.name)
    seed = secrets.randbits(63)  # recorded, so a disputed grade can be replayed with `nngrade grade --seed`
    student = submitter(args.root)
    if notebook is None:
        outcome = not_graded(assignment, student["id"], choice)
    else:
        outcome = grade_notebook(
            assignment,
            notebook,
            student["name"] or student["id"],
            seed,
            args.timeout,
            runner=FreshProcess(mode),
            carry=args.carry_forward,
        )
        if choice:
            outcome.notes.insert(0, choice)
    outcome.extra.update(
        student=student,
        seed=seed,
        grader_fingerprint=grader_fingerprint(assignment.name),
        max_score=assignment.total_points,
        carry_forward=args.carry_forward,
        feedback_visibility=args.visibility,
        source_files=[str(notebook.relative_to(args.root / "submission"))] if notebook else [],
        submitted_at=metadata(args.root).get("created_at"),
    )
    write_atomic(args.root / "results" / "results.json", results_json(outcome, args.visibility))
    print(f"score {outcome.score:g} / {assignment.total_points:g}", flush=True)
    return 0
