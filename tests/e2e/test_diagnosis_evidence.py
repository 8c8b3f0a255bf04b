"""A misconception is claimed only when all of an item's evidence supports it.

Each notebook is the reference with one function rewritten the way a student might get it wrong,
written here independently of the catalogued variants (autograder/diagnosis/variants_*.py), and
graded through the real path. The first group used to be tagged with a variant that matched one
failing case by coincidence; the second group was caught but not tagged.
"""

from __future__ import annotations

import pytest
from support import answers_source, document, new_notebook, reference_source, write

from autograder.cli import main

SEEDS = ("11", "12345")  # two seeds: the claims must not hang on one draw of the hidden inputs

BACKPROP = {
    # 1 − one_hot agrees with the 1-based off-by-one only at K = 2.
    "inverted_one_hot": """
def one_hot(y, num_labels):
    return 1.0 - np.eye(num_labels)[np.asarray(y, dtype=int)]
""",
    # Dividing by K agrees with the mean over all m·K terms only at m = 1.
    "cost_over_k": """
def nn_cost(thetas, X, Y, lam=0.0):
    a = X
    for theta in thetas:
        a = 1 / (1 + np.exp(-(np.c_[np.ones(len(a)), a] @ theta.T)))
    K = Y.shape[1]
    data = -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / K
    return data + lam / (2 * len(X)) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)
""",
    # Only the true class's log-probability counted: the (1 − Y) log(1 − h) term is missing.
    "cost_true_class_only": """
def nn_cost(thetas, X, Y, lam=0.0):
    h = X
    for theta in thetas:
        h = 1 / (1 + np.exp(-(np.c_[np.ones(len(h)), h] @ theta.T)))
    m = len(X)
    data = -np.sum(np.log(h[Y == 1])) / m
    return data + lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)
""",
    # "theta[:]" believed to be a copy: the perturbation stays in the caller's θ.
    "numgrad_view": """
def numerical_gradient(f, theta, epsilon=1e-4):
    t = theta[:]
    grad = np.zeros(len(t))
    for i in range(len(t)):
        t[i] += epsilon
        up = f(t)
        t[i] -= 2 * epsilon
        down = f(t)
        grad[i] = (up - down) / (2 * epsilon)
    return grad
""",
    # Perturbed in place and never put back.
    "numgrad_no_restore": """
def numerical_gradient(f, theta, epsilon=1e-4):
    grad = np.zeros_like(theta, dtype=float)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + epsilon
        up = f(theta)
        theta[i] = old - epsilon
        grad[i] = (up - f(theta)) / (2 * epsilon)
    return grad
""",
    # Reproducible by a fixed seed instead of by the rng argument.
    "init_seed_42": """
def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):
    gen = np.random.default_rng(42)
    return gen.uniform(-epsilon_init, epsilon_init, (l_out, l_in + 1))
""",
    # The bias column penalised in the first layer only.
    "cost_bias_first_layer": """
def nn_cost(thetas, X, Y, lam=0.0):
    m = len(X)
    a = X
    for theta in thetas:
        z = np.hstack([np.ones((m, 1)), a]) @ theta.T
        a = 1 / (1 + np.exp(-z))
    J = -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / m
    penalty = np.sum(thetas[0] ** 2) + sum(np.sum(t[:, 1:] ** 2) for t in thetas[1:])
    return J + lam / (2 * m) * penalty
""",
    # The output layer's gradient regularized on every column, bias included.
    "grad_bias_last_layer": """
def nn_gradients(thetas, X, Y, lam=0.0):
    m = len(X)
    acts = feedforward(thetas, X)
    deltas = backprop_deltas(thetas, X, Y)
    grads = []
    for l, theta in enumerate(thetas):
        G = deltas[l].T @ np.hstack([np.ones((m, 1)), acts[l]]) / m
        if l == len(thetas) - 1:
            G = G + lam / m * theta
        else:
            G[:, 1:] += lam / m * theta[:, 1:]
        grads.append(G)
    return grads
""",
}

PERCEPTRON = {
    # b subtracted: the outputs coincide with ignoring b only where b plays no part.
    "predict_minus_b": """
def perceptron_predict(w, b, X):
    return (np.atleast_2d(X) @ w - b > 0).astype(float)
""",
}

