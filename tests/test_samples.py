"""The bundled samples that `make demo` grades: correct ones score full marks, each bug costs points
where it is and nowhere unrelated."""
from pathlib import Path

import pytest

from autograder import assignments
from autograder.cli import main
from support import question_scores, results

SAMPLES = Path(__file__).resolve().parent.parent / "assignments"

# student -> the questions their bug must cost (every other question keeps full marks)
EXPECTED_LOSSES = {
    "backprop": {
        "alice": set(), "bob_one_cell": set(),
        "carol": {"sigmoid_gradient", "backprop_deltas", "nn_gradients"},
        "dave": {"nn_gradients", "q_reg_gradient_scale"},
        "erin": {"backprop_deltas", "nn_gradients"},
    },
    "perceptron": {
        "alice": set(), "bob_one_cell": set(),
        "carol": {"step", "perceptron_predict", "perceptron_train"},  # train calls her step
        "dave": {"perceptron_train"},
        "erin": {"AND_PARAMS"},
    },
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
        scores = question_scores(results(out, student))
        lost = {qid for qid, (got, top) in scores.items() if got < top - 1e-9}
        assert lost == losing, f"{student}: lost {sorted(lost)}, expected {sorted(losing)}"


def test_blank_sample_scores_zero(graded):
    name, out = graded
    assert results(out, "frank_blank")["score"] == 0
