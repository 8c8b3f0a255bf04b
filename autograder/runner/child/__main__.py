"""Child entry point: run one submission's cells, then answer the parent's call plan.

    python -E -s <this directory> RESULT_FD  < plan.json        one submission, then exit
    python -E -s <this directory> --serve CONTROL_FD            a fork server (see server.py)

The plan (stdin, read in full before any student code runs):
    {"notebook": "submission.ipynb", "call_timeout": 10,
     "calls": [{"id": "c0", "kind": "call", "name": "nn_cost", "args": [...], "kwargs": {...}},
               {"id": "c1", "kind": "call", "name": "numerical_gradient", "args": [...], "writable": ["1"]},
               {"id": "c2", "kind": "value", "name": "q_fp_bp_order"}]}

The child writes JSON lines to RESULT_FD: {"cells": [...]}, then one {"id": ..., ...} per call, in
the plan's order, as soon as it is answered (so a crash keeps what came before), then {"done": true}.

Student code runs in this very process, so nothing here is out of its reach; the checks that
matter do not rely on this process's cooperation. Every argument is decoded before the first
cell runs, arrays as read-only views of immutable bytes, so that an in-place write fails in the
call itself, however numpy or this harness has been patched since. Only the arguments the parent
lists as `writable` are private copies; their state after the call is sent back for the parent
to compare with what it sent. The parent accepts one answer per call, in order (runner/channel.py).
"""

from __future__ import annotations

import json
import os
import signal
import sys

import cells
import nbformat
import numpy as np
import testfns
import wire


class CallTimeout(BaseException):
    """Raised in a student's function that runs past the per-call bound."""


def _on_alarm(signum, frame):
    raise CallTimeout()


_shared_generators: dict = {}


def _generator(obj: dict):
    """A fresh Generator per call, or one object shared by every call that names the same key."""
    if obj.get("key") is None:
        return np.random.default_rng(int(obj["seed"]))
    key = str(obj["key"])
    if key not in _shared_generators:
        _shared_generators[key] = np.random.default_rng(int(obj["seed"]))
    return _shared_generators[key]


SPECIAL_INPUTS = {
    "rng": _generator,
    "fn": lambda obj: testfns.build(obj["name"], {k: wire.decode(v) for k, v in obj["params"].items()}),
}


def layout(value):
    """What an in-place change can still alter once array contents are read-only: which objects a
    list holds (kept by reference, so a replaced item is never mistaken for a reused id), and an
    array's shape and dtype."""
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.dtype.str)
    if isinstance(value, (list, tuple)):
        return ("seq", list(value), [layout(item) for item in value])
    return None  # numbers, generators and functions: nothing to compare


def same_layout(value, before) -> bool:
    if before is None:
        return True
    if before[0] == "array":
        return value.shape == before[1] and value.dtype.str == before[2]
    _, items, inner = before
    return (
        len(value) == len(items)
        and all(a is b for a, b in zip(value, items))
        and all(map(same_layout, value, inner))
    )


def prepare(call: dict) -> dict:
    """Decode one call's arguments, before any cell runs (a cell cannot patch numpy or the decoder
    first). Arrays are read-only, except the arguments the parent names in `writable`."""
    prepared = {"call": call, "args": [], "kwargs": {}, "writable": set(call.get("writable", []))}
    if call["kind"] == "call":

        def decode(key: str, obj):
            return wire.decode(obj, special=SPECIAL_INPUTS, readonly=key not in prepared["writable"])

        prepared["args"] = [decode(str(i), a) for i, a in enumerate(call.get("args", []))]
        prepared["kwargs"] = {k: decode(k, v) for k, v in call.get("kwargs", {}).items()}
        prepared["layout"] = (
            [layout(a) for a in prepared["args"]],
            {k: layout(v) for k, v in prepared["kwargs"].items()},
        )
    return prepared


def describe(exc: BaseException) -> str:
    try:
        return f"{type(exc).__name__}: {exc}"[:600]
    except BaseException:
        return f"{type(exc).__name__} (its message could not be printed)"


# Cell statuses sent: even with 600-character errors of escaped non-ASCII text, 2,000 of them fit in
# one message (wire.MAX_LINE), so the harness itself never trips the parent's caps.
MAX_STATUSES = 2_000
_timed_out: set[str] = set()  # functions that already ran past the bound: not called again


def answer(prepared: dict, namespace: dict, timeout: float) -> dict:
    call = prepared["call"]
    record = {"id": call["id"]}
    name = call["name"]
    if name in _timed_out:
        record["error"] = (
            f"timeout: an earlier call of `{name}` ran past {timeout:g} s, so it was not called again"
        )
        return record
    if name not in namespace:
        record["missing"] = True
        return record
    target = namespace[name]
    if call["kind"] == "value":
        record["out"] = wire.encode(target)
        return record
    args, kwargs = prepared["args"], prepared["kwargs"]
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = target(*args, **kwargs)
        record["out"] = wire.encode(result)
    except CallTimeout:
        _timed_out.add(name)
        record["error"] = f"timeout: still running after {timeout:g} s"
    except BaseException as exc:
        record["error"] = describe(exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    before_args, before_kwargs = prepared["layout"]
    changed = [i for i, (a, b) in enumerate(zip(args, before_args)) if not same_layout(a, b)]
    changed += [k for k in kwargs if not same_layout(kwargs[k], before_kwargs[k])]
    if changed:
        record["mutated"] = changed
    writable = prepared["writable"]
    after = {str(i): wire.encode(a) for i, a in enumerate(args) if str(i) in writable}
    after.update({k: wire.encode(v) for k, v in kwargs.items() if k in writable})
    if after:
        record["after"] = after
    return record


def grade_one(result_fd: int) -> None:
    """Read the plan from stdin, run the notebook it names, send every answer to `result_fd`."""
    plan = json.loads(sys.stdin.read())
    sys.stdin.close()
    output = cells.output_pipe()  # what fd 1 is before any cell can move it
    channel = os.fdopen(result_fd, "w", buffering=1)

    def send(message: dict) -> None:
        channel.write(wire.dumps(message) + "\n")
        channel.flush()

    timeout = float(plan.get("call_timeout", 10))
    calls = [prepare(call) for call in plan["calls"]]
    notebook = nbformat.read(plan["notebook"], as_version=4)
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    cells.install_otter_stand_in()
    signal.signal(signal.SIGALRM, _on_alarm)
    namespace: dict = {"__name__": "__main__"}
    statuses = cells.run_cells(sources, namespace)
    cells.end_cells_output(output, wire.OUTPUT_MARKER)  # nothing a graded call prints reaches a report
    send({"cells": statuses[:MAX_STATUSES]})
    for prepared in calls:
        send(answer(prepared, namespace, timeout))
    send({"done": True})


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        import server

        server.serve(int(sys.argv[2]), grade_one)
    else:
        grade_one(int(sys.argv[1]))
