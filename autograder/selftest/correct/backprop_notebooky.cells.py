"""Backprop submission, `notebooky` style: a typical student notebook, one string per code cell.

It holds IPython syntax the grader must tolerate (line and cell magics, shell escapes, display(),
a matplotlib plot, prints), a left-over exploration cell that raises, and helpers defined in a
different cell from the functions that use them. The shell escapes must NOT run when graded:
the test checks that `pip_ran_marker` never appears.
"""

CELLS = [
    # 0: the usual preamble
    """%matplotlib inline
%load_ext autoreload
%autoreload 2
import numpy as np
import matplotlib.pyplot as plt
np.set_printoptions(precision=4, suppress=True)
ANSWER_FORMAT = "parenthesized"
""",
    # 1: shell escapes: never to be executed by the grader
    """!pip install numpy
!touch pip_ran_marker
""",
    # 2: helpers, used further down
    """def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def add_ones(A):
    \"\"\"Prepend the bias column of ones.\"\"\"
    return np.c_[np.ones(A.shape[0]), A]
""",
    # 3: a timed cell that defines functions
    """%%time
def sigmoid_gradient(z):
    g = sigmoid(z)
    return g * (1 - g)


def one_hot(y, num_labels):
    return np.eye(num_labels)[np.asarray(y, dtype=int)]
""",
    # 4: look at things
    """display(one_hot([0, 2, 1], 3))
print("g'(0) =", sigmoid_gradient(0))
sigmoid_gradient(np.array([-1.0, 0.0, 1.0]))
""",
    # 5: a plot
    """zz = np.linspace(-8, 8, 200)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(zz, sigmoid(zz), label="g(z)")
ax.plot(zz, sigmoid_gradient(zz), label="g'(z)")
ax.legend()
plt.show()
""",
    # 6: feedforward uses add_ones from cell 2
    """def feedforward(thetas, X):
    acts = [X]
    for Theta in thetas:
        acts.append(sigmoid(add_ones(acts[-1]) @ Theta.T))
    return acts
""",
    # 7: an exploration cell with a typo, left in (raises NameError)
    """Theta_try = [np.random.randn(4, 3), np.random.randn(2, 5)]
out = feedfoward(Theta_try, np.random.randn(6, 2))
out[-1].shape
""",
    # 8
    """def nn_cost(thetas, X, Y, lam=0.0):
    m = X.shape[0]
    h = feedforward(thetas, X)[-1]
    J = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
    J += lam / (2 * m) * sum(np.sum(T[:, 1:] ** 2) for T in thetas)
    return J
""",
    # 9
    """def backprop_deltas(thetas, X, Y):
    acts = feedforward(thetas, X)
    deltas = [acts[-1] - Y]
    for l in reversed(range(1, len(thetas))):
        a = acts[l]
        deltas.insert(0, (deltas[0] @ thetas[l][:, 1:]) * a * (1 - a))   # g'(z) = a .* (1 - a)
    return deltas
""",
    # 10
    """def nn_gradients(thetas, X, Y, lam=0.0):
    m = X.shape[0]
    acts = feedforward(thetas, X)
    deltas = backprop_deltas(thetas, X, Y)
    grads = []
    for Theta, a, d in zip(thetas, acts, deltas):
        reg = (lam / m) * Theta
        reg[:, 0] = 0          # reg is a new array: the caller's Theta is untouched
        grads.append(d.T @ add_ones(a) / m + reg)
    return grads
""",
    # 11: numerical gradient: perturb a private copy in place, restore it after each coordinate
    """def numerical_gradient(f, theta, epsilon=1e-4):
    t = np.array(theta, dtype=float)           # a copy
    g = np.zeros_like(t)
    for i in range(t.size):
        old = t[i]
        t[i] = old + epsilon
        f_plus = f(t)
        t[i] = old - epsilon
        f_minus = f(t)
        t[i] = old
        g[i] = (f_plus - f_minus) / (2 * epsilon)
    return g


def relative_difference(a, b):
    return np.linalg.norm(np.ravel(a) - np.ravel(b)) / np.linalg.norm(np.ravel(a) + np.ravel(b))
""",
    # 12: quick gradient check with prints
    """rng = np.random.default_rng(1)
th = [rng.normal(size=(4, 3)), rng.normal(size=(2, 5))]
Xc, Yc = rng.normal(size=(5, 2)), one_hot([0, 1, 1, 0, 1], 2)
shapes = [t.shape for t in th]
unroll = lambda ts: np.concatenate([t.ravel() for t in ts])
def roll(v):
    out, k = [], 0
    for s in shapes:
        out.append(v[k:k + s[0] * s[1]].reshape(s))
        k += s[0] * s[1]
    return out
num = numerical_gradient(lambda v: nn_cost(roll(v), Xc, Yc, 0.5), unroll(th))
ana = unroll(nn_gradients(th, Xc, Yc, 0.5))
print("relative difference", relative_difference(num, ana))
""",
    # 13
    """def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    return rng.random((l_out, l_in + 1)) * 2 * epsilon_init - epsilon_init


def xavier_initialize_weights(l_in, l_out, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    W = rng.normal(0.0, np.sqrt(2 / (l_in + l_out)), size=(l_out, l_in))
    return np.hstack([np.zeros((l_out, 1)), W])
""",
    # 14
    """W = rand_initialize_weights(3, 4, rng=np.random.default_rng(0))
display(W.shape, W.min(), W.max())
%timeit rand_initialize_weights(64, 25)
""",
    # 15: did the shell escape run? (the grader should not have run it)
    """import os
PIP_RAN = os.path.exists("pip_ran_marker")
print("pip ran:", PIP_RAN)
""",
]
