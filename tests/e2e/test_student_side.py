"""The student's side, for real: the released notebook in a Jupyter kernel with otter's checks, as
downloaded (the plain case), blank and filled with the reference, and its submission zip graded.
The other places it must work (renamed, elsewhere, without otter) are in test_student_anywhere.py."""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from student_kernel import (
    check_outputs,
    entries,
    errors,
    execute,
    failing_checks,
    grade,
    scores,
    submit_output,
    zips_in,
)
from support import fill_template

from autograder import assignments
from autograder.release import student_cells


@pytest.fixture(params=assignments.NAMES)
def student_folder(request, release_dir, tmp_path):
    folder = tmp_path / request.param
    shutil.copytree(release_dir / request.param / "student", folder)
    return request.param, folder


def test_reference_bodies_pass_every_public_check_and_the_zip_scores_full_marks(student_folder, tmp_path):
    name, folder = student_folder
    path = folder / f"{name}.ipynb"
    nbformat.write(fill_template(nbformat.read(path, as_version=4), name), path)  # the student's saved work
    notebook = execute(nbformat.read(path, as_version=4), folder)
    assert not errors(notebook)
    assert set(check_outputs(notebook)) == {item.id for item in assignments.load(name).items}
    assert not failing_checks(notebook)

    (submission,) = zips_in(folder)
    assert submission.name.startswith(f"{name}_") and str(submission) in submit_output(notebook)
    assert entries(submission) == sorted([".OTTER_LOG", "__zip_filename__", f"{name}.ipynb"])
    graded = grade(name, [submission, path], tmp_path / "graded")
    total = assignments.load(name).total_points
    assert graded[submission.name].score == total
    assert graded[submission.name].student.layout == "otter-export"
    assert scores(graded[submission.name]) == scores(graded[path.name])
    assert graded[submission.name].cell_errors == 0  # the setup and submit cells, graded


def test_blank_notebook_runs_without_errors_and_fails_every_check_with_an_actionable_message(student_folder):
    name, folder = student_folder
    notebook = execute(nbformat.read(folder / f"{name}.ipynb", as_version=4), folder)
    assert not errors(notebook)
    shown = check_outputs(notebook)
    assert len(shown) == len(assignments.load(name).items)
    for qid, text in shown.items():
        assert "All test cases passed" not in text, qid
        assert "message:" in text, f"{qid} fails without a message a student can act on: {text[:200]}"


@pytest.mark.parametrize("name", assignments.NAMES)
def test_the_setup_cell_carries_exactly_the_public_tests_and_the_pinned_otter(release_dir, name):
    notebook = nbformat.read(release_dir / name / "student" / f"{name}.ipynb", as_version=4)
    setup = notebook.cells[0].source
    assert (
        student_cells.unpack_tests(student_cells.packed_tests_in(setup))
        == notebook.metadata["otter"]["tests"]
    )
    assert f'OTTER_VERSION = "{student_cells.otter_version()}"' in setup
    assert "grader.export(" in notebook.cells[-1].source
    assert len(setup.splitlines()[-1]) < 8000 and max(map(len, setup.splitlines()[:-1])) <= 120


def test_otter_is_pinned_in_one_place_and_released_with_that_version():
    """pyproject.toml pins otter; the environment that builds and tests the release has that
    version, which the setup cell installs for students (test_student_anywhere relies on it)."""
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert re.findall(r'"otter-grader==([^"]+)"', pyproject) == [student_cells.otter_version()]
