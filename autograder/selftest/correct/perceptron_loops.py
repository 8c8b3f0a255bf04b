"""Perceptron submission, `loops` style: explicit Python loops, math written out term by term."""

import math

import numpy as np

ANSWER_FORMAT = "plain"


def sigmoid(z):
    """1 / (1 + exp(-z)), guarded on the sign of z so exp never overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s[()] if s.ndim == 0 else s


def step(z):
    z = np.asarray(z, dtype=float)
    flat = z.ravel()
    out = np.zeros(flat.size)
    for i in range(flat.size):
        if flat[i] > 0:  # step(0) = 0
            out[i] = 1.0
        else:
            out[i] = 0.0
    return out.reshape(z.shape)


def perceptron_predict(w, b, X):
    X = np.asarray(X, dtype=float)
    m, n = X.shape
    out = np.zeros(m)
    for i in range(m):
        total = b
        for j in range(n):
            total += w[j] * X[i, j]
        out[i] = 1.0 if total > 0 else 0.0
    return out


# Gates on {0,1}^2 (weights differ from the lecture's; any separating line will do).
AND_PARAMS = (np.array([2.0, 2.0]), -3.0)  # fires only when x1 + x2 > 1.5
OR_PARAMS = (np.array([2.0, 2.0]), -1.0)  # fires when x1 + x2 > 0.5
NAND_PARAMS = (np.array([-2.0, -2.0]), 3.0)
NOR_PARAMS = (np.array([-2.0, -2.0]), 1.0)


def perceptron_train(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    m, n = X.shape
    w = [0.0] * n if w0 is None else [float(v) for v in w0]
    b = float(b0)
    for _ in range(epochs):
        for i in range(m):
            total = float(b)
            for j in range(n):
                total += w[j] * X[i, j]
            yhat = 1.0 if total > 0 else 0.0
            err = float(y[i]) - yhat
            for j in range(n):
                w[j] = w[j] + lr * err * X[i, j]
            b = b + lr * err
    return np.array(w), b


def xnor_network():
    """Ng's XNOR network scaled by 1.5: hidden (x1 AND x2), (NOT x1 AND NOT x2); output OR."""
    Theta1 = np.array([[-45.0, 30.0, 30.0], [15.0, -30.0, -30.0]])
    Theta2 = np.array([[-15.0, 30.0, 30.0]])
    return Theta1, Theta2


def linear_collapse(W1, b1, W2, b2):
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    k, h = W2.shape
    n = W1.shape[1]
    W = np.zeros((k, n))
    b = np.zeros(k)
    for r in range(k):
        for c in range(n):
            for t in range(h):
                W[r, c] += W2[r, t] * W1[t, c]
        for t in range(h):
            b[r] += W2[r, t] * b1[t]
        b[r] += b2[r]
    return W, b


def add_mul_graph(x, y, z):
    q = x + y  # forward: add gate
    f = q * z  # forward: multiply gate
    df_dq = z  # backward through the multiply gate
    df_dz = q
    df_dx = df_dq * 1.0  # the add gate passes the gradient through
    df_dy = df_dq * 1.0
    return float(f), float(df_dx), float(df_dy), float(df_dz)


def sigmoid_neuron_graph(w, x):
    s = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1.0 / (1.0 + math.exp(-s)) if s >= 0 else math.exp(s) / (1.0 + math.exp(s))
    local = f * (1.0 - f)  # d sigma / d s
    df_dw = np.array([local * x[0], local * x[1], local * 1.0])
    df_dx = np.array([local * w[0], local * w[1]])
    return float(f), df_dw, df_dx
