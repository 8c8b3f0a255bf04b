"""Hidden suite of the `backprop` assignment: one table per graded item.

Each row: case(description, inputs, check, message[, weight]). Inputs are fixed constructions
(`call`) or drawn from the run's secret generator `r` (`drawn`, `random_net`, ... in suites.inputs);
the reference solution computes every expected value.
"""

from __future__ import annotations

import numpy as np

from solutions import answers, worked_examples
from solutions import backprop as ref

from .. import decks
from .carried import depends
from .cases import Case, FnArg, call, case, read
from .checks import Close, DeckPrinted, Float64, Number, Option
from .explain import load_explanations
from .initializers import normal_init, seeded_repeatable, uniform_init
from .inputs import (
    drawn,
    huge_z_network,
    quartic,
    random_net,
    random_net_x,
    rng_calls,
    saturated_network,
    seeded,
    sin_network,
)

# rtol 1e-9 admits loops, einsum, log-domain costs and a tanh-based sigmoid (all agree to ~1e-14)
# and still separates float32 arithmetic (~1e-7). Saturated costs allow for plain log(1 − h).
TIGHT, SATURATED = Close(rtol=1e-9, atol=1e-12), Close(rtol=1e-5, atol=1e-9)
FLOAT64 = Float64(TIGHT.rtol, TIGHT.atol)
TINY = Close(rtol=1e-6, atol=1e-15)  # σ'(z) of saturated inputs: tiny and positive
# (f₊ − f₋)/(2ε) multiplies f's last-bit rounding (~1e-13 for |f| up to ~1e3) by 1/(2ε) = 5e3, so
# honest evaluation orders (one division or two, BLAS or not) differ by up to ~1e-9 at ε = 1e-4;
# 1.8e-10 was measured on 3000 draws. Every catalogued variant differs by more than 3e-5.
FINITE_DIFFERENCE = Close(rtol=1e-9, atol=1e-7)
# The contract promises σ without NaN up to |z| = 1e4; e^{−z} alone overflows below z ≈ −709.
HUGE_Z = np.array([-1e4, -1000.0, -710.0, 0.0, 710.0, 1000.0, 1e4])
CUBE = FnArg("cube_sum", {"scale": 1.0})  # J(θ) = θ³ of the lecture question


def _misprinted_gradients(c):
    """What “Neural Networks: Learning” prints, D = Δ/m + λΘ, gives on this call's inputs (λ
    where (λ/m) belongs)."""
    args, kwargs = c.local_args()
    thetas, X, Y = args[:3]
    lam = args[3] if len(args) > 3 else kwargs.get("lam", 0.0)
    grads = ref.nn_gradients(thetas, X, Y, lam)
    for D, theta in zip(grads, thetas):
        D[:, 1:] += (lam - lam / X.shape[0]) * np.asarray(theta)[:, 1:]
    return grads


# nn_gradients' check: names the misprinted λΘ of “Neural Networks: Learning” when a result is
# exactly what that formula gives.
GRADIENTS = DeckPrinted(
    TIGHT.rtol,
    TIGHT.atol,
    printed=_misprinted_gradients,
    text=f"this is what {decks.possessive('Neural Networks: Learning')} printed formula D = Δ/m + λΘ gives, "
    "which is wrong: see the Deck note in your notebook's `nn_gradients` section; the term is (λ/m)Θ",
    printed_rtol=TIGHT.rtol,
    printed_atol=TIGHT.atol,
)
# The worked examples that “Multilayer Perceptron 1” (Kim, KAIST) prints wrongly.
WORKED_NOTE = (
    "see the Deck note at the start of your notebook's Part 7 (Worked examples), above `ex_deck003_forward`"
)
WORKED_PRINTED = {
    qid: DeckPrinted(
        1e-3,
        1e-15,
        printed=lambda c, v=worked_examples.DECK_PRINTED[qid]: v,
        text=f"this is the value printed in the deck, which is wrong: {WORKED_NOTE}; "
        "compute it from the formula",
    )
    for qid in ("ex_deck003_grad_theta2", "ex_deck003_theta2_updated")
}

