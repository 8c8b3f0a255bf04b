"""Shared by the tests of the misconception catalogue (tests/test_variants_*.py): the variant
modules and what the contract requires of them, and running a variant the way the grader's child
would, on the hidden suite's planned cases.

An assignment's variants may live in several modules (each self-contained and pasteable on its
own); `MODULES` names every one, `modules_of` those of one assignment.
"""

from __future__ import annotations

import copy
import warnings
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from autograder import assignments
from autograder.diagnosis import (
    variants_backprop,
    variants_forward,
    variants_gradcheck_init,
    variants_perceptron,
)
from autograder.grading.plan import expected_value, plan_cases
from autograder.runner.child import testfns, wire
from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron

ROOT = Path(__file__).resolve().parents[1]
DIAGNOSIS = ROOT / "autograder" / "diagnosis"
CATALOGUE = DIAGNOSIS / "catalogue.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # the course decks, outside the repo

# module name -> (assignment, module, private-name prefix). Prefixes are unique per module, so
# pasting any one module after the reference (or after another module) clobbers nothing.
MODULES = {
    "variants_forward": ("backprop", variants_forward, "_vf_"),
    "variants_backprop": ("backprop", variants_backprop, "_vb_"),
    "variants_gradcheck_init": ("backprop", variants_gradcheck_init, "_vg_"),
    "variants_perceptron": ("perceptron", variants_perceptron, "_vp_"),
}
REFERENCE = {"backprop": ref_backprop, "perceptron": ref_perceptron}
ASSIGNMENTS = sorted(REFERENCE)
FIELDS = ("function", "title", "explanation", "formula", "deck", "where", "hint")
GRADING_SEEDS = tuple(range(20)) + (12345,)  # the grader draws a fresh seed per run

# The contract's table of misconception ids the grader must recognise.
CONTRACT_IDS = {
    "sigmoid_gradient": ["sigmoid-grad-of-activation", "double-sigmoid"],
    "feedforward": ["bias-ignored", "bias-appended-last", "no-output-activation"],
    "nn_cost": [
        "regularized-bias",
        "reg-lambda-over-m",
        "cost-not-averaged",
        "cost-mean-over-all",
        "missing-negative-class-term",
        "no-regularization",
    ],
    "backprop_deltas": ["delta-sign-flipped", "delta-squared-error", "delta-gprime-of-activation"],
    "nn_gradients": [
        "grad-not-averaged",
        "grad-missing-regularization",
        "grad-regularized-bias",
        "grad-reg-half",
    ],
    "numerical_gradient": ["one-sided-difference", "divide-by-epsilon", "perturbation-not-restored"],
    "rand_initialize_weights": [
        "zero-init",
        "constant-init",
        "init-range-not-symmetric",
        "init-shape-transposed",
        "ignores-rng",
    ],
}
# Further ids the catalogue commits to (beyond the contract's minimum).
FURTHER_IDS = {
    "one_hot": ["one-hot-off-by-one", "one-hot-transposed", "y-as-column"],
    "nn_gradients": ["grad-reg-lambda", "grad-unrolled-other-order", "grad-transposed-theta"],
    "numerical_gradient": ["ignores-epsilon"],
    "rand_initialize_weights": ["ignores-epsilon-init", "integer-weights"],
    "xavier_initialize_weights": [
        "xavier-fan-in-only",
        "xavier-variance-as-std",
        "xavier-uniform",
        "xavier-bias-not-zero",
    ],
    "relative_difference": ["relative-difference-no-denominator"],
    "step": ["step-fires-at-zero"],
    "perceptron_predict": ["predict-ignores-bias", "predict-bias-subtracted"],
    "perceptron_train": [
        "train-flipped-sign",
        "train-no-bias-update",
        "train-ignores-w0",
        "train-batch-update",
    ],
    "linear_collapse": ["collapse-drops-w2b1", "collapse-adds-biases"],
    "add_mul_graph": ["add-mul-swapped-local", "add-mul-forgets-upstream"],
    "sigmoid_neuron_graph": ["sigmoid-neuron-local-is-sigma", "sigmoid-neuron-swapped-w-x"],
    "xnor_network": ["xnor-is-xor"],
    "AND_PARAMS": ["gate-wrong-on-one-input", "gate-bias-sign-flipped"],
    "OR_PARAMS": ["gate-wrong-on-one-input"],
    "NAND_PARAMS": ["gate-wrong-on-one-input"],
    "NOR_PARAMS": ["gate-wrong-on-one-input"],
}


