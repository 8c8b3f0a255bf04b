"""Hidden suite of the `perceptron` assignment: one table per graded item.

Each row: case(description, inputs, check, message[, weight]). Inputs are fixed (`call`) or drawn
from the run's secret generator `r` (`drawn`); the reference solution computes every expected value.
"""

from __future__ import annotations

import numpy as np

from solutions import answers, worked_examples
from solutions import backprop as ref_net
from solutions import perceptron as ref

from .carried import depends
from .cases import Case, call, call_drawn, case, read
from .checks import Close, Float64, Number, Option, Predicate, Problem, describe_type
from .explain import load_explanations
from .inputs import drawn

TIGHT = Close(rtol=1e-9, atol=1e-12)
FLOAT64 = Float64(TIGHT.rtol, TIGHT.atol)
BOOLEAN_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
BIAS_DECIDES_X = np.array([[0.0, 0.5], [0.25, 0.0], [0.0, 1.0], [1.0, 0.0]])  # w·x ∈ {−0.5, 0.25, −1, 1}
ON_BOUNDARY_X = np.array([[0.5, 0.5], [1.0, 1.0]])  # with w = (1, 1), b = −1: z = 0, then z = 1
TRUTH_TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}


def gate(name: str) -> Predicate:
    def test(got, call):
        if not isinstance(got, (list, tuple)) or len(got) != 2:
            return f"{name}_PARAMS should be a tuple (w, b), got {describe_type(got)}"
        w, b = got
        if not isinstance(w, np.ndarray) or w.shape != (2,):
            return f"w should be an array of shape (2,), got {describe_type(w)}"
        if not isinstance(b, np.ndarray) or b.ndim != 0:
            return f"b should be a single number, got {describe_type(b)}"
        if not (np.isfinite(w).all() and np.isfinite(b)):
            return "w and b should be finite"
        table = np.array(TRUTH_TABLES[name])
        wrong = int(np.sum(ref.perceptron_predict(w.astype(float), float(b), BOOLEAN_INPUTS) != table))
        if wrong == 0:
            return None
        tags = ["gate-wrong-on-one-input"] if wrong == 1 else []
        if np.all(ref.perceptron_predict(w.astype(float), -float(b), BOOLEAN_INPUTS) == table):
            tags.append("gate-bias-sign-flipped")
        return Problem(f"the unit gives the wrong output on {wrong} of the 4 inputs", tags)

    return Predicate(test, f"computes {name} on {{0,1}}²")


def _xnor(got, call):
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        return f"the result should be a tuple (Theta1, Theta2), got {describe_type(got)}"
    shapes = [(2, 3), (1, 3)]
    for i, (theta, shape) in enumerate(zip(got, shapes)):
        if not isinstance(theta, np.ndarray) or theta.shape != shape:
            return f"Theta{i + 1} should have shape {shape}, got {describe_type(theta)}"
    outputs = ref_net.feedforward([t.astype(float) for t in got], BOOLEAN_INPUTS)[-1].ravel()

    def computes(target):
        return np.where(target == 1, outputs > 0.99, outputs < 0.01)

    ok = computes(np.array([1, 0, 0, 1]))
    if ok.all():
        return None
    tags = ["xnor-is-xor"] if computes(np.array([0, 1, 1, 0])).all() else []
    return Problem(
        f"the network is wrong on {int((~ok).sum())} of the 4 inputs (needs > 0.99 / < 0.01)", tags
    )


def _floats(r, *shape):
    return r.normal(0, 2, shape)


def _points(r, m, n):
    """X (m, n) and labels y (m,) in {0, 1}, as floats."""
    return _floats(r, m, n), (r.random(m) < 0.5).astype(float)


def _unit_on(r, n, m):
    """w (n,), b and X (m, n): a random threshold unit and m points."""
    return _floats(r, n), float(r.normal()), _floats(r, m, n)


def _truth(gate_name):
    """The gate's truth table on BOOLEAN_INPUTS, as float labels."""
    return np.array(TRUTH_TABLES[gate_name], dtype=float)


def _layers(r, n, h, k):
    """W1 (h, n), b1 (h,), W2 (k, h), b2 (k,): two linear layers n → h → k."""
    return _floats(r, h, n), _floats(r, h), _floats(r, k, h), _floats(r, k)


def _train_from_w0(r):
    """perceptron_train on 8 random points with every keyword given: lr, epochs, w0, b0."""
    X, y = _points(r, 8, 3)
    return (X, y), {"lr": 0.3, "epochs": 4, "w0": _floats(r, 3), "b0": float(r.normal())}


# One table per contract name, a row per case: description, inputs, check, then the message a
# student sees when the case fails. `drawn(lambda r: args)` draws the arguments from the run's `r`.
# fmt: off
TABLES: dict[str, list[tuple]] = {}  # question id -> rows; the lecture questions follow the functions

