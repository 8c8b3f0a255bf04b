"""Error carried forward: a function right given the student's own wrong helper keeps its points;
a function with a mistake of its own does not, whatever its helpers did.

The formulas are checked against the reference (an independent implementation of the same
lecture formulas): fed the reference's own helpers, each must give the reference's result.
The grading is checked end to end on notebooks with real bugs, in the real sandbox.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pytest
from support import document, one_cell_submission, question_scores, write

from autograder.cli import main
from autograder.report.results import GradedDocument, GradedTest
from autograder.suites import carried
from autograder.suites.inputs import random_network
from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron


def reference_helpers(module):
    return lambda name, *args: getattr(module, name)(*args)


@pytest.mark.parametrize("sizes, m, lam", [((3, 5, 3), 6, 0.0), ((4, 6, 5, 3), 8, 0.7), ((3, 1, 2), 1, 1.5)])
def test_formulas_fed_the_reference_helpers_give_the_reference(sizes, m, lam):
    rng = np.random.default_rng(sum(sizes) + m)
    thetas, X, Y, _ = random_network(rng, sizes, m, lam=lam)
    helpers = reference_helpers(ref_backprop)
    assert carried.nn_cost(helpers, thetas, X, Y, lam) == pytest.approx(
        ref_backprop.nn_cost(thetas, X, Y, lam), rel=1e-12
    )
    for deltas in carried.backprop_deltas(helpers, thetas, X, Y):  # both forms of g'(z)
        for got, want in zip(deltas, ref_backprop.backprop_deltas(thetas, X, Y), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    for got, want in zip(
        carried.nn_gradients(helpers, thetas, X, Y, lam),
        ref_backprop.nn_gradients(thetas, X, Y, lam),
        strict=True,
    ):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_perceptron_formulas_fed_the_reference_step_give_the_reference():
    rng = np.random.default_rng(7)
    helpers = reference_helpers(ref_perceptron)
    for _ in range(20):
        X, y = rng.normal(size=(9, 3)), (rng.random(9) < 0.5).astype(float)
        w, b = rng.normal(size=3), float(rng.normal())
        np.testing.assert_array_equal(
            carried.perceptron_predict(helpers, w, b, X), ref_perceptron.perceptron_predict(w, b, X)
        )
        for got, want in zip(
            carried.perceptron_train(helpers, X, y, 0.3, 5, w, b),
            ref_perceptron.perceptron_train(X, y, 0.3, 5, w, b),
        ):
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    integers = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # z = 0 exactly on the way
    for got, want in zip(
        carried.perceptron_train(helpers, integers, np.array([0.0, 1.0, 1.0, 1.0])),
        ref_perceptron.perceptron_train(integers, np.array([0.0, 1.0, 1.0, 1.0])),
    ):
        np.testing.assert_array_equal(got, want)


def notebook_with(assignment: str, *cells: str) -> nbformat.NotebookNode:
    """The reference in one cell, then student edits that rebind contract names."""
    notebook = one_cell_submission(assignment)
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    return notebook


WRONG_SIGMOID_GRADIENT = "def sigmoid_gradient(z):\n    return z * (1 - z)\n"
# Deck 000's squared-error output delta: a mistake of backprop_deltas's own.
OWN_DELTA_MISTAKE = """
def backprop_deltas(thetas, X, Y):
    acts = feedforward(thetas, X)
    zs = [np.hstack([np.ones((a.shape[0], 1)), a]) @ t.T for a, t in zip(acts[:-1], thetas)]
    deltas = [(acts[-1] - Y) * sigmoid_gradient(zs[-1])]
    for k in range(len(thetas) - 2, -1, -1):
        deltas.insert(0, (deltas[0] @ thetas[k + 1][:, 1:]) * sigmoid_gradient(zs[k]))
    return deltas
"""
# An nn_gradients written from the formula on the student's own feedforward and deltas.
OWN_GRADIENTS = """
def nn_gradients(thetas, X, Y, lam=0.0):
    acts, deltas, m = feedforward(thetas, X), backprop_deltas(thetas, X, Y), X.shape[0]
    grads = []
    for t, a, d in zip(thetas, acts, deltas):
        D = d.T @ np.hstack([np.ones((m, 1)), a]) / m
        D[:, 1:] += lam / m * t[:, 1:]
        grads.append(D)
    return grads
