"""gradebook.csv from results documents written by hand into a temporary OUT: the contract's column
order, a column per question (from the stored question scores, or summed from the tests of a
document an older nngrade wrote), carried-forward points, statuses, and inert cells."""

from __future__ import annotations

import csv
import io
import json

import pytest

from autograder import assignments
from autograder.batch.batch import write_class_files
from autograder.batch.outdir import OutDir
from autograder.report.gradebook import gradebook_csv

PERCEPTRON = assignments.load("perceptron")


def entry(name: str, score: float, max_score: float, tags: tuple[str, ...] = ()) -> dict:
    return {"name": name, "score": score, "max_score": max_score, "output": "", "tags": list(tags)}


def document(student: str, tests: list[dict], **extra) -> dict:
    return {
        "score": round(sum(t["score"] for t in tests), 4),
        "output": "",
        "tests": tests,
        "extra_data": {
            "assignment": "perceptron",
            "status": "graded",
            "problem": None,
            "student": {"id": f"{student}.ipynb", "name": student.title(), "email": f"{student}@uni.edu"},
            "notes": [],
            "carried_forward": 0.0,
            "source_files": [f"{student}.ipynb"],
            **extra,
        },
    }


def put(out: OutDir, key: str, doc: dict | str) -> None:
    out.folder(key).mkdir(parents=True)
    out.results(key).write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")


@pytest.fixture
def out(tmp_path) -> OutDir:
    out = OutDir(tmp_path)
    thirds = [entry(f"perceptron_predict: case {i}: with a colon", 2 / 3, 2 / 3) for i in range(3)]
    put(out, "ann-1", document("ann", [entry("step: z = 0", 1, 1), *thirds]))  # older: no question_scores
    put(
        out,
        "ben-2",
        document(
            "ben",
            [
                entry("step: z = 0", 0, 1, ("misconception:step-at-zero",)),
                entry("xnor_network: outputs", 3, 3, ("carried-forward:step",)),
                entry("late_penalty: submitted 1 h 00 min after the due date", -0.3, 0),
            ],
            carried_forward=3.0,
            question_scores={"step": 0.0, "xnor_network": 3.0, "late_penalty": -0.3},
            submitted_at="2026-12-02T00:59:00+00:00",
            late={"late_by": "1 h 00 min", "penalty": 0.3},
            notes=["cell 3 timed out"],
            roster="matched",
        ),
    )
    put(
        out,
        "cat-3",
        document(
            "=cat", [entry("step: z = 0", 0, 1)], status="ungradable", problem="not valid notebook JSON"
        ),
    )
    put(out, "dan-4", document("dan", [], status="missing", problem="no submission was found"))
    put(
        out,
        "eve-5",
        {**document("eve", [entry("step: z = 0", 1, 1)]), "extra_data": {"assignment": "backprop"}},
    )
    put(out, "broken-6", "{ not json")
    return out


def rows(out: OutDir) -> tuple[list[str], dict[str, dict[str, str]]]:
    text = gradebook_csv(PERCEPTRON, (doc for _, doc in out.documents(PERCEPTRON.name)))
    header = next(csv.reader(io.StringIO(text)))
    return header, {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_columns_follow_the_contract(out):
    header, _ = rows(out)
    questions = [item.id for item in PERCEPTRON.items]
    assert header == [
        "id",
        "name",
        "email",
        "total",
        "max",
        "submitted_at",
        "late_by",
        "late_penalty",
        *questions,
        "carried_forward",
        "status",
        "roster",
        "source_files",
    ]


def test_a_row_per_student_of_the_assignment_only(out):
    _, by_id = rows(out)
    assert sorted(by_id) == ["'=cat.ipynb", "ann.ipynb", "ben.ipynb", "dan.ipynb"]  # not eve's, nor broken


def test_question_columns_come_from_the_stored_scores_or_the_tests(out):
    _, by_id = rows(out)
    ann, ben = by_id["ann.ipynb"], by_id["ben.ipynb"]
    assert (ann["step"], ann["perceptron_predict"], ann["xnor_network"]) == ("1", "2", "0")
    assert (ann["total"], ann["max"]) == ("3", "37")
    assert (ben["step"], ben["xnor_network"], ben["total"]) == ("0", "3", "2.7")


def test_carried_forward_and_late_columns(out):
    _, by_id = rows(out)
    ben = by_id["ben.ipynb"]
    assert ben["carried_forward"] == "3" and by_id["ann.ipynb"]["carried_forward"] == "0"
    assert (ben["submitted_at"], ben["late_by"], ben["late_penalty"]) == (
        "2026-12-02T00:59:00+00:00",
        "1 h 00 min",
        "0.3",
    )
    assert ben["roster"] == "matched" and ben["source_files"] == "ben.ipynb"


def test_statuses_say_why(out):
    _, by_id = rows(out)
    assert by_id["ann.ipynb"]["status"] == "graded"
    assert by_id["ben.ipynb"]["status"] == "graded: cell 3 timed out"
    assert by_id["'=cat.ipynb"]["status"] == "ungradable: not valid notebook JSON"
    assert by_id["'=cat.ipynb"]["name"] == "'=Cat"  # a spreadsheet must not run it as a formula
    assert by_id["dan.ipynb"]["status"] == "missing: no submission was found"


def test_the_class_files_land_where_out_says(out):
    write_class_files(out, PERCEPTRON)
    _, by_id = rows(out)
    with out.gradebook.open(encoding="utf-8") as handle:
        assert {r["id"]: r for r in csv.DictReader(handle)} == by_id
    page = out.summary.read_text(encoding="utf-8")
    assert "<code>students/broken-6/results.json</code>" in page  # listed as unreadable
    assert "<a href='students/ben-2/report.html'>Ben</a></td><td>cell 3 timed out</td>" in page
    assert "<b id='submissions'>3</b>" in page  # the missing student is listed, not counted
