"""Tests of the reference backprop building blocks: sigmoid and its gradient, one_hot, the
numerical gradient and relative difference of gradient checking, and the weight initializers
(the network functions against loop-based gold code: test_reference_backprop.py).
"""

import math
import warnings

import numpy as np
import pytest

from solutions.backprop import (
    numerical_gradient,
    one_hot,
    rand_initialize_weights,
    relative_difference,
    sigmoid,
    sigmoid_gradient,
    xavier_initialize_weights,
)


# --------------------------------------------------------------------- sigmoid
def test_sigmoid_gradient_values():
    got = sigmoid_gradient(np.array([-1.0, -0.5, 0.0, 0.5, 1.0]))
    np.testing.assert_allclose(got, [0.196612, 0.235004, 0.25, 0.235004, 0.196612], atol=1e-6)


def test_sigmoid_gradient_is_derivative_of_sigmoid():
    z = np.linspace(-8, 8, 41)
    h = 1e-5
    np.testing.assert_allclose(sigmoid_gradient(z), (sigmoid(z + h) - sigmoid(z - h)) / (2 * h), atol=1e-10)


def test_sigmoid_stable_no_warnings_and_finite():
    z = np.concatenate([np.linspace(-1e4, 1e4, 20001), [-1e4, -745.2, -710.0, 709.8, 710.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            s = sigmoid(z)
            ds = sigmoid_gradient(z)
            s_scalar = sigmoid(-1e4)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds)) and np.isfinite(s_scalar)
    assert np.all((s >= 0) & (s <= 1))
    assert sigmoid(1e4) == 1.0 and sigmoid(-1e4) == 0.0


def test_sigmoid_values_and_shape():
    z = np.linspace(-30, 30, 121).reshape(11, 11)
    s = sigmoid(z)
    assert s.shape == z.shape
    np.testing.assert_allclose(s, 1.0 / (1.0 + np.exp(-z)), rtol=1e-14, atol=0)
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(-z) + s, 1.0, rtol=1e-15)


# --------------------------------------------------------------------- one_hot
def test_one_hot():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    assert Y.dtype == float and Y.shape == (4, 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(one_hot([0, 1], 4), [[1, 0, 0, 0], [0, 1, 0, 0]])


@pytest.mark.parametrize("bad", [[3], [-1], [0.5]])
def test_one_hot_rejects_bad_labels(bad):
    with pytest.raises(ValueError):
        one_hot(bad, 3)


# ---------------------------------------------------------- numerical gradient
def test_numerical_gradient_cube_and_theta_unchanged():
    theta = np.array([1.0])
    got = numerical_gradient(lambda t: t[0] ** 3, theta, epsilon=0.01)
    assert got.shape == (1,) and got.dtype == float
    assert got[0] == pytest.approx(
        3.0001, abs=1e-10
    )  # the question of “Neural Networks: Learning”, option (ii)
    assert numerical_gradient(lambda t: t[0] ** 3, theta)[0] == pytest.approx(3.0 + 1e-8, abs=1e-10)
    np.testing.assert_array_equal(theta, [1.0])


def test_numerical_gradient_leaves_theta_unchanged_even_if_f_mutates():
    theta = np.array([0.3, -1.2, 2.0])
    before = theta.copy()

    def f(t):
        value = np.sum(np.sin(t) * t)
        t[:] = 99.0  # a hostile f must not reach the caller's array
        return value

    got = numerical_gradient(f, theta)
    np.testing.assert_array_equal(theta, before)
    np.testing.assert_allclose(got, np.cos(before) * before + np.sin(before), atol=1e-7)


def test_numerical_gradient_is_central_difference():
    theta = np.array([0.5, -0.25])
    f = lambda t: math.exp(t[0]) + t[1] ** 2 * t[0]  # noqa: E731
    eps = 1e-3
    got = numerical_gradient(f, theta, epsilon=eps)
    for i in range(2):
        e = np.zeros(2)
        e[i] = eps
        assert got[i] == pytest.approx((f(theta + e) - f(theta - e)) / (2 * eps), rel=1e-12)


def test_relative_difference():
    assert relative_difference([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1.0)
    assert relative_difference([3.0, 4.0], [3.0, 4.0]) == 0.0
    r = relative_difference(np.array([1.0, 2.0]), np.array([1.0, 2.2]))
    assert isinstance(r, float)
    assert r == pytest.approx(math.sqrt(0.04) / math.sqrt(4 + 4.2**2), rel=1e-14)


# --------------------------------------------------------------- initializers
@pytest.mark.parametrize("l_in, l_out", [(3, 5), (5, 3), (1, 1)])
def test_rand_initialize_weights(l_in, l_out):
    W = rand_initialize_weights(l_in, l_out, rng=np.random.default_rng(0))
    assert W.shape == (l_out, l_in + 1)
    assert np.all(np.abs(W) <= 0.12)
    np.testing.assert_array_equal(W, np.random.default_rng(0).uniform(-0.12, 0.12, size=(l_out, l_in + 1)))


def test_rand_initialize_weights_range_rng_and_none():
    W = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(5))
    assert np.all(np.abs(W) <= 0.3)
    assert W.min() < -0.25 and W.max() > 0.25  # symmetric interval, fully used
    again = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(W, again)
    other = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(6))
    assert not np.array_equal(W, other)
    a, b = rand_initialize_weights(4, 3), rand_initialize_weights(4, 3)
    assert a.shape == (3, 5) and not np.array_equal(a, b)


def test_xavier_initialize_weights():
    W = xavier_initialize_weights(60, 40, rng=np.random.default_rng(1))
    assert W.shape == (40, 61)
    np.testing.assert_array_equal(W[:, 0], 0.0)
    assert np.std(W[:, 1:]) == pytest.approx(math.sqrt(2 / 100), rel=0.05)
    expected = np.random.default_rng(1).normal(0, math.sqrt(2 / 100), size=(40, 60))
    np.testing.assert_array_equal(W[:, 1:], expected)
    np.testing.assert_array_equal(W, xavier_initialize_weights(60, 40, rng=np.random.default_rng(1)))
    V = xavier_initialize_weights(3, 2)
    assert V.shape == (2, 4) and np.all(V[:, 0] == 0)
