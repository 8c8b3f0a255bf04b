"""Reference implementation of the ``perceptron`` assignment.

Threshold units, logic gates, Rosenblatt's learning rule, an XNOR network, the collapse of
stacked linear layers, and two computational graphs with their hand-derived gradients.

Convention for the step function (contract): step(z) = 1 only for z > 0, so step(0) = 0. The
deck “Multilayer Perceptron 1” (Kim, KAIST) writes ≥ 0 on its slide while its own AND/OR code
returns 0 for sum ≤ 0; the XNOR table of the deck “BMB3015 Artificial Intelligence — Neural
Networks” needs step(0) = 0. No function modifies its arguments.
"""

import numpy as np

__all__ = [
    "sigmoid",
    "step",
    "perceptron_predict",
    "AND_PARAMS",
    "OR_PARAMS",
    "NAND_PARAMS",
    "NOR_PARAMS",
    "perceptron_train",
    "xnor_network",
    "linear_collapse",
    "add_mul_graph",
    "sigmoid_neuron_graph",
]


def sigmoid(z):
    """Logistic function, elementwise: g(z) = σ(z) = 1 / (1 + e⁻ᶻ), computed as exp(−logaddexp(0, −z)),
    which neither overflows nor warns for |z| up to 1e4.

    The perceptron notebook gives this function, as the backprop notebook does; each reference
    module stands alone, like the notebook it answers (the self-test pastes it into one cell).
    Input: ``z`` array-like of any shape. Output: float array of the same shape.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def step(z):
    """Heaviside step with step(0) = 0, elementwise:

        step(z) = 1 if z > 0, else 0

    Input: ``z`` array-like of any shape, or a number.
    Output: float array of the same shape of 0.0/1.0 (a Python float for a scalar input).
    Deck: “Multilayer Perceptron 1” (Kim, KAIST), the perceptron output (see the module note on
    z = 0).
    """
    out = (np.asarray(z, dtype=float) > 0).astype(float)
    return float(out) if out.ndim == 0 else out


def perceptron_predict(w, b, X):
    """Outputs of one threshold unit on a batch:

        ŷ = step(X w + b)

    Input: ``w`` (n,); ``b`` a number; ``X`` (m, n).
    Output: float array (m,) of 0.0/1.0.
    Deck: “Multilayer Perceptron 1” (Kim, KAIST), slides “Bias” and “Logic gate”.
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return np.atleast_1d(step(X @ np.asarray(w, dtype=float) + float(b)))


# Gate parameters with a margin of 0.5 on every input of {0,1}², so that they work with
# either convention at z = 0.  AND and OR: the code of “Multilayer Perceptron 1” (Kim, KAIST);
# NAND and NOR, their negations: “BMB3015 Artificial Intelligence — Neural Networks”.
AND_PARAMS = (np.array([1.0, 1.0]), -1.5)
OR_PARAMS = (np.array([1.0, 1.0]), -0.5)
NAND_PARAMS = (np.array([-1.0, -1.0]), 1.5)
NOR_PARAMS = (np.array([-1.0, -1.0]), 0.5)


def perceptron_train(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """Rosenblatt's perceptron learning rule, one example at a time.

    For each epoch, for each row i in order:

        ŷᵢ = step(w · xᵢ + b),   w ← w + η (yᵢ − ŷᵢ) xᵢ,   b ← b + η (yᵢ − ŷᵢ)

    An epoch without a mistake changes nothing, so training stops early there (the result is the
    same as running all ``epochs``).

    Input: ``X`` (m, n); ``y`` (m,) in {0, 1}; ``lr`` η; ``epochs`` the number of passes; ``w0`` the
    initial weights (n,) (zeros when ``None``); ``b0`` the initial bias.
    Output: (w, b), w a new float array (n,) and b a float.
    Decks: “Neural Networks: Multi-layer perceptron” (perceptron delta rule),
    “BMB3015 Artificial Intelligence — Neural Networks”.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(int(epochs)):
        mistakes = 0
        for xi, yi in zip(X, y):
            err = yi - step(xi @ w + b)
            if err != 0.0:
                w = w + lr * err * xi
                b = b + lr * err
                mistakes += 1
        if mistakes == 0:
            break
    return w, b


def xnor_network():
    """Weights of a 2-2-1 sigmoid network computing XNOR (Ng's construction).

    Hidden unit 1 is AND, g(−30 + 20x₁ + 20x₂); hidden unit 2 is NOR, g(10 − 20x₁ − 20x₂); the
    output is OR of the two, g(−10 + 20a₁ + 20a₂).

    Output: (Theta1, Theta2), float arrays (2, 3) and (1, 3), bias column first.
    The outputs are ≈ 0.99995 on XNOR-true and ≈ 4.5e-5 on XNOR-false inputs.
    Decks: “BMB3015 Artificial Intelligence — Neural Networks”, slide “Solution to Logical XNOR with
    MLP”; “Neural Networks” (Serra), the AND unit g(−30 + 20x₁ + 20x₂).
    """
    theta1 = np.array([[-30.0, 20.0, 20.0], [10.0, -20.0, -20.0]])
    theta2 = np.array([[-10.0, 20.0, 20.0]])
    return theta1, theta2


def linear_collapse(W1, b1, W2, b2):
    """The single linear layer equal to two stacked linear layers:

        W₂ (W₁ x + b₁) + b₂ = (W₂ W₁) x + (W₂ b₁ + b₂),   so W = W₂ W₁ and b = W₂ b₁ + b₂

    Input: ``W1`` (h, n), ``b1`` (h,), ``W2`` (k, h), ``b2`` (k,).
    Output: (W, b), W of shape (k, n) and b of shape (k,).
    Deck: “Neural Networks” (Serra), slide “Why do you need non-linear functions?”.
    """
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return W2 @ W1, W2 @ b1 + b2


def add_mul_graph(x, y, z):
    """Forward and backward pass of the graph f = (x + y) z:

        q = x + y,   f = q z,   ∂f/∂x = ∂f/∂y = z,   ∂f/∂z = q

    Input: numbers ``x``, ``y``, ``z``.
    Output: (f, df_dx, df_dy, df_dz) as floats.
    Deck: “BMB3015 Artificial Intelligence — Neural Networks”, slide “Backpropagation: Simple
    Example”.
    """
    x, y, z = float(x), float(y), float(z)
    q = x + y
    return q * z, z * 1.0, z * 1.0, q


def sigmoid_neuron_graph(w, x):
    """Forward and backward pass of a sigmoid neuron with bias w₂:

        s = w₀ x₀ + w₁ x₁ + w₂,   f = σ(s),   ∂f/∂w = σ′(s) (x₀, x₁, 1),   ∂f/∂x = σ′(s) (w₀, w₁)

    with σ′(s) = f (1 − f).

    Input: ``w`` (3,), ``x`` (2,).
    Output: (f, df_dw, df_dx): a float, a float array (3,) and a float array (2,).
    Deck: “BMB3015 Artificial Intelligence — Neural Networks”, slide “Backpropagation: Another
    Example”.
    """
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    f = float(sigmoid(w[0] * x[0] + w[1] * x[1] + w[2]))
    local = f * (1.0 - f)
    return f, local * np.array([x[0], x[1], 1.0]), local * w[:2].copy()
