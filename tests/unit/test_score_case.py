"""Scoring one case from a hand-built child report, with the real suites and reference solutions:
what each kind of answer scores, which problem it gets, and the text the engine then writes
(grading.wording.write_outputs). No notebook, kernel or sandbox runs here."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from autograder import assignments
from autograder.diagnosis.catalogue import describe
from autograder.grading.carry import CarryResult, NotCarried, _helper_value, credit
from autograder.grading.outcome import Entry
from autograder.grading.plan import PlannedCase, expected_value, plan_cases
from autograder.grading.score import answer_problem, score_case
from autograder.grading.wording import write_outputs
from autograder.runner.channel import ChildReport

PERCEPTRON = assignments.load("perceptron")
BACKPROP = assignments.load("backprop")
NOT_CHANGED = "functions must not change their inputs"


def planned_case(assignment, qid: str, name: str) -> PlannedCase:
    found = [
        p
        for p in plan_cases(assignment, np.random.default_rng(0))
        if (p.case.qid, p.case.name) == (qid, name)
    ]
    assert len(found) == 1, (qid, name)
    return found[0]


def answer(value=None, **fields) -> dict:
    """An answer record as runner.channel decodes it."""
    return {"missing": False, "mutated": [], "after": {}, "value": value} | fields


def report_of(planned: PlannedCase, *answers: dict, **fields) -> ChildReport:
    """A finished run that answered the case's calls, in order (fewer answers: not all reached)."""
    return ChildReport(answers=dict(zip(planned.ids, answers)), **({"finished": True} | fields))


def written(assignment, entry: Entry) -> str:
    write_outputs([entry], assignment.depends_on)
    return entry.output


def sentence(problem: str) -> str:
    return f"{problem[0].upper()}{problem[1:]}."


STEP = planned_case(PERCEPTRON, "step", "mixed signs")
RIGHT_STEP = expected_value(PERCEPTRON, STEP)  # the reference's step on the same input


def test_a_right_answer_scores_full_points_and_passes():
    entry = score_case(PERCEPTRON, STEP, report_of(STEP, answer(RIGHT_STEP.copy())))
    assert entry.passed and entry.score == entry.max_score == STEP.points > 0
    assert entry.problem is None and entry.diagnoses == [] and entry.tags == []
    assert entry.output == ""  # written once, after diagnosis and carry-forward
    assert written(PERCEPTRON, entry) == "Passed."


def test_a_wrong_answer_scores_zero_with_the_checks_problem_and_the_cases_message():
    wrong = RIGHT_STEP.copy()
    wrong[0] = 1.0 - wrong[0]
    entry = score_case(PERCEPTRON, STEP, report_of(STEP, answer(wrong)))
    assert entry.score == 0.0 and not entry.passed
    problem = f"the result has wrong values (1 of {wrong.size} outside tolerance)"
    assert entry.problem == problem and entry.problem.misconceptions == ()
    assert entry.values == [wrong]
    assert written(PERCEPTRON, entry) == f"{sentence(problem)} {STEP.case.message}"


def test_the_right_values_as_booleans_fail_float64():
    entry = score_case(PERCEPTRON, STEP, report_of(STEP, answer(RIGHT_STEP > 0)))
    assert entry.score == 0.0 and entry.problem == "`step` must return a float array (float64), not bool"


def test_a_misconception_the_check_names_is_diagnosed_and_replaces_the_message():
    gate = planned_case(PERCEPTRON, "AND_PARAMS", "computes AND on {0,1}²")
    w, b = expected_value(PERCEPTRON, gate)
    right = score_case(
        PERCEPTRON, gate, report_of(gate, answer((np.asarray(w, float), np.asarray(b, float))))
    )
    assert right.passed
    flipped = (np.asarray(w, float), np.asarray(-b, float))
    entry = score_case(PERCEPTRON, gate, report_of(gate, answer(flipped)))
    assert entry.score == 0.0
    assert entry.problem == "the unit gives the wrong output on 3 of the 4 inputs"
    assert [d.misconception for d in entry.diagnoses] == ["gate-bias-sign-flipped"]
    assert entry.tags == ["misconception:gate-bias-sign-flipped"]
    title = describe("gate-bias-sign-flipped")["title"]
    assert written(PERCEPTRON, entry) == (
        f"{sentence(entry.problem)} Likely misconception: {title} (gate-bias-sign-flipped)."
    )


@pytest.mark.parametrize(
    "record, problem",
    [
        ({"missing": True, "mutated": [], "after": {}}, "`step` is not defined in the notebook"),
        (
            answer(error="ZeroDivisionError: division by zero"),
            "calling `step` raised ZeroDivisionError: division by zero",
        ),
        (
            answer(error="ValueError: assignment destination is read-only"),
            "`step` modified its argument(s) in place (ValueError: assignment destination is read-only); "
            + NOT_CHANGED,
        ),
        (  # a library that only reads a read-only buffer did not write to it
            answer(error="ValueError: buffer source array is read-only"),
            "calling `step` raised ValueError: buffer source array is read-only",
        ),
        (answer(RIGHT_STEP, mutated=[0]), "`step` modified its argument(s) [0]; " + NOT_CHANGED),
    ],
)
def test_an_answer_that_cannot_be_compared_scores_zero_with_its_reason(record, problem):
    entry = score_case(PERCEPTRON, STEP, report_of(STEP, record))
    assert entry.score == 0.0 and entry.problem == problem and entry.values == []
    assert entry.diagnoses == []
    assert written(PERCEPTRON, entry) == f"{sentence(problem)} {STEP.case.message}"


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"timed_out": True, "finished": False}, "the notebook ran out of time before this case was reached"),
        ({"finished": False}, "the notebook stopped (crashed or exited) before this case was reached"),
        (
            {"protocol_error": "an answer line was too long"},
            "this case was not answered: an answer line was too long",
        ),
    ],
)
def test_a_case_never_reached_scores_zero_saying_why(fields, problem):
    report = ChildReport(**fields)
    entry = score_case(PERCEPTRON, STEP, report)
    assert entry.score == 0.0 and entry.problem == problem


