"""Catalogued wrong implementations of the `backprop` gradient check and weight initialisers,
one per misconception: numerical_gradient, relative_difference, rand_initialize_weights and
xavier_initialize_weights (the network functions are in `variants_backprop`).

Self-contained on purpose: this file imports only numpy, so its whole source can be pasted into a
student notebook (the self-test does exactly that) before one contract name is rebound to a
variant. Helpers are `_vg_`-prefixed and variants `v_`-prefixed, so pasting clobbers nothing else
(not even the helpers of `variants_backprop`).

`VARIANTS` holds `(function, misconception id, implementation, via)`; none of these is a `via`
variant.
"""

import numpy as np

VARIANTS = []  # (function name, misconception id, implementation, via)


def variant(function, misconception, via=None):
    def register(implementation):
        VARIANTS.append((function, misconception, implementation, via))
        return implementation

    return register


# ---- private helpers ----


def _vg_numgrad(f, theta, step, lower, denominator, restore=True):
    """g_i = (f(θ + step·e_i) − f(θ + lower·e_i)) / denominator on a private copy of θ; without
    `restore`, coordinate i keeps its last perturbation while later coordinates are evaluated."""
    t = np.array(theta, dtype=float)
    grad = np.zeros(t.size)
    for i in range(t.size):
        keep = t.flat[i]
        t.flat[i] = keep + step
        upper = float(f(t.copy()))
        t.flat[i] = keep + lower
        grad[i] = (upper - float(f(t.copy()))) / denominator
        if restore:
            t.flat[i] = keep
    return grad


def _vg_rng(rng):
    """The generator to draw from: `rng`, or a fresh default_rng() when it is None."""
    return np.random.default_rng() if rng is None else rng


# ---- numerical_gradient ----


@variant("numerical_gradient", "one-sided-difference")
def v_numerical_gradient_one_sided(f, theta, epsilon=1e-4):
    """g_i = (f(θ + εe_i) − f(θ)) / ε: a forward difference."""
    return _vg_numgrad(f, theta, epsilon, 0.0, epsilon)


@variant("numerical_gradient", "divide-by-epsilon")
def v_numerical_gradient_divide_by_epsilon(f, theta, epsilon=1e-4):
    """g_i = (f(θ + εe_i) − f(θ − εe_i)) / ε: twice the derivative."""
    return _vg_numgrad(f, theta, epsilon, -epsilon, epsilon)


@variant("numerical_gradient", "perturbation-not-restored")
def v_numerical_gradient_not_restored(f, theta, epsilon=1e-4):
    """g_i = (f(θ' + εe_i) − f(θ' − εe_i)) / (2ε) where θ' still carries −ε on every coordinate < i."""
    return _vg_numgrad(f, theta, epsilon, -epsilon, 2.0 * epsilon, restore=False)


@variant("numerical_gradient", "ignores-epsilon")
def v_numerical_gradient_ignores_epsilon(f, theta, epsilon=1e-4):
    """g_i = (f(θ + 10⁻⁴e_i) − f(θ − 10⁻⁴e_i)) / (2·10⁻⁴) whatever epsilon is passed."""
    return _vg_numgrad(f, theta, 1e-4, -1e-4, 2e-4)


# ---- relative_difference ----


@variant("relative_difference", "relative-difference-no-denominator")
def v_relative_difference_no_denominator(a, b):
    """r = ‖a − b‖: the absolute difference, not divided by ‖a + b‖."""
    return float(np.linalg.norm(np.asarray(a, dtype=float).ravel() - np.asarray(b, dtype=float).ravel()))


# ---- rand_initialize_weights ----


