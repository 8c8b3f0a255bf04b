"""Tests of the misconception catalogue: the wrong variants in autograder/diagnosis and catalogue.yaml.

Every variant must (1) be pasteable into a notebook on its own (numpy only, no name clashes),
(2) imitate its contract function's signature and never modify its arguments, (3) fail at least
one case of the hidden suite on every grading seed tried, when its output travels through the
child's plain-data codec exactly as a student's would, and (4) have a catalogue entry a student
can act on. `via` variants must equal the correct algorithm computed with the wrong helper.
"""
from __future__ import annotations

import ast
import builtins
import copy
import inspect
import re
import subprocess
import sys
import warnings
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograder import assignments
from autograder.diagnosis import variants_backprop, variants_perceptron
from autograder.grading.engine import expected_value, plan_cases
from autograder.runner.child import testfns, wire
from autograder.suites.checks import Close
from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron

ROOT = Path(__file__).resolve().parents[1]
DIAGNOSIS = ROOT / "autograder" / "diagnosis"
CATALOGUE = DIAGNOSIS / "catalogue.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # the course decks, outside the repo

MODULES = {"backprop": variants_backprop, "perceptron": variants_perceptron}
REFERENCE = {"backprop": ref_backprop, "perceptron": ref_perceptron}
PREFIX = {"backprop": "_vb_", "perceptron": "_vp_"}
FIELDS = ("function", "title", "explanation", "formula", "deck", "where", "hint")
GRADING_SEEDS = tuple(range(20)) + (12345,)  # the grader draws a fresh seed per run

# The contract's table of misconception ids the grader must recognise.
CONTRACT_IDS = {
    "sigmoid_gradient": ["sigmoid-grad-of-activation", "double-sigmoid"],
    "feedforward": ["bias-ignored", "bias-appended-last", "no-output-activation"],
    "nn_cost": ["regularized-bias", "reg-lambda-over-m", "cost-not-averaged", "cost-mean-over-all",
                "missing-negative-class-term", "no-regularization"],
    "backprop_deltas": ["delta-sign-flipped", "delta-squared-error", "delta-gprime-of-activation"],
    "nn_gradients": ["grad-not-averaged", "grad-missing-regularization", "grad-regularized-bias", "grad-reg-half"],
    "numerical_gradient": ["one-sided-difference", "divide-by-epsilon", "perturbation-not-restored"],
    "rand_initialize_weights": ["zero-init", "constant-init", "init-range-not-symmetric",
                                "init-shape-transposed", "ignores-rng"],
}
# Further ids the catalogue commits to (beyond the contract's minimum).
FURTHER_IDS = {
    "one_hot": ["one-hot-off-by-one", "one-hot-transposed", "y-as-column"],
    "nn_gradients": ["grad-reg-lambda", "grad-unrolled-other-order", "grad-transposed-theta"],
    "numerical_gradient": ["ignores-epsilon"],
    "rand_initialize_weights": ["ignores-epsilon-init", "integer-weights"],
    "xavier_initialize_weights": ["xavier-fan-in-only", "xavier-variance-as-std", "xavier-uniform",
                                  "xavier-bias-not-zero"],
    "relative_difference": ["relative-difference-no-denominator"],
    "step": ["step-fires-at-zero"],
    "perceptron_predict": ["predict-ignores-bias"],
    "perceptron_train": ["train-flipped-sign", "train-no-bias-update", "train-ignores-w0", "train-batch-update"],
    "linear_collapse": ["collapse-drops-w2b1", "collapse-adds-biases"],
    "add_mul_graph": ["add-mul-swapped-local", "add-mul-forgets-upstream"],
    "sigmoid_neuron_graph": ["sigmoid-neuron-local-is-sigma", "sigmoid-neuron-swapped-w-x"],
    "xnor_network": ["xnor-is-xor"],
    "AND_PARAMS": ["gate-wrong-on-one-input", "gate-bias-sign-flipped"],
    "OR_PARAMS": ["gate-wrong-on-one-input"],
    "NAND_PARAMS": ["gate-wrong-on-one-input"],
    "NOR_PARAMS": ["gate-wrong-on-one-input"],
}


