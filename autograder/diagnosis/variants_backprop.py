"""Catalogued wrong implementations of the `backprop` backward functions, one per misconception:
backprop_deltas and nn_gradients, including the `via` variants that inherit a helper's mistake
(sigmoid_gradient, one_hot, feedforward and nn_cost are in `variants_forward`, the gradient check
and the weight initialisers in `variants_gradcheck_init`).

Self-contained on purpose: this file imports only numpy, so its whole source can be pasted into a
student notebook (the self-test does exactly that) before one contract name is rebound to a
variant. Helpers are `_vb_`-prefixed and variants `v_`-prefixed, so pasting clobbers nothing else
(not even the helpers of the other variant modules, which keep their own copies).

`VARIANTS` holds `(function, misconception id, implementation, via)`. `via` names a helper when the
variant is the *correct* algorithm of `function` computed with that helper's mistake (e.g. correct
deltas with the wrong `sigmoid_gradient`), so a report can blame the helper instead.
"""

import numpy as np

VARIANTS = []  # (function name, misconception id, implementation, via)


def variant(function, misconception, via=None):
    def register(implementation):
        VARIANTS.append((function, misconception, implementation, via))
        return implementation

    return register


# ---- private helpers: the reference algorithm, with a switch for each catalogued mistake ----


def _vb_sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), overflow-free."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def _vb_sigmoid_gradient(z):
    """The correct g'(z) = σ(z)(1 − σ(z))."""
    s = _vb_sigmoid(z)
    return s * (1.0 - s)


def _vb_grad_of_activation(z):
    """The mistaken g'(z) := z(1 − z)."""
    z = np.asarray(z, dtype=float)
    return z * (1.0 - z)


def _vb_double_sigmoid(z):
    """The mistaken g'(z) := σ(σ(z))(1 − σ(σ(z)))."""
    s = _vb_sigmoid(_vb_sigmoid(z))
    return s * (1.0 - s)


def _vb_forward(thetas, X, bias="first", output_activation=True):
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
        a = z if (k == len(thetas) - 1 and not output_activation) else _vb_sigmoid(z)
        zs.append(z)
        activations.append(a)
    return activations, zs


def _vb_bias_penalised(reg_bias, layer, layers):
    """Whether layer `layer` of `layers` has its bias column penalised: `reg_bias` is True (all),
    False (none), "first" or "last" (a student who fixed the mask in only one layer)."""
    if reg_bias in (True, False):
        return reg_bias
    return layer == (0 if reg_bias == "first" else layers - 1)


def _vb_deltas(
    thetas,
    X,
    Y,
    bias="first",
    output_activation=True,
    gprime=_vb_sigmoid_gradient,
    output="a-y",
    hidden_at="z",
):
    """[δ2, ..., δL]: δL from `output` ("a-y" correct, "y-a", "squared" = (aL − Y) g'(zL)),
    then δ_l = (δ_{l+1} Θ_l[:, 1:]) * gprime(z_l), or gprime(a_l) when hidden_at == "a"."""
    activations, zs = _vb_forward(thetas, X, bias=bias, output_activation=output_activation)
    Y, aL = np.asarray(Y, dtype=float), activations[-1]
    delta = {"a-y": lambda: aL - Y, "y-a": lambda: Y - aL, "squared": lambda: (aL - Y) * gprime(zs[-1])}[
        output
    ]()
    deltas = [delta]
    for k in range(len(thetas) - 2, -1, -1):
        theta_next = np.asarray(thetas[k + 1], dtype=float)
        at = activations[k + 1] if hidden_at == "a" else zs[k]
        deltas.insert(0, (deltas[0] @ theta_next[:, 1:]) * gprime(at))
    return deltas


def _vb_gradients(
    thetas,
    X,
    Y,
    lam,
    average=True,
    reg="lam/m",
    reg_bias=False,
    bias="first",
    output_activation=True,
    **delta_options,
):
    """D_l = δ_{l+1}ᵀ [1, a_l] (÷ m when `average`) + c Θ_l, c = λ/m ("lam/m"), λ/(2m), λ or 0."""
    activations, _ = _vb_forward(thetas, X, bias=bias, output_activation=output_activation)
    deltas = _vb_deltas(thetas, X, Y, bias=bias, output_activation=output_activation, **delta_options)
    m = activations[0].shape[0]
    scale = {"lam/m": lam / m, "lam/2m": lam / (2.0 * m), "lam": lam, "none": 0.0}[reg]
    grads = []
    for k, (theta, a, delta) in enumerate(zip(thetas, activations[:-1], deltas)):
        theta = np.asarray(theta, dtype=float)
        D = delta.T @ np.hstack([np.ones((a.shape[0], 1)), a]) / (m if average else 1.0)
        cols = slice(None) if _vb_bias_penalised(reg_bias, k, len(thetas)) else slice(1, None)
        D[:, cols] += scale * theta[:, cols]
        grads.append(D)
    return grads


