"""Graded variables of the perceptron notebook: lecture questions and worked examples.

Runs in the submission's namespace, after its functions are defined: the worked examples are
computed with the submission's own `step`, `sigmoid`, `add_mul_graph`, `sigmoid_neuron_graph`
and `linear_collapse`. ANSWER_FORMAT (set by the submission) picks how answers are spelled.
"""

import numpy as np

_ANSWER_TEMPLATES = {"plain": "{}", "padded_upper": " {} ", "parenthesized": "({})"}
_answer_format = globals().get("ANSWER_FORMAT", "plain")


def _option(numeral):
    text = numeral.upper() if _answer_format == "padded_upper" else numeral
    return _ANSWER_TEMPLATES[_answer_format].format(text)


q_gates_not_representable = _option("iii")  # XOR and XNOR
q_step_at_zero = _option("iv")
q_bias_shifts_threshold = _option("i")
q_perceptron_convergence = _option("iv")
q_nonlinear_activation = _option("i")
q_universal_approximation = _option("iii")
q_mcp_network = _option("i")
if _answer_format == "plain":
    q_xor_hidden_units = 2
elif _answer_format == "padded_upper":
    q_xor_hidden_units = 2.0
else:
    q_xor_hidden_units = np.int64(2)

# deck “Multilayer Perceptron 1” (Kim, KAIST): x = (12, 4), w = (0.5, -1), no bias.
_s = float(np.array([12.0, 4.0]) @ np.array([0.5, -1.0]))
ex_perceptron_sum = (_s, float(step(_s)))

# deck “Neural Networks” (Serra): h = sigma(-30 + 20 x1 + 20 x2) on the four corners, exact sigmoid.
_corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
ex_and_unit = sigmoid(-30.0 + 20.0 * _corners[:, 0] + 20.0 * _corners[:, 1])

# deck “BMB3015 Artificial Intelligence — Neural Networks”: the XNOR MLP with step units; columns
# z1(2), a1(2), z2(2), a2(2), z1(3), a1(3).
_W1 = np.array([[-0.3, 0.2, 0.2], [0.2, -0.2, -0.2]])
_W2 = np.array([[-0.1, 0.2, 0.2]])
_rows = []
for _x in _corners:
    _z2 = _W1 @ np.concatenate(([1.0], _x))
    _a2 = step(_z2)
    _z3 = _W2 @ np.concatenate(([1.0], _a2))
    _a3 = step(_z3)
    _rows.append([_z2[0], _a2[0], _z2[1], _a2[1], _z3[0], _a3[0]])
ex_xnor_table = np.array(_rows)

# deck “BMB3015 Artificial Intelligence — Neural Networks”: computational graphs.
ex_add_mul = add_mul_graph(-2.0, 5.0, -4.0)
_f, _df_dw, _df_dx = sigmoid_neuron_graph(np.array([2.0, -3.0, -3.0]), np.array([-1.0, -2.0]))
ex_sigmoid_neuron = (_f, _df_dw[0], _df_dw[1], _df_dw[2], _df_dx[0], _df_dx[1])

# deck “Neural Networks” (Serra): two stacked linear layers collapse into one.
ex_linear_collapse = linear_collapse(
    np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 1.0, 0.0], [-1.0, 0.0, 1.0]]),
    np.array([1.0, 0.0, -1.0, 2.0]),
    np.array([[1.0, -2.0, 0.0, 3.0]]),
    np.array([0.5]),
)
