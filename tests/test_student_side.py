"""The student's side, for real: the released notebook in a Jupyter kernel with otter's checks."""
import shutil

import nbclient
import nbformat
import pytest

from autograder import assignments
from support import fill_template


def run_in_kernel(notebook, folder):
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def check_outputs(notebook) -> dict[str, str]:
    """{question id: the text grader.check displayed} for every check cell."""
    shown = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("grader.check("):
            qid = cell.source.split('"')[1]
            shown[qid] = "\n".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") + o.get("evalue", "")
                                   for o in cell.outputs)
    return shown


@pytest.fixture(params=assignments.NAMES)
def student_folder(request, release_dir, tmp_path):
    folder = tmp_path / request.param
    shutil.copytree(release_dir / request.param / "student", folder)
    return request.param, folder


def test_reference_bodies_pass_every_public_check(student_folder):
    name, folder = student_folder
    notebook = fill_template(nbformat.read(folder / f"{name}.ipynb", as_version=4), name)
    shown = check_outputs(run_in_kernel(notebook, folder))
    assert set(shown) == {item.id for item in assignments.load(name).items}
    failing = {qid: text for qid, text in shown.items() if "All test cases passed" not in text}
    assert not failing, failing
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, [e["ename"] + ": " + e["evalue"] for e in errors]


def test_blank_notebook_fails_every_check_with_an_actionable_message(student_folder):
    name, folder = student_folder
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    shown = check_outputs(run_in_kernel(notebook, folder))
    assert len(shown) == len(assignments.load(name).items)
    for qid, text in shown.items():
        assert "All test cases passed" not in text, qid
        assert "message:" in text, f"{qid} fails without a message a student can act on: {text[:200]}"