def all_variants():
    """(assignment, function, misconception, implementation, via) for every registered variant."""
    return [(a, *entry) for a, module in MODULES.items() for entry in module.VARIANTS]


def variant_id(v) -> str:
    assignment, function, misconception, _, via = v
    return f"{function}:{misconception}" + (f"(via {via})" if via else "")


def is_constant(function: str) -> bool:
    return function.isupper()


def non_via_pairs() -> set[tuple[str, str]]:
    return {(f, m) for _, f, m, _, via in all_variants() if via is None}


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
        return (isinstance(a, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=b.dtype.kind == "f")))
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


@lru_cache(maxsize=None)
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
    many = getattr(check, "many", False)
    expected = expected_for(assignment, seed, index) if check.needs_expected else None
    return check(outputs if many else outputs[0], expected, p.calls if many else p.calls[0])


# ---- the registry and its coverage ----

def test_every_contract_misconception_has_a_variant():
    missing = [(f, m) for f, ids in CONTRACT_IDS.items() for m in ids if (f, m) not in non_via_pairs()]
    assert not missing


def test_every_further_misconception_has_a_variant():
    missing = [(f, m) for f, ids in FURTHER_IDS.items() for m in ids if (f, m) not in non_via_pairs()]
    assert not missing


def test_at_least_thirty_distinct_variants_excluding_via():
    assert len(non_via_pairs()) >= 30


def test_function_id_pairs_are_unique():
    pairs = [(f, m) for _, f, m, _, _ in all_variants()]
    assert len(pairs) == len(set(pairs))


def test_variants_name_contract_functions_of_their_assignment():
    for assignment, function, misconception, implementation, via in all_variants():
        assert hasattr(REFERENCE[assignment], function), (assignment, function)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", misconception), misconception


def test_via_variants_blame_a_helper_that_has_the_same_misconception():
    for assignment, function, misconception, _, via in all_variants():
        if via is not None:
            assert via != function
            assert hasattr(REFERENCE[assignment], via)
            assert (via, misconception) in non_via_pairs(), (function, misconception, via)


def test_required_via_variants_are_present():
    via = {(f, m, v) for _, f, m, _, v in all_variants() if v}
    for function in ("backprop_deltas", "nn_gradients"):
        for misconception in CONTRACT_IDS["sigmoid_gradient"]:
            assert (function, misconception, "sigmoid_gradient") in via
        for misconception in CONTRACT_IDS["feedforward"]:
            assert (function, misconception, "feedforward") in via
    # nn_cost with an output that skips the sigmoid would take log of negative numbers: not catalogued.
    for misconception in ("bias-ignored", "bias-appended-last"):
        assert ("nn_cost", misconception, "feedforward") in via


# ---- self-contained, pasteable source ----

