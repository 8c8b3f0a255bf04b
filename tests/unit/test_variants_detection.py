"""Every catalogued wrong variant, run on the hidden suite exactly as a student's code would be.

Each variant must fail at least one case of its function on every grading seed tried, when its
output travels through the child's plain-data codec as a student's would; must never modify its
arguments; must run on the parent's inputs (where diagnosis runs it) as on the child's; and the
suite must tell the variants of one function apart, so a matched output names one misconception.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from variants_support import (
    ASSIGNMENTS,
    GRADING_SEEDS,
    all_variants,
    as_received,
    cases_of,
    planned,
    problem_for,
    quiet,
    run_in_child_style,
    variant_id,
    variants_of,
)

from autograder.suites.checks import Close

# ---- every variant fails the hidden suite, on every grading seed ----

# Variants that some grading seeds let through, because no fixed case exposes them yet. Each is a
# strict xfail naming the case that would: adding that case to the suite turns it into a failure
# here, and then the entry must go.
# (function, misconception, via) -> why the suite cannot yet expose it: strict xfails. None now.
KNOWN_GAPS: dict[tuple, str] = {}


def with_known_gaps(variants):
    return [
        pytest.param(v, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(v[1], v[2], v[4])]))
        if (v[1], v[2], v[4]) in KNOWN_GAPS
        else v
        for v in variants
    ]


@pytest.mark.parametrize("v", with_known_gaps(all_variants()), ids=variant_id)
def test_variant_fails_the_hidden_suite_on_every_seed(v):
    assignment, function, misconception, implementation, via = v
    undetected = []
    for seed in GRADING_SEEDS:
        cases = cases_of(assignment, seed, function)
        assert cases, f"the {assignment} suite has no case for {function}"
        shared: dict = {}
        problems = []
        for index, p in cases:
            outputs = [run_in_child_style(implementation, call, shared)[0] for call in p.calls]
            problems.append(problem_for(assignment, seed, index, outputs))
        if all(problem is None for problem in problems):
            undetected.append(seed)
    assert not undetected, f"{variant_id(v)} passes every case of {function} for grading seeds {undetected}"


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_never_modifies_its_arguments(v):
    assignment, function, _, implementation, _ = v
    for seed in GRADING_SEEDS[:2]:
        shared: dict = {}
        for _, p in cases_of(assignment, seed, function):
            for call in p.calls:
                assert run_in_child_style(implementation, call, shared)[1] == [], (seed, p.case.name)


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_runs_on_the_parents_inputs_as_on_the_childs(v):
    """Diagnosis runs variants on `call.local_args()` (Python ints, fresh generators): they must
    not raise there and, for deterministic cases, must give what the child-side run gives."""
    assignment, function, _, implementation, _ = v
    for seed in GRADING_SEEDS[:2]:
        for _, p in cases_of(assignment, seed, function):
            for call in p.calls:
                if call.read:
                    continue
                args, kwargs = call.local_args()
                local = as_received(quiet(implementation, *args, **kwargs))
                if isinstance(p.case.check, Close):
                    child = run_in_child_style(implementation, call, {})[0]
                    assert p.case.check(local, child, call) is None, (seed, p.case.name)


# ---- the variants of one function are told apart ----


def _deterministic_outputs(assignment, implementation, seed, index):
    p = planned(assignment, seed)[index]
    return [run_in_child_style(implementation, call, {})[0] for call in p.calls]


# Pairs that are the same function of the inputs, so no output can separate them: σ'(a) with
# a = σ(z) IS σ(σ(z))(1 − σ(σ(z))). Only the helper's own result tells them apart (if the student's
# sigmoid_gradient passes its cases, the deltas used it on the activation).
TWINS = {
    (
        "backprop_deltas",
        frozenset({("delta-gprime-of-activation", None), ("double-sigmoid", "sigmoid_gradient")}),
    ),
    (
        "nn_gradients",
        frozenset(
            {("delta-gprime-of-activation", "backprop_deltas"), ("double-sigmoid", "sigmoid_gradient")}
        ),
    ),
}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_variants_of_one_function_are_told_apart_by_the_suite(assignment):
    """Under each case's own comparison, no two catalogued variants give the same outputs on every
    value-compared case, so a matched output names one misconception (except the known TWINS).
    The variants of every module of the assignment are compared together."""
    by_function: dict[str, list] = {}
    for function, misconception, implementation, via in variants_of(assignment):
        by_function.setdefault(function, []).append((misconception, via, implementation))
    clashes = []
    for function, entries in by_function.items():
        indices = [
            (seed, i)
            for seed in GRADING_SEEDS[:2]
            for i, p in cases_of(assignment, seed, function)
            if isinstance(p.case.check, Close)
        ]
        if len(entries) < 2 or not indices:
            continue
        outputs = {
            (m, via): {key: _deterministic_outputs(assignment, impl, *key) for key in indices}
            for m, via, impl in entries
        }
        for first, second in combinations(outputs, 2):
            if all(
                planned(assignment, seed)[i].case.check(
                    outputs[first][(seed, i)][0],
                    outputs[second][(seed, i)][0],
                    planned(assignment, seed)[i].calls[0],
                )
                is None
                for seed, i in indices
            ):
                clashes.append((function, frozenset({first, second})))
    assert set(clashes) == {t for t in TWINS if t[0] in by_function}
