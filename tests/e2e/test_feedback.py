"""What report.html tells a student, read from real graded notebooks: NaN at |z| = 1e4, the
documented float dtypes, every wrong value counted, the decks' misprints named, `code` rendered."""

import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
from support import document, new_notebook, one_cell_submission, report, write

from autograder.cli import main

ROOT = Path(__file__).resolve().parents[2]

# Each student: the reference in one cell, then one cell rebinding what the student got wrong.
BACKPROP = {
    "reference": "",
    "nan_gradient": "def sigmoid_gradient(z):\n    e = np.exp(-np.asarray(z, dtype=float))\n    return e / (1 + e) ** 2\n",
    "nan_sigmoid": "def sigmoid(z):\n    e = np.exp(np.asarray(z, dtype=float))\n    return e / (1 + e)\n",
    "int_one_hot": "def one_hot(y, num_labels):\n    return np.eye(num_labels, dtype=int)[np.asarray(y, dtype=int)]\n",
    "deck_copier": (
        "ex_deck003_grad_theta2 = np.array([0.02, -0.05, -0.12])\n"
        "ex_deck003_theta2_updated = np.array([-0.22, 0.55, 1.42])\n"
        "_right_gradients = nn_gradients\n"
        "def nn_gradients(thetas, X, Y, lam=0.0):\n"
        "    grads = _right_gradients(thetas, X, Y, lam)\n"
        "    for D, t in zip(grads, thetas):\n"
        "        D[:, 1:] += (lam - lam / X.shape[0]) * t[:, 1:]  # the deck's λΘ\n"
        "    return grads\n"
    ),
    # Wrong, but not the deck's numbers: no deck note may be claimed for these.
    "plain_wrong": "ex_deck003_grad_theta2 = np.array([0.3, 0.3, 0.3])\n",
    # The bias column penalised too: every λ > 0 case fails, none because of λ's keyword or m = 1.
    "reg_bias": (
        "_right_cost = nn_cost\n"
        "def nn_cost(thetas, X, Y, lam=0.0):\n"
        "    extra = sum(np.sum(np.asarray(t)[:, 0] ** 2) for t in thetas)\n"
        "    return _right_cost(thetas, X, Y, lam) + lam / (2 * X.shape[0]) * extra\n"
    ),
    # backprop_deltas and nn_gradients (the reference's) are right given this helper.
    "wrong_helper": "def sigmoid_gradient(z):\n    return z * (1 - z)\n",
}
PERCEPTRON = {
    "reference": "",
    "bool_step": "def step(z):\n    return np.asarray(z) > 0\n",
    "six_wrong": "ex_sigmoid_neuron = tuple(v + 1.0 for v in ex_sigmoid_neuron)\n",
}