@pytest.mark.parametrize("assignment", sorted(MODULES))
def test_module_imports_only_numpy(assignment):
    tree = ast.parse(Path(MODULES[assignment].__file__).read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [ast.dump(node) for node in imports] == [ast.dump(ast.parse("import numpy as np").body[0])]


@pytest.mark.parametrize("assignment", sorted(MODULES))
def test_module_top_level_names_cannot_clobber_a_notebook(assignment):
    module = MODULES[assignment]
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    allowed = {"VARIANTS", "variant"}
    for name in names - allowed:
        assert name.startswith(PREFIX[assignment]) or name.startswith("v_"), name
    reference_names = {n for n in vars(REFERENCE[assignment]) if not n.startswith("__")}
    assert not (names & reference_names)
    registered = {impl.__name__ for impl in (entry[2] for entry in module.VARIANTS)}
    assert registered == {n for n in names if n.startswith("v_")}


@pytest.mark.parametrize("assignment", sorted(MODULES))
def test_source_runs_in_a_fresh_namespace_with_only_builtins(assignment):
    module = MODULES[assignment]
    namespace = {"__builtins__": builtins}
    exec(compile(Path(module.__file__).read_text(encoding="utf-8"), "<notebook cell>", "exec"), namespace)
    assert len(namespace["VARIANTS"]) == len(module.VARIANTS)
    assert [(f, m, v) for f, m, _, v in namespace["VARIANTS"]] == [(f, m, v) for f, m, _, v in module.VARIANTS]


@pytest.mark.parametrize("assignment", sorted(MODULES))
def test_loading_the_module_alone_imports_nothing_from_the_project(assignment):
    path = Path(MODULES[assignment].__file__)
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('standalone_variants', {str(path)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.VARIANTS\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('autograder', 'solutions')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def reference_notebook_source(assignment: str) -> str:
    source = inspect.getsource(REFERENCE[assignment])
    source = "\n".join(line for line in source.splitlines() if not line.startswith("from ."))
    if assignment == "perceptron":
        source = inspect.getsource(ref_backprop.sigmoid) + "\n\n" + source
    return "import numpy as np\n\n" + source


def test_pasted_after_the_reference_only_the_rebound_name_changes():
    """What the self-test does: reference cells, then this module's source, then one rebinding."""
    namespace: dict = {"__name__": "__main__"}
    exec(reference_notebook_source("backprop"), namespace)
    exec(Path(variants_backprop.__file__).read_text(encoding="utf-8"), namespace)
    exec("sigmoid_gradient = v_sigmoid_gradient_of_activation", namespace)
    rng = np.random.default_rng(7)
    thetas = [rng.normal(size=(4, 4)), rng.normal(size=(3, 5))]
    X, Y = rng.normal(size=(6, 3)), ref_backprop.one_hot(rng.integers(0, 3, 6), 3)
    # The reference cost (which uses its own _forward) is untouched; deltas now use the wrong helper.
    assert namespace["nn_cost"](thetas, X, Y, 0.5) == ref_backprop.nn_cost(thetas, X, Y, 0.5)
    got = namespace["backprop_deltas"](thetas, X, Y)
    want = variants_backprop.v_backprop_deltas_via_grad_of_activation(thetas, X, Y)
    assert all(np.allclose(g, w, rtol=1e-12, atol=0) for g, w in zip(got, want))

    namespace = {"__name__": "__main__"}
    exec(reference_notebook_source("perceptron"), namespace)
    exec(Path(variants_perceptron.__file__).read_text(encoding="utf-8"), namespace)
    exec("AND_PARAMS = v_and_params_bias_sign_flipped()", namespace)
    w, b = namespace["AND_PARAMS"]
    assert np.array_equal(w, [0.5, 0.5]) and b == 0.7
    assert namespace["step"](0.0) == 0.0  # the reference step is still the notebook's


# ---- each variant imitates its contract function ----

def _parameters(fn):
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_has_the_contract_signature(v):
    assignment, function, _, implementation, _ = v
    if is_constant(function):
        assert _parameters(implementation) == []
    else:
        assert _parameters(implementation) == _parameters(getattr(REFERENCE[assignment], function))


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_is_short_and_states_its_mistake_in_one_line(v):
    implementation = v[3]
    node = ast.parse(inspect.getsource(implementation)).body[0]
    doc = ast.get_docstring(node)
    assert doc and "\n" not in doc.strip()
    body = node.body[1:]
    assert body and body[-1].end_lineno - body[0].lineno + 1 <= 6


# ---- every variant fails the hidden suite, on every grading seed ----

# Variants that some grading seeds let through, because no fixed case exposes them yet. Each is a
# strict xfail naming the case that would: adding that case to the suite turns it into a failure
# here, and then the entry must go.
# (function, misconception, via) -> why the suite cannot yet expose it: strict xfails. None now.
KNOWN_GAPS: dict[tuple, str] = {}


def with_known_gaps(variants):
    return [pytest.param(v, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(v[1], v[2], v[4])]))
            if (v[1], v[2], v[4]) in KNOWN_GAPS else v for v in variants]


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


def _deterministic_outputs(assignment, implementation, seed, index):
    p = planned(assignment, seed)[index]
    return [run_in_child_style(implementation, call, {})[0] for call in p.calls]


# Pairs that are the same function of the inputs, so no output can separate them: σ'(a) with
# a = σ(z) IS σ(σ(z))(1 − σ(σ(z))). Only the helper's own result tells them apart (if the student's
# sigmoid_gradient passes its cases, the deltas used it on the activation).
TWINS = {
    ("backprop_deltas", frozenset({("delta-gprime-of-activation", None), ("double-sigmoid", "sigmoid_gradient")})),
    ("nn_gradients", frozenset({("delta-gprime-of-activation", "backprop_deltas"), ("double-sigmoid", "sigmoid_gradient")})),
}


@pytest.mark.parametrize("assignment", sorted(MODULES))
def test_variants_of_one_function_are_told_apart_by_the_suite(assignment):
    """Under each case's own comparison, no two catalogued variants give the same outputs on every
    value-compared case, so a matched output names one misconception (except the known TWINS)."""
    by_function: dict[str, list] = {}
    for function, misconception, implementation, via in MODULES[assignment].VARIANTS:
        by_function.setdefault(function, []).append((misconception, via, implementation))
    clashes = []
    for function, entries in by_function.items():
        indices = [(seed, i) for seed in GRADING_SEEDS[:2] for i, p in cases_of(assignment, seed, function)
                   if isinstance(p.case.check, Close)]
        if len(entries) < 2 or not indices:
            continue
        outputs = {(m, via): {key: _deterministic_outputs(assignment, impl, *key) for key in indices}
                   for m, via, impl in entries}
        for first, second in combinations(outputs, 2):
            if all(planned(assignment, seed)[i].case.check(outputs[first][(seed, i)][0], outputs[second][(seed, i)][0],
                                                            planned(assignment, seed)[i].calls[0]) is None
                   for seed, i in indices):
                clashes.append((function, frozenset({first, second})))
    assert set(clashes) == {t for t in TWINS if t[0] in by_function}


# ---- via variants are the correct algorithm with the wrong helper ----

def _network(seed, sizes=(3, 5, 4, 3), m=7):
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(size=(sizes[l + 1], sizes[l] + 1)) for l in range(len(sizes) - 1)]
    return thetas, rng.normal(size=(m, sizes[0])), ref_backprop.one_hot(rng.integers(0, sizes[-1], m), sizes[-1])


