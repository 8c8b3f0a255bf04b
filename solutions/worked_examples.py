"""Worked examples of the decks, recomputed exactly with the reference functions.

One function per worked-example item id; the inputs are module-level constants and every
value is computed, never typed in.  Where a deck printed a wrong or rounded value, the
function's docstring says what it printed and why, and ``DECK_PRINTED`` records it.
``WORKED_EXAMPLES`` maps assignment -> item id -> function.
"""

import numpy as np

from .backprop import backprop_deltas, feedforward, sigmoid, sigmoid_gradient
from .perceptron import add_mul_graph, linear_collapse, sigmoid_neuron_graph, step

# ---------------------------------------------------------------------------- inputs
# The four inputs of a two-input gate, in the decks' row order.
GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

# “Multilayer Perceptron 1” (Kim, KAIST): perceptron weighted sum.
PERCEPTRON_SUM_X = np.array([12.0, 4.0])
PERCEPTRON_SUM_W = np.array([0.5, -1.0])

# “Neural Networks” (Serra): the AND unit h(x1, x2) = g(-30 + 20 x1 + 20 x2), as (bias, w1, w2).
AND_UNIT_THETA = np.array([-30.0, 20.0, 20.0])

# “BMB3015 Artificial Intelligence — Neural Networks”: XNOR MLP with step units, bias column first.
XNOR_TABLE_W1 = np.array([[-0.3, 0.2, 0.2], [0.2, -0.2, -0.2]])
XNOR_TABLE_W2 = np.array([[-0.1, 0.2, 0.2]])

# “BMB3015 Artificial Intelligence — Neural Networks”: computational graphs.
ADD_MUL_XYZ = (-2.0, 5.0, -4.0)
SIGMOID_NEURON_W = np.array([2.0, -3.0, -3.0])
SIGMOID_NEURON_X = np.array([-1.0, -2.0])

# “Neural Networks” (Serra): two linear layers (shapes (4,3), (4,), (1,4), (1,)).
COLLAPSE_W1 = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 1.0, 0.0], [-1.0, 0.0, 1.0]])
COLLAPSE_B1 = np.array([1.0, 0.0, -1.0, 2.0])
COLLAPSE_W2 = np.array([[1.0, -2.0, 0.0, 3.0]])
COLLAPSE_B2 = np.array([0.5])

# “Multilayer Perceptron 1” (Kim, KAIST): forward/backward example.  No biases; Θ stored as
# (inputs × outputs), so the deck computes Θᵀx.  The top-right entry of Θ₁ is −1.5 (see
# ex_deck003_forward).
MLP1_X = np.array([1.0, -0.5])
MLP1_Y = 1.0
MLP1_THETA1 = np.array([[1.2, 2.1, -1.5], [-0.3, -0.7, 0.3]])
MLP1_THETA2 = np.array([-0.2, 0.5, 1.3])
MLP1_LEARNING_RATE = 1.0

# “BMB3015 Artificial Intelligence — Neural Networks”, "Example I", with Ng's XNOR weights in
# the contract's conventions.
XNOR_BP_THETA1 = np.array([[-30.0, 20.0, 20.0], [10.0, -20.0, -20.0]])
XNOR_BP_THETA2 = np.array([[-10.0, 20.0, 20.0]])
XNOR_BP_X = np.array([[1.0, 1.0]])
XNOR_BP_Y = np.array([[1.0]])

# What the decks printed, for documentation and for tests that show where they are wrong.
DECK_PRINTED = {
    "ex_perceptron_sum": {"weighted_sum": 2.0, "output": 1.0},  # "sign(2) = +1"
    "ex_and_unit": np.array([0.0, 0.0, 0.0, 1.0]),  # printed as "≈ 0" / "≈ 1"
    "ex_xnor_table": np.array(
        [
            [-0.3, 0.0, 0.2, 1.0, 0.1, 1.0],
            [-0.1, 0.0, 0.0, 0.0, -0.1, 0.0],
            [-0.1, 0.0, 0.0, 0.0, -0.1, 0.0],
            [0.1, 1.0, -0.2, 0.0, 0.1, 1.0],
        ]
    ),
    "ex_sigmoid_neuron": {"f": 0.73, "df_ds": 0.2, "df_dx0": 0.4, "df_dw0": -0.2},
    "ex_deck003_forward": {
        "theta1_top_right": 1.5,  # the statement; its transpose and numbers use -1.5
        "s1": np.array([1.35, 2.45, -1.65]),
        "h1": np.array([0.79, 0.92, 0.16]),
        "s2": 0.51,
        "yhat": 0.62,
        "error": 0.072,
        "dE_dyhat": -0.38,
    },
    "ex_deck003_grad_theta2": np.array([0.02, -0.05, -0.12]),
    "ex_deck003_theta2_updated": np.array([-0.22, 0.55, 1.42]),
}


