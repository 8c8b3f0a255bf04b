"""The bundled samples that `make demo` grades: correct ones score full marks, each bug costs points
where it is and nowhere unrelated. A function that is right given its own wrong helper keeps its
points (carried forward), unless the grading is strict (--no-carry-forward)."""

from pathlib import Path

import pytest
from support import document, gradebook_rows, question_scores

from autograder import assignments
from autograder.cli import main
from autograder.report.results import GradedDocument

SAMPLES = Path(__file__).resolve().parents[2] / "assignments"

# student -> the questions their bug must cost (every other question keeps full marks)
EXPECTED_LOSSES = {
    "backprop": {
        "alice": set(),
        "bob_one_cell": set(),
        "carol": {"sigmoid_gradient"},  # her backprop_deltas and nn_gradients are right given it
        "dave": {"nn_gradients", "q_reg_gradient_scale"},
        "erin": {"backprop_deltas"},  # her nn_gradients is right given her deltas
    },
    "perceptron": {
        "alice": set(),
        "bob_one_cell": set(),
        "carol": {"step"},  # her predict and train are right given her step
        "dave": {"perceptron_train"},
        "erin": {"AND_PARAMS"},
    },
}
# Marked strictly, a helper's mistake costs every function built on it too.
STRICT_LOSSES = {
    "carol": {"sigmoid_gradient", "backprop_deltas", "nn_gradients"},
    "erin": {"backprop_deltas", "nn_gradients"},
}
CARRIED = {
    "backprop": {"carol": {"backprop_deltas", "nn_gradients"}, "erin": {"nn_gradients"}},
    "perceptron": {"carol": {"perceptron_predict", "perceptron_train"}},
}


@pytest.fixture(scope="module", params=assignments.NAMES)
def graded(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp(f"samples-{name}")
    assert main(["grade", "-a", name, str(SAMPLES / name / "samples"), "-o", str(out)]) == 0
    return name, out


def test_each_sample_loses_exactly_where_its_bug_is(graded):
    name, out = graded
    for student, losing in EXPECTED_LOSSES[name].items():
        scores = question_scores(document(out, student))
        lost = {qid for qid, (got, top) in scores.items() if got < top - 1e-9}
        assert lost == losing, f"{student}: lost {sorted(lost)}, expected {sorted(losing)}"


def test_blank_sample_scores_zero(graded):
    name, out = graded
    assert document(out, "frank_blank").score == 0


def lost(doc: GradedDocument) -> set[str]:
    return {qid for qid, (got, top) in question_scores(doc).items() if got < top - 1e-9}


def test_carried_credit_is_tagged_and_counted_in_the_gradebook(graded):
    name, out = graded
    rows = gradebook_rows(out)
    for student, functions in CARRIED[name].items():
        doc = document(out, student)
        carried = [t for t in doc.tests if t.carried_from]
        assert {t.qid for t in carried} == functions, student
        assert all(t.score == t.max_score for t in carried)
        points = sum(t.score for t in carried)
        assert (
            float(rows[student]["carried_forward"]) == pytest.approx(points, abs=1e-4) == doc.carried_forward
        )
    assert float(rows["alice"]["carried_forward"]) == 0


def test_strict_marking_charges_the_helper_mistake_everywhere(tmp_path):
    samples = SAMPLES / "backprop" / "samples"
    out = tmp_path / "strict"
    assert (
        main(
            [
                "grade",
                "-a",
                "backprop",
                str(samples / "carol.ipynb"),
                str(samples / "erin.ipynb"),
                "-o",
                str(out),
                "--no-carry-forward",
            ]
        )
        == 0
    )
    for student, losing in STRICT_LOSSES.items():
        doc = document(out, student)
        assert lost(doc) == losing, student
        assert doc.carry_forward is False and doc.carried_forward == 0
        assert not any(test.carried_from for test in doc.tests)
