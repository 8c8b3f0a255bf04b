"""Child entry point: run one submission's cells, then answer the parent's call plan.

    python -E -s <this directory> RESULT_FD  < plan.json        one submission, then exit
    python -E -s <this directory> --serve CONTROL_FD            a fork server (see server.py)

The plan (stdin, read in full before any student code runs):
    {"notebook": "submission.ipynb", "call_timeout": 10,
     "calls": [{"id": "c0", "kind": "call", "name": "nn_cost", "args": [...], "kwargs": {...}},
               {"id": "c1", "kind": "value", "name": "q_fp_bp_order"}]}

The child writes JSON lines to RESULT_FD: {"cells": [...]}, then one {"id": ..., ...} per call as
soon as it is answered (so a crash keeps what came before), then {"done": true}.
"""
from __future__ import annotations

import copy
import json
import os
import signal
import sys

import nbformat
import numpy as np

import cells
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
    "fn": lambda obj: testfns.build(
        obj["name"], {k: wire.decode(v) for k, v in obj["params"].items()}
    ),
}


def same_value(a, b) -> bool:
    """Whether an argument still equals its snapshot (arrays by content, containers recursively)."""
    if isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype and bool(
            np.array_equal(a, b, equal_nan=b.dtype.kind == "f")
        )
    if isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))
    return True  # scalars, generators and functions cannot be changed in place in a way we grade


def describe(exc: BaseException) -> str:
    try:
        return f"{type(exc).__name__}: {exc}"[:600]
    except BaseException:
        return f"{type(exc).__name__} (its message could not be printed)"


_timed_out: set[str] = set()  # functions that already ran past the bound: not called again


def answer(call: dict, namespace: dict, timeout: float) -> dict:
    record = {"id": call["id"]}
    name = call["name"]
    if name in _timed_out:
        record["error"] = f"timeout: an earlier call of `{name}` ran past {timeout:g} s, so it was not called again"
        return record
    if name not in namespace:
        record["missing"] = True
        return record
    target = namespace[name]
    if call["kind"] == "value":
        record["out"] = wire.encode(target)
        return record
    args = [wire.decode(a, special=SPECIAL_INPUTS) for a in call.get("args", [])]
    kwargs = {k: wire.decode(v, special=SPECIAL_INPUTS) for k, v in call.get("kwargs", {}).items()}
    snapshot = copy.deepcopy((args, kwargs))
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
    changed = [i for i, (a, s) in enumerate(zip(args, snapshot[0])) if not same_value(a, s)]
    changed += [k for k in kwargs if not same_value(kwargs[k], snapshot[1][k])]
    if changed:
        record["mutated"] = changed
    return record


def grade_one(result_fd: int) -> None:
    """Read the plan from stdin, run the notebook it names, send every answer to `result_fd`."""
    plan = json.loads(sys.stdin.read())
    sys.stdin.close()
    channel = os.fdopen(result_fd, "w", buffering=1)

    def send(message: dict) -> None:
        channel.write(wire.dumps(message) + "\n")
        channel.flush()

    notebook = nbformat.read(plan["notebook"], as_version=4)
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    cells.install_otter_stand_in()
    signal.signal(signal.SIGALRM, _on_alarm)
    namespace: dict = {"__name__": "__main__"}
    send({"cells": cells.run_cells(sources, namespace)})
    for call in plan["calls"]:
        send(answer(call, namespace, float(plan.get("call_timeout", 10))))
    send({"done": True})


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        import server
        server.serve(int(sys.argv[2]), grade_one)
    else:
        grade_one(int(sys.argv[1]))