@variant("rand_initialize_weights", "zero-init")
def v_rand_initialize_zero(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ = 0: every weight zero."""
    return np.zeros((l_out, l_in + 1))


@variant("rand_initialize_weights", "constant-init")
def v_rand_initialize_constant(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ_ji = ε for every j, i."""
    return np.full((l_out, l_in + 1), float(epsilon_init))


@variant("rand_initialize_weights", "init-range-not-symmetric")
def v_rand_initialize_not_symmetric(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ_ji ~ U[0, ε): rng.uniform(0, ε) instead of U[−ε, ε]."""
    return _vg_rng(rng).uniform(0.0, epsilon_init, size=(l_out, l_in + 1))


@variant("rand_initialize_weights", "init-shape-transposed")
def v_rand_initialize_transposed(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ of shape (l_in + 1, l_out) instead of (l_out, l_in + 1)."""
    return _vg_rng(rng).uniform(-epsilon_init, epsilon_init, size=(l_in + 1, l_out))


@variant("rand_initialize_weights", "ignores-rng")
def v_rand_initialize_ignores_rng(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ ~ U[−ε, ε] from a fresh np.random.default_rng(), whatever rng is passed."""
    return np.random.default_rng().uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))


@variant("rand_initialize_weights", "ignores-rng")
def v_rand_initialize_fixed_seed(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ ~ U[−ε, ε] from np.random.default_rng(42) on every call: reproducible, but never `rng`."""
    return np.random.default_rng(42).uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))


@variant("rand_initialize_weights", "ignores-epsilon-init")
def v_rand_initialize_ignores_epsilon(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ ~ U[−0.12, 0.12] whatever epsilon_init is passed."""
    return _vg_rng(rng).uniform(-0.12, 0.12, size=(l_out, l_in + 1))


@variant("rand_initialize_weights", "integer-weights")
def v_rand_initialize_integer(l_in, l_out, epsilon_init=0.12, rng=None):
    """Θ_ji ∈ {−1, 0, 1} as integers: rng.integers(−1, 2)."""
    return _vg_rng(rng).integers(-1, 2, size=(l_out, l_in + 1))


# ---- xavier_initialize_weights ----


@variant("xavier_initialize_weights", "xavier-fan-in-only")
def v_xavier_fan_in_only(l_in, l_out, rng=None):
    """Θ_ji ~ N(0, σ²) with σ = sqrt(2 / l_in) (He's fan-in rule), column 0 zero."""
    W = np.zeros((l_out, l_in + 1))
    W[:, 1:] = _vg_rng(rng).normal(0.0, np.sqrt(2.0 / l_in), size=(l_out, l_in))
    return W


@variant("xavier_initialize_weights", "xavier-variance-as-std")
def v_xavier_variance_as_std(l_in, l_out, rng=None):
    """Θ_ji ~ N(0, σ²) with σ = 2 / (l_in + l_out): the variance used as the standard deviation."""
    W = np.zeros((l_out, l_in + 1))
    W[:, 1:] = _vg_rng(rng).normal(0.0, 2.0 / (l_in + l_out), size=(l_out, l_in))
    return W


@variant("xavier_initialize_weights", "xavier-uniform")
def v_xavier_uniform(l_in, l_out, rng=None):
    """Θ_ji ~ U[−√3σ, √3σ] = U[−sqrt(6/(l_in + l_out)), +…] (Glorot uniform): right σ, not normal."""
    W = np.zeros((l_out, l_in + 1))
    limit = np.sqrt(6.0 / (l_in + l_out))
    W[:, 1:] = _vg_rng(rng).uniform(-limit, limit, size=(l_out, l_in))
    return W


@variant("xavier_initialize_weights", "ignores-rng")
def v_xavier_fixed_seed(l_in, l_out, rng=None):
    """Θ_ji ~ N(0, σ²), column 0 zero, from np.random.default_rng(0) on every call, never `rng`."""
    W = np.zeros((l_out, l_in + 1))
    W[:, 1:] = np.random.default_rng(0).normal(0.0, np.sqrt(2.0 / (l_in + l_out)), size=(l_out, l_in))
    return W


@variant("xavier_initialize_weights", "xavier-bias-not-zero")
def v_xavier_bias_not_zero(l_in, l_out, rng=None):
    """Θ_ji ~ N(0, σ²) on every column, the bias column 0 included."""
    return _vg_rng(rng).normal(0.0, np.sqrt(2.0 / (l_in + l_out)), size=(l_out, l_in + 1))
