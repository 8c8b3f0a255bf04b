"""Perceptron submission, `notebooky` style: a typical student notebook, one string per code cell.

IPython syntax the grader must tolerate (magics, shell escapes that must NOT run, display(), a
matplotlib plot, prints), an exploration cell that raises, helpers defined in other cells.
"""

CELLS = [
    """%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
from IPython.display import display
ANSWER_FORMAT = "parenthesized"
""",
    """!pip install numpy
!touch pip_ran_marker
""",
    """def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def weighted_sum(w, b, X):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b
""",
    """%%time
def step(z):
    return (np.asarray(z) > 0).astype(float)


def perceptron_predict(w, b, X):
    return step(weighted_sum(w, b, X))   # weighted_sum lives in the cell above
""",
    """X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
display(step(np.array([-1, 0, 2])))
step(0)
""",
    """# integer weights are fine too
AND_PARAMS = (np.array([20, 20]), -30)
OR_PARAMS = (np.array([20, 20]), -10)
NAND_PARAMS = (np.array([-20, -20]), 30)
NOR_PARAMS = (np.array([-20, -20]), 10)
for name, (w, b) in [("AND", AND_PARAMS), ("OR", OR_PARAMS), ("NAND", NAND_PARAMS), ("NOR", NOR_PARAMS)]:
    print(name, perceptron_predict(w, b, X4))
""",
    """# trying things out (typo left in: raises NameError)
perceptron_predcit(AND_PARAMS[0], AND_PARAMS[1], X4)
""",
    """def perceptron_train(X, y, lr=0.1, epochs=100, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = b0
    for epoch in range(epochs):
        for xi, yi in zip(X, y):
            delta = yi - perceptron_predict(w, b, xi[None, :])[0]
            w += lr * delta * xi
            b += lr * delta
    return w, float(b)
""",
    """w_and, b_and = perceptron_train(X4, np.array([0, 0, 0, 1]), lr=0.1, epochs=20)
print("learned AND:", w_and, b_and, perceptron_predict(w_and, b_and, X4))
fig, ax = plt.subplots()
ax.scatter(X4[:, 0], X4[:, 1], c=[0, 0, 0, 1], cmap="coolwarm", s=80)
xs = np.linspace(-0.5, 1.5, 10)
ax.plot(xs, -(w_and[0] * xs + b_and) / w_and[1], "k--")
ax.set_title("learned AND boundary")
plt.show()
""",
    """def xnor_network():
    # hidden unit 1 = NOR, hidden unit 2 = AND (the reverse of the lecture's order); output = OR
    Theta1 = np.array([[10.0, -20.0, -20.0],
                       [-30.0, 20.0, 20.0]])
    Theta2 = np.array([[-10.0, 20.0, 20.0]])
    return Theta1, Theta2
""",
    """T1, T2 = xnor_network()
hidden = sigmoid(np.c_[np.ones(4), X4] @ T1.T)
print(np.round(sigmoid(np.c_[np.ones(4), hidden] @ T2.T).ravel(), 4))
""",
    """def linear_collapse(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1 + b2


def add_mul_graph(x, y, z):
    q = x + y
    f = q * z
    return float(f), float(z), float(z), float(q)
""",
    """def sigmoid_neuron_graph(w, x):
    # forward, one gate at a time
    p0, p1 = w[0] * x[0], w[1] * x[1]
    s = p0 + p1 + w[2]
    f = sigmoid(s)
    # backward
    ds = (1 - f) * f
    df_dw = np.array([x[0] * ds, x[1] * ds, ds], dtype=float)
    df_dx = np.array([w[0] * ds, w[1] * ds], dtype=float)
    return float(f), df_dw, df_dx
""",
    """%time print(sigmoid_neuron_graph(np.array([2.0, -3.0, -3.0]), np.array([-1.0, -2.0])))
""",
    """import os
PIP_RAN = os.path.exists("pip_ran_marker")
print("pip ran:", PIP_RAN)
""",
]
