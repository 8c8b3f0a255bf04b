"""Tests of the misconception catalogue's structure: the wrong variants in autograder/diagnosis and
catalogue.yaml.

Every variant module must be pasteable into a notebook on its own (numpy only, no name clashes,
with the reference or with the assignment's other modules); every variant must imitate its
contract function's signature and state its mistake in one line; every misconception must have a
catalogue entry a student can act on. (Detection on the hidden suite: test_variants_detection.py;
`via` equivalences: test_variants_via.py.)
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from variants_support import (
    ASSIGNMENTS,
    CONTRACT_IDS,
    DIAGNOSIS,
    FIELDS,
    FURTHER_IDS,
    MODULES,
    REFERENCE,
    SEEDS,
    all_variants,
    catalogue,
    is_constant,
    non_via_pairs,
    variant_id,
    variants_of,
)

from autograder import decks
from autograder.diagnosis import (
    diagnose,
    variants_backprop,
    variants_forward,
    variants_gradcheck_init,
    variants_perceptron,
)
from solutions import backprop as ref_backprop

REGISTRY = {"VARIANTS", "variant"}  # the preamble every module carries its own copy of


# ---- the registry and its coverage ----


@pytest.mark.parametrize("required", [CONTRACT_IDS, FURTHER_IDS], ids=["contract", "further"])
def test_every_required_misconception_has_a_variant(required):
    missing = [(f, m) for f, ids in required.items() for m in ids if (f, m) not in non_via_pairs()]
    assert not missing


def test_at_least_thirty_distinct_variants_excluding_via():
    assert len(non_via_pairs()) >= 30


def test_function_implementation_pairs_are_unique():
    # One misconception may take several forms in one function (the bias regularized in every
    # layer or in one only), each its own variant; the implementations must still differ.
    pairs = [(f, implementation.__name__) for _, f, _, implementation, _ in all_variants()]
    assert len(pairs) == len(set(pairs))


def test_variants_name_contract_functions_of_their_assignment():
    for assignment, function, misconception, _, _ in all_variants():
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


def test_every_variant_module_on_disk_belongs_to_its_assignment():
    """diagnose.VARIANT_MODULES lists every variants_*.py of the package, under its assignment."""
    assert {p.stem for p in DIAGNOSIS.glob("variants_*.py")} == set(MODULES)
    owned = {a: tuple(n for n, (owner, _, _) in MODULES.items() if owner == a) for a in ASSIGNMENTS}
    assert diagnose.VARIANT_MODULES == owned


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_variants_for_gathers_every_module_of_the_assignment(assignment):
    want: dict = {}
    for function, misconception, implementation, via in variants_of(assignment):
        want.setdefault(function, []).append((misconception, implementation, via))
    assert list(diagnose.variants_for(assignment).items()) == list(want.items())


def test_one_function_is_catalogued_in_one_module():
    owner: dict = {}
    for name, (assignment, module, _) in MODULES.items():
        for function, *_ in module.VARIANTS:
            assert owner.setdefault((assignment, function), name) == name, function


# ---- self-contained, pasteable source ----


def _source(module) -> str:
    return Path(module.__file__).read_text(encoding="utf-8")


def _top_level_names(module) -> set[str]:
    tree = ast.parse(_source(module))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_only_numpy(name):
    tree = ast.parse(_source(MODULES[name][1]))
    imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [ast.dump(node) for node in imports] == [ast.dump(ast.parse("import numpy as np").body[0])]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_top_level_names_cannot_clobber_a_notebook(name):
    assignment, module, prefix = MODULES[name]
    names = _top_level_names(module)
    for top in names - REGISTRY:
        assert top.startswith(prefix) or top.startswith("v_"), top
    reference_names = {n for n in vars(REFERENCE[assignment]) if not n.startswith("__")}
    assert not (names & reference_names)
    registered = {impl.__name__ for impl in (entry[2] for entry in module.VARIANTS)}
    assert registered == {n for n in names if n.startswith("v_")}


def test_modules_share_no_prefix_and_no_name_but_the_registry():
    prefixes = [prefix for _, _, prefix in MODULES.values()]
    assert len(set(prefixes)) == len(prefixes)
    for first, second in combinations(sorted(MODULES), 2):
        shared = _top_level_names(MODULES[first][1]) & _top_level_names(MODULES[second][1])
        assert shared <= REGISTRY, (first, second, shared)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_source_runs_in_a_fresh_namespace_with_only_builtins(name):
    module = MODULES[name][1]
    namespace = {"__builtins__": builtins}
    exec(compile(_source(module), "<notebook cell>", "exec"), namespace)
    pasted = [(f, m, v) for f, m, _, v in namespace["VARIANTS"]]
    assert pasted == [(f, m, v) for f, m, _, v in module.VARIANTS]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_loading_the_module_alone_imports_nothing_from_the_project(name):
    path = Path(MODULES[name][1].__file__)
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('standalone_variants', {str(path)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.VARIANTS\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('autograder', 'solutions')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/", timeout=99)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def reference_notebook_source(assignment: str) -> str:
    source = inspect.getsource(REFERENCE[assignment])
    source = "\n".join(line for line in source.splitlines() if not line.startswith("from ."))
    return "import numpy as np\n\n" + source


def test_pasted_after_the_reference_only_the_rebound_name_changes():
    """What the self-test does: reference cells, then the variant modules' sources, then a rebinding."""
    namespace: dict = {"__name__": "__main__"}
    exec(reference_notebook_source("backprop"), namespace)
    for module in (variants_forward, variants_backprop):
        exec(_source(module), namespace)
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
    exec(_source(variants_perceptron), namespace)
    exec("AND_PARAMS = v_and_params_bias_sign_flipped()", namespace)
    w, b = namespace["AND_PARAMS"]
    assert np.array_equal(w, [0.5, 0.5]) and b == 0.7
    assert namespace["step"](0.0) == 0.0  # the reference step is still the notebook's


