"""Command-line entry for `nngrade release`.

Everything is built in a staging folder beside OUT and checked there; only a release that
passed its checks replaces OUT/<assignment>/, so a failed build never leaves half an artifact.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from .. import assignments
from ..report.results import DEFAULT_VISIBILITY, VISIBILITIES
from .build import ReleaseError, build_assignment
from .checks import ReleaseCheckFailed, check_release
from .gradescope_zip import build_gradescope_zip
from .reproducible import checkout_build
from .wheel import WheelError, build_wheel


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("release", help="build student notebooks and autograder zips")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.add_argument(
        "--skip-checks",
        action="store_true",
        help="do not grade the built release before writing it (faster; for repeat builds)",
    )
    parser.add_argument(
        "--no-carry-forward",
        dest="carry_forward",
        action="store_false",
        help="the Gradescope autograder marks strictly (nngrade gradescope --no-carry-forward)",
    )
    parser.add_argument(
        "--gradescope-visibility",
        choices=VISIBILITIES,
        default=DEFAULT_VISIBILITY,
        help="when students see each function's score and feedback on Gradescope: at once "
        "(visible, the default) or once grades are published (after_published); "
        "lecture questions are always after_published",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    info = checkout_build(assignments.ROOT, dict(os.environ))
    print(f"nngrade {info.version}, commit {info.commit}", flush=True)
    released = [assignments.load(name) for name in assignments.NAMES]
    args.out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=args.out))
    try:
        wheel = build_wheel(assignments.ROOT, info, staging / ".wheel")
        for assignment in released:
            print(f"Building {assignment.name} ...", flush=True)
            target = build_assignment(assignment, staging, info)
            build_gradescope_zip(
                assignment.name,
                wheel,
                info,
                target / "gradescope",
                args.carry_forward,
                args.gradescope_visibility,
            )
        shutil.rmtree(staging / ".wheel")
        if not args.skip_checks:
            print("Checking the release with its own wheel ...", flush=True)
            for line in check_release(staging, released):
                print(f"  ok  {line}")
        for assignment in released:
            final = args.out / assignment.name
            if final.exists():
                shutil.rmtree(final)
            (staging / assignment.name).rename(final)
            print(f"  {assignment.name}: {final / 'student' / (assignment.name + '.ipynb')}")
            autograder_zip = final / "gradescope" / f"{assignment.name}-autograder.zip"
            print(f"  {' ' * len(assignment.name)}  {autograder_zip}")
    except (ReleaseError, WheelError, ReleaseCheckFailed) as exc:
        print(f"nngrade release: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0