# ------------------------------------------------------------------------ perceptron
def ex_perceptron_sum():
    """Weighted sum and output of a perceptron without bias.

    s = w · x = 12 · 0.5 + 4 · (−1) = 2, output step(s) = 1.0.
    Deck “Multilayer Perceptron 1” (Kim, KAIST), slide “Principle of perceptron”: the deck writes
    sign(2) = +1; with the contract's step units the output is 1.0 (the same here).
    Output: (weighted_sum, output) as floats.
    """
    s = float(PERCEPTRON_SUM_X @ PERCEPTRON_SUM_W)
    return s, step(s)


def ex_and_unit():
    """Exact outputs of the AND unit h = σ(−30 + 20x₁ + 20x₂) on {0,1}².

    Deck “Neural Networks” (Serra), slide “Example: AND Logic Port”, prints only
    g(−30) ≈ 0, g(−10) ≈ 0, g(−10) ≈ 0, g(10) ≈ 1.
    Output: float array (4,) for the rows (0,0), (0,1), (1,0), (1,1).
    """
    return sigmoid(AND_UNIT_THETA[0] + GATE_INPUTS @ AND_UNIT_THETA[1:])


def ex_xnor_table():
    """The XNOR table of a 2-2-1 network of step units:

        z⁽²⁾ = W₁ [1, x],   a⁽²⁾ = step(z⁽²⁾),   z⁽³⁾ = W₂ [1, a⁽²⁾],   a⁽³⁾ = step(z⁽³⁾)

    The rows (0,1) and (1,0) have z₂⁽²⁾ = 0 exactly, so the table is XNOR only with step(0) = 0.
    Deck “BMB3015 Artificial Intelligence — Neural Networks”, slide “Solution to Logical XNOR with
    MLP”; its printed table agrees with this one (``DECK_PRINTED``) up to float rounding.
    Output: float array (4, 6), columns z₁⁽²⁾, a₁⁽²⁾, z₂⁽²⁾, a₂⁽²⁾, z₁⁽³⁾, a₁⁽³⁾.
    """
    ones = np.ones((GATE_INPUTS.shape[0], 1))
    z2 = np.hstack([ones, GATE_INPUTS]) @ XNOR_TABLE_W1.T
    a2 = step(z2)
    z3 = np.hstack([ones, a2]) @ XNOR_TABLE_W2.T
    a3 = step(z3)
    return np.column_stack([z2[:, 0], a2[:, 0], z2[:, 1], a2[:, 1], z3[:, 0], a3[:, 0]])


def ex_add_mul():
    """Graph f = (x + y) z at x = −2, y = 5, z = −4.

    q = 3, f = −12, ∂f/∂x = ∂f/∂y = z = −4, ∂f/∂z = q = 3.
    Deck “BMB3015 Artificial Intelligence — Neural Networks”, slide “Backpropagation: Simple
    Example”.
    Output: (f, df_dx, df_dy, df_dz).
    """
    return add_mul_graph(*ADD_MUL_XYZ)


def ex_sigmoid_neuron():
    """Sigmoid neuron f = σ(w₀x₀ + w₁x₁ + w₂) at w = (2, −3, −3), x = (−1, −2).

    s = 1, f = σ(1) ≈ 0.7311, σ′(1) ≈ 0.1966; the gradients are σ′(1) times (x₀, x₁, 1) for w and
    (w₀, w₁) for x.
    Deck “BMB3015 Artificial Intelligence — Neural Networks”, slide “Backpropagation: Another
    Example”, rounds σ′(1) to 0.2 and so prints ∂f/∂x₀ = 0.4 and ∂f/∂w₀ = −0.2; the exact values are
    ≈ 0.3932 and ≈ −0.1966.
    Output: (f, df_dw0, df_dw1, df_dw2, df_dx0, df_dx1) as floats.
    """
    f, dw, dx = sigmoid_neuron_graph(SIGMOID_NEURON_W, SIGMOID_NEURON_X)
    return (f, *(float(v) for v in dw), *(float(v) for v in dx))


def ex_linear_collapse():
    """The single layer equal to two linear layers, as in “Neural Networks” (Serra).

    W = W₂ W₁ = [[−2, −2, 7]], b = W₂ b₁ + b₂ = [7.5].
    Deck “Neural Networks” (Serra), slide “Why do you need non-linear functions?”, derives
    W′ = W₂ W₁, b′ = W₂ b₁ + b₂ symbolically; the numbers are ours.
    Output: (W, b) of shapes (1, 3) and (1,).
    """
    return linear_collapse(COLLAPSE_W1, COLLAPSE_B1, COLLAPSE_W2, COLLAPSE_B2)


# -------------------------------------------------------------------------- backprop
def _mlp1_forward_pass():
    s1 = MLP1_THETA1.T @ MLP1_X
    h1 = sigmoid(s1)
    s2 = float(MLP1_THETA2 @ h1)
    return s1, h1, s2, float(sigmoid(s2))


