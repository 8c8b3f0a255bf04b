"""The released notebooks work where students run them, not only as `<assignment>.ipynb` in the
kernel's working folder with otter installed (that plain case is test_student_side.py).

Each notebook, filled with the reference, runs in a real kernel with real otter: saved under
another name (a browser's `backprop (1).ipynb`), with a kernel working directory that does not hold
it (as on Colab, or VS Code opened at another root), and with `import otter` failing at first (a
fresh Colab or Binder: the setup cell installs it). Every cell must run and every public check pass.
The submit cell's zip is found and graded: beside a renamed notebook, via Jupyter's and VS Code's
notebook path, written without otter when otter cannot be installed, and on Colab (whose frontend,
absent here, is simulated by the two calls the cell makes).
"""

import shutil

import nbformat
import pytest
from student_kernel import (
    entries,
    errors,
    execute,
    failing_checks,
    grade,
    hide_otter,
    scores,
    setup_output,
    submit_output,
    text,
    zips_in,
)
from support import fill_template

from autograder import assignments
from autograder.release import student_cells

NAMES = assignments.NAMES


def saved(release_dir, name, path):
    """The released notebook, filled with the reference as a student's finished work, saved at `path`."""
    notebook = fill_template(
        nbformat.read(release_dir / name / "student" / f"{name}.ipynb", as_version=4), name
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def run(path, cwd, env=None):
    return execute(nbformat.read(path, as_version=4), cwd, env)


def assert_all_checks_pass(notebook):
    assert not errors(notebook), errors(notebook)
    assert not failing_checks(notebook), failing_checks(notebook)


@pytest.mark.parametrize("name", NAMES)
def test_renamed_notebook_checks_pass_and_its_zip_scores_full_marks(release_dir, tmp_path, name):
    path = saved(release_dir, name, tmp_path / f"{name} (1).ipynb")
    notebook = run(path, tmp_path)
    assert_all_checks_pass(notebook)
    (submission,) = zips_in(tmp_path)
    assert submission.name.startswith(f"{name} (1)_")
    assert entries(submission) == sorted([".OTTER_LOG", "__zip_filename__", path.name])
    graded = grade(name, [submission], tmp_path / "graded")
    assert graded[submission.name].score == assignments.load(name).total_points


@pytest.mark.parametrize("name", NAMES)
def test_kernel_working_folder_without_the_notebook(release_dir, tmp_path, name):
    """As on Colab (the notebook is not on the kernel's disk) or VS Code opened at another root:
    the checks never read the file; the submit cell, finding none, says what to submit instead."""
    saved(release_dir, name, tmp_path / "course" / f"{name}.ipynb")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    notebook = run(tmp_path / "course" / f"{name}.ipynb", elsewhere)
    assert_all_checks_pass(notebook)
    assert "No zip written" in submit_output(notebook) and ".ipynb file instead" in submit_output(notebook)
    assert not zips_in(tmp_path)


@pytest.mark.parametrize("name", NAMES)
def test_otter_missing_at_first_is_installed_by_the_setup_cell(release_dir, tmp_path, name):
    path = saved(release_dir, name, tmp_path / "work" / f"{name}.ipynb")
    notebook = run(path, path.parent, hide_otter(tmp_path / "no-otter", once=True))
    assert (tmp_path / "no-otter" / "refused").exists(), (
        "the kernel imported otter without the simulated miss"
    )
    version = student_cells.otter_version()
    assert f"Installing otter-grader {version}" in setup_output(notebook)
    assert f"Installed otter-grader {version}." in setup_output(notebook)
    assert_all_checks_pass(notebook)
    (submission,) = zips_in(path.parent)
    assert ".OTTER_LOG" in entries(submission)


def test_zip_found_by_jupyter_and_vs_code_notebook_paths(release_dir, tmp_path):
    """Jupyter Server gives the kernel JPY_SESSION_NAME, VS Code sets __vsc_ipynb_file__; both are
    absolute paths, here of a notebook outside the kernel's working folder."""
    name = "perceptron"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    jupyter = saved(release_dir, name, tmp_path / "jupyter" / f"{name}.ipynb")
    assert_all_checks_pass(run(jupyter, elsewhere, {"JPY_SESSION_NAME": str(jupyter)}))

    vs_code = saved(release_dir, name, tmp_path / "workspace" / "hw" / f"{name}.ipynb")
    notebook = nbformat.read(vs_code, as_version=4)
    notebook.cells.insert(
        0, nbformat.v4.new_code_cell(f"__vsc_ipynb_file__ = {str(vs_code)!r}  # as VS Code sets it")
    )
    assert_all_checks_pass(execute(notebook, tmp_path / "workspace"))

    (from_jupyter,), (from_vs_code,) = zips_in(jupyter.parent), zips_in(vs_code.parent)
    assert not zips_in(elsewhere)
    graded = grade(name, [from_jupyter, from_vs_code], tmp_path / "graded")
    for submission in (from_jupyter, from_vs_code):
        assert graded[submission.name].score == assignments.load(name).total_points


def test_otter_that_cannot_be_installed_is_explained_and_the_zip_is_still_written(release_dir, tmp_path):
    """pip cannot install the pinned version (here one that does not exist, with no index): the
    setup cell says why and how to fix it, every check says it did not run, and the submit cell
    writes otter's zip format itself, which grades exactly like the notebook."""
    name = "perceptron"
    path = saved(release_dir, name, tmp_path / "work" / f"{name}.ipynb")
    notebook = nbformat.read(path, as_version=4)
    pinned = f'OTTER_VERSION = "{student_cells.otter_version()}"'
    assert pinned in notebook.cells[0].source
    notebook.cells[0].source = notebook.cells[0].source.replace(pinned, 'OTTER_VERSION = "0.0.0"')
    notebook = execute(notebook, path.parent, hide_otter(tmp_path / "no-otter", once=False))

    assert not errors(notebook), errors(notebook)
    shown = setup_output(notebook)
    assert "otter-grader 0.0.0 could not be installed" in shown and "otter-grader==0.0.0" in shown
    assert "No matching distribution" in shown or "Could not find a version" in shown  # pip's own reason
    assert all("did not run: otter-grader is missing" in text for text in failing_checks(notebook).values())
    assert len(failing_checks(notebook)) == len(assignments.load(name).items)

    (submission,) = zips_in(path.parent)
    assert entries(submission) == sorted(["__zip_filename__", path.name])
    shutil.copy(path, tmp_path / "notebook.ipynb")
    graded = grade(name, [submission, tmp_path / "notebook.ipynb"], tmp_path / "graded")
    assert graded[submission.name].student.layout == "otter-export"
    assert scores(graded[submission.name]) == scores(graded["notebook.ipynb"])
    assert graded[submission.name].score == assignments.load(name).total_points


# Colab's frontend, which no test machine has, reduced to the two calls the submit cell makes:
# `_message.blocking_request("get_ipynb")` answers with the notebook as the browser holds it, and
# `files.download` starts a download. Run as the notebook's first cell.
COLAB_FRONTEND = """\
import json, sys, types
_colab = types.ModuleType("google.colab")
_colab._message = types.SimpleNamespace(
    blocking_request=lambda kind, request="", timeout_sec=None: {"ipynb": json.load(open(BROWSER_COPY))})
_colab.files = types.SimpleNamespace(download=lambda path: DOWNLOADS.append(path))
sys.modules.update({"google.colab": _colab, "google.colab._message": _colab._message,
                    "google.colab.files": _colab.files})
DOWNLOADS = []
"""


def test_colab_submit_writes_the_zip_from_the_browsers_copy_and_downloads_it(release_dir, tmp_path):
    """On Colab the notebook is on no disk the kernel sees, and otter's export refuses to run: the
    submit cell asks Colab's frontend for the notebook, writes otter's zip format, downloads it."""
    name = "perceptron"
    browser_copy = saved(release_dir, name, tmp_path / "browser" / "Copy of perceptron.ipynb")
    content = tmp_path / "content"  # Colab's working folder: no notebook in it
    content.mkdir()
    notebook = nbformat.read(browser_copy, as_version=4)
    notebook.cells.insert(
        0, nbformat.v4.new_code_cell(f"BROWSER_COPY = {str(browser_copy)!r}\n" + COLAB_FRONTEND)
    )
    notebook.cells.append(nbformat.v4.new_code_cell("print('downloads:', DOWNLOADS)"))
    notebook = execute(notebook, content)
    assert_all_checks_pass(notebook)

    (submission,) = zips_in(content)
    assert f"downloads: [{submission.name!r}]" in text(notebook.cells[-1])
    assert "Your browser downloads" in text(notebook.cells[-2])
    assert entries(submission) == sorted([".OTTER_LOG", "__zip_filename__", f"{name}.ipynb"])
    graded = grade(name, [submission], tmp_path / "graded")
    assert graded[submission.name].score == assignments.load(name).total_points
