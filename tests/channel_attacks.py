"""The notebooks of the hostile batch in tests/e2e/test_answer_channel.py.

Each is the backprop reference plus cells that attack the answer pipe (floods, oversized,
over-many and over-nested messages, forged answers), the argument check (patched comparisons,
in-place writes) or the hidden inputs (printing them during the graded calls); some are honest
and must keep full marks.
"""

from __future__ import annotations

from support import answers_source, new_notebook, reference_source

from autograder import assignments

# The backprop contract's functions (its graded function items): the leaky notebook wraps each.
CONTRACT = tuple(item.id for item in assignments.load("backprop").items if item.kind == "function")

# How a student finds the answer pipe: the harness got it as an inherited descriptor (argv of a
# fresh child, SCM_RIGHTS in a fork server); it is the one write-only pipe that is not stdout.
FIND_CHANNEL = """import os, stat, fcntl, sys, json
def answer_channel():
    stdout = os.fstat(1).st_ino
    for name in os.listdir("/proc/self/fd"):
        try:
            info = os.fstat(int(name))
        except OSError:
            continue
        if stat.S_ISFIFO(info.st_mode) and info.st_ino != stdout and fcntl.fcntl(int(name), fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
            return int(name)
    raise RuntimeError("no answer channel found")
"""

# The bug of tests/submissions/bugs.py `mutates_input`, on the reference: nn_gradients zeroes its
# argument's bias column in place (a correct gradient, but the caller's Θ lose their biases).
MUTATING_NN_GRADIENTS = """_honest_nn_gradients = nn_gradients
def nn_gradients(thetas, X, Y, lam=0.0):
    grads = _honest_nn_gradients([t.copy() for t in thetas], X, Y, lam)
    for theta in thetas:
        reg = theta
        reg[:, 0] = 0.0
    return grads
"""


def attack(*code: str):
    return new_notebook(reference_source("backprop"), answers_source("backprop"), *code)


def notebooks() -> dict:
    return {
        "honest_a": attack(),
        "honest_b": attack(),
        "flood_1_5gib": attack(
            FIND_CHANNEL
            + """
chunk = b"x" * (64 << 20)
try:
    for _ in range(24):  # 1.5 GiB and no newline
        os.write(answer_channel(), chunk)
except OSError as exc:
    print("flood stopped:", exc)
"""
        ),
        "line_60mb": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" + b"[]," * 20_000_000 + b"[]]\\n")
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        "many_values_15mb": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" + b"[]," * 5_000_000 + b"[]]\\n")  # under the line cap
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        "deep_json": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" * 30_000 + b"]" * 30_000 + b"\\n")
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        # Writes a correct answer for its own call ahead of the harness, then mutates as before.
        "forges_answer": attack(
            MUTATING_NN_GRADIENTS,
            FIND_CHANNEL
            + """
_mutating = nn_gradients
def nn_gradients(thetas, X, Y, lam=0.0):
    frame, call_id = sys._getframe(1), None
    while frame is not None and call_id is None:
        for value in list(frame.f_locals.values()):
            if isinstance(value, dict) and value.get("name") == "nn_gradients" and "id" in value:
                call_id = value["id"]
        frame = frame.f_back
    encode = sys.modules["wire"].encode
    good = _honest_nn_gradients([t.copy() for t in thetas], X, Y, lam)
    forged = {"id": call_id, "out": encode(good)}
    os.write(answer_channel(), (json.dumps(forged) + "\\n").encode())
    return _mutating(thetas, X, Y, lam)
""",
        ),
        # Replaces the harness's comparison functions, old and new, and numpy's.
        "replaces_check": attack(
            MUTATING_NN_GRADIENTS,
            """import sys
harness = sys.modules["__main__"]
for name in ("same_value", "same_layout"):
    setattr(harness, name, lambda *a, **k: True)
np.array_equal = lambda *a, **k: True
np.frombuffer = lambda buffer, dtype=float, *a, **k: np.array(bytearray(buffer)).view(dtype)
""",
        ),
        "mutates_argument": attack(MUTATING_NN_GRADIENTS),
        # Honest in-place style: perturb θ, evaluate, restore the saved value exactly. Also checks
        # what it is handed: thetas a list of read-only arrays, θ writable.
        "theta_in_place": attack("""def numerical_gradient(f, theta, epsilon=1e-4):
    assert theta.flags.writeable, "theta should be writable"
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + epsilon
        plus = f(theta)
        theta[i] = old - epsilon
        minus = f(theta)
        theta[i] = old
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad

_reference_nn_cost = nn_cost
def nn_cost(thetas, X, Y, lam=0.0):
    assert type(thetas) is list and not any(t.flags.writeable for t in thetas) and not X.flags.writeable
    return _reference_nn_cost(thetas, X, Y, lam)
"""),
        "theta_not_restored": attack("""def numerical_gradient(f, theta, epsilon=1e-4):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        theta[i] += epsilon
        plus = f(theta)
        theta[i] -= 2 * epsilon
        minus = f(theta)
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad
"""),
        "replaces_list_item": attack("""_reference_feedforward = feedforward
def feedforward(thetas, X):
    thetas[0] = thetas[0].copy()  # the caller's list now holds another array
    return _reference_feedforward(thetas, X)
"""),
        "prints_arguments": attack(
            """import functools, os, subprocess, sys
print("CELL OUTPUT IS SHOWN")
saved_stdout = os.dup(1)
def _show(a):
    if isinstance(a, np.ndarray):
        return repr(a.ravel().tolist())
    if isinstance(a, (list, tuple)):
        return "[" + ", ".join(_show(x) for x in a) + "]"
    return repr(a)
def _leaky(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        text = "LEAK " + " ".join(_show(a) for a in [*args, *kwargs.values()])
        print(text)
        sys.stdout.flush()
        sys.stderr.write(text + "\\n")
        os.write(1, (text + "\\n").encode())
        os.write(saved_stdout, ("SAVED" + text + "\\n").encode())
        subprocess.run(["echo", "SUBPROCESS" + text[:300]])
        return fn(*args, **kwargs)
    return wrapper
for _name in """
            + repr(CONTRACT)
            + """:
    globals()[_name] = _leaky(globals()[_name])
"""
        ),
    }
