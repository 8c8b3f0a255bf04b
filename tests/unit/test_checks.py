"""Every check class on its own: a passing value, a failing one with the exact sentence a student
reads, the misconceptions a Problem carries, and the capabilities (`many`, `needs_expected`) the
engine, diagnosis and carry-forward read from a check. No notebook runs here."""

from __future__ import annotations

import numpy as np
import pytest

from autograder import assignments
from autograder.suites import perceptron
from autograder.suites.cases import Call
from autograder.suites.checks import (
    Check,
    Close,
    DeckPrinted,
    Float64,
    Number,
    Option,
    Predicate,
    Problem,
    Together,
    as_problem,
    compare_close,
)
from autograder.suites.initializers import seeded_repeatable, uniform_init

STEP = Call("step", (np.array([-1.0, 0.0, 2.0]),))


def failing(problem, text: str, misconceptions: tuple[str, ...] = ()) -> None:
    """A failure is a Problem (never a bare str) with exactly this sentence and these ids."""
    assert type(problem) is Problem, f"{problem!r} is a {type(problem).__name__}, not a Problem"
    assert str(problem) == text
    assert problem.misconceptions == misconceptions


# ---- capabilities ----


@pytest.mark.parametrize("name", assignments.NAMES)
def test_every_suite_check_declares_both_capabilities(name):
    for case in assignments.load(name).cases:
        assert isinstance(case.check, Check), case.name
        assert type(case.check.many) is bool and type(case.check.needs_expected) is bool, case.name


@pytest.mark.parametrize(
    "check, many, needs_expected",
    [
        (Close(), False, True),
        (Float64(), False, True),
        (DeckPrinted(printed=lambda call: 0.0, text="the deck's value"), False, True),
        (Option(), False, True),
        (Number(), False, True),
        (Predicate(lambda got, call: None, "anything"), False, False),
        (Together(lambda outputs, calls: None, "anything"), True, False),
    ],
)
def test_capabilities(check, many, needs_expected):
    assert (check.many, check.needs_expected) == (many, needs_expected)


# ---- compare_close and Close ----


def test_close_passes_within_tolerance():
    assert Close()(np.array([1.0, 2.0 + 1e-9]), np.array([1.0, 2.0]), STEP) is None
    assert Close()([np.array(1.0), np.array([2.0])], [1.0, np.array([2.0])], STEP) is None


def test_close_counts_wrong_numbers_over_every_item():
    got = (np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]))
    expected = (np.array([1.0, 2.5]), np.array([3.0, 4.0, 6.0]))
    failing(
        Close()(got, expected, STEP), "the result has wrong values (2 of 5 outside tolerance in items 0, 1)"
    )


@pytest.mark.parametrize(
    "got, expected, text",
    [
        (
            np.array([1.0, 2.0]),
            [1.0, 2.0],
            "the result should be a list of length 2, got an array of shape (2,)",
        ),
        ([np.array(1.0)], [1.0, 2.0], "the result should have 2 items, got 1"),
        (None, 1.0, "the result should be a number, got None (is the body still `...`?)"),
        (
            np.array([1.0, 2.0]),
            1.5,
            "the result should be a single number, got an array of shape (2,) (use float(...) or .item())",
        ),
        (np.ones((2, 3)), np.ones((3, 2)), "the result has shape (2, 3), expected (3, 2)"),
        ([np.array(1.0), "x"], [1.0, np.ones(2)], "item 1 of the result should be a numeric array, got text"),
    ],
)
def test_close_names_the_first_structural_problem(got, expected, text):
    failing(compare_close(got, expected, 1e-6, 1e-9), text)


def test_nan_in_the_answer_where_a_finite_value_is_expected():
    failing(
        compare_close(np.array([np.nan, 1.0]), np.array([2.0, 1.0]), 1e-6, 1e-9),
        "the result contains NaN or infinity where a finite value is expected",
    )


def test_a_nan_expected_value_admits_only_nan():
    assert compare_close(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), 1e-6, 1e-9) is None
    assert compare_close(np.array(np.inf), np.inf, 1e-6, 1e-9) is None
    # NaN compares as nothing: it must not silently admit any answer.
    failing(
        compare_close(np.array(1.0), np.nan, 1e-6, 1e-9),
        "the result has wrong values (1 of 1 outside tolerance)",
    )
    failing(
        compare_close(np.array(-np.inf), np.inf, 1e-6, 1e-9),
        "the result has wrong values (1 of 1 outside tolerance)",
    )


# ---- Float64 and DeckPrinted ----