# One table per function, a row per case: description, inputs, check, then the message a student
# sees when the case fails. `random_net(sizes, m, *args, **kwargs)` calls f(thetas, X, Y, *args,
# **kwargs) on a random network; `random_net_x` calls f(thetas, X); `seeded` passes rng=...
# fmt: off
TABLES: dict[str, list[tuple]] = {}  # question id -> rows; the lecture questions follow the functions

TABLES["sigmoid_gradient"] = [
    case("z = 0",                    call(0.0),                                  TIGHT,
         "σ'(0) should be 1/4: compute σ(z)(1 − σ(z)) from z, not from an activation."),
    case("a random vector",          drawn(lambda r: (r.normal(0, 3, 9),)),      TIGHT,
         "g'(z) = σ(z)(1 − σ(z)) elementwise."),
    case("a matrix keeps its shape", drawn(lambda r: (r.normal(0, 2, (4, 5)),)), TIGHT,
         "Work elementwise so the output has z's shape."),
    case("saturated inputs",         call(np.array([-40.0, -12.0, 12.0, 40.0])), TINY,
         "Large |z| must give tiny positive values, never NaN."),
    case("|z| up to 1e4",            call(HUGE_Z),                               TINY,
         "e^{−z} overflows for z below about −709 (and e^{z} above 709), so e^{−z}/(1 + e^{−z})² "
         "gives NaN there: compute σ(z)(1 − σ(z)) with the given `sigmoid`."),
]

TABLES["one_hot"] = [
    case("three labels, K = 4",   call(np.array([0, 3, 1]), 4),                 TIGHT,
         "Row i has a single 1 in column y[i] (labels are 0-based)."),
    case("every label once",      call(np.arange(5), 5),                        TIGHT,
         "Labels run 0..K-1; one_hot(arange(K), K) is the identity."),
    case("random labels, K = 10", drawn(lambda r: (r.integers(0, 10, 25), 10)), FLOAT64,
         "The result is a float array (float64) of shape (m, K): start from np.zeros((m, K)) "
         "or use np.eye(K)[y]."),
    case("K = 2",                 drawn(lambda r: (r.integers(0, 2, 7), 2)),    TIGHT,
         "Binary labels still give two columns."),
    case("a single example",      call(np.array([2]), 3),                       TIGHT,
         "m = 1 gives shape (1, K)."),
]

TABLES["feedforward"] = [
    case("sin/cos network 3-5-3",             call(*sin_network((3, 5, 3), 6)[:2]),   TIGHT,
         "a_{l+1} = g([1, a_l] Θ_lᵀ); return [a1, ..., aL] without bias columns."),
    case("random network, two hidden layers", random_net_x((4, 6, 5, 3), 8),          TIGHT,
         "Loop over every Θ; each layer adds the bias column first."),
    case("three hidden layers",               random_net_x((3, 4, 5, 4, 2), 7),       TIGHT,
         "Any number of layers: one step per Θ."),
    case("one hidden unit, K = 2",            random_net_x((3, 1, 2), 5),             TIGHT,
         "A layer of one unit is still an (m, 1) array."),
    case("a single example (m = 1)",          random_net_x((3, 4, 2), 1),             TIGHT,
         "Keep X two-dimensional: (1, n) in, (1, s_l) out."),
    case("strongly saturated units",          random_net_x((3, 4, 2), 6, scale=40.0), TIGHT,
         "Saturated sigmoids give values at 0 or 1, never NaN."),
    case("hidden units at |z| up to 1e4",     call(*huge_z_network()),                TIGHT,
         "Apply the given `sigmoid` on every layer: it gives 0 and 1 for |z| up to 1e4, never NaN; "
         "a sigmoid written with e^{z} or e^{−z} alone overflows there."),
]