def test_a_writable_argument_must_be_put_back_exactly():
    numgrad = planned_case(BACKPROP, "numerical_gradient", "ε passed explicitly (0.05)")
    right = expected_value(BACKPROP, numgrad)
    theta = numgrad.calls[0].args[1]
    restored = score_case(BACKPROP, numgrad, report_of(numgrad, answer(right, after={"1": theta.copy()})))
    assert restored.passed
    moved = score_case(BACKPROP, numgrad, report_of(numgrad, answer(right, after={"1": theta + 0.05})))
    assert moved.score == 0.0
    assert moved.problem == "`numerical_gradient` modified its argument(s) [1]; " + NOT_CHANGED
    assert moved.problem.changed_arguments == (1,)  # what diagnosis names "perturbation-not-restored" by
    both = score_case(
        BACKPROP, numgrad, report_of(numgrad, answer(right, mutated=[0], after={"1": theta + 1}))
    )
    assert both.problem.changed_arguments == (0, 1)


def test_a_check_over_many_calls_gets_every_output():
    together = planned_case(BACKPROP, "rand_initialize_weights", "draws come from rng, fresh on every call")
    assert len(together.calls) == 6 and together.case.check.many
    rng = np.random.default_rng(3)
    a, b, c, d, e = (rng.uniform(-0.12, 0.12, (3, 6)) for _ in range(5))
    fresh = score_case(
        BACKPROP, together, report_of(together, *(answer(v) for v in (a, b, c, c.copy(), d, e)))
    )
    assert fresh.passed and len(fresh.values) == 6
    fixed = score_case(BACKPROP, together, report_of(together, *(answer(a.copy()) for _ in range(6))))
    assert fixed.score == 0.0 and fixed.problem.startswith(
        "two calls drawing from one generator gave the same weights"
    )
    # The child crashed after answering five of the six calls: the case has no values at all.
    crashed = report_of(together, *(answer(v) for v in (a, b, c, c, d)), finished=False)
    entry = score_case(BACKPROP, together, crashed)
    assert entry.problem == "the notebook stopped (crashed or exited) before this case was reached"
    assert entry.values == []


def test_a_lecture_question_compares_with_its_items_answer():
    option = planned_case(PERCEPTRON, "q_step_at_zero", "answer")
    assert score_case(
        PERCEPTRON, option, report_of(option, answer(expected_value(PERCEPTRON, option)))
    ).passed
    entry = score_case(PERCEPTRON, option, report_of(option, answer(np.array([1.0, 2.0]))))
    assert entry.score == 0.0
    assert entry.problem == 'the answer should be a string such as "ii", got an array of shape (2,)'


def test_a_grader_bug_costs_only_its_case():
    broken = replace(STEP, case=replace(STEP.case, expect=lambda: 1 / 0))
    entry = score_case(PERCEPTRON, broken, report_of(broken, answer(RIGHT_STEP)))
    assert entry.problem == (
        "the grader could not compare this output (ZeroDivisionError); please tell your instructor"
    )


def test_carry_forward_reads_a_helpers_answer_as_a_case_is_read():
    call = STEP.calls[0]
    report = ChildReport(finished=True)
    assert _helper_value(call, answer(RIGHT_STEP), report) is RIGHT_STEP
    for record in (
        {"missing": True, "mutated": [], "after": {}},
        answer(error="KeyError: 1"),
        answer(mutated=[0]),
        None,
    ):
        value = _helper_value(call, record, report)
        assert isinstance(value, NotCarried)
        assert str(value) == answer_problem(call, record, report)


def test_a_carried_forward_entry_names_the_helper_it_inherited_from():
    predict = next(
        p for p in plan_cases(PERCEPTRON, np.random.default_rng(0)) if p.case.qid == "perceptron_predict"
    )
    step_entry = score_case(PERCEPTRON, STEP, report_of(STEP, answer(RIGHT_STEP > 0)))
    predict_entry = score_case(PERCEPTRON, predict, report_of(predict, answer(np.array([7.0]))))
    assert not step_entry.passed and not predict_entry.passed
    credit([step_entry, predict_entry], CarryResult(credited={id(predict_entry): ["step"]}))
    assert predict_entry.passed and predict_entry.problem is None and predict_entry.carried_from == ["step"]
    write_outputs([step_entry, predict_entry], PERCEPTRON.depends_on)
    assert predict_entry.output == (
        "Correct given your `step`, whose own error is marked there: its points are carried forward."
    )
    assert step_entry.output.startswith("`step` must return a float array (float64), not bool.")
