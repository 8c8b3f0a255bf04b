"""Build one assignment's release with `otter assign`, then make its output deterministic.

    DIR/<assignment>/student/      the student notebook and its public tests (what students get)
    DIR/<assignment>/autograder/   otter's autograder material: solution notebook, all tests, zip

Both notebooks get nngrade's setup cell in place of otter's init cell, and a submit cell at the end
(`student_cells.py`: checks that never read the notebook file, otter installed when missing, the
submission zip). Every notebook records the nngrade version and commit in its metadata (`nngrade`);
otter's zip is rewritten reproducibly, with the same record in `nngrade-release.json`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from ..assignments import Assignment
from . import student_cells
from .reproducible import BuildInfo, normalize_zip

OTTER_TIMEOUT = 600


class ReleaseError(RuntimeError):
    pass


def run_otter_assign(master: Path, result: Path) -> None:
    """Run `otter assign` in a child process (it executes the master notebook in a kernel)."""
    env = dict(os.environ)
    # The kernel otter starts must be this interpreter's, with this environment's packages.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [sys.executable, "-m", "otter", "assign", str(master), str(result)],
        cwd=master.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=OTTER_TIMEOUT,
    )
    if done.returncode != 0:
        raise ReleaseError(
            f"otter assign failed for {master.name}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )


def install_student_cells(result: Path, name: str) -> None:
    """The setup and submit cells (student_cells.py) in the student and the solution notebook, with
    the student notebook's public tests (otter keeps them in its metadata too, for its own tools)."""
    public_tests = nbformat.read(result / "student" / f"{name}.ipynb", as_version=4).metadata["otter"][
        "tests"
    ]
    version = student_cells.otter_version()
    for side in ("student", "autograder"):
        path = result / side / f"{name}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        try:
            student_cells.install(notebook, name, public_tests, version)
        except ValueError as exc:
            raise ReleaseError(f"{side} notebook: {exc}") from exc
        nbformat.write(notebook, path)


def normalize_notebook(path: Path, info: BuildInfo) -> None:
    """Stable cell ids, no execution state, and the build record, so two releases of one commit
    are identical and each notebook says where it came from."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
    notebook.metadata["nngrade"] = info.stamp()
    nbformat.write(notebook, path)


def build_assignment(assignment: Assignment, out: Path, info: BuildInfo) -> Path:
    """Release one assignment into out/<name>/ and return that folder."""
    target = out / assignment.name
    with tempfile.TemporaryDirectory(prefix="nngrade-release-") as tmp:
        result = Path(tmp) / "dist"
        run_otter_assign(assignment.master_notebook, result)
        for zipped in (result / "autograder").glob("*.zip"):
            # otter names its zip with a timestamp; ship it under a stable name instead.
            stable = zipped.rename(zipped.with_name(f"{assignment.name}-otter-autograder.zip"))
            normalize_zip(
                stable, info, add={"nngrade-release.json": info.json_bytes(assignment=assignment.name)}
            )
        install_student_cells(result, assignment.name)
        for side in ("student", "autograder"):
            normalize_notebook(result / side / f"{assignment.name}.ipynb", info)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(result, target)
    return target
