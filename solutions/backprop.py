"""Reference implementation of the ``backprop`` assignment.

Conventions (see the contract): ``X`` is (m, n), one example per row; ``Y`` is the (m, K)
one-hot label matrix; a network is a list ``thetas`` of L − 1 arrays, where ``thetas[l - 1]`` is
the lectures' Θ⁽ˡ⁾, of shape sₗ₊₁ × (sₗ + 1): it maps layer l (sₗ units) to layer l + 1, and its
column 0 multiplies the bias unit a₀ = 1. The sigmoid g is used on every layer. No function
modifies its arguments.

Source deck: “Neural Networks: Learning” (Racharak), Ng-style, except where a docstring names
another. Where that deck prints D = Δ/m + λΘ we use the true derivative Δ/m + (λ/m) Θ of its own
cost.
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
    """Logistic function, elementwise: g(z) = σ(z) = 1 / (1 + e⁻ᶻ).

    Computed as exp(−logaddexp(0, −z)) = exp(−log(1 + e⁻ᶻ)), which neither overflows nor warns for
    |z| up to 1e4 (and beyond).

    Input: ``z`` array-like of any shape.
    Output: float array of the same shape (a numpy scalar for a scalar input).
    Decks: “Multilayer Perceptron 1” (Kim, KAIST), h(x) = 1 / (1 + exp(−x));
    “Neural Networks: Learning” (Racharak).
    """
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_gradient(z):
    """Derivative of the sigmoid at the pre-activation z, elementwise: g′(z) = σ(z) (1 − σ(z)).

    Input: ``z`` array-like of any shape (the unit's *input* z, not its output a = σ(z)).
    Output: float array of the same shape, values in (0, ¼].
    Deck: “Neural Networks: Learning” (Racharak), which writes g′(z⁽ˡ⁾) = a⁽ˡ⁾ ⊙ (1 − a⁽ˡ⁾).
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def one_hot(y, num_labels):
    """One-hot encoding of integer labels 0 … K − 1: Yᵢₖ = 1 if yᵢ = k, else 0.

    Input: ``y`` integer labels, shape (m,); ``num_labels`` the number of classes K.
    Output: float array (m, K).
    Raises ``ValueError`` for a label outside 0 … K − 1.
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
    """Prepend the bias column of ones: (m, s) → (m, s + 1)."""
    return np.hstack([np.ones((a.shape[0], 1)), a])


def _forward(thetas, X):
    """Forward pass keeping the pre-activations.

    Returns (activations, zs): activations = [a⁽¹⁾, …, a⁽ᴸ⁾] without bias columns, and
    zs = [z⁽²⁾, …, z⁽ᴸ⁾] with z⁽ˡ⁺¹⁾ = [1, a⁽ˡ⁾] Θ⁽ˡ⁾ᵀ of shape (m, sₗ₊₁).
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
    """Forward propagation through a sigmoid network, all m examples at once:

        a⁽¹⁾ = X,   z⁽ˡ⁺¹⁾ = [1, a⁽ˡ⁾] Θ⁽ˡ⁾ᵀ,   a⁽ˡ⁺¹⁾ = g(z⁽ˡ⁺¹⁾)   for l = 1 … L − 1

    (for one example x as a column: a⁽ˡ⁺¹⁾ = g(Θ⁽ˡ⁾ [1; a⁽ˡ⁾])), with g = σ the sigmoid.

    Input: ``thetas`` list of L − 1 arrays, Θ⁽ˡ⁾ of shape (sₗ₊₁, sₗ + 1); ``X`` (m, n), n = s₁.
    Output: list [a⁽¹⁾, …, a⁽ᴸ⁾], a⁽ˡ⁾ of shape (m, sₗ) without bias column; a⁽¹⁾ equals ``X`` as a
    float array and a⁽ᴸ⁾ = h_Θ(X).
    Deck: “Neural Networks: Learning” (Racharak), slide “First, Apply Feedforward”.
    """
    return _forward(thetas, X)[0]


def nn_cost(thetas, X, Y, lam=0.0):
    """Regularized cross-entropy cost of a sigmoid network with output h = a⁽ᴸ⁾:

        J(Θ) = −(1/m) Σᵢ Σₖ [Yᵢₖ log hᵢₖ + (1 − Yᵢₖ) log(1 − hᵢₖ)] + λ/(2m) Σ Θ²

    where Σ Θ² runs over every layer's weights Θ⁽ˡ⁾ⱼᵢ except the bias column i = 0. The logs are
    taken from the output pre-activation z = z⁽ᴸ⁾: −log h = logaddexp(0, −z) and
    −log(1 − h) = logaddexp(0, z), which equals the formula to rounding and stays finite when the
    output saturates.

    Input: ``thetas`` as in `feedforward`; ``X`` (m, n); ``Y`` (m, K); ``lam`` the regularization
    strength λ ≥ 0.
    Output: float J.
    Deck: “Neural Networks: Learning” (Racharak), slide “Cost Function” (neural network for
    classification).
    """
    _, zs = _forward(thetas, X)
    Y = np.asarray(Y, dtype=float)
    z = zs[-1]
    m = z.shape[0]
    data = np.sum(Y * np.logaddexp(0.0, -z) + (1.0 - Y) * np.logaddexp(0.0, z)) / m
    reg = sum(np.sum(np.asarray(t, dtype=float)[:, 1:] ** 2) for t in thetas)
    return float(data + lam / (2.0 * m) * reg)


def backprop_deltas(thetas, X, Y):
    """Error terms δ⁽ˡ⁾ = ∂cost/∂z⁽ˡ⁾ of every non-input layer, for all m examples at once:

        δ⁽ᴸ⁾ = a⁽ᴸ⁾ − Y,   δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Θ⁽ˡ⁾[:, 1:]) ⊙ g′(z⁽ˡ⁾)   for l = L − 1 … 2

    (for one example as a column: δ⁽ˡ⁾ = (Θ⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ g′(z⁽ˡ⁾), the bias row dropped).

    Input: ``thetas``; ``X`` (m, n); ``Y`` (m, K).
    Output: list [δ⁽²⁾, …, δ⁽ᴸ⁾], δ⁽ˡ⁾ of shape (m, sₗ).
    Deck: “Neural Networks: Learning” (Racharak), slide “Backpropagation (Idea)”; the deck
    “BMB3015 Artificial Intelligence — Neural Networks” uses the squared-error form (y − a) ⊙ g′(z)
    instead.
    """
    activations, zs = _forward(thetas, X)
    deltas = [activations[-1] - np.asarray(Y, dtype=float)]
    for k in range(len(thetas) - 2, -1, -1):
        theta_next = np.asarray(thetas[k + 1], dtype=float)
        deltas.insert(0, (deltas[0] @ theta_next[:, 1:]) * sigmoid_gradient(zs[k]))
    return deltas


def nn_gradients(thetas, X, Y, lam=0.0):
    """Gradient of `nn_cost` with respect to every Θ⁽ˡ⁾, by backpropagation:

        D⁽ˡ⁾ = (1/m) δ⁽ˡ⁺¹⁾ᵀ [1, a⁽ˡ⁾] + (λ/m) Θ⁽ˡ⁾   (column 0, the bias, not regularized)

    Input: ``thetas``; ``X`` (m, n); ``Y`` (m, K); ``lam`` λ ≥ 0.
    Output: list of arrays shaped like ``thetas``, D⁽ˡ⁾ of shape (sₗ₊₁, sₗ + 1).
    Deck: “Neural Networks: Learning” (Racharak), slide “Gradient Computation”; the deck prints
    D = Δ/m + λΘ, which is not the derivative of its own λ/(2m) Σ Θ² term.
    """
    return _gradients(thetas, feedforward(thetas, X), backprop_deltas(thetas, X, Y), lam)


def _gradients(thetas, activations, deltas, lam):
    """D⁽ˡ⁾ = (1/m) δ⁽ˡ⁺¹⁾ᵀ [1, a⁽ˡ⁾] + (λ/m) Θ⁽ˡ⁾ (column 0 not regularized) from given activations
    [a⁽¹⁾, …, a⁽ᴸ⁾] and deltas [δ⁽²⁾, …, δ⁽ᴸ⁾]; also how the grader recomputes a student's gradients
    from the student's own activations and deltas (error carried forward).
    """
    m = np.asarray(activations[0]).shape[0]
    grads = []
    for theta, a, delta in zip(thetas, activations[:-1], deltas):
        theta = np.asarray(theta, dtype=float)
        D = np.asarray(delta, dtype=float).T @ _add_bias(np.asarray(a, dtype=float)) / m
        D[:, 1:] += lam / m * theta[:, 1:]
        grads.append(D)
    return grads


def numerical_gradient(f, theta, epsilon=1e-4):
    """Two-sided finite-difference gradient of a scalar function:

        gᵢ = (f(θ + ε eᵢ) − f(θ − ε eᵢ)) / (2ε)   for i = 1 … p, eᵢ the i-th unit vector

    Input: ``f`` callable taking a 1-D float array and returning a number; ``theta`` 1-D array (p,)
    (not modified: f only ever sees copies); ``epsilon`` the step ε.
    Output: float array (p,).
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
    """Relative difference used to compare backprop with the numerical gradient:

        r = ‖a − b‖₂ / ‖a + b‖₂

    Input: ``a``, ``b`` array-likes of the same size (flattened).
    Output: float (0.0 when both are zero, ``inf`` when only a + b is).
    Deck: “Neural Networks: Learning” (Racharak), slide “Gradient Checking” (the figure of Ng's ex4).
    """
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    num, den = np.linalg.norm(a - b), np.linalg.norm(a + b)
    if den == 0.0:
        return 0.0 if num == 0.0 else float("inf")
    return float(num / den)


def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):
    """Symmetry-breaking uniform initialization of one layer:

        Θⱼᵢ ~ U[−ε, ε]   for every j, i (the bias column too)

    Input: ``l_in`` incoming units, ``l_out`` outgoing units, ``epsilon_init`` ε, ``rng`` a
    ``numpy.random.Generator`` (a fresh ``default_rng()`` when ``None``).
    Output: float array (l_out, l_in + 1), drawn as ``rng.uniform(-ε, ε, size=(l_out, l_in + 1))``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Parameter Initialization”.
    """
    rng = np.random.default_rng() if rng is None else rng
    return rng.uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))


def xavier_initialize_weights(l_in, l_out, rng=None):
    """Xavier/He-style normal initialization of one layer, bias column zero:

        Θⱼ₀ = 0,   Θⱼᵢ ~ N(0, σ²) for i ≥ 1,   σ = √(2 / (l_in + l_out))

    Input: ``l_in``, ``l_out`` unit counts; ``rng`` a ``numpy.random.Generator`` (a fresh
    ``default_rng()`` when ``None``).
    Output: float array (l_out, l_in + 1); columns 1 … l_in drawn as
    ``rng.normal(0, σ, size=(l_out, l_in))``.
    Deck: “Neural Networks: Learning” (Racharak), slide “Xavier/He initialization”; the deck writes
    N(0, √(2 / (nₗ + nₗ₋₁))) with the square root as the standard deviation.
    """
    rng = np.random.default_rng() if rng is None else rng
    W = np.zeros((l_out, l_in + 1))
    W[:, 1:] = rng.normal(0.0, np.sqrt(2.0 / (l_in + l_out)), size=(l_out, l_in))
    return W


def unroll_params(thetas):
    """Concatenate the C-order ravels of the layers into one vector.

    Input: list of arrays, of sizes p₁, …, p_{L−1}.
    Output: float array (Σₗ pₗ,).
    """
    return np.concatenate([np.asarray(t, dtype=float).ravel() for t in thetas])


def roll_params(vector, shapes):
    """Inverse of `unroll_params`.

    Input: ``vector`` 1-D of length Σ prod(shape); ``shapes`` list of 2-tuples.
    Output: list of new float arrays with the given shapes (C order).
    """
    vector = np.asarray(vector, dtype=float).ravel()
    sizes = [int(np.prod(s)) for s in shapes]
    if sum(sizes) != vector.size:
        raise ValueError(f"vector has {vector.size} entries, shapes need {sum(sizes)}")
    bounds = np.cumsum([0] + sizes)
    return [vector[lo:hi].reshape(s).copy() for lo, hi, s in zip(bounds[:-1], bounds[1:], shapes)]


def cost_and_gradient(params, shapes, X, Y, lam=0.0):
    """Cost and unrolled gradient of an unrolled network (for optimizers and gradient checks).

    Input: ``params`` 1-D vector; ``shapes`` the layer shapes; ``X`` (m, n); ``Y`` (m, K); ``lam`` λ.
    Output: (J, grad), J a float and grad of the shape of ``params``.
    Deck: “Neural Networks: Learning” (Racharak).
    """
    thetas = roll_params(params, shapes)
    return nn_cost(thetas, X, Y, lam), unroll_params(nn_gradients(thetas, X, Y, lam))
