"""The one reader of results.json: what nngrade writes reads back as a GradedDocument, per-question
scores included (summed from the tests for a document an older nngrade wrote), and a file that is
not a results document is rejected, never half read."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from autograder.batch.late import LatePolicy, apply_late_policy
from autograder.batch.outdir import OutDir
from autograder.grading.outcome import Entry, Outcome
from autograder.report.results import (
    GradedDocument,
    GradedTest,
    MalformedResults,
    read_results,
    results_document,
    results_json,
)

DUE = datetime(2026, 12, 1, 23, 59, tzinfo=timezone.utc)
THIRD = 2.0 / 3.0  # a question's points split over three cases, as grading.plan splits them


def outcome() -> Outcome:
    """A graded submission with a misconception, credit carried forward, a description holding
    colons, a lecture question and a late penalty: every kind of entry results.json holds."""
    entries = [
        Entry("sigmoid_gradient", "sigmoid_gradient: z = 0", 1.0, 1.0, "Passed.", "function"),
        Entry(
            "sigmoid_gradient",
            "sigmoid_gradient: large |z|: no overflow",
            0.0,
            1.0,
            "Wrong.",
            "function",
            tags=["misconception:sigmoid-grad-of-activation"],
        ),
        *[
            Entry("nn_cost", f"nn_cost: case {i}: lam=1", THIRD, THIRD, "Passed.", "function")
            for i in range(3)
        ],
        Entry(
            "nn_gradients",
            "nn_gradients: two layers",
            6.0,
            6.0,
            "Right, given your own helpers.",
            "function",
            tags=["carried-forward:backprop_deltas"],
        ),
        Entry("q_fp_bp_order", "q_fp_bp_order", 1.0, 1.0, "Right.", "lecture question"),
    ]
    result = Outcome("Jane Doe", "backprop", entries, notebook_sha256="ab" * 32, seconds=1.5)
    result.notes.append("cell 3 raised an error")
    result.extra.update(
        student={"id": "1234", "name": "Jane Doe", "email": "jane@example.edu", "layout": "moodle"},
        source_files=["jane/backprop.ipynb"],
        roster="matched",
        grader_fingerprint="f" * 16,
        seed=7,
        max_score=53.0,
        carry_forward=True,
    )
    apply_late_policy(
        outcome=result, policy=LatePolicy(DUE, 10.0), submitted_at=DUE.replace(day=2), marked_late=False
    )
    return result


def test_what_is_written_reads_back_field_for_field():
    graded = outcome()
    doc = GradedDocument.from_json(results_json(graded))
    assert doc.score == graded.score
    assert [(t.name, t.score, t.max_score, tuple(t.tags)) for t in doc.tests] == [
        (e.name, e.score, e.max_score, tuple(e.tags)) for e in graded.entries
    ]
    assert [t.qid for t in doc.tests] == [e.qid for e in graded.entries]
    assert doc.assignment == "backprop" and doc.status == "graded" and doc.problem is None
    assert doc.notes == ("cell 3 raised an error",)
    assert (doc.student.id, doc.student.name, doc.student.layout) == ("1234", "Jane Doe", "moodle")
    assert doc.roster == "matched" and doc.source_files == ("jane/backprop.ipynb",)
    assert doc.notebook_sha256 == "ab" * 32 and doc.grader_fingerprint == "f" * 16 and doc.seed == 7
    assert doc.max_score == 53.0 and doc.carry_forward is True
    assert doc.carried_forward == graded.carried == 6.0
    assert doc.tests[-1].qid == "late_penalty" and doc.late_penalty > 0 and doc.late_by
    assert doc.submitted_at == DUE.replace(day=2).isoformat()
    assert doc.misconceptions == ("sigmoid-grad-of-activation",)
    assert [t.carried_from for t in doc.tests if t.carried_from] == [("backprop_deltas",)]
    assert doc.tests[-2].visibility == "after_published"  # the lecture question's answer waits


def test_question_scores_are_written_and_read_back():
    graded = outcome()
    written = json.loads(results_json(graded))["extra_data"]["question_scores"]
    assert written == graded.question_scores()
    assert written["nn_cost"] == 2.0 and written["sigmoid_gradient"] == 1.0
    assert written["late_penalty"] < 0  # the penalty is an entry, so it is a column's worth too
    assert GradedDocument.from_json(results_json(graded)).question_scores == written


def test_an_older_document_without_question_scores_gets_them_from_its_tests():
    graded = outcome()
    old = results_document(graded)
    del old["extra_data"]["question_scores"]
    doc = GradedDocument.from_json(json.dumps(old))
    assert doc.question_scores == graded.question_scores()
    assert doc.question_scores["nn_cost"] == 2.0  # three thirds, summed before rounding


def test_a_description_may_hold_colons_and_a_name_may_be_the_bare_id():
    cased = GradedTest.from_json({"name": "nn_cost: lam=1: regularized", "score": 1, "max_score": 2})
    assert (cased.qid, cased.description) == ("nn_cost", "lam=1: regularized")
    bare = GradedTest.from_json({"name": "q_fp_bp_order", "score": 1, "max_score": 1})
    assert (bare.qid, bare.description) == ("q_fp_bp_order", "")


def test_the_document_keeps_its_field_order_with_question_scores_after_carried_forward():
    """The document keeps Gradescope's fields and nngrade's earlier extra_data keys in their order."""
    doc = results_document(outcome())
    assert list(doc) == [
        "score",
        "output",
        "output_format",
        "test_output_format",
        "visibility",
        "stdout_visibility",
        "extra_data",
        "tests",
    ]
    keys = list(doc["extra_data"])
    assert keys[: keys.index("question_scores") + 1] == [
        "assignment",
        "status",
        "problem",
        "student",
        "notes",
        "notebook_sha256",
        "seconds",
        "cell_errors",
        "carried_forward",
        "question_scores",
    ]
    assert all(
        set(t) == {"name", "score", "max_score", "output", "output_format", "visibility", "tags"}
        for t in doc["tests"]
    )


GOOD_TEST = {"name": "nn_cost: a", "score": 1.0, "max_score": 1.0}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{ not json",
        "[1, 2]",
        '"a string"',
        "{}",
        json.dumps({"tests": {"nn_cost": 1}}),
        json.dumps({"tests": [42]}),
        json.dumps({"tests": [{"score": 1, "max_score": 1}]}),
        json.dumps({"tests": [{**GOOD_TEST, "score": "1"}]}),
        json.dumps({"tests": [{**GOOD_TEST, "max_score": None}]}),
        json.dumps({"tests": [{**GOOD_TEST, "tags": "misconception:x"}]}),
        json.dumps({"score": "full", "tests": [GOOD_TEST]}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": []}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"notes": "one note"}}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"student": ["1234"]}}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"question_scores": [1]}}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"question_scores": {"nn_cost": "1"}}}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"seed": "7"}}),
        json.dumps({"tests": [GOOD_TEST], "extra_data": {"late": {"penalty": "2"}}}),
        "[" * 100_000,
    ],
)
def test_what_is_not_a_results_document_is_rejected(text):
    with pytest.raises(MalformedResults):
        GradedDocument.from_json(text)


def test_bytes_that_are_not_text_are_rejected():
    with pytest.raises(MalformedResults):
        GradedDocument.from_json(b"\xff\xfe{")


def test_a_minimal_gradescope_document_reads_with_empty_extras():
    doc = GradedDocument.from_json(json.dumps({"tests": [GOOD_TEST, {**GOOD_TEST, "score": 0.5}]}))
    assert doc.score == 1.5  # Gradescope sums the tests when there is no score
    assert doc.assignment is None and doc.status == "graded" and doc.student.id == ""
    assert doc.question_scores == {"nn_cost": 1.5}


def test_a_file_that_is_missing_or_not_a_document_reads_as_none(tmp_path: Path):
    assert read_results(tmp_path / "absent.json") is None
    (tmp_path / "broken.json").write_text("{ not json")
    assert read_results(tmp_path / "broken.json") is None
    with pytest.raises(MalformedResults, match="cannot read"):
        GradedDocument.read(tmp_path / "absent.json")


def test_out_hands_over_documents_of_one_assignment_and_names_the_unreadable(tmp_path: Path):
    out = OutDir(tmp_path)
    written = outcome()
    for key, assignment in (("jane-1", "backprop"), ("joe-2", "perceptron")):
        out.folder(key).mkdir(parents=True)
        written.assignment = assignment
        out.results(key).write_text(results_json(written))
    out.folder("broken-3").mkdir()
    out.results("broken-3").write_text('{"tests": "none"}')
    unreadable: list[Path] = []
    found = list(out.documents("backprop", unreadable.append))
    assert [key for key, _ in found] == ["jane-1"] and found[0][1].assignment == "backprop"
    assert [out.relative(p) for p in unreadable] == ["students/broken-3/results.json"]
    assert [key for key, _ in out.documents()] == ["jane-1", "joe-2"]
