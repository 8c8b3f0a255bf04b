"""Reference implementation of the ``perceptron`` assignment.

Threshold units, logic gates, Rosenblatt's learning rule, an XNOR network, the collapse of
stacked linear layers, and two computational graphs with their hand-derived gradients.

Convention for the step function (contract): ``step(z) = 1`` only for ``z > 0``, so
``step(0) = 0``.  The deck “Multilayer Perceptron 1” (Kim, KAIST) writes ``≥ 0`` on its slide
while its own AND/OR code returns 0 for ``sum <= 0``; the XNOR table of the deck
“BMB3015 Artificial Intelligence — Neural Networks” needs ``step(0) = 0``.  No function modifies
its arguments.
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
    """Logistic function, elementwise: g(z) = 1 / (1 + e^(−z)), computed as exp(−logaddexp(0, −z)),
    which neither overflows nor warns for |z| up to 1e4.

    The perceptron notebook gives this function, as the backprop notebook does; each reference
    module stands alone, like the notebook it answers (the self-test pastes it into one cell).
    Parameters: ``z`` array-like of any shape.  Returns: float array of the same shape.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def step(z):
    """Heaviside step with ``step(0) = 0``.

    .. math:: \\mathrm{step}(z) = 1 \\text{ if } z > 0 \\text{ else } 0

    Parameters: ``z`` array-like of any shape, or a number.
    Returns: float array of the same shape of 0.0/1.0 (a Python float for scalar input).
    Deck: “Multilayer Perceptron 1” (Kim, KAIST),
    the perceptron output (see the module note on ``z = 0``).
    """
    out = (np.asarray(z, dtype=float) > 0).astype(float)
    return float(out) if out.ndim == 0 else out


def perceptron_predict(w, b, X):
    """Outputs of one threshold unit on a batch.

    .. math:: \\hat y = \\mathrm{step}(X w + b)

    Parameters: ``w`` ``(n,)``; ``b`` number; ``X`` ``(m, n)``.
    Returns: float array ``(m,)`` of 0.0/1.0.
    Deck: “Multilayer Perceptron 1” (Kim, KAIST), slides “Bias” and “Logic gate”.
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return np.atleast_1d(step(X @ np.asarray(w, dtype=float) + float(b)))


# Gate parameters with a margin of 0.5 on every input of {0,1}^2, so that they work with
# either convention at z = 0.  AND and OR: the code of “Multilayer Perceptron 1” (Kim, KAIST);
# NAND and NOR, their negations: “BMB3015 Artificial Intelligence — Neural Networks”.
AND_PARAMS = (np.array([1.0, 1.0]), -1.5)
OR_PARAMS = (np.array([1.0, 1.0]), -0.5)
NAND_PARAMS = (np.array([-1.0, -1.0]), 1.5)
NOR_PARAMS = (np.array([-1.0, -1.0]), 0.5)


def perceptron_train(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    """Rosenblatt's perceptron learning rule, one example at a time.

    For each epoch, for each row ``i`` in order:

    .. math:: \\hat y_i = \\mathrm{step}(w\\cdot x_i + b),\\quad
              w \\leftarrow w + \\eta (y_i - \\hat y_i) x_i,\\quad
              b \\leftarrow b + \\eta (y_i - \\hat y_i)

    An epoch without a mistake changes nothing, so training stops early there (the result
    is the same as running all ``epochs``).

    Parameters: ``X`` ``(m, n)``; ``y`` ``(m,)`` in {0, 1}; ``lr`` η; ``epochs`` number of
    passes; ``w0`` initial weights ``(n,)`` (zeros when ``None``); ``b0`` initial bias.
    Returns: ``(w, b)``, ``w`` a new float array ``(n,)`` and ``b`` a float.
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

    Hidden unit 1 is AND ``g(-30 + 20x1 + 20x2)``, hidden unit 2 is NOR
    ``g(10 - 20x1 - 20x2)``, the output is OR of the two ``g(-10 + 20a1 + 20a2)``.

    Returns: ``(Theta1, Theta2)`` float arrays ``(2, 3)`` and ``(1, 3)``, bias column first.
    Outputs ≈ 0.99995 on XNOR-true and ≈ 4.5e-5 on XNOR-false inputs.
    Decks: “BMB3015 Artificial Intelligence — Neural Networks”, slide
    “Solution to Logical XNOR with MLP”; “Neural Networks” (Serra), the AND unit
    ``g(-30 + 20x1 + 20x2)``.
    """
    theta1 = np.array([[-30.0, 20.0, 20.0], [10.0, -20.0, -20.0]])
    theta2 = np.array([[-10.0, 20.0, 20.0]])
    return theta1, theta2


def linear_collapse(W1, b1, W2, b2):
    """The single linear layer equal to two stacked linear layers.

    .. math:: W_2(W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2)

    Parameters: ``W1`` ``(h, n)``, ``b1`` ``(h,)``, ``W2`` ``(k, h)``, ``b2`` ``(k,)``.
    Returns: ``(W, b)`` with ``W`` ``(k, n)`` and ``b`` ``(k,)``.
    Deck: “Neural Networks” (Serra), slide “Why do you need non-linear functions?”.
    """
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return W2 @ W1, W2 @ b1 + b2


def add_mul_graph(x, y, z):
    """Forward and backward pass of the graph ``f = (x + y) z``.

    .. math:: q = x + y,\\ f = q z,\\quad
              \\partial f/\\partial x = \\partial f/\\partial y = z,\\ \\partial f/\\partial z = q

    Parameters: numbers ``x``, ``y``, ``z``.
    Returns: ``(f, df_dx, df_dy, df_dz)`` as floats.
    Deck: “BMB3015 Artificial Intelligence — Neural Networks”,
    slide “Backpropagation: Simple Example”.
    """
    x, y, z = float(x), float(y), float(z)
    q = x + y
    return q * z, z * 1.0, z * 1.0, q


def sigmoid_neuron_graph(w, x):
    """Forward and backward pass of a sigmoid neuron with bias ``w2``.

    .. math:: s = w_0 x_0 + w_1 x_1 + w_2,\\ f = \\sigma(s),\\
              \\frac{\\partial f}{\\partial w} = \\sigma'(s)\\,(x_0, x_1, 1),\\
              \\frac{\\partial f}{\\partial x} = \\sigma'(s)\\,(w_0, w_1)

    with ``σ'(s) = f (1 - f)``.

    Parameters: ``w`` ``(3,)``, ``x`` ``(2,)``.
    Returns: ``(f, df_dw, df_dx)``: float, float array ``(3,)``, float array ``(2,)``.
    Deck: “BMB3015 Artificial Intelligence — Neural Networks”,
    slide “Backpropagation: Another Example”.
    """
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    f = float(sigmoid(w[0] * x[0] + w[1] * x[1] + w[2]))
    local = f * (1.0 - f)
    return f, local * np.array([x[0], x[1], 1.0]), local * w[:2].copy()
