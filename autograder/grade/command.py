"""Command-line entry for `nngrade grade`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import assignments
from ..runner.sandbox import SandboxUnavailable, check_available
from .batch import collect, grade_batch


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
    outcomes = grade_batch(assignment, submissions, args.out, args.jobs, args.timeout,
                           sandbox=not args.no_sandbox)
    width = max(len(o.student) for o in outcomes)
    print(f"{'student':<{width}}  {'score':>12}  status")
    for o in sorted(outcomes, key=lambda o: o.student):
        status = "not graded: " + o.problem if o.problem else ("; ".join(o.notes) or "graded")
        print(f"{o.student:<{width}}  {o.score:>6.2f} / {assignment.total_points:<4g}  {status}")
    print(f"Wrote {args.out / 'gradebook.csv'} and a results.json and report.html per student.")
    return 0