# ---- the registry ----


def modules_of(assignment: str) -> list:
    """The variant modules of one assignment, in registration order."""
    return [module for a, module, _ in MODULES.values() if a == assignment]


def variants_of(assignment: str) -> list:
    """(function, misconception, implementation, via) over every module of one assignment."""
    return [entry for module in modules_of(assignment) for entry in module.VARIANTS]


def all_variants():
    """(assignment, function, misconception, implementation, via) for every registered variant."""
    return [(a, *entry) for a, module, _ in MODULES.values() for entry in module.VARIANTS]


def variant_id(v) -> str:
    assignment, function, misconception, _, via = v
    return f"{function}:{misconception}" + (f"(via {via})" if via else "")


def is_constant(function: str) -> bool:
    return function.isupper()


def non_via_pairs() -> set[tuple[str, str]]:
    return {(f, m) for _, f, m, _, via in all_variants() if via is None}


def find_variant(assignment, function, misconception, via=None):
    """The implementation registered for (function, misconception, via), in any module of the assignment."""
    return next(
        impl for f, m, impl, v in variants_of(assignment) if (f, m, v) == (function, misconception, via)
    )


@cache
def catalogue() -> dict:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


# ---- running a variant the way the grader's child would ----


def _child_generator(shared: dict):
    def build(obj):
        key = obj.get("key")
        if key is None:
            return np.random.default_rng(int(obj["seed"]))
        if key not in shared:
            shared[key] = np.random.default_rng(int(obj["seed"]))
        return shared[key]

    return build


def child_args(call, shared: dict):
    """The call's arguments as the child decodes them from the wire (ints arrive as 0-d arrays,
    generators are rebuilt from seeds and shared by key, test functions rebuilt by name)."""
    special = {
        "rng": _child_generator(shared),
        "fn": lambda obj: testfns.build(obj["name"], {k: wire.decode(v) for k, v in obj["params"].items()}),
    }
    spec = wire.loads(wire.dumps(call.wire("k0")))
    args = [wire.decode(a, special=special) for a in spec.get("args", [])]
    kwargs = {k: wire.decode(v, special=special) for k, v in spec.get("kwargs", {}).items()}
    return args, kwargs


def as_received(value):
    """A value after the child's encode → JSON → the parent's decode."""
    return wire.decode(wire.loads(wire.dumps(wire.encode(value))))


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def same_value(a, b) -> bool:
    if isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and bool(np.array_equal(a, b, equal_nan=b.dtype.kind == "f"))
        )
    if isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))
    return True


def run_in_child_style(implementation, call, shared: dict):
    """(output as received by the parent, names of arguments the call modified)."""
    if call.read:
        return as_received(implementation()), []
    args, kwargs = child_args(call, shared)
    snapshot = copy.deepcopy((args, kwargs))
    out = quiet(implementation, *args, **kwargs)
    changed = [i for i, (a, s) in enumerate(zip(args, snapshot[0])) if not same_value(a, s)]
    changed += [k for k in kwargs if not same_value(kwargs[k], snapshot[1][k])]
    return as_received(out), changed


# ---- the hidden suite's planned cases ----


@cache
def planned(assignment: str, seed: int):
    return plan_cases(assignments.load(assignment), np.random.default_rng(seed))


_EXPECTED: dict = {}


def expected_for(assignment: str, seed: int, index: int):
    key = (assignment, seed, index)
    if key not in _EXPECTED:
        _EXPECTED[key] = quiet(expected_value, assignments.load(assignment), planned(assignment, seed)[index])
    return _EXPECTED[key]


def cases_of(assignment: str, seed: int, function: str):
    return [(i, p) for i, p in enumerate(planned(assignment, seed)) if p.case.qid == function]


def problem_for(assignment: str, seed: int, index: int, outputs: list):
    """The case's own check of `outputs` (one per call), as the grader scores it."""
    p = planned(assignment, seed)[index]
    check = p.case.check
    many = check.many
    expected = expected_for(assignment, seed, index) if check.needs_expected else None
    return check(outputs if many else outputs[0], expected, p.calls if many else p.calls[0])
