"""Answer key of the lecture questions, as data.

``ANSWERS[assignment][question_id]`` is the correct option's numeral as a string
(``"i"`` .. ``"iv"``) or, for the two numeric questions, a number.  The comment after each
entry names the deck the question comes from and why the answer is right.
"""

ANSWERS = {
    "backprop": {
        # 001_2411a2f08f3c83ed.txt: FP then BP for example 1, then FP then BP for example 2.
        "q_fp_bp_order": "iv",
        # 001: δ1^(3) depends on δ^(4) and Θ^(3), not on the red weights: can't tell.
        "q_delta_zero_weights": "iv",
        # 001: ((1.01)^3 - (0.99)^3) / 0.02 = 3.0001.
        "q_numgrad_cube": "ii",
        # 001: one cost evaluation pair per parameter makes the numerical gradient very slow.
        "q_why_backprop": "ii",
        # 001: J(Θ) against iterations should be non-increasing.
        "q_monitor_cost": "iii",
        # 001: d/dΘ of λ/(2m) ΣΘ² is (λ/m)Θ; the deck's λΘ is a misprint.
        "q_reg_gradient_scale": "iii",
        # 000_86790086ad6a4e65.txt vs 001: different losses, different sign conventions.
        "q_output_delta_sign": "iii",
        # 004_16b96bb34a000152.txt: symmetric units stay symmetric.
        "q_zero_init_symmetry": "ii",
        # 002_7436c054a802622f.txt: a product of σ' factors, each ≤ 1/4.
        "q_vanishing_gradient": "iv",
        # 004: σ'(0) = 1/2 · 1/2.
        "q_sigmoid_grad_max": 0.25,
        # 004: (b) 1 - σ² is the tanh derivative.
        "q_tanh_derivative": "iii",
        # 004: a unit negative on every input has zero gradient forever.
        "q_dying_relu": "ii",
    },
    "perceptron": {
        # 000_86790086ad6a4e65.txt: "not XOR or XNOR" (not linearly separable).
        "q_gates_not_representable": "iii",
        # 002_7436c054a802622f.txt: XOR = AND(OR, NAND) needs two hidden units.
        "q_xor_hidden_units": 2,
        # 003_b5f3b8f24e02b994.txt vs contract: step fires only for z > 0.
        "q_step_at_zero": "iv",
        # 000: the bias sets the threshold.
        "q_bias_shifts_threshold": "i",
        # 000: the perceptron convergence theorem needs linear separability.
        "q_perceptron_convergence": "iv",
        # 004_16b96bb34a000152.txt: stacked linear layers collapse to one.
        "q_nonlinear_activation": "i",
        # 003: Hornik, Stinchcombe and White (1989), one hidden layer suffices.
        "q_universal_approximation": "iii",
        # 000: networks of threshold units vs a single unit.
        "q_mcp_network": "i",
    },
}
