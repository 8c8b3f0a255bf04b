"""Reference implementation of the ``backprop`` assignment.

Conventions (see the contract): ``X`` is ``(m, n)``, one example per row; ``Y`` is the
``(m, K)`` one-hot label matrix; a network is a list ``thetas`` of ``L - 1`` arrays,
``thetas[l]`` of shape ``(s_{l+2}, s_{l+1} + 1)`` with column 0 multiplying the bias unit.
The sigmoid ``g`` is used on every layer.  No function modifies its arguments.

Source deck: “Neural Networks: Learning” (Racharak), Ng-style, except where a docstring names
another.  Where that deck prints ``D = Δ/m + λΘ`` we use the true derivative
``Δ/m + (λ/m)Θ`` of its own cost.
"""

import numpy as np

__all__ = [
    "sigmoid",
    "sigmoid_gradient",
    "one_hot",
    "feedforward",
    "nn_cost",
    "backprop_deltas",
    "nn_gradients",
    "numerical_gradient",
    "relative_difference",
    "rand_initialize_weights",
    "xavier_initialize_weights",
    "unroll_params",
    "roll_params",
    "cost_and_gradient",
]


def sigmoid(z):
    """Logistic function, elementwise.

    .. math:: g(z) = 1 / (1 + e^{-z}) = \\exp(-\\log(1 + e^{-z}))

    Computed as ``exp(-logaddexp(0, -z))``, which neither overflows nor warns for
    ``|z|`` up to 1e4 (and beyond).

    Parameters: ``z`` array-like of any shape.
    Returns: float array of the same shape (a numpy scalar for scalar input).
    Decks: “Multilayer Perceptron 1” (Kim, KAIST), ``h(x) = 1/(1+exp(-x))``;
    “Neural Networks: Learning” (Racharak).
    """
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_gradient(z):
    """Derivative of the sigmoid, evaluated at the pre-activation ``z``.

    .. math:: g'(z) = g(z)\\,(1 - g(z))

    Parameters: ``z`` array-like of any shape (the *input* of the unit, not its output).
    Returns: float array of the same shape, values in ``(0, 1/4]``.
    Deck: “Neural Networks: Learning” (Racharak), ``g'(z^{(i)}) = a^{(i)} .* (1 - a^{(i)})``.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def one_hot(y, num_labels):
    """One-hot encode integer labels ``0 .. K-1``.

    .. math:: Y_{ik} = [y_i = k]

    Parameters: ``y`` integer labels, shape ``(m,)``; ``num_labels`` the number of classes K.
    Returns: float array ``(m, K)``.
    Raises ``ValueError`` for a label outside ``0 .. K-1``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Type 2: K-class classification”.
    """
    labels = np.asarray(y).ravel()
    idx = labels.astype(np.intp)
    if np.any(idx != labels) or np.any(idx < 0) or np.any(idx >= num_labels):
        raise ValueError(f"labels must be integers in 0..{num_labels - 1}")
    Y = np.zeros((idx.size, int(num_labels)))
    Y[np.arange(idx.size), idx] = 1.0
    return Y


def _add_bias(a):
    """Prepend the bias column of ones: ``(m, s) -> (m, s + 1)``."""
    return np.hstack([np.ones((a.shape[0], 1)), a])


def _forward(thetas, X):
    """Forward pass keeping the pre-activations.

    Returns ``(activations, zs)``: ``activations = [a1, ..., aL]`` (no bias columns) and
    ``zs = [z2, ..., zL]`` with ``z_{l+1} = [1, a_l] Θ^(l)ᵀ`` of shape ``(m, s_{l+1})``.
    """
    a = np.asarray(X, dtype=float)
    activations, zs = [a], []
    for theta in thetas:
        z = _add_bias(a) @ np.asarray(theta, dtype=float).T
        a = sigmoid(z)
        zs.append(z)
        activations.append(a)
    return activations, zs


def feedforward(thetas, X):
    """Forward propagation through a sigmoid network.

    .. math:: a^{(1)} = X,\\quad z^{(l+1)} = [1, a^{(l)}]\\,\\Theta^{(l)T},\\quad
              a^{(l+1)} = g(z^{(l+1)})

    Parameters: ``thetas`` list of ``L-1`` arrays ``(s_{l+1}, s_l + 1)``; ``X`` ``(m, n)``.
    Returns: list ``[a1, ..., aL]``, ``a_l`` of shape ``(m, s_l)`` without bias column;
    ``a1`` equals ``X`` as a float array and ``aL = h_Θ(X)``.
    Deck: “Neural Networks: Learning” (Racharak), slide “First, Apply Feedforward”.
    """
    return _forward(thetas, X)[0]


def nn_cost(thetas, X, Y, lam=0.0):
    """Regularized cross-entropy cost of a sigmoid network.

    .. math:: J = -\\frac{1}{m}\\sum_{i,k} [Y_{ik}\\log h_{ik} + (1-Y_{ik})\\log(1-h_{ik})]
              + \\frac{\\lambda}{2m}\\sum_l \\sum_{j,\\,i\\ge 1} (\\Theta^{(l)}_{ji})^2

    The logs are taken from the output pre-activation ``z = z^{(L)}``:
    ``-log h = logaddexp(0, -z)`` and ``-log(1-h) = logaddexp(0, z)``, which equals the
    formula above to rounding and stays finite when the output saturates.

    Parameters: ``thetas`` as in :func:`feedforward`; ``X`` ``(m, n)``; ``Y`` ``(m, K)``;
    ``lam`` the regularization strength λ ≥ 0 (the bias column 0 is not regularized).
    Returns: float J.
    Deck: “Neural Networks: Learning” (Racharak),
    slide “Cost Function” (neural network for classification).
    """
    _, zs = _forward(thetas, X)
    Y = np.asarray(Y, dtype=float)
    z = zs[-1]
    m = z.shape[0]
    data = np.sum(Y * np.logaddexp(0.0, -z) + (1.0 - Y) * np.logaddexp(0.0, z)) / m
    reg = sum(np.sum(np.asarray(t, dtype=float)[:, 1:] ** 2) for t in thetas)
    return float(data + lam / (2.0 * m) * reg)


def backprop_deltas(thetas, X, Y):
    """Error terms ``δ^(l) = ∂cost/∂z^(l)`` of every non-input layer, for all examples.

    .. math:: \\delta^{(L)} = a^{(L)} - Y,\\qquad
              \\delta^{(l)} = (\\delta^{(l+1)}\\,\\Theta^{(l)}_{:,1:}) \\odot g'(z^{(l)})

    Parameters: ``thetas``; ``X`` ``(m, n)``; ``Y`` ``(m, K)``.
    Returns: list ``[δ2, ..., δL]``, ``δ_l`` of shape ``(m, s_l)``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Backpropagation (Idea)”; the deck
    “BMB3015 Artificial Intelligence — Neural Networks” uses the squared-error form
    ``(y - a) .* g'(z)`` instead.
    """
    activations, zs = _forward(thetas, X)
    deltas = [activations[-1] - np.asarray(Y, dtype=float)]
    for k in range(len(thetas) - 2, -1, -1):
        theta_next = np.asarray(thetas[k + 1], dtype=float)
        deltas.insert(0, (deltas[0] @ theta_next[:, 1:]) * sigmoid_gradient(zs[k]))
    return deltas


def nn_gradients(thetas, X, Y, lam=0.0):
    """Gradient of :func:`nn_cost` with respect to every ``Θ^(l)``, by backpropagation.

    .. math:: D^{(l)} = \\frac{1}{m}\\,\\delta^{(l+1)T}\\,[1, a^{(l)}]
              + \\frac{\\lambda}{m}\\,\\Theta^{(l)} \\quad(\\text{column 0 not regularized})

    Parameters: ``thetas``; ``X`` ``(m, n)``; ``Y`` ``(m, K)``; ``lam`` λ ≥ 0.
    Returns: list of arrays shaped like ``thetas``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Gradient Computation”; the deck prints
    ``Δ/m + λΘ``, which is not the derivative of its own ``λ/(2m) ΣΘ²`` term.
    """
    return _gradients(thetas, feedforward(thetas, X), backprop_deltas(thetas, X, Y), lam)


def _gradients(thetas, activations, deltas, lam):
    """``D^(l) = (1/m) δ_{l+1}ᵀ [1, a_l] + (λ/m) Θ^(l)`` (column 0 not regularized) from given
    activations ``[a1, ..., aL]`` and deltas ``[δ2, ..., δL]``; also how the grader recomputes a
    student's gradients from the student's own activations and deltas (error carried forward)."""
    m = np.asarray(activations[0]).shape[0]
    grads = []
    for theta, a, delta in zip(thetas, activations[:-1], deltas):
        theta = np.asarray(theta, dtype=float)
        D = np.asarray(delta, dtype=float).T @ _add_bias(np.asarray(a, dtype=float)) / m
        D[:, 1:] += lam / m * theta[:, 1:]
        grads.append(D)
    return grads


def numerical_gradient(f, theta, epsilon=1e-4):
    """Two-sided finite-difference gradient of a scalar function.

    .. math:: g_i = \\frac{f(\\theta + \\epsilon e_i) - f(\\theta - \\epsilon e_i)}{2\\epsilon}

    Parameters: ``f`` callable taking a 1-D float array and returning a number;
    ``theta`` 1-D array ``(p,)`` (not modified: ``f`` only ever sees copies);
    ``epsilon`` the step ε.
    Returns: float array ``(p,)``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Gradient Checking”.
    """
    base = np.array(theta, dtype=float)
    grad = np.zeros(base.size)
    for i in range(base.size):
        plus, minus = base.copy(), base.copy()
        plus.flat[i] += epsilon
        minus.flat[i] -= epsilon
        grad[i] = (float(f(plus)) - float(f(minus))) / (2.0 * epsilon)
    return grad


def relative_difference(a, b):
    """Relative difference used to compare backprop with the numerical gradient.

    .. math:: r = \\lVert a - b \\rVert_2 / \\lVert a + b \\rVert_2

    Parameters: ``a``, ``b`` array-likes of the same size (flattened).
    Returns: float (0.0 when both are zero, ``inf`` when only ``a + b`` is).
    Deck: “Neural Networks: Learning” (Racharak), slide “Gradient Checking” (figure as in Ng's ex4).
    """
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    num, den = np.linalg.norm(a - b), np.linalg.norm(a + b)
    if den == 0.0:
        return 0.0 if num == 0.0 else float("inf")
    return float(num / den)


def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):
    """Symmetry-breaking uniform initialization of one layer.

    .. math:: \\Theta_{ji} \\sim U[-\\epsilon, \\epsilon]

    Parameters: ``l_in`` incoming units, ``l_out`` outgoing units, ``epsilon_init`` ε,
    ``rng`` a ``numpy.random.Generator`` (a fresh ``default_rng()`` when ``None``).
    Returns: float array ``(l_out, l_in + 1)``, drawn as
    ``rng.uniform(-ε, ε, size=(l_out, l_in + 1))``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Parameter Initialization”.
    """
    rng = np.random.default_rng() if rng is None else rng
    return rng.uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))


def xavier_initialize_weights(l_in, l_out, rng=None):
    """Xavier/He-style normal initialization of one layer, bias column zero.

    .. math:: \\Theta_{j0} = 0,\\quad \\Theta_{ji} \\sim \\mathcal{N}(0, \\sigma^2),\\quad
              \\sigma = \\sqrt{2 / (l_{in} + l_{out})}

    Parameters: ``l_in``, ``l_out`` unit counts; ``rng`` a ``numpy.random.Generator``
    (fresh ``default_rng()`` when ``None``).
    Returns: float array ``(l_out, l_in + 1)``; columns 1.. drawn as
    ``rng.normal(0, σ, size=(l_out, l_in))``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Xavier/He initialization”; the deck writes
    ``N(0, sqrt(2/(n_l + n_{l-1})))`` with the square root as the standard deviation.
    """
    rng = np.random.default_rng() if rng is None else rng
    W = np.zeros((l_out, l_in + 1))
    W[:, 1:] = rng.normal(0.0, np.sqrt(2.0 / (l_in + l_out)), size=(l_out, l_in))
    return W


def unroll_params(thetas):
    """Concatenate the C-order ravels of the layers into one vector.

    Parameters: list of arrays, sizes ``p_1, ..., p_{L-1}``.
    Returns: float array ``(Σ p_l,)``.
    """
    return np.concatenate([np.asarray(t, dtype=float).ravel() for t in thetas])


def roll_params(vector, shapes):
    """Inverse of :func:`unroll_params`.

    Parameters: ``vector`` 1-D of length ``Σ prod(shape)``; ``shapes`` list of 2-tuples.
    Returns: list of new float arrays with the given shapes (C order).
    """
    vector = np.asarray(vector, dtype=float).ravel()
    sizes = [int(np.prod(s)) for s in shapes]
    if sum(sizes) != vector.size:
        raise ValueError(f"vector has {vector.size} entries, shapes need {sum(sizes)}")
    bounds = np.cumsum([0] + sizes)
    return [vector[lo:hi].reshape(s).copy() for lo, hi, s in zip(bounds[:-1], bounds[1:], shapes)]


def cost_and_gradient(params, shapes, X, Y, lam=0.0):
    """Cost and unrolled gradient of an unrolled network (for optimizers and grad checks).

    Parameters: ``params`` 1-D vector; ``shapes`` the layer shapes; ``X`` ``(m, n)``;
    ``Y`` ``(m, K)``; ``lam`` λ.
    Returns: ``(J, grad)`` with ``J`` float and ``grad`` of the same shape as ``params``.
    Deck: “Neural Networks: Learning” (Racharak).
    """
    thetas = roll_params(params, shapes)
    return nn_cost(thetas, X, Y, lam), unroll_params(nn_gradients(thetas, X, Y, lam))
