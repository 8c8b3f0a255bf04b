"""Command-line entry for `nngrade grade`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import assignments
from ..intake.discover import discover
from ..intake.roster import RosterError, apply_roster, read_roster
from ..intake.times import apply_times, parse_moment, read_moodle_worksheet_times, read_times_csv
from ..report.gradebook import status_of
from ..report.spreadsheet import printable
from ..runner.cgroup import parse_memory
from ..runner.sandbox import Limits, SandboxUnavailable, check_available
from .batch import BatchResult, grade_batch
from .late import LatePolicy
from .outdir import OutDir
from .state import OutputInUse


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("grade", help="grade submitted notebooks")
    parser.add_argument("-a", "--assignment", required=True, help=f"one of: {', '.join(assignments.NAMES)}")
    parser.add_argument(
        "submissions",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="notebooks, zips, or folders (searched recursively; LMS downloads are recognised)",
    )
    parser.add_argument("-o", "--out", required=True, type=Path, help="output folder")
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel submissions (default: all cores)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="wall-time limit per submission, seconds (default 60)"
    )
    parser.add_argument(
        "--slot-memory",
        type=parse_memory,
        default=Limits().slot_memory_bytes,
        metavar="SIZE",
        help="memory one parallel slot's sandbox may hold in all, its tmpfs included, where "
        "a cgroup can be made (default 2G; MiB, or with a unit: 1536M, 3G)",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run submissions without bubblewrap (unsafe; every report says so)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        help="CSV with id,name,email[,sis_id,section]: checks identities, lists missing students",
    )
    parser.add_argument(
        "--force", action="store_true", help="regrade every submission (with the run's stored seed)"
    )
    parser.add_argument(
        "--no-carry-forward",
        dest="carry_forward",
        action="store_false",
        help="strict marking: no credit for a result that is right given the student's own wrong "
        "helper (by default such cases earn their points, tagged carried-forward:<helper>)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="the hidden inputs' seed, to replay a grade (e.g. from Gradescope's extra_data)",
    )
    late = parser.add_argument_group("late work (no penalty unless --due is given)")
    late.add_argument("--due", help="due date, ISO 8601 with a zone, e.g. 2026-12-01T23:59:00+01:00")
    late.add_argument(
        "--late-penalty",
        type=float,
        default=0.0,
        metavar="PERCENT",
        help="percent of the earned score deducted per day or part of a day late (default 0)",
    )
    late.add_argument("--cutoff", help="after this moment (ISO 8601 with a zone) a submission scores 0")
    late.add_argument(
        "--times", type=Path, help="CSV with id,submitted_at (ISO 8601 with a zone), e.g. for Canvas"
    )
    late.add_argument(
        "--moodle-worksheet",
        type=Path,
        help="Moodle's grading worksheet: its 'Last modified (submission)' times, read in --due's zone",
    )
    parser.set_defaults(run=run)


class UsageError(ValueError):
    pass


def late_policy(args) -> LatePolicy:
    try:
        due = parse_moment(args.due) if args.due else None
        cutoff = parse_moment(args.cutoff) if args.cutoff else None
    except ValueError as exc:
        raise UsageError(f"--due/--cutoff: {exc}") from None
    if (cutoff or args.late_penalty) and due is None:
        raise UsageError("--late-penalty and --cutoff need --due")
    if not 0 <= args.late_penalty <= 100:
        raise UsageError("--late-penalty is a percentage between 0 and 100")
    if args.moodle_worksheet and due is None:
        raise UsageError("--moodle-worksheet times carry no zone; give --due so they can be read in its zone")
    return LatePolicy(due, args.late_penalty, cutoff)


def intake(args, assignment: str, policy: LatePolicy):
    """The submissions with their identities and times, and the roster students who sent nothing."""
    submissions = discover(args.submissions, assignment)
    missing = []
    if args.roster:
        missing = apply_roster(submissions, read_roster(args.roster))
    times: dict = {}
    if args.moodle_worksheet:
        times.update(read_moodle_worksheet_times(args.moodle_worksheet, policy.due.tzinfo))
    if args.times:
        times.update(read_times_csv(args.times))
    if times:
        apply_times(submissions, times)
    return submissions, missing


def run(args) -> int:
    try:
        assignment = assignments.load(args.assignment)
    except assignments.UnknownAssignment as exc:
        print(f"nngrade grade: {exc}", file=sys.stderr)
        return 2
    given = [p for p in [*args.submissions, args.roster, args.times, args.moodle_worksheet] if p is not None]
    missing_paths = [str(p) for p in given if not p.exists()]
    if missing_paths:
        print(f"nngrade grade: no such file or folder: {', '.join(missing_paths)}", file=sys.stderr)
        return 2
    if args.jobs < 1 or args.timeout <= 0:
        print("nngrade grade: --jobs must be ≥ 1 and --timeout > 0", file=sys.stderr)
        return 2
    try:
        policy = late_policy(args)
        submissions, missing = intake(args, assignment.name, policy)
    except (UsageError, RosterError, ValueError, OSError) as exc:
        print(f"nngrade grade: {exc}", file=sys.stderr)
        return 2
    if not submissions and not missing:
        print("nngrade grade: no notebooks or zips among the submissions given", file=sys.stderr)
        return 2
    if args.no_sandbox:
        print(
            "nngrade grade: WARNING: grading without the sandbox; submissions can read your files "
            "and reach the network. Every report will say so.",
            file=sys.stderr,
        )
    else:
        try:
            check_available()
        except SandboxUnavailable as exc:
            print(
                f"nngrade grade: cannot sandbox submissions: {exc}. Fix that (see the README), or "
                "pass --no-sandbox to grade without isolation.",
                file=sys.stderr,
            )
            return 2
    try:
        result = grade_batch(
            assignment,
            submissions,
            args.out,
            args.jobs,
            args.timeout,
            seed=args.seed,
            sandbox=not args.no_sandbox,
            progress=sys.stderr.isatty(),
            force=args.force,
            late=policy,
            missing=missing,
            limits=Limits(slot_memory_bytes=args.slot_memory),
            carry=args.carry_forward,
        )
    except OutputInUse as exc:
        print(f"nngrade grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\nnngrade grade: interrupted; finished submissions are saved and the gradebook lists "
            "them. Run the same command again to grade the rest.",
            file=sys.stderr,
        )
        return 130
    print_gradebook(assignment, OutDir(args.out), result)
    return 0


def print_gradebook(assignment, out: OutDir, result: BatchResult) -> None:
    """A short gradebook of OUT on stdout; every student-controlled string made printable."""
    rows, unmatched, missing = [], [], []
    for _, doc in out.documents(assignment.name):
        student = doc.student
        who = printable(student.id or "?") + (f" ({printable(student.name)})" if student.name else "")
        rows.append((who[:60], doc.score, printable(status_of(doc))[:100]))
        if doc.roster == "unmatched":
            unmatched.append(who[:60])
        if doc.status == "missing":
            missing.append(who[:60])
    width = max([len(r[0]) for r in rows] + [7])
    print(f"{'student':<{width}}  {'score':>12}  status")
    for who, score, status in sorted(rows):
        print(f"{who:<{width}}  {score:>6.2f} / {assignment.total_points:<4g}  {status}")
    if unmatched:
        print(f"Not on the roster (graded, check who they are): {', '.join(sorted(unmatched))}")
    if missing:
        print(f"On the roster with no submission (listed as missing): {', '.join(sorted(missing))}")
    if result.skipped:
        print(
            f"{result.skipped} submission(s) were already graded from identical notebooks "
            "with this grader; kept."
        )
    if result.regrades:
        changed = sum(r.changed for r in result.regrades)
        print(
            f"Regraded {len(result.regrades)} submission(s); {changed} score(s) changed (see {out.regrades})."
        )
    print(
        f"Wrote {out.gradebook}, {out.summary}, and a results.json and report.html per student "
        f"under {out.students}."
    )