TABLES["nn_cost"] = [
    case("sin/cos network, λ = 0",                 call(*sin_network((3, 5, 3), 6, lam=0.0)), TIGHT,
         "J averages the cross-entropy over the m examples and sums over the K outputs."),
    case("sin/cos network, λ = 1.5",               call(*sin_network((3, 5, 3), 6, lam=1.5)), TIGHT,
         "The penalty is λ/(2m) Σ Θ² over every column except the bias column."),
    case("random network, λ left at its default",  random_net((4, 5, 3), 9),                  TIGHT,
         "The default λ is 0."),
    case("random two-hidden-layer network, λ = 2", random_net((4, 6, 5, 3), 10, 2.0),         TIGHT,
         "Regularize every layer's Θ, not just the first."),
    case("three hidden layers, λ by keyword",      random_net((3, 4, 5, 4, 2), 7, lam=0.8),   TIGHT,
         "Honour lam whether it is passed by position or by name."),
    case("one hidden unit, K = 2, λ = 0.3",        random_net((3, 1, 2), 6, 0.3),             TIGHT,
         "K = 2 still sums both output columns."),
    case("a single example (m = 1), λ = 1",        random_net((3, 4, 2), 1, 1.0),             TIGHT,
         "With m = 1 the averages divide by 1."),
    case("outputs saturated on the wrong side",    call(*saturated_network()),                SATURATED,
         "Do not clip probabilities: a confident wrong output must cost its full −log(1 − h)."),
]

TABLES["backprop_deltas"] = [
    case("sin/cos network 3-5-3",               call(*sin_network((3, 5, 3), 6)), TIGHT,
         "δL = aL − Y; δ_l = (δ_{l+1} Θ_l[:, 1:]) * g'(z_l)."),
    case("random network, two hidden layers",   random_net((4, 6, 5, 3), 8),      TIGHT,
         "Return [δ2, ..., δL], one (m, s_l) array per non-input layer."),
    case("three hidden layers",                 random_net((3, 4, 5, 4, 2), 7),   TIGHT,
         "Propagate through every hidden layer."),
    case("one hidden unit, K = 2",              random_net((3, 1, 2), 5),         TIGHT,
         "Drop Θ's bias column before propagating back."),
    case("a single example (m = 1)",            random_net((3, 4, 2), 1),         TIGHT,
         "Keep deltas two-dimensional for m = 1."),
    case("outputs saturated on the wrong side", call(*saturated_network()),       TIGHT,
         "δL = aL − Y stays finite however saturated the output."),
]

TABLES["nn_gradients"] = [
    case("sin/cos network, λ = 0",                   call(*sin_network((3, 5, 3), 6, lam=0.0)), GRADIENTS,
         "D = (1/m) δ_{l+1}ᵀ [1, a_l]: average over the examples."),
    case("sin/cos network, λ = 1.5",                 call(*sin_network((3, 5, 3), 6, lam=1.5)), GRADIENTS,
         "Add (λ/m) Θ to every column but the bias column."),
    case("random two-hidden-layer network, λ = 0.7", random_net((4, 6, 5, 3), 10, 0.7),         GRADIENTS,
         "One gradient per Θ, each with Θ's shape."),
    case("random network, λ left at its default",    random_net((3, 4, 2), 7),                  GRADIENTS,
         "The default λ is 0."),
    case("three hidden layers, λ by keyword",        random_net((3, 4, 5, 4, 2), 7, lam=1.2),   GRADIENTS,
         "Honour lam whether it is passed by position or by name."),
    case("one hidden unit, K = 2, λ = 0.5",          random_net((3, 1, 2), 6, 0.5),             GRADIENTS,
         "Shapes follow Θ even for a single hidden unit."),
]