def test_float64_rejects_the_right_values_in_another_dtype():
    assert Float64()(np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]), STEP) is None
    failing(
        Float64()(np.array([0, 0, 1]), np.array([0.0, 0.0, 1.0]), STEP),
        "`step` must return a float array (float64), not int64",
    )
    failing(Float64()(np.array(True), 1.0, STEP), "`step` must return a float number (float64), not bool")
    failing(
        Float64()(np.array([0.0, 1.0, 1.0]), np.array([0.0, 0.0, 1.0]), STEP),
        "the result has wrong values (1 of 3 outside tolerance)",
    )


def test_deck_printed_names_the_deck_when_the_answer_is_its_misprint():
    check = DeckPrinted(printed=lambda call: 0.73, text="this is the value printed in the deck")
    assert check(np.array(0.5), 0.5, STEP) is None
    failing(check(np.array(0.731), 0.5, STEP), "this is the value printed in the deck")
    failing(check(np.array(0.9), 0.5, STEP), "the result has wrong values (1 of 1 outside tolerance)")


def test_the_suites_deck_printed_gradients_check():
    from autograder.suites.backprop import GRADIENTS

    assert GRADIENTS.many is False and GRADIENTS.needs_expected is True
    theta = np.array([[0.5, 2.0]])
    call = Call("nn_gradients", ([theta], np.ones((4, 1)), np.ones((4, 1))), {"lam": 3.0})
    printed = GRADIENTS.printed(call)
    problem = GRADIENTS([np.asarray(g) for g in printed], [np.zeros_like(theta)], call)
    assert type(problem) is Problem and "printed formula D = Δ/m + λΘ" in problem


# ---- Option and Number ----


def test_option():
    assert Option()(" (II) ", "ii", None) is None
    failing(Option()("iii", "ii", None), "this is not the right option")
    failing(Option()("v", "ii", None), '"v" is not one of the options "i", "ii", "iii", "iv"')
    failing(Option()(np.array(2.0), "ii", None), 'the answer should be a string such as "ii", got a number')


def test_number():
    assert Number()(np.array(1.0004), 1.0, None) is None
    failing(
        Number()(np.array(1.01), 1.0, None),
        "this is not the right value (answers within ±0.001 are accepted)",
    )
    failing(Number(atol=1e-9)(np.array(1.01), 1.0, None), "this is not the right value")
    failing(Number()(np.array(np.nan), 1.0, None), "the answer is NaN or infinite")
    failing(
        Number()(np.array([1.0]), 1.0, None),
        "the answer should be a single number, got an array of shape (1,)",
    )


# ---- Predicate and Together: the suites' own tests ----


def test_predicate_turns_a_plain_sentence_into_a_problem():
    and_gate = perceptron.gate("AND")
    assert and_gate((np.array([1.0, 1.0]), np.array(-1.5)), None, None) is None
    failing(
        and_gate((np.array([1.0, 1.0]),), None, None),
        "AND_PARAMS should be a tuple (w, b), got a tuple of length 1",
    )


def test_predicate_keeps_the_misconceptions_its_test_names():
    and_gate = perceptron.gate("AND")
    failing(
        and_gate((np.array([1.0, 1.0]), np.array(1.5)), None, None),
        "the unit gives the wrong output on 3 of the 4 inputs",
        ("gate-bias-sign-flipped",),
    )
    failing(
        and_gate((np.array([1.0, 1.0]), np.array(-2.5)), None, None),
        "the unit gives the wrong output on 1 of the 4 inputs",
        ("gate-wrong-on-one-input",),
    )
    init = uniform_init(3, 2, 0.12)
    assert init(np.random.default_rng(0).uniform(-0.12, 0.12, (2, 4)), None, None) is None
    failing(
        init(np.zeros((2, 4)), None, None),
        "every weight has the same value, so the hidden units stay symmetric",
        ("zero-init",),
    )


def test_together_compares_all_calls_at_once():
    check = seeded_repeatable()
    rng = np.random.default_rng(1)
    a, b, c = (rng.uniform(size=(2, 3)) for _ in range(3))
    assert check([a, b, c.copy(), c.copy(), a + 1, b + 1], None, [STEP] * 6) is None
    failing(
        check([a, b, a, b, a + 1, b + 1], None, [STEP] * 6),
        "two generators seeded alike gave different weights: draw from the `rng` argument",
        ("ignores-rng",),
    )
    failing(check([a] * 5 + [7], None, [STEP] * 6), "the result should be an array, got int")


def test_as_problem():
    assert as_problem(None) is None
    found = Problem("named", ["x"])
    assert as_problem(found) is found
    failing(as_problem("plain"), "plain")
