"""Answer key of the lecture questions, as data.

``ANSWERS[assignment][question_id]`` is the correct option's numeral as a string
(``"i"`` .. ``"iv"``) or, for the two numeric questions, a number.  The comment after each
entry names the deck the question comes from, by its title, and why the answer is right.
"""

ANSWERS = {
    "backprop": {
        # “Neural Networks: Learning” (Racharak): FP then BP for example 1, then FP then BP for
        # example 2.
        "q_fp_bp_order": "iv",
        # “Neural Networks: Learning” (Racharak): δ₁⁽³⁾ depends on δ⁽⁴⁾ and Θ⁽³⁾, not on the red
        # weights: can't tell.
        "q_delta_zero_weights": "iv",
        # “Neural Networks: Learning” (Racharak): (1.01³ − 0.99³) / 0.02 = 3.0001.
        "q_numgrad_cube": "ii",
        # “Neural Networks: Learning” (Racharak): one cost evaluation pair per parameter makes the
        # numerical gradient very slow.
        "q_why_backprop": "ii",
        # “Neural Networks: Learning” (Racharak): J(Θ) against iterations should be non-increasing.
        "q_monitor_cost": "iii",
        # “Neural Networks: Learning” (Racharak): d/dΘ of λ/(2m) ΣΘ² is (λ/m)Θ; the deck's λΘ is a
        # misprint.
        "q_reg_gradient_scale": "iii",
        # “BMB3015 Artificial Intelligence — Neural Networks” vs “Neural Networks: Learning”
        # (Racharak): different losses, different sign conventions.
        "q_output_delta_sign": "iii",
        # “Neural Networks” (Serra): symmetric units stay symmetric.
        "q_zero_init_symmetry": "ii",
        # “Neural Networks: Multi-layer perceptron”: a product of σ' factors, each ≤ 1/4.
        "q_vanishing_gradient": "iv",
        # “Neural Networks” (Serra): σ'(0) = 1/2 · 1/2.
        "q_sigmoid_grad_max": 0.25,
        # “Neural Networks” (Serra): (b) 1 - σ² is the tanh derivative.
        "q_tanh_derivative": "iii",
        # “Neural Networks” (Serra): a unit negative on every input has zero gradient forever.
        "q_dying_relu": "ii",
    },
    "perceptron": {
        # “BMB3015 Artificial Intelligence — Neural Networks”: "not XOR or XNOR" (not linearly
        # separable).
        "q_gates_not_representable": "iii",
        # “Neural Networks: Multi-layer perceptron”: XOR = AND(OR, NAND) needs two hidden units.
        "q_xor_hidden_units": 2,
        # “Multilayer Perceptron 1” (Kim, KAIST) vs the contract: step fires only for z > 0.
        "q_step_at_zero": "iv",
        # “BMB3015 Artificial Intelligence — Neural Networks”: the bias sets the threshold.
        "q_bias_shifts_threshold": "i",
        # “BMB3015 Artificial Intelligence — Neural Networks”: the perceptron convergence theorem
        # needs linear separability.
        "q_perceptron_convergence": "iv",
        # “Neural Networks” (Serra): stacked linear layers collapse to one.
        "q_nonlinear_activation": "i",
        # “Multilayer Perceptron 1” (Kim, KAIST): Hornik, Stinchcombe and White (1989), one hidden
        # layer suffices.
        "q_universal_approximation": "iii",
        # “BMB3015 Artificial Intelligence — Neural Networks”: networks of threshold units vs a
        # single unit.
        "q_mcp_network": "i",
    },
}
