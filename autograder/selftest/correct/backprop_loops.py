"""Backprop submission, `loops` style: the per-example pseudo-code of “Neural Networks: Learning”,
written with Python loops.

For i = 1..m: forward-propagate x^(i), compute delta^(L) = a^(L) - y^(i), back-propagate the deltas,
accumulate Delta^(l) += delta^(l+1) (a^(l))^T; finally D^(l) = Delta^(l)/m + (lambda/m) Theta^(l) (j != 0).
"""

import math

import numpy as np

ANSWER_FORMAT = "plain"


def sigmoid(z):
    """1 / (1 + exp(-z)), guarded on the sign of z so exp never sees a large positive argument."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s[()] if s.ndim == 0 else s


def sigmoid_gradient(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def one_hot(y, num_labels):
    y = list(np.asarray(y).ravel())
    Y = np.zeros((len(y), num_labels))
    for i in range(len(y)):
        Y[i, int(y[i])] = 1.0
    return Y


def _forward_one(thetas, x):
    """Forward pass of ONE example x (shape (n,)): returns the lists [a1, ..., aL] and [z2, ..., zL]."""
    a = np.array(x, dtype=float)
    activations, pre_activations = [a], []
    for theta in thetas:
        a_with_bias = np.concatenate(([1.0], a))  # add a_0 = 1
        z = np.zeros(theta.shape[0])
        for j in range(theta.shape[0]):
            total = 0.0
            for k in range(theta.shape[1]):
                total += theta[j, k] * a_with_bias[k]
            z[j] = total
        a = sigmoid(z)
        pre_activations.append(z)
        activations.append(a)
    return activations, pre_activations


def feedforward(thetas, X):
    X = np.asarray(X, dtype=float)
    m = X.shape[0]
    layers = [X.copy()]
    for theta in thetas:
        layers.append(np.zeros((m, theta.shape[0])))
    for i in range(m):
        activations, _ = _forward_one(thetas, X[i])
        for l in range(1, len(activations)):
            layers[l][i, :] = activations[l]
    return layers


def nn_cost(thetas, X, Y, lam=0.0):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[0]
    total = 0.0
    for i in range(m):
        activations, _ = _forward_one(thetas, X[i])
        h = activations[-1]
        for k in range(len(h)):
            total += Y[i, k] * math.log(h[k]) + (1.0 - Y[i, k]) * math.log(1.0 - h[k])
    J = -total / m
    squares = 0.0
    for theta in thetas:
        for j in range(theta.shape[0]):
            for k in range(1, theta.shape[1]):  # column 0 (bias) is not regularized
                squares += theta[j, k] ** 2
    return float(J + lam / (2.0 * m) * squares)


def _deltas_one(thetas, x, y):
    """delta^(L) = a^(L) - y; delta^(l) = (Theta^(l)[:, 1:])^T delta^(l+1) .* g'(z^(l)). Returns [d2..dL]."""
    activations, zs = _forward_one(thetas, x)
    deltas = [activations[-1] - y]
    for l in range(len(thetas) - 1, 0, -1):  # thetas[l] maps layer l+1 -> l+2
        theta = thetas[l]
        upstream = deltas[0]
        d = np.zeros(theta.shape[1] - 1)
        for k in range(1, theta.shape[1]):
            back = 0.0
            for j in range(theta.shape[0]):
                back += theta[j, k] * upstream[j]
            d[k - 1] = back * sigmoid_gradient(zs[l - 1][k - 1])
        deltas.insert(0, d)
    return deltas, activations


def backprop_deltas(thetas, X, Y):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[0]
    out = [np.zeros((m, theta.shape[0])) for theta in thetas]
    for i in range(m):
        deltas, _ = _deltas_one(thetas, X[i], Y[i])
        for l in range(len(deltas)):
            out[l][i, :] = deltas[l]
    return out


def nn_gradients(thetas, X, Y, lam=0.0):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[0]
    Deltas = [np.zeros(np.shape(theta)) for theta in thetas]  # Delta^(l) := 0
    for i in range(m):
        deltas, activations = _deltas_one(thetas, X[i], Y[i])
        for l in range(len(thetas)):
            a_with_bias = np.concatenate(([1.0], activations[l]))
            d = deltas[l]
            for r in range(Deltas[l].shape[0]):
                for c in range(Deltas[l].shape[1]):
                    Deltas[l][r, c] += d[r] * a_with_bias[c]  # Delta_rc += delta_r^(l+1) a_c^(l)
    D = []
    for l, theta in enumerate(thetas):
        grad = np.zeros(np.shape(theta))
        for r in range(grad.shape[0]):
            for c in range(grad.shape[1]):
                grad[r, c] = Deltas[l][r, c] / m
                if c != 0:
                    grad[r, c] += lam / m * theta[r, c]
        D.append(grad)
    return D


def numerical_gradient(f, theta, epsilon=1e-4):
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        plus = theta.copy()
        minus = theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2.0 * epsilon)
    return grad


def relative_difference(a, b):
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    diff_sq = 0.0
    sum_sq = 0.0
    for i in range(a.size):
        diff_sq += (a[i] - b[i]) ** 2
        sum_sq += (a[i] + b[i]) ** 2
    return math.sqrt(diff_sq) / math.sqrt(sum_sq)


def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    W = np.zeros((l_out, l_in + 1))
    for r in range(l_out):  # one draw per weight, row by row
        for c in range(l_in + 1):
            W[r, c] = rng.uniform(-epsilon_init, epsilon_init)
    return W


def xavier_initialize_weights(l_in, l_out, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    sigma = math.sqrt(2.0 / (l_in + l_out))
    W = np.zeros((l_out, l_in + 1))
    for r in range(l_out):
        for c in range(1, l_in + 1):  # column 0 (bias) stays 0
            W[r, c] = rng.normal(0.0, sigma)
    return W
