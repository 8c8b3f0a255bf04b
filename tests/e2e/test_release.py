"""The release: what students get is what we committed, and it leaks nothing hidden."""

import filecmp
import inspect
import re
from pathlib import Path

import nbformat
import pytest
from support import REFERENCE, value_literals

import autograder
from autograder import assignments
from solutions import answers, worked_examples

TEMPLATE = Path(__file__).resolve().parents[2] / "student_template"
NAMES = assignments.NAMES


def _without_build_stamp(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("nngrade", None)
    return notebook


@pytest.mark.parametrize("name", NAMES)
def test_committed_student_template_matches_a_fresh_release(release_dir, name):
    """Equal but for the release's build stamp (version and commit), which the template omits."""
    fresh, committed = release_dir / name / "student", TEMPLATE / name
    assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in committed.iterdir()), (
        "run `make student-template`"
    )
    for path in fresh.iterdir():
        if path.suffix == ".ipynb":
            same = _without_build_stamp(path) == _without_build_stamp(committed / path.name)
        else:
            same = filecmp.cmp(path, committed / path.name, shallow=False)
        assert same, (
            f"student_template/{name}/{path.name} drifted from the release; run `make student-template`"
        )


@pytest.mark.parametrize("name", NAMES)
def test_every_released_notebook_records_version_and_commit(release_dir, name):
    for side in ("student", "autograder"):
        stamp = nbformat.read(release_dir / name / side / f"{name}.ipynb", as_version=4).metadata["nngrade"]
        assert stamp["version"] == autograder.__version__ and re.fullmatch(
            r"[0-9a-f]{40}(-dirty)?|unknown", stamp["commit"]
        )


def _student_text(release_dir: Path, name: str) -> str:
    return "\n".join(
        p.read_text() for p in sorted((release_dir / name / "student").rglob("*")) if p.is_file()
    )


def _body_lines(function) -> list[str]:
    """The non-trivial code lines of a reference function's body (no docstring or comments)."""
    source = inspect.getsource(function)
    body = source.split('"""', 2)[-1] if '"""' in source else source
    lines = [line.strip() for line in body.splitlines()[1:]]
    skipped = ("#", "return np.asarray", "return float")
    return [line for line in lines if len(line) > 12 and not line.startswith(skipped)]


@pytest.mark.parametrize("name", NAMES)
def test_no_solution_code_in_student_material(release_dir, name):
    text = _student_text(release_dir, name)
    leaked = []
    for fname, function in inspect.getmembers(REFERENCE[name], inspect.isfunction):
        if fname in ("sigmoid", "unroll_params", "roll_params") or fname.startswith("_"):
            continue  # helpers that students are given
        leaked += [line for line in _body_lines(function) if line in text]
    assert not leaked, leaked[:5]
    notebook = nbformat.read(release_dir / name / "student" / f"{name}.ipynb", as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    for qid in [*answers.ANSWERS[name], *worked_examples.WORKED_EXAMPLES[name]]:
        assignments_of_qid = re.findall(rf"^{qid}\s*=.*$", code, re.MULTILINE)
        assert assignments_of_qid == [f"{qid} = ..."], (
            f"{qid} should only appear as a `...` stub: {assignments_of_qid}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_no_hidden_case_or_expected_value_in_student_material(release_dir, name):
    text = _student_text(release_dir, name)
    for qid, literal_source in value_literals(name).items():
        if qid in answers.ANSWERS[name]:
            continue  # an option numeral or a small number appears in any question's text
        assert literal_source not in text, f"{qid}'s expected value appears under student/"
    for marker in ("sin_network", "random_network", "coupled_quartic", "HIDDEN", "hidden: true"):
        assert marker not in text


@pytest.mark.parametrize("name", NAMES)
def test_master_questions_match_the_graded_items(name):
    assignment = assignments.load(name)
    master = nbformat.read(assignment.master_notebook, as_version=4)
    questions = {}
    for cell in master.cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            fields = dict(line.split(":", 1) for line in cell.source.splitlines()[1:] if ":" in line)
            questions[fields["name"].strip()] = float(fields["points"])
    assert questions == {item.id: item.points for item in assignment.items}


@pytest.mark.parametrize("name", NAMES)
def test_every_item_has_hidden_cases_and_every_case_an_item(name):
    assignment = assignments.load(name)
    case_ids = {case.qid for case in assignment.cases}
    assert case_ids == {item.id for item in assignment.items}
    assert set(answers.ANSWERS[name]) | set(worked_examples.WORKED_EXAMPLES[name]) <= case_ids