def _variant(assignment, function, misconception, via=None):
    return next(impl for f, m, impl, v in MODULES[assignment].VARIANTS if (f, m, v) == (function, misconception, via))


def _lists_close(got, want, rtol=1e-10):
    return len(got) == len(want) and all(np.allclose(g, w, rtol=rtol, atol=1e-13) for g, w in zip(got, want))


@pytest.mark.parametrize("misconception", CONTRACT_IDS["sigmoid_gradient"])
def test_via_sigmoid_gradient_equals_the_reference_with_that_helper(misconception, monkeypatch):
    wrong = _variant("backprop", "sigmoid_gradient", misconception)
    thetas, X, Y = _network(3)
    monkeypatch.setattr(ref_backprop, "sigmoid_gradient", wrong)
    assert _lists_close(_variant("backprop", "backprop_deltas", misconception, "sigmoid_gradient")(thetas, X, Y),
                        ref_backprop.backprop_deltas(thetas, X, Y))
    assert _lists_close(_variant("backprop", "nn_gradients", misconception, "sigmoid_gradient")(thetas, X, Y, 0.9),
                        ref_backprop.nn_gradients(thetas, X, Y, 0.9))


def _direct_deltas(activations, thetas, Y):
    """δL = aL − Y, δ_l = (δ_{l+1} Θ_l[:, 1:]) * a_l (1 − a_l), from a given list of activations."""
    deltas = [activations[-1] - Y]
    for k in range(len(thetas) - 2, -1, -1):
        a = activations[k + 1]
        deltas.insert(0, (deltas[0] @ thetas[k + 1][:, 1:]) * a * (1 - a))
    return deltas