SOURCES = {"backprop": BACKPROP, "perceptron": PERCEPTRON}


@pytest.fixture(scope="module", params=SEEDS)
def graded(request, tmp_path_factory):
    """{assignment: out folder}, every notebook above graded in one batch per assignment."""
    seed, outs = request.param, {}
    for assignment, sources in SOURCES.items():
        root = tmp_path_factory.mktemp(f"evidence-{assignment}-{seed}")
        paths = [
            str(
                write(
                    new_notebook(reference_source(assignment), answers_source(assignment), source),
                    root / "in" / f"{name}.ipynb",
                )
            )
            for name, source in sources.items()
        ]
        out = root / "out"
        assert main(["grade", "-a", assignment, *paths, "-o", str(out), "--seed", seed, "-j", "2"]) == 0
        outs[assignment] = out
    return outs


def item(graded, assignment, student, qid):
    """(tags, lost points?, outputs) over one item's entries."""
    tests = [t for t in document(graded[assignment], student).tests if t.qid == qid]
    assert tests, qid
    tags = {t.removeprefix("misconception:") for test in tests for t in test.tags}
    return tags, any(t.score < t.max_score for t in tests), " ".join(t.output for t in tests)


def all_tags(graded, assignment, student):
    return {
        t.removeprefix("misconception:")
        for test in document(graded[assignment], student).tests
        for t in test.tags
    }


@pytest.mark.parametrize(
    "assignment, student, qid, wrongly",
    [
        ("backprop", "inverted_one_hot", "one_hot", "one-hot-off-by-one"),
        ("backprop", "cost_over_k", "nn_cost", "cost-mean-over-all"),
        ("backprop", "cost_true_class_only", "nn_cost", "cost-mean-over-all"),
    ],
)
def test_a_coincidence_on_one_case_is_not_claimed(graded, assignment, student, qid, wrongly):
    tags, lost, _ = item(graded, assignment, student, qid)
    assert lost  # the mistake is caught ...
    assert wrongly not in tags  # ... but not blamed on a variant the other cases rule out
    if student != "cost_true_class_only":
        assert all_tags(graded, assignment, student) == set()  # no catalogued variant fits


def test_b_subtracted_is_named_and_not_taken_for_ignoring_b(graded):
    # The boundary case gives [1, 1] both for step(Xw − b) and for step(Xw); the case where b
    # decides (X·w between 0 and −b on one row, and past b on another) separates the two every run.
    tags, lost, output = item(graded, "perceptron", "predict_minus_b", "perceptron_predict")
    assert lost and tags == {"predict-bias-subtracted"} and "one of: " not in output
    assert all_tags(graded, "perceptron", "predict_minus_b") == tags


def test_a_cost_of_the_true_class_only_is_the_missing_negative_term(graded):
    tags, _, output = item(graded, "backprop", "cost_true_class_only", "nn_cost")
    assert tags == {"missing-negative-class-term"}
    assert "missing-negative-class-term" in output


@pytest.mark.parametrize("student", ["numgrad_view", "numgrad_no_restore"])
def test_a_perturbation_left_in_theta_is_named(graded, student):
    tags, lost, output = item(graded, "backprop", student, "numerical_gradient")
    assert lost and "modified its argument" in output
    assert tags == {"perturbation-not-restored"}
    assert all_tags(graded, "backprop", student) == {"perturbation-not-restored"}


def test_a_fixed_seed_ignores_rng(graded):
    tags, lost, _ = item(graded, "backprop", "init_seed_42", "rand_initialize_weights")
    assert lost and tags == {"ignores-rng"}


@pytest.mark.parametrize(
    "student, qid, misconception",
    [
        ("cost_bias_first_layer", "nn_cost", "regularized-bias"),
        ("grad_bias_last_layer", "nn_gradients", "grad-regularized-bias"),
    ],
)
def test_a_bias_regularized_in_one_layer_is_named(graded, student, qid, misconception):
    tags, lost, _ = item(graded, "backprop", student, qid)
    assert lost and tags == {misconception}
    assert all_tags(graded, "backprop", student) == {misconception}