TABLES["numerical_gradient"] = [
    case("a coupled quartic, default ε",     quartic(6),                        FINITE_DIFFERENCE,
         "(f(θ + εe_i) − f(θ − εe_i)) / (2ε) for each i, from an unchanged θ."),
    case("ε passed explicitly (0.05)",       quartic(5, 0.05),                  FINITE_DIFFERENCE,
         "Use the epsilon argument, not a constant."),
    case("ε by keyword (0.02)",              quartic(4, epsilon=0.02),          FINITE_DIFFERENCE,
         "Honour epsilon whether passed by position or by name."),
    case("J(θ) = θ³ at θ = 1 with ε = 0.01", call(CUBE, np.array([1.0]), 0.01), FINITE_DIFFERENCE,
         "Divide f(θ + ε) − f(θ − ε) by 2ε, using the ε passed in (here not the default)."),
]

TABLES["relative_difference"] = [
    case("two random vectors",      drawn(lambda r: (r.normal(size=12), r.normal(size=12))),      TIGHT,
         "‖a − b‖ / ‖a + b‖ with Euclidean norms."),
    case("identical vectors",       call(np.array([1.0, -2.0, 3.0]), np.array([1.0, -2.0, 3.0])), TIGHT,
         "Equal vectors differ by 0."),
    case("a vector and its double", drawn(lambda r: (v := r.normal(size=8), 2 * v)),              TIGHT,
         "For b = 2a the figure is ‖a‖ / ‖3a‖ = 1/3."),
]

TABLES["rand_initialize_weights"] = [
    case("shape for l_in = 7, l_out = 3",            seeded(7, 3),              uniform_init(7, 3, 0.12),
         "Return (l_out, l_in + 1): one row per unit of the next layer."),
    case("range and spread, ε = 0.12",               seeded(150, 100),          uniform_init(150, 100, 0.12),
         "Draw uniformly on [−ε, ε]."),
    case("ε passed explicitly (0.5)",                seeded(60, 40, 0.5),       uniform_init(60, 40, 0.5),
         "Use the epsilon_init argument."),
    case("draws come from rng, fresh on every call", rng_calls((5, 4), "rand"), seeded_repeatable(),
         "Draw from the rng argument, not from np.random."),
]

TABLES["xavier_initialize_weights"] = [
    case("shape and zero bias column, l_in = 6, l_out = 2", seeded(6, 2),     normal_init(6, 2),
         "Return (l_out, l_in + 1) with column 0 all zeros."),
    case("spread σ = sqrt(2 / (l_in + l_out))",             seeded(300, 100), normal_init(300, 100),
         "Draw N(0, σ²) with σ = sqrt(2 / (l_in + l_out))."),
    case("draws come from rng, fresh on every call", rng_calls((5, 4), "xavier"), seeded_repeatable(),
         "Draw from the rng argument, not from np.random."),
]
# fmt: on

_WORKED_TOLERANCE = Close(rtol=1e-3, atol=1e-15)
EXPLANATIONS = load_explanations("backprop")
for qid, key in answers.ANSWERS["backprop"].items():
    check = Number() if not isinstance(key, str) else Option()
    TABLES[qid] = [case("answer", read(), check, EXPLANATIONS[qid], expect=lambda key=key: key)]
WORKED_MESSAGE = "Recompute this example with the stated inputs; values within a relative 0.1% are accepted."
for qid, compute in worked_examples.WORKED_EXAMPLES["backprop"].items():
    check = WORKED_PRINTED.get(qid, _WORKED_TOLERANCE)
    TABLES[qid] = [case("value", read(), check, WORKED_MESSAGE, expect=compute)]

# Error carried forward (grading.carry): the helpers each function is built on, as the notebook
# asks students to reuse them. suites.carried holds each formula over the student's own helpers.
DEPENDS_ON = depends(
    {
        "nn_cost": ("feedforward",),
        "backprop_deltas": ("feedforward", "sigmoid_gradient"),
        "nn_gradients": ("feedforward", "backprop_deltas"),
    }
)

CASES = [Case(qid, *row) for qid, rows in TABLES.items() for row in rows]