TABLES["step"] = [
    case("z = 0 gives 0",                   call(np.array([0.0])),                  TIGHT,
         "step(z) is 1 only for z > 0; at exactly 0 it is 0 (see the deck note)."),
    case("mixed signs",                     call(np.array([-2.0, -0.5, 0.5, 3.0])), FLOAT64,
         "1.0 where z > 0, else 0.0, as floats (float64): np.where(z > 0, 1.0, 0.0) or "
         "(z > 0).astype(float), not the booleans of z > 0."),
    case("a random matrix keeps its shape", drawn(lambda r: (_floats(r, 3, 4),)),   TIGHT,
         "Work elementwise; the output has z's shape."),
    case("a scalar",                        call(0.7),                              TIGHT,
         "A number in gives a number out."),
]

TABLES["perceptron_predict"] = [
    case("random weights on 6 points", drawn(lambda r: _unit_on(r, 3, 6)),                TIGHT,
         "step(X @ w + b), one output per row of X."),
    case("the bias decides",           call(np.array([1.0, -1.0]), 0.75, BIAS_DECIDES_X), TIGHT,
         "z = X @ w + b: b is added to every row's X @ w, never left out or subtracted."),
    case("a boundary point scores 0",  call(np.array([1.0, 1.0]), -1.0, ON_BOUNDARY_X),   TIGHT,
         "X @ w + b = 0 lies on the boundary: step gives 0."),
]

for g in TRUTH_TABLES:
    TABLES[f"{g}_PARAMS"] = [
        case(f"computes {g} on {{0,1}}²", read(), gate(g),
             f"Pick w, b so that w·x + b > 0 exactly on the {g}-true inputs."),
    ]

TABLES["perceptron_train"] = [
    case("AND from zeros, lr = 0.1, 10 epochs",        call(BOOLEAN_INPUTS, _truth("AND"), 0.1, 10), TIGHT,
         "Update after every row, in order: w ← w + lr (y_i − ŷ_i) x_i, b ← b + lr (y_i − ŷ_i)."),
    case("OR from zeros, lr = 0.1, 10 epochs",         call(BOOLEAN_INPUTS, _truth("OR"), 0.1, 10),  TIGHT,
         "Predict with step, which is 0 at exactly 0: a point on the boundary counts as a mistake here."),
    case("random data from given w0, b0",              call_drawn(_train_from_w0),                   TIGHT,
         "Start from w0 and b0 when given; honour lr and epochs."),
    case("defaults: w0 = zeros, lr = 0.1, 100 epochs", drawn(lambda r: _points(r, 10, 2)),           TIGHT,
         "w0=None means a zero vector; the defaults are lr = 0.1 and 100 epochs."),
]

TABLES["xnor_network"] = [
    case("outputs > 0.99 on XNOR-true, < 0.01 on XNOR-false", call(), Predicate(_xnor, "computes XNOR"),
         "Hidden units AND and NOR, output OR; bias column first."),
]

TABLES["linear_collapse"] = [
    case("random 4→3→2 layers",  drawn(lambda r: _layers(r, 4, 3, 2)), TIGHT,
         "W = W2 W1 and b = W2 b1 + b2."),
    case("a single output unit", drawn(lambda r: _layers(r, 3, 5, 1)), TIGHT,
         "Keep W2 b1 in the bias."),
]

TABLES["add_mul_graph"] = [
    case("random inputs", drawn(lambda r: tuple(float(v) for v in _floats(r, 3))), TIGHT,
         "q = x + y, f = q z; ∂f/∂x = ∂f/∂y = z, ∂f/∂z = q."),
    case("z = 0",         call(1.5, -2.0, 0.0),                                    TIGHT,
         "The add gate passes the upstream gradient z to both inputs."),
]

TABLES["sigmoid_neuron_graph"] = [
    case("random w and x",    drawn(lambda r: (_floats(r, 3), _floats(r, 2))),        TIGHT,
         "Local gradient of σ is σ(1 − σ); multiply by the upstream gradient."),
    case("w2 acts as a bias", call(np.array([0.0, 0.0, 0.3]), np.array([4.0, -1.0])), TIGHT,
         "∂f/∂w2 = σ'(s) because w2 is multiplied by 1."),
]
# fmt: on

_WORKED_TOLERANCE = Close(rtol=1e-3, atol=1e-15)
EXPLANATIONS = load_explanations("perceptron")
for qid, key in answers.ANSWERS["perceptron"].items():
    check = Number(atol=1e-9) if not isinstance(key, str) else Option()
    TABLES[qid] = [case("answer", read(), check, EXPLANATIONS[qid], expect=lambda key=key: key)]
WORKED_MESSAGE = "Recompute this example with the stated inputs; values within a relative 0.1% are accepted."
for qid, compute in worked_examples.WORKED_EXAMPLES["perceptron"].items():
    TABLES[qid] = [case("value", read(), _WORKED_TOLERANCE, WORKED_MESSAGE, expect=compute)]

# Error carried forward (grading.carry): both are built on the student's own `step`.
DEPENDS_ON = depends({"perceptron_predict": ("step",), "perceptron_train": ("step",)})

CASES = [Case(qid, *row) for qid, rows in TABLES.items() for row in rows]
