"""What OUT remembers between runs (batch/state.py), tested without a grader: the run state written
and read back, the resume decision for each stored result, stale temporaries, and folders that
belong to another assignment, another student or an older layout."""

from __future__ import annotations

import hashlib
import json

import pytest

from autograder import assignments
from autograder.batch.batch import recorded_details, write_outcome
from autograder.batch.late import LatePolicy
from autograder.batch.outdir import OutDir
from autograder.batch.state import OutputInUse, RunState, open_run, regrade_reason
from autograder.grading.outcome import Entry, Outcome
from autograder.intake.model import Identity, Source, Submission

PERCEPTRON = assignments.load("perceptron")
NOTEBOOK = b'{"cells": [], "nbformat": 4}'
FINGERPRINT = "0123456789abcdef"


def submission(student: str = "jane.ipynb", data: bytes = NOTEBOOK) -> Submission:
    return Submission(Identity(student), Source(student, lambda: data), [student])


def details(sub: Submission, data: bytes = NOTEBOOK, fingerprint: str = FINGERPRINT, **changes) -> dict:
    """What this run would record for `sub`, as grade_batch computes it before deciding."""
    recorded = recorded_details(sub, LatePolicy(), fingerprint, hashlib.sha256(data).hexdigest(), True)
    return {**recorded, **changes}


def store(out: OutDir, sub: Submission, recorded: dict) -> str:
    """A finished result of `sub` in OUT, written as grade_batch writes one; its folder key."""
    graded = Outcome(
        sub.identity.id, PERCEPTRON.name, [Entry("step", "step: z = 0", 1.0, 1.0, "Passed.", "function")]
    )
    graded.extra.update(recorded, seed=7, max_score=PERCEPTRON.total_points)
    write_outcome(out, PERCEPTRON, sub.key, graded)
    return sub.key


def test_run_state_is_written_and_read_back(tmp_path):
    out = OutDir(tmp_path)
    assert RunState.read(out) is None
    RunState("perceptron", 42).write(out)
    assert RunState.read(out) == RunState("perceptron", 42)
    assert json.loads(out.state.read_text()) == {"assignment": "perceptron", "seed": 42}


def test_a_run_keeps_its_secret_seed_until_one_is_given(tmp_path):
    out = OutDir(tmp_path)
    first = open_run(out, "perceptron")
    assert RunState.read(out) == RunState("perceptron", first)
    assert open_run(out, "perceptron") == first  # resuming: the same hidden inputs
    assert open_run(out, "perceptron", seed=7) == 7  # replaying a disputed grade
    assert open_run(out, "perceptron") == 7


def test_out_of_another_assignment_is_refused(tmp_path):
    out = OutDir(tmp_path)
    open_run(out, "perceptron", seed=1)
    with pytest.raises(OutputInUse, match="already holds grades for assignment 'perceptron'"):
        open_run(out, "backprop")
    assert RunState.read(out) == RunState("perceptron", 1)  # left as it was


@pytest.mark.parametrize("text", ["{ not json", '{"assignment": "perceptron"}', '{"seed": 1}', "[]"])
def test_a_run_state_that_is_not_nngrades_is_refused(tmp_path, text):
    out = OutDir(tmp_path)
    out.state.parent.mkdir(parents=True)
    out.state.write_text(text)
    with pytest.raises(OutputInUse, match="not nngrade's run state"):
        open_run(out, "perceptron")


def test_results_in_the_older_layout_are_refused(tmp_path):
    (tmp_path / "jane").mkdir()
    (tmp_path / "jane" / "results.json").write_text("{}")
    with pytest.raises(OutputInUse, match="older nngrade layout"):
        open_run(OutDir(tmp_path), "perceptron")


def test_stale_temporaries_are_cleaned_and_finished_files_kept(tmp_path):
    out = OutDir(tmp_path)
    key = store(out, submission(), details(submission()))
    stale = [out.folder(key) / ".results.json.x1.tmp", out.root / ".gradebook.csv.x2.tmp"]
    for path in stale:
        path.write_text("half")
    open_run(out, "perceptron")
    assert not any(path.exists() for path in stale)
    assert out.results(key).exists() and out.report(key).exists()


def test_an_identical_notebook_with_the_same_grader_is_kept(tmp_path):
    out, sub = OutDir(tmp_path), submission()
    key = store(out, sub, details(sub))
    assert regrade_reason(out.finished(key), details(sub), force=False) is None
    assert regrade_reason(out.finished(key), details(sub), force=True) == "forced (--force)"


def test_a_changed_notebook_or_grader_is_regraded(tmp_path):
    out, sub = OutDir(tmp_path), submission()
    key = store(out, sub, details(sub))
    previous = out.finished(key)
    changed = submission(data=NOTEBOOK + b" ")
    assert regrade_reason(previous, details(changed, data=NOTEBOOK + b" "), False) == "notebook changed"
    assert regrade_reason(previous, details(sub, fingerprint="f" * 16), False) == "grader changed"
    assert regrade_reason(previous, details(sub, carry_forward=False), False).startswith("identity, files")
    assert regrade_reason(previous, details(sub, submitted_at="2026-12-01T00:00:00+00:00"), False)


def test_a_result_without_its_report_or_without_a_document_is_graded_anew(tmp_path):
    out, sub = OutDir(tmp_path), submission()
    key = store(out, sub, details(sub))
    out.report(key).unlink()  # killed between the two writes: report.html comes first
    assert out.finished(key) is None
    assert regrade_reason(out.finished(key), details(sub), False) == "new"
    key = store(out, sub, details(sub))
    out.results(key).write_text("{ truncated")
    assert regrade_reason(out.finished(key), details(sub), False) == "new"


def test_an_older_result_without_question_scores_still_resumes(tmp_path):
    out, sub = OutDir(tmp_path), submission()
    key = store(out, sub, details(sub))
    doc = json.loads(out.results(key).read_text())
    del doc["extra_data"]["question_scores"]
    out.results(key).write_text(json.dumps(doc))
    previous = out.finished(key)
    assert previous.question_scores == {"step": 1.0}
    assert regrade_reason(previous, details(sub), False) is None


def test_another_students_folder_is_never_overwritten(tmp_path):
    out, jane = OutDir(tmp_path), submission()
    key = store(out, jane, details(jane))
    other = submission("joe.ipynb")
    with pytest.raises(OutputInUse, match="holds another student's results"):
        regrade_reason(out.finished(key), details(other), False)