# ---- backprop_deltas ----


@variant("backprop_deltas", "delta-sign-flipped")
def v_backprop_deltas_sign_flipped(thetas, X, Y):
    """δL = Y − aL (the sign of “BMB3015 Artificial Intelligence — Neural Networks”), propagated."""
    return _vb_deltas(thetas, X, Y, output="y-a")


@variant("backprop_deltas", "delta-squared-error")
def v_backprop_deltas_squared_error(thetas, X, Y):
    """δL = (aL − Y) · g'(zL), the squared-error delta, propagated."""
    return _vb_deltas(thetas, X, Y, output="squared")


@variant("backprop_deltas", "delta-gprime-of-activation")
def v_backprop_deltas_gprime_of_activation(thetas, X, Y):
    """δ_l = (δ_{l+1} Θ_l[:, 1:]) * σ'(a_l) = … * σ(a_l)(1 − σ(a_l)): g' evaluated at a, not z."""
    return _vb_deltas(thetas, X, Y, hidden_at="a")


@variant("backprop_deltas", "sigmoid-grad-of-activation", via="sigmoid_gradient")
def v_backprop_deltas_via_grad_of_activation(thetas, X, Y):
    """The correct deltas with g'(z) := z(1 − z)."""
    return _vb_deltas(thetas, X, Y, gprime=_vb_grad_of_activation)


@variant("backprop_deltas", "double-sigmoid", via="sigmoid_gradient")
def v_backprop_deltas_via_double_sigmoid(thetas, X, Y):
    """The correct deltas with g'(z) := σ(σ(z))(1 − σ(σ(z)))."""
    return _vb_deltas(thetas, X, Y, gprime=_vb_double_sigmoid)


@variant("backprop_deltas", "bias-ignored", via="feedforward")
def v_backprop_deltas_via_bias_ignored(thetas, X, Y):
    """The correct deltas on a forward pass that drops Θ's bias column."""
    return _vb_deltas(thetas, X, Y, bias="none")


@variant("backprop_deltas", "bias-appended-last", via="feedforward")
def v_backprop_deltas_via_bias_appended_last(thetas, X, Y):
    """The correct deltas on a forward pass that appends the ones column last."""
    return _vb_deltas(thetas, X, Y, bias="last")


@variant("backprop_deltas", "no-output-activation", via="feedforward")
def v_backprop_deltas_via_no_output_activation(thetas, X, Y):
    """The correct deltas on a forward pass whose output is zL: δL = zL − Y."""
    return _vb_deltas(thetas, X, Y, output_activation=False)


# ---- nn_gradients ----


@variant("nn_gradients", "grad-not-averaged")
def v_nn_gradients_not_averaged(thetas, X, Y, lam=0.0):
    """D = δᵀ[1, a] + (λ/m) Θ: the 1/m of the data term is missing."""
    return _vb_gradients(thetas, X, Y, lam, average=False)


@variant("nn_gradients", "grad-missing-regularization")
def v_nn_gradients_missing_regularization(thetas, X, Y, lam=0.0):
    """D = (1/m) δᵀ[1, a]: λ is ignored."""
    return _vb_gradients(thetas, X, Y, lam, reg="none")


@variant("nn_gradients", "grad-regularized-bias")
def v_nn_gradients_regularized_bias(thetas, X, Y, lam=0.0):
    """D = (1/m) δᵀ[1, a] + (λ/m) Θ on every column, the bias column included."""
    return _vb_gradients(thetas, X, Y, lam, reg_bias=True)


@variant("nn_gradients", "grad-regularized-bias")
def v_nn_gradients_regularized_bias_first_layer(thetas, X, Y, lam=0.0):
    """(λ/m) Θ added to every column of D^(1), the bias column included; later layers correct."""
    return _vb_gradients(thetas, X, Y, lam, reg_bias="first")


