"""Grading the reference, in every shape a notebook can take, gives full marks; blank gives zero."""

import shutil

import nbformat
import pytest
from support import document, fill_template, one_cell_submission, question_scores, results, write

from autograder import assignments
from autograder.cli import main


@pytest.fixture(scope="module", params=assignments.NAMES)
def graded(request, release_dir, tmp_path_factory):
    """Grade, in one batch, the solution notebook, the filled template, a one-cell notebook and the blank one."""
    name = request.param
    folder = tmp_path_factory.mktemp(f"subs-{name}")
    shutil.copy(release_dir / name / "autograder" / f"{name}.ipynb", folder / "solution.ipynb")
    shutil.copy(release_dir / name / "student" / f"{name}.ipynb", folder / "blank.ipynb")
    template = nbformat.read(release_dir / name / "student" / f"{name}.ipynb", as_version=4)
    write(fill_template(template, name), folder / "template_filled.ipynb")
    write(one_cell_submission(name), folder / "one_cell.ipynb")
    out = tmp_path_factory.mktemp(f"out-{name}")
    assert main(["grade", "-a", name, str(folder), "-o", str(out), "-j", "2"]) == 0
    return assignments.load(name), out


@pytest.mark.parametrize("student", ["solution", "template_filled", "one_cell"])
def test_reference_scores_full_marks_on_every_item(graded, student):
    assignment, out = graded
    doc = document(out, student)
    scores = question_scores(doc)
    assert {qid for qid in scores} == {item.id for item in assignment.items}
    short = {qid: s for qid, s in scores.items() if s[0] != pytest.approx(s[1])}
    assert not short, short
    assert doc.score == pytest.approx(assignment.total_points)


def test_one_cell_grades_exactly_like_the_template_shaped_notebook(graded):
    _, out = graded
    one, shaped = document(out, "one_cell"), document(out, "template_filled")
    assert [(t.name, t.score) for t in one.tests] == [(t.name, t.score) for t in shaped.tests]


def test_blank_release_scores_zero_on_every_function(graded):
    assignment, out = graded
    doc = document(out, "blank")
    functions = {item.id for item in assignment.items if item.kind == "function"}
    for test in doc.tests:
        if test.qid in functions:
            assert test.score == 0, test.name
    assert doc.score == 0


def test_results_follow_gradescope_schema(graded):
    _, out = graded
    doc = results(out, "solution")  # the file as written: Gradescope's keys, not the reader's defaults
    assert set(doc) >= {"score", "tests", "output"}
    for test in doc["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "output_format", "visibility", "tags"}
        assert test["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
        assert test["output_format"] in {"text", "html", "simple_format", "md", "ansi"}
    assert (
        (out / "gradebook.csv")
        .read_text()
        .splitlines()[0]
        .startswith("id,name,email,total,max,submitted_at,late_by,late_penalty,")
    )