@pytest.mark.parametrize("misconception", CONTRACT_IDS["feedforward"])
def test_via_feedforward_equals_the_correct_algorithm_on_that_forward_pass(misconception, monkeypatch):
    wrong_forward = _variant("backprop", "feedforward", misconception)
    thetas, X, Y = _network(5)
    lam, m = 0.6, X.shape[0]
    activations = wrong_forward(thetas, X)
    deltas = _direct_deltas(activations, thetas, Y)
    assert _lists_close(_variant("backprop", "backprop_deltas", misconception, "feedforward")(thetas, X, Y), deltas)

    # nn_gradients: the reference formula, fed with this forward pass and its deltas.
    monkeypatch.setattr(ref_backprop, "feedforward", wrong_forward)
    monkeypatch.setattr(ref_backprop, "backprop_deltas", lambda t, x, y: _direct_deltas(wrong_forward(t, x), t, y))
    assert _lists_close(_variant("backprop", "nn_gradients", misconception, "feedforward")(thetas, X, Y, lam),
                        ref_backprop.nn_gradients(thetas, X, Y, lam))

    if misconception != "no-output-activation":  # log of a linear output is not defined
        h = activations[-1]
        J = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
        J += lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)
        assert np.isclose(_variant("backprop", "nn_cost", misconception, "feedforward")(thetas, X, Y, lam), J,
                          rtol=1e-10, atol=0)


@pytest.mark.parametrize("misconception", CONTRACT_IDS["backprop_deltas"])
def test_via_backprop_deltas_equals_the_reference_gradient_with_those_deltas(misconception, monkeypatch):
    thetas, X, Y = _network(8)
    monkeypatch.setattr(ref_backprop, "backprop_deltas", _variant("backprop", "backprop_deltas", misconception))
    assert _lists_close(_variant("backprop", "nn_gradients", misconception, "backprop_deltas")(thetas, X, Y, 1.1),
                        ref_backprop.nn_gradients(thetas, X, Y, 1.1))


def test_via_step_equals_the_reference_with_that_step(monkeypatch):
    monkeypatch.setattr(ref_perceptron, "step", _variant("perceptron", "step", "step-fires-at-zero"))
    rng = np.random.default_rng(11)
    X = rng.integers(-1, 2, size=(9, 3)).astype(float)
    w, b, y = np.array([1.0, -1.0, 0.0]), 0.0, (rng.random(9) < 0.5).astype(float)
    assert np.array_equal(_variant("perceptron", "perceptron_predict", "step-fires-at-zero", "step")(w, b, X),
                          ref_perceptron.perceptron_predict(w, b, X))
    got = _variant("perceptron", "perceptron_train", "step-fires-at-zero", "step")(X, y, 0.2, 7)
    want = ref_perceptron.perceptron_train(X, y, 0.2, 7)
    assert np.array_equal(got[0], want[0]) and got[1] == want[1]


# ---- the catalogue ----

@lru_cache(maxsize=None)
def catalogue() -> dict:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def test_catalogue_and_variants_match_one_to_one():
    used = {m for _, _, m, _, _ in all_variants()}
    assert set(catalogue()) == used


@pytest.mark.parametrize("misconception", sorted({m for _, _, m, _, _ in all_variants()}))
def test_catalogue_entry_is_complete(misconception):
    entry = catalogue()[misconception]
    assert set(entry) == set(FIELDS)
    for field in FIELDS:
        value = entry[field]
        values = value if (field == "function" and isinstance(value, list)) else [value]
        assert values and all(isinstance(x, str) and x.strip() for x in values), (misconception, field)
    functions = entry["function"] if isinstance(entry["function"], list) else [entry["function"]]
    assert set(functions) == {f for f, m in non_via_pairs() if m == misconception}
    assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", entry["deck"])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the course decks are not next to the repository")
@pytest.mark.parametrize("misconception", sorted({m for _, _, m, _, _ in all_variants()}))
def test_catalogue_entry_cites_a_slide_of_an_existing_deck(misconception):
    entry = catalogue()[misconception]
    deck = SEEDS / entry["deck"]
    assert deck.is_file()
    assert entry["where"] in deck.read_text(encoding="utf-8"), (misconception, entry["where"])