def test_gradcheck_init_pasted_after_the_reference_only_the_rebound_name_changes():
    namespace: dict = {"__name__": "__main__"}
    exec(reference_notebook_source("backprop"), namespace)
    exec(_source(variants_gradcheck_init), namespace)
    exec("numerical_gradient = v_numerical_gradient_one_sided", namespace)
    f, theta = (lambda t: float(np.sum(t**3))), np.array([0.3, -1.2, 2.0])
    one_sided = variants_gradcheck_init.v_numerical_gradient_one_sided
    assert np.array_equal(namespace["numerical_gradient"](f, theta, 1e-3), one_sided(f, theta, 1e-3))
    rand, rng = namespace["rand_initialize_weights"], np.random.default_rng
    assert np.array_equal(rand(3, 2, 0.1, rng(4)), ref_backprop.rand_initialize_weights(3, 2, 0.1, rng(4)))
    relative = namespace["relative_difference"]
    assert relative(theta, 2 * theta) == ref_backprop.relative_difference(theta, 2 * theta)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_pasting_the_module_after_the_reference_rebinds_no_existing_name(name):
    assignment, module, _ = MODULES[name]
    namespace: dict = {"__name__": "__main__"}
    exec(reference_notebook_source(assignment), namespace)
    before = dict(namespace)
    exec(_source(module), namespace)
    assert [k for k, value in before.items() if namespace[k] is not value] == []


# ---- each variant imitates its contract function ----


def _parameters(fn):
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_has_the_contract_signature(v):
    assignment, function, _, implementation, _ = v
    want = [] if is_constant(function) else _parameters(getattr(REFERENCE[assignment], function))
    assert _parameters(implementation) == want


@pytest.mark.parametrize("v", all_variants(), ids=variant_id)
def test_variant_is_short_and_states_its_mistake_in_one_line(v):
    implementation = v[3]
    node = ast.parse(inspect.getsource(implementation)).body[0]
    doc = ast.get_docstring(node)
    assert doc and "\n" not in doc.strip()
    body = node.body[1:]
    assert body and body[-1].end_lineno - body[0].lineno + 1 <= 6


# ---- the catalogue ----


def test_catalogue_and_variants_match_one_to_one():
    assert set(catalogue()) == {m for _, _, m, _, _ in all_variants()}


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
    assert entry["deck"] in decks.TITLES, (misconception, entry["deck"])  # a title, see autograder/decks.py


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the course decks are not next to the repository")
@pytest.mark.parametrize("misconception", sorted({m for _, _, m, _, _ in all_variants()}))
def test_catalogue_entry_cites_a_slide_of_an_existing_deck(misconception):
    entry = catalogue()[misconception]
    deck = SEEDS / decks.deck(entry["deck"]).file
    assert deck.is_file()
    assert entry["where"] in deck.read_text(encoding="utf-8"), (misconception, entry["where"])
