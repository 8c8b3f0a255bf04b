"""`via` variants are the correct algorithm computed with the wrong helper: each must equal the
reference run with that helper's catalogued mistake swapped in (so a report may blame the helper)."""

from __future__ import annotations

import numpy as np
import pytest
from variants_support import CONTRACT_IDS, find_variant

from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron


def _network(seed, sizes=(3, 5, 4, 3), m=7):
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(size=(s_next, s + 1)) for s, s_next in zip(sizes[:-1], sizes[1:])]
    return (
        thetas,
        rng.normal(size=(m, sizes[0])),
        ref_backprop.one_hot(rng.integers(0, sizes[-1], m), sizes[-1]),
    )


def _lists_close(got, want, rtol=1e-10):
    return len(got) == len(want) and all(np.allclose(g, w, rtol=rtol, atol=1e-13) for g, w in zip(got, want))


@pytest.mark.parametrize("misconception", CONTRACT_IDS["sigmoid_gradient"])
def test_via_sigmoid_gradient_equals_the_reference_with_that_helper(misconception, monkeypatch):
    wrong = find_variant("backprop", "sigmoid_gradient", misconception)
    thetas, X, Y = _network(3)
    monkeypatch.setattr(ref_backprop, "sigmoid_gradient", wrong)
    assert _lists_close(
        find_variant("backprop", "backprop_deltas", misconception, "sigmoid_gradient")(thetas, X, Y),
        ref_backprop.backprop_deltas(thetas, X, Y),
    )
    assert _lists_close(
        find_variant("backprop", "nn_gradients", misconception, "sigmoid_gradient")(thetas, X, Y, 0.9),
        ref_backprop.nn_gradients(thetas, X, Y, 0.9),
    )


def _direct_deltas(activations, thetas, Y):
    """δL = aL − Y, δ_l = (δ_{l+1} Θ_l[:, 1:]) * a_l (1 − a_l), from a given list of activations."""
    deltas = [activations[-1] - Y]
    for k in range(len(thetas) - 2, -1, -1):
        a = activations[k + 1]
        deltas.insert(0, (deltas[0] @ thetas[k + 1][:, 1:]) * a * (1 - a))
    return deltas


@pytest.mark.parametrize("misconception", CONTRACT_IDS["feedforward"])
def test_via_feedforward_equals_the_correct_algorithm_on_that_forward_pass(misconception, monkeypatch):
    wrong_forward = find_variant("backprop", "feedforward", misconception)
    thetas, X, Y = _network(5)
    lam, m = 0.6, X.shape[0]
    activations = wrong_forward(thetas, X)
    deltas = _direct_deltas(activations, thetas, Y)
    assert _lists_close(
        find_variant("backprop", "backprop_deltas", misconception, "feedforward")(thetas, X, Y), deltas
    )

    # nn_gradients: the reference formula, fed with this forward pass and its deltas.
    monkeypatch.setattr(ref_backprop, "feedforward", wrong_forward)
    monkeypatch.setattr(
        ref_backprop, "backprop_deltas", lambda t, x, y: _direct_deltas(wrong_forward(t, x), t, y)
    )
    assert _lists_close(
        find_variant("backprop", "nn_gradients", misconception, "feedforward")(thetas, X, Y, lam),
        ref_backprop.nn_gradients(thetas, X, Y, lam),
    )

    if misconception != "no-output-activation":  # log of a linear output is not defined
        h = activations[-1]
        J = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
        J += lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)
        assert np.isclose(
            find_variant("backprop", "nn_cost", misconception, "feedforward")(thetas, X, Y, lam),
            J,
            rtol=1e-10,
            atol=0,
        )


@pytest.mark.parametrize("misconception", CONTRACT_IDS["backprop_deltas"])
def test_via_backprop_deltas_equals_the_reference_gradient_with_those_deltas(misconception, monkeypatch):
    thetas, X, Y = _network(8)
    monkeypatch.setattr(
        ref_backprop, "backprop_deltas", find_variant("backprop", "backprop_deltas", misconception)
    )
    assert _lists_close(
        find_variant("backprop", "nn_gradients", misconception, "backprop_deltas")(thetas, X, Y, 1.1),
        ref_backprop.nn_gradients(thetas, X, Y, 1.1),
    )


def test_via_step_equals_the_reference_with_that_step(monkeypatch):
    monkeypatch.setattr(ref_perceptron, "step", find_variant("perceptron", "step", "step-fires-at-zero"))
    rng = np.random.default_rng(11)
    X = rng.integers(-1, 2, size=(9, 3)).astype(float)
    w, b, y = np.array([1.0, -1.0, 0.0]), 0.0, (rng.random(9) < 0.5).astype(float)
    assert np.array_equal(
        find_variant("perceptron", "perceptron_predict", "step-fires-at-zero", "step")(w, b, X),
        ref_perceptron.perceptron_predict(w, b, X),
    )
    got = find_variant("perceptron", "perceptron_train", "step-fires-at-zero", "step")(X, y, 0.2, 7)
    want = ref_perceptron.perceptron_train(X, y, 0.2, 7)
    assert np.array_equal(got[0], want[0]) and got[1] == want[1]