"""


def entries_of(doc: GradedDocument, qid: str) -> list[GradedTest]:
    return [t for t in doc.tests if t.qid == qid]


def lost(doc: GradedDocument) -> set[str]:
    return {qid for qid, (got, top) in question_scores(doc).items() if got < top - 1e-9}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("carry")
    write(
        notebook_with("backprop", WRONG_SIGMOID_GRADIENT, OWN_DELTA_MISTAKE, OWN_GRADIENTS),
        folder / "in" / "two_bugs.ipynb",
    )
    # os._exit when the grader itself asks for a network's hidden z (only the carried-forward run does:
    # its own cases are 1-D or 4 × 5, and backprop_deltas asks from the notebook)
    write(
        notebook_with(
            "backprop",
            "import os, sys\ndef sigmoid_gradient(z):\n    z = np.asarray(z, dtype=float)\n"
            "    if z.ndim == 2 and z.shape[0] != 4 and sys._getframe(1).f_globals is not globals():\n"
            "        os._exit(0)\n    return z * (1 - z)\n",
        ),
        folder / "in" / "exits_when_asked_again.ipynb",
    )
    out = folder / "out"
    assert main(["grade", "-a", "backprop", str(folder / "in"), "-o", str(out), "-j", "1"]) == 0
    return out


def test_two_independent_bugs_each_cost_their_own_function_only(graded):
    doc = document(graded, "two_bugs")
    assert lost(doc) == {"sigmoid_gradient", "backprop_deltas"}
    deltas = entries_of(doc, "backprop_deltas")
    assert all(t.score == 0 for t in deltas)  # its own mistake: nothing carried, even where it coincides
    assert not any(t.carried_from for t in deltas)
    # Two mistakes compound in its outputs: no catalogued variant explains them, so none is claimed.
    assert not any(t.tags for t in deltas)
    assert all("sigmoid-grad-of-activation" in t.misconceptions for t in entries_of(doc, "sigmoid_gradient"))
    gradients = entries_of(doc, "nn_gradients")  # right given its own (wrong) deltas
    assert all(t.score == t.max_score and t.tags == ("carried-forward:backprop_deltas",) for t in gradients)
    assert all(
        "Correct given your `backprop_deltas`, whose own error is marked there" in t.output for t in gradients
    )
    assert doc.carried_forward == pytest.approx(sum(t.score for t in gradients))


def test_a_notebook_that_dies_when_asked_again_keeps_its_strict_marks(graded):
    doc = document(graded, "exits_when_asked_again")
    assert {"sigmoid_gradient", "backprop_deltas", "nn_gradients"} <= lost(doc)
    assert doc.carried_forward == 0
    assert any("did not finish when it was run again" in n for n in doc.notes)


def test_perceptron_step_wrong_everywhere_is_carried_through_training(tmp_path):
    """A step returning −1 below 0 changes every update of training; the grader follows the
    student's own step through all of them, in a few further runs of the notebook."""
    sign_step = (
        "def step(z):\n    z = np.asarray(z, dtype=float)\n    out = np.where(z > 0, 1.0, -1.0)\n"
        "    return float(out) if out.ndim == 0 else out\n"
    )
    lucky = "def perceptron_predict(w, b, X):\n    return step(np.asarray(X, dtype=float) @ w)\n"  # ignores b
    write(notebook_with("perceptron", sign_step), tmp_path / "in" / "sign_step.ipynb")
    write(
        notebook_with(
            "perceptron", "def step(z):\n    return (np.asarray(z, dtype=float) >= 0).astype(float)\n", lucky
        ),
        tmp_path / "in" / "ignores_b.ipynb",
    )
    out = tmp_path / "out"
    assert main(["grade", "-a", "perceptron", str(tmp_path / "in"), "-o", str(out), "-j", "1"]) == 0
    doc = document(out, "sign_step")
    assert lost(doc) == {"step"} and not doc.notes
    assert all(
        t.tags == ("carried-forward:step",)
        for qid in ("perceptron_predict", "perceptron_train")
        for t in entries_of(doc, qid)
    )
    # Ignoring b agrees with the formula on the boundary point (step(0) = 1 there), but the case
    # where b decides shows a mistake of predict's own: no case of it is credited.
    doc = document(out, "ignores_b")
    assert "perceptron_predict" in lost(doc)
    assert not any(t.carried_from for t in entries_of(doc, "perceptron_predict"))
