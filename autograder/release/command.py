"""Command-line entry for `nngrade release`."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import assignments
from .build import ReleaseError, build_assignment


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("release", help="build student notebooks and autograder material")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.set_defaults(run=run)


def run(args) -> int:
    for name in assignments.NAMES:
        assignment = assignments.load(name)
        print(f"Building {name} ...", flush=True)
        try:
            target = build_assignment(assignment, args.out)
        except ReleaseError as exc:
            print(f"nngrade release: {exc}", file=sys.stderr)
            return 1
        print(f"  student notebook: {target / 'student' / (name + '.ipynb')}")
        print(f"  autograder:       {target / 'autograder'}")
    return 0