@variant("nn_gradients", "grad-regularized-bias")
def v_nn_gradients_regularized_bias_last_layer(thetas, X, Y, lam=0.0):
    """(λ/m) Θ added to every column of the output layer's D, bias included; earlier layers correct."""
    return _vb_gradients(thetas, X, Y, lam, reg_bias="last")


@variant("nn_gradients", "grad-reg-half")
def v_nn_gradients_reg_half(thetas, X, Y, lam=0.0):
    """D = (1/m) δᵀ[1, a] + (λ/(2m)) Θ: the cost's factor ½ kept in the derivative."""
    return _vb_gradients(thetas, X, Y, lam, reg="lam/2m")


@variant("nn_gradients", "grad-reg-lambda")
def v_nn_gradients_reg_lambda(thetas, X, Y, lam=0.0):
    """D = (1/m) δᵀ[1, a] + λ Θ, as the deck “Neural Networks: Learning” (Racharak) prints it (λ for λ/m)."""
    return _vb_gradients(thetas, X, Y, lam, reg="lam")


@variant("nn_gradients", "grad-unrolled-other-order")
def v_nn_gradients_other_order(thetas, X, Y, lam=0.0):
    """[D^(L−1), ..., D^(1)]: the correct gradients in reverse layer order."""
    return _vb_gradients(thetas, X, Y, lam)[::-1]


@variant("nn_gradients", "grad-transposed-theta")
def v_nn_gradients_transposed(thetas, X, Y, lam=0.0):
    """D^(l)ᵀ = (1/m) [1, a_l]ᵀ δ_{l+1} + (λ/m) Θᵀ: each gradient transposed."""
    return [D.T for D in _vb_gradients(thetas, X, Y, lam)]


@variant("nn_gradients", "sigmoid-grad-of-activation", via="sigmoid_gradient")
def v_nn_gradients_via_grad_of_activation(thetas, X, Y, lam=0.0):
    """The correct gradients with g'(z) := z(1 − z) in the deltas."""
    return _vb_gradients(thetas, X, Y, lam, gprime=_vb_grad_of_activation)


@variant("nn_gradients", "double-sigmoid", via="sigmoid_gradient")
def v_nn_gradients_via_double_sigmoid(thetas, X, Y, lam=0.0):
    """The correct gradients with g'(z) := σ(σ(z))(1 − σ(σ(z))) in the deltas."""
    return _vb_gradients(thetas, X, Y, lam, gprime=_vb_double_sigmoid)


@variant("nn_gradients", "bias-ignored", via="feedforward")
def v_nn_gradients_via_bias_ignored(thetas, X, Y, lam=0.0):
    """The correct gradients on a forward pass that drops Θ's bias column."""
    return _vb_gradients(thetas, X, Y, lam, bias="none")


@variant("nn_gradients", "bias-appended-last", via="feedforward")
def v_nn_gradients_via_bias_appended_last(thetas, X, Y, lam=0.0):
    """The correct gradients on a forward pass that appends the ones column last."""
    return _vb_gradients(thetas, X, Y, lam, bias="last")


@variant("nn_gradients", "no-output-activation", via="feedforward")
def v_nn_gradients_via_no_output_activation(thetas, X, Y, lam=0.0):
    """The correct gradients on a forward pass whose output is zL (so δL = zL − Y)."""
    return _vb_gradients(thetas, X, Y, lam, output_activation=False)


@variant("nn_gradients", "delta-sign-flipped", via="backprop_deltas")
def v_nn_gradients_via_delta_sign_flipped(thetas, X, Y, lam=0.0):
    """The correct gradient formula fed with deltas of the wrong sign (δL = Y − aL)."""
    return _vb_gradients(thetas, X, Y, lam, output="y-a")


@variant("nn_gradients", "delta-squared-error", via="backprop_deltas")
def v_nn_gradients_via_delta_squared_error(thetas, X, Y, lam=0.0):
    """The correct gradient formula fed with squared-error deltas δL = (aL − Y) g'(zL)."""
    return _vb_gradients(thetas, X, Y, lam, output="squared")


@variant("nn_gradients", "delta-gprime-of-activation", via="backprop_deltas")
def v_nn_gradients_via_delta_gprime_of_activation(thetas, X, Y, lam=0.0):
    """The correct gradient formula fed with hidden deltas that use σ'(a_l) for g'(z_l)."""
    return _vb_gradients(thetas, X, Y, lam, hidden_at="a")
