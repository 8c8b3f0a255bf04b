"""Catalogued wrong implementations of the `backprop` forward functions, one per misconception:
sigmoid_gradient, one_hot, feedforward and nn_cost (the deltas and gradients are in
`variants_backprop`, the gradient check and the weight initialisers in `variants_gradcheck_init`).

Self-contained on purpose: this file imports only numpy, so its whole source can be pasted into a
student notebook (the self-test does exactly that) before one contract name is rebound to a
variant. Helpers are `_vf_`-prefixed and variants `v_`-prefixed, so pasting clobbers nothing else
(not even the helpers of the other variant modules).

`VARIANTS` holds `(function, misconception id, implementation, via)`. `via` names a helper when the
variant is the *correct* algorithm of `function` computed with that helper's mistake (e.g. the
correct cost on the wrong `feedforward`), so a report can blame the helper instead.
"""

import numpy as np

VARIANTS = []  # (function name, misconception id, implementation, via)


def variant(function, misconception, via=None):
    def register(implementation):
        VARIANTS.append((function, misconception, implementation, via))
        return implementation

    return register


# ---- private helpers: the reference algorithm, with a switch for each catalogued mistake ----


def _vf_sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), overflow-free."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def _vf_forward(thetas, X, bias="first", output_activation=True):
    """([a1, ..., aL], [z2, ..., zL]); `bias` puts the ones column "first" (correct), "last" or
    "none" (Θ's column 0 dropped); without `output_activation`, aL = zL."""
    a = np.asarray(X, dtype=float)
    activations, zs = [a], []
    for k, theta in enumerate(thetas):
        theta = np.asarray(theta, dtype=float)
        ones = np.ones((a.shape[0], 1))
        if bias == "none":
            z = a @ theta[:, 1:].T
        elif bias == "last":
            z = np.hstack([a, ones]) @ theta.T
        else:
            z = np.hstack([ones, a]) @ theta.T
        a = z if (k == len(thetas) - 1 and not output_activation) else _vf_sigmoid(z)
        zs.append(z)
        activations.append(a)
    return activations, zs


def _vf_bias_penalised(reg_bias, layer, layers):
    """Whether layer `layer` of `layers` has its bias column penalised: `reg_bias` is True (all),
    False (none), "first" or "last" (a student who fixed the mask in only one layer)."""
    if reg_bias in (True, False):
        return reg_bias
    return layer == (0 if reg_bias == "first" else layers - 1)


def _vf_cost(
    thetas, X, Y, lam, bias="first", divisor="m", reg_factor=0.5, reg_bias=False, negative_term=True
):
    """J = data / divisor + reg_factor · (λ/m) · Σ Θ² (column 0 excluded unless `reg_bias`),
    with −log h and −log(1 − h) taken from z_L as in the reference."""
    _, zs = _vf_forward(thetas, X, bias=bias)
    Y, z = np.asarray(Y, dtype=float), zs[-1]
    m = z.shape[0]
    terms = Y * np.logaddexp(0.0, -z) + ((1.0 - Y) * np.logaddexp(0.0, z) if negative_term else 0.0)
    data = np.sum(terms) / {"m": m, "1": 1.0, "mK": m * z.shape[1]}[divisor]
    layers = [np.asarray(t, float) for t in thetas]
    penalised = [
        t if _vf_bias_penalised(reg_bias, k, len(layers)) else t[:, 1:] for k, t in enumerate(layers)
    ]
    reg = sum(np.sum(t**2) for t in penalised)
    return float(data + reg_factor * lam / m * reg)


# ---- sigmoid_gradient ----


@variant("sigmoid_gradient", "sigmoid-grad-of-activation")
def v_sigmoid_gradient_of_activation(z):
    """g'(z) := z (1 − z): the activation formula a(1 − a) applied to z itself."""
    z = np.asarray(z, dtype=float)
    return z * (1.0 - z)


@variant("sigmoid_gradient", "double-sigmoid")
def v_sigmoid_gradient_double_sigmoid(z):
    """g'(z) := σ(σ(z)) (1 − σ(σ(z))): σ applied to an input that is already σ(z)."""
    s = _vf_sigmoid(_vf_sigmoid(z))
    return s * (1.0 - s)


# ---- one_hot ----


@variant("one_hot", "one-hot-off-by-one")
def v_one_hot_off_by_one(y, num_labels):
    """Y[i, y_i − 1] = 1 (labels read as 1-based; label 0 wraps to column K − 1)."""
    labels = np.asarray(y).ravel().astype(np.intp)
    Y = np.zeros((labels.size, int(num_labels)))
    Y[np.arange(labels.size), labels - 1] = 1.0
    return Y


