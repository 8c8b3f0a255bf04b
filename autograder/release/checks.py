"""The release checks itself before anything is final, with the code inside the built zips.

For each assignment, the wheel is taken out of the Gradescope zip and its `nngrade` (not the
checkout's) grades the solution notebook, which must score full marks, and the blank student
notebook, which must score 0 on every function. Both must run every cell without an error under
the grader, the setup and submit cells included (student_cells.py). Then that same package runs
the self-test.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..batch.outdir import OutDir
from ..report.results import GradedDocument

CHECK_TIMEOUT = 900
# Runs the nngrade found in PACKAGE, after making sure that is the one imported.
RUN_FROM = """
import sys
package = sys.argv[1]
sys.path.insert(0, package)
import autograder
if not autograder.__file__.startswith(package):
    sys.exit(f"imported {autograder.__file__}, not the wheel's package")
from autograder.cli import main
sys.exit(main(sys.argv[2:]))
"""


class ReleaseCheckFailed(RuntimeError):
    pass


def unpack_wheel(gradescope_zip: Path, into: Path) -> Path:
    with zipfile.ZipFile(gradescope_zip) as outer:
        (wheel_name,) = [n for n in outer.namelist() if n.endswith(".whl")]
        (into / wheel_name).write_bytes(outer.read(wheel_name))
    package = into / "package"
    with zipfile.ZipFile(into / wheel_name) as wheel:
        wheel.extractall(package)
    return package


def run_packaged(package: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-I", "-c", RUN_FROM, str(package), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )
    if done.returncode != 0:
        raise ReleaseCheckFailed(
            f"`nngrade {' '.join(args[:2])}` from the built wheel failed:\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return done


def result_of(out: Path, student_id: str) -> GradedDocument:
    """The results document of `student_id` in a grading folder written by the packaged grader."""
    for _, doc in OutDir(out).documents():
        if doc.student.id == student_id:
            return doc
    raise ReleaseCheckFailed(f"the packaged grader wrote no results for {student_id} in {out}")


def check_assignment(release: Path, name: str, functions: list[str], total: float, scratch: Path) -> None:
    package = unpack_wheel(release / name / "gradescope" / f"{name}-autograder.zip", scratch)
    solution, blank = scratch / "notebooks" / "solution.ipynb", scratch / "notebooks" / "blank.ipynb"
    for source, copy in (
        (release / name / "autograder" / f"{name}.ipynb", solution),
        (release / name / "student" / f"{name}.ipynb", blank),
    ):
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(source.read_bytes())
    out = scratch / "graded"
    run_packaged(
        package, ["grade", "-a", name, str(solution), str(blank), "-o", str(out), "-j", "2"], scratch
    )
    solved = result_of(out, "solution.ipynb")
    if solved.score != total:
        raise ReleaseCheckFailed(
            f"{name}: the solution notebook scored {solved.score:g} of {total}, not full marks"
        )
    blanked = result_of(out, "blank.ipynb")
    for label, doc in (("solution", solved), ("blank", blanked)):
        if doc.cell_errors:
            raise ReleaseCheckFailed(
                f"{name}: {doc.cell_errors} cell(s) of the {label} notebook raised an error while graded"
            )
    scored = [t.name for t in blanked.tests if t.qid in functions and t.score > 0]
    if scored:
        raise ReleaseCheckFailed(f"{name}: the blank notebook scored on {', '.join(scored[:5])}")


def check_release(release: Path, assignments: list) -> list[str]:
    """Run every check; return one line per check passed (raise ReleaseCheckFailed otherwise)."""
    passed = []
    for assignment in assignments:
        functions = [i.id for i in assignment.items if i.kind == "function"]
        with tempfile.TemporaryDirectory(prefix="nngrade-check-") as tmp:
            check_assignment(release, assignment.name, functions, assignment.total_points, Path(tmp))
        passed.append(
            f"{assignment.name}: solution full marks, blank notebook 0 on every function, "
            "no cell errors (graded by the wheel in the Gradescope zip)"
        )
    with tempfile.TemporaryDirectory(prefix="nngrade-check-") as tmp:
        package = unpack_wheel(
            release / assignments[0].name / "gradescope" / f"{assignments[0].name}-autograder.zip", Path(tmp)
        )
        done = run_packaged(package, ["selftest"], Path(tmp))
    passed += [line for line in done.stdout.splitlines() if "detection" in line]
    return passed
