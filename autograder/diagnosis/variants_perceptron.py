"""Catalogued wrong implementations of the `perceptron` contract names, one per misconception.

Self-contained on purpose: this file imports only numpy, so its whole source can be pasted into a
student notebook (the self-test does exactly that) before one contract name is rebound to a
variant. Helpers are `_vp_`-prefixed and variants `v_`-prefixed, so pasting clobbers nothing else.
A contract constant (AND_PARAMS, ...) is catalogued as a zero-argument function returning the
wrong value; the self-test binds `AND_PARAMS = v_and_params_...()`.

`VARIANTS` holds `(function, misconception id, implementation, via)`; `via` names a helper when the
variant is the correct algorithm computed with that helper's mistake.
"""

import numpy as np

VARIANTS = []  # (function name, misconception id, implementation, via)


def variant(function, misconception, via=None):
    def register(implementation):
        VARIANTS.append((function, misconception, implementation, via))
        return implementation

    return register


# ---- private helpers ----


def _vp_sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), overflow-free."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def _vp_step(z, at_zero=0.0):
    """1.0 where z > 0, `at_zero` where z == 0, else 0.0; a float for scalar input."""
    z = np.asarray(z, dtype=float)
    out = np.where(z > 0, 1.0, np.where(z == 0, at_zero, 0.0))
    return float(out) if out.ndim == 0 else out


def _vp_predict(w, b, X, at_zero=0.0):
    """step(X w + b) as an (m,) float array."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return np.atleast_1d(_vp_step(X @ np.asarray(w, dtype=float) + float(b), at_zero))


def _vp_train(
    X, y, lr, epochs, w0, b0, sign=1.0, ignore_w0=False, update_bias=True, batch=False, at_zero=0.0
):
    """Rosenblatt's rule w ← w + sign·lr (y_i − ŷ_i) x_i row by row (or, with `batch`, once per
    epoch from the errors summed over all rows); the bias likewise unless not `update_bias`."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.zeros(X.shape[1]) if (w0 is None or ignore_w0) else np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(int(epochs)):
        if batch:
            err = y - _vp_predict(w, b, X, at_zero)
            w = w + sign * lr * (err @ X)
            b = b + (sign * lr * float(err.sum()) if update_bias else 0.0)
            continue
        for xi, yi in zip(X, y):
            err = yi - _vp_step(xi @ w + b, at_zero)
            w = w + sign * lr * err * xi
            b = b + (sign * lr * err if update_bias else 0.0)
    return w, b


def _vp_gate(w, b):
    """Gate parameters as the contract stores them: (w array (2,), b float)."""
    return np.array(w, dtype=float), float(b)


# ---- step and perceptron_predict ----


@variant("step", "step-fires-at-zero")
def v_step_fires_at_zero(z):
    """step(z) = 1 where z ≥ 0 (the “Multilayer Perceptron 1” (Kim, KAIST) deck's slide), so step(0) = 1."""
    return _vp_step(z, at_zero=1.0)


@variant("perceptron_predict", "predict-ignores-bias")
def v_perceptron_predict_ignores_bias(w, b, X):
    """ŷ = step(X w): b is never added."""
    return _vp_predict(w, 0.0, X)


@variant("perceptron_predict", "predict-bias-subtracted")
def v_perceptron_predict_bias_subtracted(w, b, X):
    """ŷ = step(X w − b): b subtracted, as the threshold of “Multilayer Perceptron 1” (Kim, KAIST)."""
    return _vp_predict(w, -float(b), X)


@variant("perceptron_predict", "step-fires-at-zero", via="step")
def v_perceptron_predict_via_step_at_zero(w, b, X):
    """The correct step(X w + b) with a step that fires at 0."""
    return _vp_predict(w, b, X, at_zero=1.0)


# ---- gate parameters (constants: zero-argument functions returning the wrong value) ----


@variant("AND_PARAMS", "gate-wrong-on-one-input")
def v_and_params_three_of_four():
    """AND with w = (1, 1), b = −2: w·x + b = 0 at (1, 1), which step(0) = 0 leaves off."""
    return _vp_gate((1.0, 1.0), -2.0)


@variant("OR_PARAMS", "gate-wrong-on-one-input")
def v_or_params_three_of_four():
    """OR with w = (1, 0), b = −0.5: x2's weight left at 0, so (0, 1) gives 0."""
    return _vp_gate((1.0, 0.0), -0.5)


@variant("NAND_PARAMS", "gate-wrong-on-one-input")
def v_nand_params_three_of_four():
    """NAND with w = (1, 1), b = 1.5: AND's bias negated but not its weights, so (1, 1) gives 1."""
    return _vp_gate((1.0, 1.0), 1.5)


@variant("NOR_PARAMS", "gate-wrong-on-one-input")
def v_nor_params_three_of_four():
    """NOR with w = (−1, −1), b = 0: w·x + b = 0 at (0, 0), which step(0) = 0 leaves off."""
    return _vp_gate((-1.0, -1.0), 0.0)