@variant("one_hot", "one-hot-transposed")
def v_one_hot_transposed(y, num_labels):
    """Y of shape (K, m): Y[y_i, i] = 1."""
    return np.eye(int(num_labels))[np.asarray(y).ravel().astype(np.intp)].T


@variant("one_hot", "y-as-column")
def v_one_hot_y_as_column(y, num_labels):
    """eye(K)[y[:, None]]: Octave's eye(K)(y, :) with y as an (m, 1) column gives shape (m, 1, K)."""
    return np.eye(int(num_labels))[np.asarray(y).astype(np.intp).reshape(-1, 1)]


# ---- feedforward ----


@variant("feedforward", "bias-ignored")
def v_feedforward_bias_ignored(thetas, X):
    """a_{l+1} = g(a_l Θ_l[:, 1:]ᵀ): Θ's bias column is never used."""
    return _vf_forward(thetas, X, bias="none")[0]


@variant("feedforward", "bias-appended-last")
def v_feedforward_bias_appended_last(thetas, X):
    """a_{l+1} = g([a_l, 1] Θ_lᵀ): the ones column goes last, so Θ's columns are misaligned."""
    return _vf_forward(thetas, X, bias="last")[0]


@variant("feedforward", "no-output-activation")
def v_feedforward_no_output_activation(thetas, X):
    """aL = zL = [1, a_{L−1}] Θᵀ: the output layer skips the sigmoid."""
    return _vf_forward(thetas, X, output_activation=False)[0]


# ---- nn_cost ----


@variant("nn_cost", "regularized-bias")
def v_nn_cost_regularized_bias(thetas, X, Y, lam=0.0):
    """J = CE + λ/(2m) Σ_l Σ_{j, i≥0} Θ_ji²: the bias column is penalised too."""
    return _vf_cost(thetas, X, Y, lam, reg_bias=True)


@variant("nn_cost", "regularized-bias")
def v_nn_cost_regularized_bias_first_layer(thetas, X, Y, lam=0.0):
    """J = CE + λ/(2m) Σ Θ² with Θ^(1)'s bias column penalised, the other layers' not."""
    return _vf_cost(thetas, X, Y, lam, reg_bias="first")


@variant("nn_cost", "regularized-bias")
def v_nn_cost_regularized_bias_last_layer(thetas, X, Y, lam=0.0):
    """J = CE + λ/(2m) Σ Θ² with the output layer's bias column penalised, the others' not."""
    return _vf_cost(thetas, X, Y, lam, reg_bias="last")


@variant("nn_cost", "reg-lambda-over-m")
def v_nn_cost_reg_lambda_over_m(thetas, X, Y, lam=0.0):
    """J = CE + (λ/m) Σ Θ²: λ/m instead of λ/(2m)."""
    return _vf_cost(thetas, X, Y, lam, reg_factor=1.0)


@variant("nn_cost", "cost-not-averaged")
def v_nn_cost_not_averaged(thetas, X, Y, lam=0.0):
    """J = −ΣΣ [Y log h + (1 − Y) log(1 − h)] + λ/(2m) Σ Θ²: the 1/m of the data term is missing."""
    return _vf_cost(thetas, X, Y, lam, divisor="1")


@variant("nn_cost", "cost-mean-over-all")
def v_nn_cost_mean_over_all(thetas, X, Y, lam=0.0):
    """J = −(1/(mK)) ΣΣ [...] + λ/(2m) Σ Θ²: averaged over the K outputs as well."""
    return _vf_cost(thetas, X, Y, lam, divisor="mK")


@variant("nn_cost", "missing-negative-class-term")
def v_nn_cost_missing_negative_class_term(thetas, X, Y, lam=0.0):
    """J = −(1/m) ΣΣ Y log h + λ/(2m) Σ Θ²: the (1 − Y) log(1 − h) term is dropped."""
    return _vf_cost(thetas, X, Y, lam, negative_term=False)


@variant("nn_cost", "no-regularization")
def v_nn_cost_no_regularization(thetas, X, Y, lam=0.0):
    """J = CE only: λ is ignored."""
    return _vf_cost(thetas, X, Y, lam, reg_factor=0.0)


@variant("nn_cost", "bias-ignored", via="feedforward")
def v_nn_cost_via_bias_ignored(thetas, X, Y, lam=0.0):
    """The correct J, with h from a forward pass that drops Θ's bias column."""
    return _vf_cost(thetas, X, Y, lam, bias="none")


@variant("nn_cost", "bias-appended-last", via="feedforward")
def v_nn_cost_via_bias_appended_last(thetas, X, Y, lam=0.0):
    """The correct J, with h from a forward pass that appends the ones column last."""
    return _vf_cost(thetas, X, Y, lam, bias="last")
