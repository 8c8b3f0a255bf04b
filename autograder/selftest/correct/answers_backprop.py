"""Graded variables of the backprop notebook: lecture questions and worked examples.

Runs in the submission's namespace, after its functions are defined: the worked examples are
computed with the submission's own `sigmoid`, `sigmoid_gradient`, `feedforward` and
`backprop_deltas`. ANSWER_FORMAT (set by the submission) picks how the option numerals are
written, so the styles exercise different accepted spellings.
"""

import numpy as np

_ANSWER_TEMPLATES = {"plain": "{}", "padded_upper": " {} ", "parenthesized": "({})"}
_answer_format = globals().get("ANSWER_FORMAT", "plain")


def _option(numeral):
    text = numeral.upper() if _answer_format == "padded_upper" else numeral
    return _ANSWER_TEMPLATES[_answer_format].format(text)


# Lecture questions (the deck “Neural Networks: Learning” (Racharak) unless noted).
q_fp_bp_order = _option("iv")
q_delta_zero_weights = _option("iv")
q_numgrad_cube = _option("ii")
q_why_backprop = _option("ii")
q_monitor_cost = _option("iii")
q_reg_gradient_scale = _option("iii")
q_output_delta_sign = _option("iii")  # deck “BMB3015 Artificial Intelligence — Neural Networks”
q_zero_init_symmetry = _option("ii")  # deck “Neural Networks” (Serra)
q_vanishing_gradient = _option("iv")  # deck “Neural Networks: Multi-layer perceptron”
q_tanh_derivative = _option("iii")  # deck “Neural Networks” (Serra)
q_dying_relu = _option("ii")  # deck “Neural Networks” (Serra)
# The largest value of s(1 - s) over s in (0, 1) is at s = 1/2, i.e. z = 0: written three ways.
if _answer_format == "plain":
    q_sigmoid_grad_max = 0.25
elif _answer_format == "padded_upper":
    q_sigmoid_grad_max = 1 / 4
else:
    q_sigmoid_grad_max = sigmoid_gradient(0.0)  # a NumPy float

# Worked example, the deck “Multilayer Perceptron 1” (Kim, KAIST): no bias units, Theta1 stored
# inputs x outputs (so z = x @ Theta1).
_x_d3 = np.array([1.0, -0.5])
_y_d3 = 1.0
_Theta1_d3 = np.array([[1.2, 2.1, -1.5], [-0.3, -0.7, 0.3]])
_Theta2_d3 = np.array([-0.2, 0.5, 1.3])
_h1_d3 = sigmoid(_x_d3 @ _Theta1_d3)
_s2_d3 = float(_Theta2_d3 @ _h1_d3)
_yhat_d3 = float(sigmoid(_s2_d3))
ex_deck003_forward = (_h1_d3, _yhat_d3)
# E = (y - yhat)^2 / 2  =>  dE/dTheta2 = (yhat - y) * sigma'(s2) * h1
ex_deck003_grad_theta2 = (_yhat_d3 - _y_d3) * float(sigmoid_gradient(_s2_d3)) * _h1_d3
ex_deck003_theta2_updated = _Theta2_d3 - 1.0 * ex_deck003_grad_theta2

# Worked example, the deck “BMB3015 Artificial Intelligence — Neural Networks”, "Example I", with
# Ng's XNOR weights in the contract's conventions.
_thetas_xnor = [np.array([[-30.0, 20.0, 20.0], [10.0, -20.0, -20.0]]), np.array([[-10.0, 20.0, 20.0]])]
_X_xnor = np.array([[1.0, 1.0]])
_Y_xnor = np.array([[1.0]])
ex_xnor_backprop = (
    float(feedforward(_thetas_xnor, _X_xnor)[-1][0, 0]),
    float(backprop_deltas(_thetas_xnor, _X_xnor, _Y_xnor)[0][0, 0]),
)
