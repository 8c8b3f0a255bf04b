"""Command-line entry for `nngrade grade`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import assignments
from ..runner.sandbox import SandboxUnavailable, check_available
from ..report.gradebook import status_of
from .batch import collect, grade_batch
from .state import OutputInUse, read_results


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("grade", help="grade submitted notebooks")
    parser.add_argument("-a", "--assignment", required=True, help=f"one of: {', '.join(assignments.NAMES)}")
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders of notebooks")
    parser.add_argument("-o", "--out", required=True, type=Path, help="output folder")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel submissions (default: all cores)")
    parser.add_argument("--timeout", type=float, default=60.0, help="wall-time limit per submission, seconds (default 60)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run submissions without bubblewrap (unsafe; every report says so)")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        assignment = assignments.load(args.assignment)
    except assignments.UnknownAssignment as exc:
        print(f"nngrade grade: {exc}", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.submissions if not p.exists()]
    if missing:
        print(f"nngrade grade: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.jobs < 1 or args.timeout <= 0:
        print("nngrade grade: --jobs must be ≥ 1 and --timeout > 0", file=sys.stderr)
        return 2
    submissions = collect(args.submissions)
    if not submissions:
        print("nngrade grade: no .ipynb files among the submissions given", file=sys.stderr)
        return 2
    if args.no_sandbox:
        print("nngrade grade: WARNING: grading without the sandbox; submissions can read your files "
              "and reach the network. Every report will say so.", file=sys.stderr)
    else:
        try:
            check_available()
        except SandboxUnavailable as exc:
            print(f"nngrade grade: cannot sandbox submissions: {exc}. Fix that (see the README), or "
                  "pass --no-sandbox to grade without isolation.", file=sys.stderr)
            return 2
    try:
        _, skipped = grade_batch(assignment, submissions, args.out, args.jobs, args.timeout,
                                 sandbox=not args.no_sandbox, progress=sys.stderr.isatty())
    except OutputInUse as exc:
        print(f"nngrade grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nnngrade grade: interrupted; finished submissions are saved and the gradebook lists "
              "them. Run the same command again to grade the rest.", file=sys.stderr)
        return 130
    print_gradebook(assignment, args.out, [s.student for s in submissions], skipped)
    return 0


def print_gradebook(assignment, out: Path, students: list[str], skipped: int) -> None:
    """A short gradebook of this batch on stdout."""
    width = max(len(s) for s in students)
    print(f"{'student':<{width}}  {'score':>12}  status")
    for student in sorted(students):
        doc = read_results(out / student / "results.json") or {"score": 0, "tests": []}
        print(f"{student:<{width}}  {float(doc['score']):>6.2f} / {assignment.total_points:<4g}  {status_of(doc)}")
    if skipped:
        print(f"{skipped} submission(s) were already graded from identical notebooks in {out}; kept as they were.")
    print(f"Wrote {out / 'gradebook.csv'}, {out / 'summary.html'}, and a results.json and report.html per student.")