@variant("AND_PARAMS", "gate-bias-sign-flipped")
def v_and_params_bias_sign_flipped():
    """AND as w = (0.5, 0.5), b = +0.7, where “Multilayer Perceptron 1” (Kim, KAIST) subtracts 0.7."""
    return _vp_gate((0.5, 0.5), 0.7)


# ---- perceptron_train ----


@variant("perceptron_train", "train-flipped-sign")
def v_perceptron_train_flipped_sign(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """w ← w − lr (y_i − ŷ_i) x_i, b ← b − lr (y_i − ŷ_i): the update moves away from the target."""
    return _vp_train(X, y, lr, epochs, w0, b0, sign=-1.0)


@variant("perceptron_train", "train-no-bias-update")
def v_perceptron_train_no_bias_update(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """w ← w + lr (y_i − ŷ_i) x_i but b stays b0."""
    return _vp_train(X, y, lr, epochs, w0, b0, update_bias=False)


@variant("perceptron_train", "train-ignores-w0")
def v_perceptron_train_ignores_w0(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """Rosenblatt's rule started from w = 0 even when w0 is given."""
    return _vp_train(X, y, lr, epochs, w0, b0, ignore_w0=True)


@variant("perceptron_train", "train-batch-update")
def v_perceptron_train_batch_update(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """Per epoch: w ← w + lr Σ_i (y_i − ŷ_i) x_i, b ← b + lr Σ_i (y_i − ŷ_i), ŷ from the epoch's start."""
    return _vp_train(X, y, lr, epochs, w0, b0, batch=True)


@variant("perceptron_train", "step-fires-at-zero", via="step")
def v_perceptron_train_via_step_at_zero(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """The correct rule with ŷ_i from a step that fires at 0."""
    return _vp_train(X, y, lr, epochs, w0, b0, at_zero=1.0)


# ---- xnor_network ----


@variant("xnor_network", "xnor-is-xor")
def v_xnor_network_is_xor():
    """Hidden AND and NOR as in Ng's network, but output NOR(a1, a2) = XOR instead of OR(a1, a2)."""
    return np.array([[-30.0, 20.0, 20.0], [10.0, -20.0, -20.0]]), np.array([[10.0, -20.0, -20.0]])


# ---- linear_collapse ----


@variant("linear_collapse", "collapse-drops-w2b1")
def v_linear_collapse_drops_w2b1(W1, b1, W2, b2):
    """W = W2 W1, b = b2: the first layer's bias never passes through W2."""
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    return W2 @ W1, np.array(b2, dtype=float)


@variant("linear_collapse", "collapse-adds-biases")
def v_linear_collapse_adds_biases(W1, b1, W2, b2):
    """W = W2 W1, b = b2 + Σ_j b1_j: the biases added up as if W2 were all ones."""
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    return W2 @ W1, np.asarray(b2, dtype=float) + np.sum(np.asarray(b1, dtype=float))


# ---- add_mul_graph ----


@variant("add_mul_graph", "add-mul-swapped-local")
def v_add_mul_swapped_local(x, y, z):
    """∂f/∂x = ∂f/∂y = q and ∂f/∂z = z: the mul gate's local gradients not swapped."""
    q, z = float(x) + float(y), float(z)
    return q * z, q, q, z


@variant("add_mul_graph", "add-mul-forgets-upstream")
def v_add_mul_forgets_upstream(x, y, z):
    """∂f/∂x = ∂f/∂y = 1: the add gate's local gradient without the upstream ∂f/∂q = z."""
    q, z = float(x) + float(y), float(z)
    return q * z, 1.0, 1.0, q


# ---- sigmoid_neuron_graph ----


@variant("sigmoid_neuron_graph", "sigmoid-neuron-local-is-sigma")
def v_sigmoid_neuron_local_is_sigma(w, x):
    """Local gradient σ(s) instead of σ(s)(1 − σ(s)): ∂f/∂w = σ(s)(x0, x1, 1), ∂f/∂x = σ(s)(w0, w1)."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    f = float(_vp_sigmoid(w[0] * x[0] + w[1] * x[1] + w[2]))
    return f, f * np.array([x[0], x[1], 1.0]), f * w[:2].copy()


@variant("sigmoid_neuron_graph", "sigmoid-neuron-swapped-w-x")
def v_sigmoid_neuron_swapped_w_x(w, x):
    """∂f/∂w = σ'(s)(w0, w1, 1) and ∂f/∂x = σ'(s)(x0, x1): each gradient uses its own variable."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    f = float(_vp_sigmoid(w[0] * x[0] + w[1] * x[1] + w[2]))
    return f, f * (1.0 - f) * np.array([w[0], w[1], 1.0]), f * (1.0 - f) * x.copy()
