"""Worked examples and answer key: each value against an independent hand computation.

The hand computations use only the ``math`` module and the inputs as written here, not the
module's constants or the reference functions.  For deck 003 the tests also document that
the deck's printed gradient and update are wrong.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from solutions import worked_examples as we
from solutions.answers import ANSWERS

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = {"i", "ii", "iii", "iv"}


def g(z):
    return 1.0 / (1.0 + math.exp(-z))


def dg(z):
    return g(z) * (1.0 - g(z))


# --------------------------------------------------------------------- perceptron
def test_ex_perceptron_sum():
    s = 12 * 0.5 + 4 * (-1)
    got = we.ex_perceptron_sum()
    assert isinstance(got, tuple) and len(got) == 2
    assert got == (pytest.approx(2.0), 1.0) and s == 2.0
    assert got[0] == we.DECK_PRINTED["ex_perceptron_sum"]["weighted_sum"]


def test_ex_and_unit():
    want = [g(-30 + 20 * a + 20 * b) for a, b in [(0, 0), (0, 1), (1, 0), (1, 1)]]
    got = we.ex_and_unit()
    assert got.shape == (4,)
    np.testing.assert_allclose(got, want, rtol=1e-13)
    # The deck's "≈ 0 / ≈ 1" holds to 5e-5, not exactly.
    np.testing.assert_allclose(got, we.DECK_PRINTED["ex_and_unit"], atol=5e-5)
    assert got[1] > 4e-5


def _xnor_rows(step_at_zero):
    W1 = [[-0.3, 0.2, 0.2], [0.2, -0.2, -0.2]]
    W2 = [-0.1, 0.2, 0.2]
    st = lambda z: 1.0 if z > 0 else (step_at_zero if z == 0 else 0.0)  # noqa: E731
    rows = []
    for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        z1 = W1[0][0] + W1[0][1] * x1 + W1[0][2] * x2
        z2 = W1[1][0] + W1[1][1] * x1 + W1[1][2] * x2
        a1, a2 = st(z1), st(z2)
        z3 = W2[0] + W2[1] * a1 + W2[2] * a2
        rows.append([z1, a1, z2, a2, z3, st(z3)])
    return np.array(rows)


def test_ex_xnor_table():
    got = we.ex_xnor_table()
    assert got.shape == (4, 6)
    np.testing.assert_allclose(got, _xnor_rows(step_at_zero=0.0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(got, we.DECK_PRINTED["ex_xnor_table"], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(got[:, 5], [1, 0, 0, 1])  # XNOR
    # With step(0) = 1 the rows (0,1) and (1,0) would come out 1: not XNOR.
    np.testing.assert_array_equal(_xnor_rows(step_at_zero=1.0)[:, 5], [1, 1, 1, 1])


def test_ex_add_mul():
    x, y, z = -2.0, 5.0, -4.0
    assert we.ex_add_mul() == ((x + y) * z, z, z, x + y) == (-12.0, -4.0, -4.0, 3.0)


def test_ex_sigmoid_neuron():
    w0, w1, w2, x0, x1 = 2.0, -3.0, -3.0, -1.0, -2.0
    s = w0 * x0 + w1 * x1 + w2
    d = dg(s)
    want = (g(s), d * x0, d * x1, d, d * w0, d * w1)
    got = we.ex_sigmoid_neuron()
    assert len(got) == 6
    np.testing.assert_allclose(got, want, rtol=1e-13)
    printed = we.DECK_PRINTED["ex_sigmoid_neuron"]
    # The deck rounds σ'(1) ≈ 0.1966 to 0.2; its 0.4 and -0.2 are that rounding times w0, x0.
    assert got[0] == pytest.approx(printed["f"], abs=0.005)
    assert got[4] == pytest.approx(printed["df_dx0"], abs=0.01) and got[4] != pytest.approx(0.4, abs=1e-3)
    assert got[1] == pytest.approx(printed["df_dw0"], abs=0.01)


def test_ex_linear_collapse():
    W1 = [[1, 0, 2], [0, 1, -1], [2, 1, 0], [-1, 0, 1]]
    b1 = [1, 0, -1, 2]
    W2 = [1, -2, 0, 3]
    W_hand = [sum(W2[k] * W1[k][j] for k in range(4)) for j in range(3)]
    b_hand = sum(W2[k] * b1[k] for k in range(4)) + 0.5
    W, b = we.ex_linear_collapse()
    assert W.shape == (1, 3) and b.shape == (1,)
    np.testing.assert_array_equal(W, [W_hand])
    np.testing.assert_array_equal(b, [b_hand])
    np.testing.assert_array_equal(W, [[-2, -2, 7]])
    np.testing.assert_array_equal(b, [7.5])


# ----------------------------------------------------------------------- backprop
def _deck003_by_hand():
    x = (1.0, -0.5)
    T1 = ((1.2, 2.1, -1.5), (-0.3, -0.7, 0.3))
    T2 = (-0.2, 0.5, 1.3)
    s1 = [T1[0][j] * x[0] + T1[1][j] * x[1] for j in range(3)]
    h1 = [g(v) for v in s1]
    s2 = sum(T2[j] * h1[j] for j in range(3))
    yhat = g(s2)
    grad = [(yhat - 1.0) * yhat * (1.0 - yhat) * h1[j] for j in range(3)]
    updated = [T2[j] - 1.0 * grad[j] for j in range(3)]
    return s1, h1, s2, yhat, grad, updated


def test_ex_deck003_forward():
    s1, h1, s2, yhat, _, _ = _deck003_by_hand()
    got_h1, got_yhat = we.ex_deck003_forward()
    assert np.shape(got_h1) == (3,)
    np.testing.assert_allclose(got_h1, h1, rtol=1e-13)
    assert got_yhat == pytest.approx(yhat, rel=1e-13)
    np.testing.assert_allclose(got_h1, [0.79413, 0.92056, 0.16111], atol=5e-6)
    assert got_yhat == pytest.approx(0.62502, abs=5e-6)
    # With Θ1's top-right entry -1.5 every number the deck prints is reproduced ...
    printed = we.DECK_PRINTED["ex_deck003_forward"]
    np.testing.assert_allclose(s1, printed["s1"], atol=1e-12)
    np.testing.assert_allclose(got_h1, printed["h1"], atol=0.005)
    assert s2 == pytest.approx(printed["s2"], abs=0.005)
    # ... when, like the deck, one carries the rounded intermediates: σ(0.51) = 0.6248 -> 0.62,
    # ½(1 - 0.62)² = 0.0722 -> 0.072.  Exactly, ŷ = 0.62502 and E = 0.07031.
    assert round(g(printed["s2"]), 2) == printed["yhat"]
    assert round(0.5 * (1.0 - printed["yhat"]) ** 2, 3) == printed["error"]
    assert got_yhat == pytest.approx(printed["yhat"], abs=0.01)
    assert 0.5 * (1.0 - got_yhat) ** 2 == pytest.approx(0.07031, abs=5e-6)
    assert round(printed["yhat"] - 1.0, 2) == printed["dE_dyhat"]  # 0.62 - 1; exactly -0.37498
    assert got_yhat - 1.0 == pytest.approx(printed["dE_dyhat"], abs=0.01)
    # ... while the statement's +1.5 would give a third pre-activation of 1.35, not -1.65.
    assert 1.5 * 1.0 + 0.3 * -0.5 == pytest.approx(1.35)


def test_ex_deck003_grad_theta2_and_deck_error():
    _, _, _, _, grad, _ = _deck003_by_hand()
    got = we.ex_deck003_grad_theta2()
    assert np.shape(got) == (3,)
    np.testing.assert_allclose(got, grad, rtol=1e-12)
    np.testing.assert_allclose(got, [-0.06979, -0.08090, -0.01416], atol=5e-6)
    assert np.all(got < 0)  # (ŷ - y) < 0 and σ', h1 > 0
    # Deck 003 printed (0.02, -0.05, -0.12): wrong in sign and magnitude.
    printed = we.DECK_PRINTED["ex_deck003_grad_theta2"]
    assert not np.allclose(got, printed, atol=0.01)
    assert np.max(np.abs(got - printed)) > 0.09


def test_ex_deck003_theta2_updated_and_deck_error():
    _, _, _, _, _, updated = _deck003_by_hand()
    got = we.ex_deck003_theta2_updated()
    assert np.shape(got) == (3,)
    np.testing.assert_allclose(got, updated, rtol=1e-12)
    np.testing.assert_allclose(got, [-0.13021, 0.58090, 1.31416], atol=5e-6)
    printed = we.DECK_PRINTED["ex_deck003_theta2_updated"]
    assert not np.allclose(got, printed, atol=0.01)
    # The deck's update is its own wrong gradient applied correctly.
    np.testing.assert_allclose(
        printed, np.array([-0.2, 0.5, 1.3]) - we.DECK_PRINTED["ex_deck003_grad_theta2"]
    )


def test_ex_xnor_backprop():
    z21, z22 = -30 + 20 + 20, 10 - 20 - 20
    a21, a22 = g(z21), g(z22)
    a3 = g(-10 + 20 * a21 + 20 * a22)
    delta3 = a3 - 1.0
    delta2_1 = delta3 * 20 * dg(z21)
    got = we.ex_xnor_backprop()
    assert len(got) == 2
    assert got[0] == pytest.approx(a3, rel=1e-14)
    assert got[1] == pytest.approx(delta2_1, rel=1e-9)
    assert got[0] == pytest.approx(0.99995456, abs=1e-8)
    assert got[1] == pytest.approx(-4.1255e-08, rel=1e-4)


# ------------------------------------------------------------ structure, purity
def test_worked_examples_do_not_change_inputs():
    consts = {k: np.array(v, copy=True) for k, v in vars(we).items() if isinstance(v, np.ndarray)}
    for group in we.WORKED_EXAMPLES.values():
        for f in group.values():
            f()
            f()
    for k, v in consts.items():
        np.testing.assert_array_equal(getattr(we, k), v, err_msg=k)


def _items(assignment):
    data = yaml.safe_load((ROOT / "autograder" / "suites" / "items" / f"{assignment}.yaml").read_text())
    return data["items"]


@pytest.mark.parametrize("assignment", ["perceptron", "backprop"])
def test_worked_examples_cover_items(assignment):
    ids = {it["id"] for it in _items(assignment) if it["kind"] == "worked example"}
    assert set(we.WORKED_EXAMPLES[assignment]) == ids


@pytest.mark.parametrize("assignment", ["perceptron", "backprop"])
def test_answers_cover_items_and_have_valid_format(assignment):
    items = {it["id"]: it for it in _items(assignment) if it["kind"] == "lecture question"}
    assert set(ANSWERS[assignment]) == set(items)
    for qid, answer in ANSWERS[assignment].items():
        if items[qid].get("answer") == "number":
            assert isinstance(answer, (int, float)) and not isinstance(answer, bool), qid
        else:
            assert answer in OPTIONS, qid


def test_numeric_answers_by_hand():
    z = np.linspace(-5, 5, 100001)
    assert ANSWERS["backprop"]["q_sigmoid_grad_max"] == pytest.approx(max(dg(v) for v in z))
    assert ((1.01) ** 3 - (0.99) ** 3) / 0.02 == pytest.approx(3.0001)
    assert ANSWERS["backprop"]["q_numgrad_cube"] == "ii"
    # XOR with 2 hidden step units: OR and NAND, then AND.
    st = lambda v: 1 if v > 0 else 0  # noqa: E731
    for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        h = (st(x1 + x2 - 0.5), st(1.5 - x1 - x2))
        assert st(h[0] + h[1] - 1.5) == (x1 ^ x2)
    assert ANSWERS["perceptron"]["q_xor_hidden_units"] == 2