def ex_deck003_forward():
    """Forward pass of the deck's example, no biases: h₁ = σ(Θ₁ᵀ x), ŷ = σ(Θ₂ᵀ h₁).

    Θ₁ᵀ x = (1.35, 2.45, −1.65), h₁ ≈ (0.79413, 0.92056, 0.16111), Θ₂ᵀ h₁ ≈ 0.51, ŷ ≈ 0.62502.
    Deck “Multilayer Perceptron 1” (Kim, KAIST), slide “Example: forward propagation”: its statement
    prints Θ₁'s top-right entry as +1.5, but its own transpose shows −1.5 and every later number
    (−1.65, 0.16, 0.51, 0.62, 0.072, −0.38) follows from −1.5; with +1.5 the third hidden
    pre-activation would be 1.35, not −1.65. We use −1.5.
    The deck carries 2-decimal intermediates (σ(0.51) = 0.6248 → 0.62, ½(1 − 0.62)² = 0.0722 → 0.072,
    0.62 − 1 = −0.38); exactly, ŷ = 0.62502, E = 0.07031 and ∂E/∂ŷ = −0.37498.
    Output: (h1, yhat), h1 a float array (3,) and yhat a float.
    """
    _, h1, _, yhat = _mlp1_forward_pass()
    return h1, yhat


def ex_deck003_grad_theta2():
    """Gradient of E = ½ (y − ŷ)² with respect to Θ₂ in the deck's example:

        ∂E/∂Θ₂ = (ŷ − y) σ′(s₂) h₁ ≈ (−0.06979, −0.08090, −0.01416)

    Deck “Multilayer Perceptron 1” (Kim, KAIST), slide “Example: back propagation”, prints
    (0.02, −0.05, −0.12), which is wrong: ŷ − y = −0.375 < 0, and σ′(s₂) > 0 and h₁ > 0
    elementwise, so every component must be negative, with magnitudes in the ratio of h₁ (largest
    for h₁,₂ ≈ 0.92, smallest for h₁,₃ ≈ 0.16).
    Output: float array (3,).
    """
    _, h1, s2, yhat = _mlp1_forward_pass()
    return (yhat - MLP1_Y) * float(sigmoid_gradient(s2)) * h1


def ex_deck003_theta2_updated():
    """Θ₂ after one gradient step with learning rate γ = 1: Θ₂ − γ ∂E/∂Θ₂.

    ≈ (−0.13021, 0.58090, 1.31416).
    Deck “Multilayer Perceptron 1” (Kim, KAIST) prints (−0.22, 0.55, 1.42): the step itself is done
    right (−0.2 − 0.02, 0.5 + 0.05, 1.3 + 0.12), but from the deck's wrong gradient, so the updated
    weights are wrong too.
    Output: float array (3,).
    """
    return MLP1_THETA2 - MLP1_LEARNING_RATE * ex_deck003_grad_theta2()


def ex_xnor_backprop():
    """The XNOR network's "Example I", at the input (1, 1): a₁⁽³⁾ and δ₁⁽²⁾.

    The deck's weights are in a figure; we use Ng's XNOR network (see
    `solutions.perceptron.xnor_network`) in the contract's conventions, with δ⁽³⁾ = a⁽³⁾ − y and
    δ⁽²⁾ = (δ⁽³⁾ Θ₂[:, 1:]) ⊙ g′(z⁽²⁾): z⁽²⁾ = (10, −30),
    a⁽³⁾ = σ(−10 + 20σ(10) + 20σ(−30)) ≈ 0.99995456, δ₁⁽²⁾ = (a⁽³⁾ − 1) · 20 · σ′(10) ≈ −4.1255e-08.
    Deck “BMB3015 Artificial Intelligence — Neural Networks”, slide “Example I”; it writes the output
    error as y − a, the opposite sign of the contract's.
    Output: (a3, delta2_1) as floats.
    """
    thetas = [XNOR_BP_THETA1, XNOR_BP_THETA2]
    a3 = feedforward(thetas, XNOR_BP_X)[-1]
    delta2 = backprop_deltas(thetas, XNOR_BP_X, XNOR_BP_Y)[0]
    return float(a3[0, 0]), float(delta2[0, 0])


WORKED_EXAMPLES = {
    "perceptron": {
        "ex_perceptron_sum": ex_perceptron_sum,
        "ex_and_unit": ex_and_unit,
        "ex_xnor_table": ex_xnor_table,
        "ex_add_mul": ex_add_mul,
        "ex_sigmoid_neuron": ex_sigmoid_neuron,
        "ex_linear_collapse": ex_linear_collapse,
    },
    "backprop": {
        "ex_deck003_forward": ex_deck003_forward,
        "ex_deck003_grad_theta2": ex_deck003_grad_theta2,
        "ex_deck003_theta2_updated": ex_deck003_theta2_updated,
        "ex_xnor_backprop": ex_xnor_backprop,
    },
}