def _grade(tmp_path_factory, assignment, students):
    folder = tmp_path_factory.mktemp(assignment)
    paths = []
    for student, override in students.items():
        notebook = one_cell_submission(assignment)
        if override:
            notebook = new_notebook(notebook.cells[0].source, "import numpy as np\n" + override)
        paths.append(str(write(notebook, folder / "in" / f"{student}.ipynb")))
    out = folder / "out"
    assert main(["grade", "-a", assignment, *paths, "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def backprop(tmp_path_factory):
    return _grade(tmp_path_factory, "backprop", BACKPROP)


@pytest.fixture(scope="module")
def perceptron(tmp_path_factory):
    return _grade(tmp_path_factory, "perceptron", PERCEPTRON)


def entries(out, student, qid):
    return {t.description: t for t in document(out, student).tests if t.qid == qid}


def lost(out, student, qid):
    """The cases of `qid` that scored less than their points."""
    return {name for name, t in entries(out, student, qid).items() if t.score < t.max_score}


def feedback(out, student, qid):
    """The question's row of report.html: its feedback cell, as rendered HTML."""
    row = re.search(rf"<tr><td><code>{qid}</code>.*?</tr>", report(out, student), re.S)
    assert row, f"no row for {qid}"
    return row.group(0)


def text(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_reference_keeps_full_marks(backprop, perceptron):
    for out in (backprop, perceptron):
        assert all(t.score == t.max_score for t in document(out, "reference").tests)


# ---- |z| up to 1e4 ----


def test_nan_sigmoid_gradient_loses_the_large_z_case(backprop):
    assert lost(backprop, "nan_gradient", "sigmoid_gradient") == {"|z| up to 1e4"}
    row = feedback(backprop, "nan_gradient", "sigmoid_gradient")
    assert "NaN or infinity" in text(row) and "e^{−z}/(1 + e^{−z})² gives NaN" in text(row)


def test_nan_sigmoid_loses_feedforwards_large_z_case(backprop):
    assert lost(backprop, "nan_sigmoid", "feedforward") == {"hidden units at |z| up to 1e4"}
    row = text(feedback(backprop, "nan_sigmoid", "feedforward"))
    assert "NaN or infinity" in row and "never NaN" in row


# ---- documented dtypes ----


def test_int_one_hot_loses_points_and_is_told_the_dtype(backprop):
    assert lost(backprop, "int_one_hot", "one_hot") == {"random labels, K = 10"}
    row = feedback(backprop, "int_one_hot", "one_hot")
    assert "<code>one_hot</code> must return a float array (float64), not int64" in row


def test_bool_step_loses_points_and_is_told_the_dtype(perceptron):
    assert "mixed signs" in lost(perceptron, "bool_step", "step")
    assert "<code>step</code> must return a float array (float64), not bool" in feedback(
        perceptron, "bool_step", "step"
    )


def _public_check_failures(assignment, qid, source):
    """The failure messages of the released template's public checks of `qid` on `source`."""
    notebook = json.loads((ROOT / "student_template" / assignment / f"{assignment}.ipynb").read_text())
    namespace = {"np": np}
    exec("import numpy as np\n" + source, namespace)
    failures = []
    for suite in notebook["metadata"]["otter"]["tests"][qid]["suites"]:
        for case in suite["cases"]:
            code = "\n".join(line[4:] for line in case["code"].splitlines() if line[:4] in (">>> ", "... "))
            try:
                exec(code, dict(namespace))
            except AssertionError:
                failures.append(case["failure_message"])
    return failures


@pytest.mark.parametrize(
    "assignment, qid, source, dtype",
    [
        ("backprop", "one_hot", BACKPROP["int_one_hot"], "float64"),
        ("perceptron", "step", PERCEPTRON["bool_step"], "float64"),
        (
            "perceptron",
            "step",
            "def step(z):\n    return np.where(np.asarray(z) > 0, 1.0, 0.0).astype(np.float32)\n",
            "float64",
        ),
    ],
)
def test_public_check_rejects_the_wrong_dtype_by_name(assignment, qid, source, dtype):
    failures = _public_check_failures(assignment, qid, source)
    assert failures and any(dtype in message for message in failures)


def test_public_check_accepts_float64(tmp_path):
    assert (
        _public_check_failures(
            "backprop", "one_hot", "def one_hot(y, k):\n    return np.eye(k)[np.asarray(y)]\n"
        )
        == []
    )
    assert (
        _public_check_failures(
            "perceptron", "step", "def step(z):\n    return (np.asarray(z) > 0).astype(float)\n"
        )
        == []
    )


# ---- every wrong value counted ----


def test_all_six_wrong_values_are_counted(perceptron):
    row = text(feedback(perceptron, "six_wrong", "ex_sigmoid_neuron"))
    assert "6 of 6 outside tolerance" in row and "items 0, 1, 2, 3, 4, 5" in row
    assert "1 of 1" not in row


# ---- the decks' misprints ----


@pytest.mark.parametrize("qid", ["ex_deck003_grad_theta2", "ex_deck003_theta2_updated"])
def test_copied_deck003_value_is_named_and_points_to_the_note(backprop, qid):
    row = text(feedback(backprop, "deck_copier", qid))
    assert "This is the value printed in the deck, which is wrong" in row
    assert (
        "Deck note at the start of your notebook's Part 7 (Worked examples), above ex_deck003_forward" in row
    )


def test_deck001_lambda_theta_gradient_is_named(backprop):
    assert lost(backprop, "deck_copier", "nn_gradients") == {  # the cases with λ > 0
        "sin/cos network, λ = 1.5",
        "random two-hidden-layer network, λ = 0.7",
        "three hidden layers, λ by keyword",
        "one hidden unit, K = 2, λ = 0.5",
    }
    row = text(feedback(backprop, "deck_copier", "nn_gradients"))
    assert (
        "the “Neural Networks: Learning” (Racharak) deck's printed formula D = Δ/m + λΘ" in row
        and "Deck note in your notebook's nn_gradients section" in row
    )


def test_other_wrong_values_do_not_claim_the_deck(backprop):
    row = text(feedback(backprop, "plain_wrong", "ex_deck003_grad_theta2"))
    assert "wrong values" in row and "printed in the deck" not in row


# ---- backticks ----


@pytest.mark.parametrize("student", ["nan_gradient", "int_one_hot", "deck_copier"])
def test_backticks_render_as_code(backprop, student):
    page = report(backprop, student)
    assert "`" not in page
    assert (
        "<code>sigmoid</code>" in page
        or "<code>one_hot</code>" in page
        or "<code>nn_gradients</code>" in page
    )


# ---- a case's own hint only where its evidence points ----


def test_diagnosed_mistake_replaces_unrelated_case_hints(backprop):
    assert "one hidden unit, K = 2, λ = 0.3" in lost(backprop, "reg_bias", "nn_cost")
    row = text(feedback(backprop, "reg_bias", "nn_cost"))
    assert "Likely misconception" in row and "regularized-bias" in row
    assert "Honour lam" not in row and "With m = 1" not in row and "K = 2 still sums" not in row


def test_undiagnosed_failure_keeps_the_cases_hint(backprop):
    row = text(feedback(backprop, "plain_wrong", "ex_deck003_grad_theta2"))
    assert "Recompute this example with the stated inputs" in row


# ---- error carried forward ----


def test_report_shows_points_carried_forward(backprop):
    page = report(backprop, "wrong_helper")
    assert "0 / 2" in text(feedback(backprop, "wrong_helper", "sigmoid_gradient"))
    row = text(feedback(backprop, "wrong_helper", "backprop_deltas"))
    assert (
        "5 / 5" in row
        and "6 hidden cases: Correct given your sigmoid_gradient, whose own error is marked there" in row
    )
    row = text(feedback(backprop, "wrong_helper", "nn_gradients"))
    assert "Correct given your backprop_deltas (itself correct given your sigmoid_gradient" in row
    carried = document(backprop, "wrong_helper").carried_forward
    assert carried == 11 and f"of which {carried:g} carried forward" in text(page)
