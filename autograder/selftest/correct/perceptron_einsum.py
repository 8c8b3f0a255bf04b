"""Perceptron submission, `einsum` style: vectorized with np.einsum / matmul, sigmoid via tanh."""

import numpy as np

ANSWER_FORMAT = "padded_upper"


def sigmoid(z):
    """sigma(z) = (1 + tanh(z/2)) / 2."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def step(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.0)  # heaviside(0, 0.0) = 0


def perceptron_predict(w, b, X):
    return step(np.einsum("mn,n->m", np.asarray(X, dtype=float), np.asarray(w, dtype=float)) + b)


# step(0) = 0 lets the OR and NOR boundaries pass through a corner of the square.
AND_PARAMS = (np.array([1.0, 1.0]), -1.0)  # x1 + x2 - 1 > 0 only at (1, 1)
OR_PARAMS = (np.array([1.0, 1.0]), 0.0)  # x1 + x2 > 0 except at (0, 0)
NAND_PARAMS = (np.array([-1.0, -1.0]), 1.5)
NOR_PARAMS = (np.array([-0.5, -0.5]), 0.25)


def perceptron_train(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            err = y_i - step(np.einsum("n,n->", x_i, w) + b)
            w = w + lr * err * x_i
            b = b + lr * err
    return w, float(b)


def xnor_network():
    """A different XNOR: hidden (x1 AND NOT x2), (NOT x1 AND x2) = the two halves of XOR; output NOR."""
    Theta1 = np.array([[-10.0, 20.0, -20.0], [-10.0, -20.0, 20.0]])
    Theta2 = np.array([[10.0, -20.0, -20.0]])
    return Theta1, Theta2


def linear_collapse(W1, b1, W2, b2):
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return np.einsum("kh,hn->kn", W2, W1), np.einsum("kh,h->k", W2, b1) + b2


def add_mul_graph(x, y, z):
    q = float(x) + float(y)
    return q * z, float(z), float(z), q


def sigmoid_neuron_graph(w, x):
    w = np.asarray(w, dtype=float)
    x_aug = np.append(np.asarray(x, dtype=float), 1.0)  # (x0, x1, 1)
    f = sigmoid(np.einsum("i,i->", w, x_aug))
    ds = f * (1.0 - f)
    return float(f), ds * x_aug, ds * w[:2]
