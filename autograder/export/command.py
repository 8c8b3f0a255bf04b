"""Command-line entry for `nngrade export`: OUT's grades into Canvas's or Moodle's own files.

    nngrade export OUT --canvas GRADEBOOK.csv [--column NAME] [--output FILE]
    nngrade export OUT --moodle WORKSHEET.csv [--output FILE] [--moodle-feedback-zip]

Nothing is uploaded: the files written are for the instructor to import in the LMS. Rows and
students that match nothing are listed on stderr and in the summary, never guessed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..batch.outdir import OutDir
from ..report.files import write_atomic
from . import ExportError, load_students, printable
from .canvas import export_canvas
from .feedback_zip import build_feedback_zip
from .moodle import export_moodle

LIMIT = 20  # names listed per kind on stdout; stderr lists them all


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="write grades into Canvas's gradebook CSV or Moodle's grading worksheet"
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the folder `nngrade grade` wrote")
    parser.add_argument(
        "--canvas",
        type=Path,
        metavar="FILE",
        help="the CSV of Canvas's Gradebook > Export; writes OUT/canvas-import.csv for Gradebook > Import",
    )
    parser.add_argument(
        "--moodle",
        type=Path,
        metavar="FILE",
        help="Moodle's 'Download grading worksheet' CSV; writes OUT/moodle-worksheet.csv to upload back",
    )
    parser.add_argument(
        "--moodle-feedback-zip",
        action="store_true",
        help="write OUT/moodle-feedback.zip: each report.html, for Moodle's "
        "'Upload multiple feedback files in a zip'",
    )
    parser.add_argument(
        "--column",
        metavar="NAME",
        help="the Canvas column to fill (default: the one titled with the assignment's name, "
        "with or without ' (id)'; added when there is none)",
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="where to write the CSV (default: in OUT)"
    )
    parser.add_argument("-a", "--assignment", help="the assignment, when OUT holds several")
    parser.set_defaults(run=run)


def run(args) -> int:
    if not (args.canvas or args.moodle or args.moodle_feedback_zip):
        return _usage("give --canvas FILE, --moodle FILE or --moodle-feedback-zip")
    if args.canvas and args.moodle and args.output:
        return _usage("--output names one file; export to Canvas and Moodle in two runs, or drop --output")
    if args.column is not None and not args.canvas:
        return _usage("--column chooses a Canvas column; it needs --canvas")
    if args.output and not (args.canvas or args.moodle):
        return _usage("--output names the CSV written for --canvas or --moodle")
    if not args.out.is_dir():
        return _usage(f"no such folder: {args.out}")
    for given in (args.canvas, args.moodle):
        if given is not None and not given.is_file():
            return _usage(f"no such file: {given}")
    out = OutDir(args.out)
    try:
        assignment, students = load_students(args.out, args.assignment)
        max_points = max((s.max_score for s in students), default=0.0)
        if args.canvas:
            output = args.output or out.canvas_import
            text, canvas = export_canvas(args.canvas, students, assignment, max_points, args.column)
            write_atomic(output, text)
            title = f"Canvas column {canvas.column!r}" + (" (new)" if canvas.new_column else "")
            _summary(
                f"Canvas: {len(canvas.written)} grade(s) in {title} of {output}; import it with "
                "Grades > Import",
                canvas,
            )
        confirmed = None
        if args.moodle:
            output = args.output or out.moodle_worksheet
            text, moodle = export_moodle(args.moodle, students)
            write_atomic(output, text)
            confirmed = {s.key for s in moodle.written}
            _summary(
                f"Moodle: {len(moodle.written)} grade(s) and comment(s) in {output}; upload it with "
                "'Upload grading worksheet'",
                moodle,
            )
        if args.moodle_feedback_zip:
            feedback = build_feedback_zip(args.out, students, out.moodle_feedback_zip, confirmed)
            print(
                f"Moodle feedback: {len(feedback.placed)} report(s) in {feedback.path}; upload it with "
                "'Upload multiple feedback files in a zip'"
            )
            _listing("not placed in the zip", [f"{s.label}: {why}" for s, why in feedback.unplaceable])
    except ExportError as exc:
        print(f"nngrade export: {printable(exc)}", file=sys.stderr)
        return 2
    return 0


def _usage(message: str) -> int:
    print(f"nngrade export: {message}", file=sys.stderr)
    return 2


def _summary(headline: str, result) -> None:
    print(printable(headline))
    for warning in map(printable, result.warnings):
        print(f"nngrade export: warning: {warning}", file=sys.stderr)
        print(f"  warning: {warning}")
    _listing("gradebook row(s) matching no student, left as they were", result.unmatched_rows)
    _listing(
        "student(s) in OUT with no row in the file, not exported",
        [s.label for s in result.unmatched_students],
    )
    _listing("missing student(s) (no submission), left as they were", [s.label for s in result.missing])
    _listing("row(s) left as they were", result.left_as_is)


def _listing(what: str, items: list[str]) -> None:
    if not items:
        return
    names = [printable(item) for item in items]
    print(f"nngrade export: {len(names)} {what}:", file=sys.stderr)
    for name in names:
        print(f"  {name}", file=sys.stderr)
    print(f"  {len(names)} {what}: " + "; ".join(names[:LIMIT]) + (" ..." if len(names) > LIMIT else ""))
